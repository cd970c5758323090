import { afterEach, describe, expect, it, vi } from 'vitest';
import { addEntry, countLines, fingerprintOf, HISTORY_MAX, HISTORY_MAX_CHARS, loadIndex, type HistoryEntry } from './history';
import { MemoryStorage } from './testing';

const request = { from: 'external' as const, to: 'http://192.168.255.102:31101/' };
let n = 0;
const entry = (text: string, size = text.length): HistoryEntry => ({
  id: `e${++n}`,
  at: n,
  why: { kind: 'link' },
  size,
  lines: countLines(text),
  fingerprint: fingerprintOf(text, request),
  request,
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the history list', () => {
  it('puts the newest first, and keeps a document once: a second copy moves it to the front under its new reason', () => {
    const a = entry('a: 1');
    const b = entry('b: 1');
    let list = addEntry(addEntry([], a).list, b).list;
    expect(list.map((e) => e.id)).toEqual([b.id, a.id]);
    const again = { ...entry('a: 1'), why: { kind: 'file' as const, name: 'a.yaml' } };
    const result = addEntry(list, again);
    list = result.list;
    // The old id is kept, so its stored text serves.
    expect(result.id).toBe(a.id);
    expect(list.map((e) => [e.id, e.why.kind])).toEqual([[a.id, 'file'], [b.id, 'link']]);
    expect(result.dropped).toEqual([]);
  });

  it('tells documents apart by their request too', () => {
    expect(fingerprintOf('a: 1', request)).not.toBe(fingerprintOf('a: 1', { ...request, to: 'http://192.168.255.103:31101/' }));
    expect(fingerprintOf('a: 1', request)).not.toBe(fingerprintOf('a: 2', request));
    expect(fingerprintOf('a: 1', request)).toBe(fingerprintOf('a: 1', { ...request }));
  });

  it(`keeps the last ${HISTORY_MAX}, and drops the oldest past that`, () => {
    let list: HistoryEntry[] = [];
    const dropped: string[] = [];
    const all = Array.from({ length: HISTORY_MAX + 3 }, (_, i) => entry(`doc: ${i}`));
    for (const e of all) {
      const r = addEntry(list, e);
      list = r.list;
      dropped.push(...r.dropped);
    }
    expect(list).toHaveLength(HISTORY_MAX);
    expect(list[0].id).toBe(all.at(-1)!.id);
    expect(dropped).toEqual(all.slice(0, 3).map((e) => e.id));
  });

  it('counts big documents by their size, and always keeps the newest', () => {
    const small = entry('small: 1');
    const big = entry('big', HISTORY_MAX_CHARS * 0.6);
    const bigger = entry('bigger', HISTORY_MAX_CHARS * 0.6);
    let r = addEntry(addEntry([], small).list, big);
    expect(r.list.map((e) => e.id)).toEqual([big.id, small.id]);
    r = addEntry(r.list, bigger);
    // Two big ones do not fit together: the older goes, the small one still fits.
    expect(r.list.map((e) => e.id)).toEqual([bigger.id, small.id]);
    expect(r.dropped).toEqual([big.id]);
    const huge = entry('huge', HISTORY_MAX_CHARS * 2);
    expect(addEntry(r.list, huge).list.map((e) => e.id)).toEqual([huge.id]);
  });

  it('counts lines as an editor does', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb'), countLines('a\nb\n')]).toEqual([1, 1, 1, 2, 2]);
  });

  it('reads a corrupt saved index as empty, and drops entries that are not entries', () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    storage.setItem('podpath.history', '{not json');
    expect(loadIndex()).toEqual([]);
    const good = entry('a: 1');
    storage.setItem('podpath.history', JSON.stringify([good, { id: 3 }, null, { ...good, why: { kind: 'nonsense' } }]));
    expect(loadIndex()).toEqual([good]);
  });
});
