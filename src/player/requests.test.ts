import { describe, expect, it } from 'vitest';
import { addEntry, MAX_REQUESTS, removeEntry, restoreList, withActive, type RequestList } from './requests';

const a = { from: 'external' as const, to: 'http://192.168.255.102:31101/' };
const b = { from: 'external' as const, to: 'http://192.168.255.103:31101/' };
const one: RequestList = { entries: [{ id: 1, color: 0, request: a }], active: 0 };

describe('the list of requests', () => {
  it('adds with the first free color and makes the new one active', () => {
    const two = addEntry(one, b);
    expect(two).toEqual({ entries: [{ id: 1, color: 0, request: a }, { id: 2, color: 1, request: b }], active: 1 });
    const three = addEntry(removeEntry(addEntry(two, a), 1), b);
    // Color 1 was freed by the removal: the next request takes it back; ids never repeat.
    expect(three.entries.map((e) => [e.id, e.color])).toEqual([[1, 0], [3, 2], [4, 1]]);
  });
  it('keeps at most nine, one for each number key, and never none', () => {
    let list = one;
    for (let i = 0; i < 12; i++) list = addEntry(list, b);
    expect(list.entries).toHaveLength(MAX_REQUESTS);
    expect(removeEntry(one, 0)).toBe(one);
  });
  it('moves the active index with a removal before it', () => {
    const three = addEntry(addEntry(one, b), a);
    expect(removeEntry(three, 0).active).toBe(1);
    expect(removeEntry({ ...three, active: 2 }, 2).active).toBe(1);
    expect(removeEntry({ ...three, active: 0 }, 1).active).toBe(0);
  });
  it('writes the current request into the active entry', () => {
    expect(withActive(addEntry(one, a), b).entries.map((e) => e.request)).toEqual([a, b]);
  });
  it('restores a saved list, and starts afresh from anything malformed', () => {
    const saved = JSON.stringify(addEntry(one, b));
    expect(restoreList(saved, b).entries.map((e) => e.request)).toEqual([a, b]);
    for (const bad of [null, '{', '{"entries":[]}', JSON.stringify({ entries: [{ id: 1, color: 99, request: a }], active: 0 }), JSON.stringify({ entries: [{ id: 1, color: 0, request: { from: 'nowhere', to: 'x' } }] })]) {
      expect(restoreList(bad, b)).toEqual({ entries: [{ id: 1, color: 0, request: b }], active: 0 });
    }
  });
});
