import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setBigStore } from './bigStore';
import { setReadOnly } from './persist';
import { INLINE_MAX, readBigSlot, readSlot, slotsSettled, writeSlot, type SlotStatus } from './slots';
import { MapBigStore, MemoryStorage } from './testing';

let storage: MemoryStorage;
let big: MapBigStore;

beforeEach(() => {
  storage = new MemoryStorage(3_000_000);
  big = new MapBigStore();
  vi.stubGlobal('localStorage', storage);
  setBigStore(big);
});

afterEach(() => {
  vi.unstubAllGlobals();
  setBigStore(undefined);
});

const large = 'x'.repeat(INLINE_MAX + 1);

describe('slots', () => {
  it('keep a small text in localStorage', () => {
    expect(writeSlot('yaml', 'a: 1')).toEqual({ state: 'saved' });
    expect(readSlot('yaml')).toEqual({ text: 'a: 1' });
    expect(big.data.size).toBe(0);
  });

  it('keep a large text in IndexedDB, the old one in localStorage until it is written in full', async () => {
    writeSlot('yaml', 'a: 1');
    const reports: SlotStatus[] = [];
    expect(writeSlot('yaml', large, { onStatus: (s) => reports.push(s) })).toEqual({ state: 'saving' });
    // A page closed now would come back with the old text.
    expect(readSlot('yaml')).toEqual({ text: 'a: 1' });
    await slotsSettled();
    expect(reports).toEqual([{ state: 'saved' }]);
    expect(readSlot('yaml')).toEqual({ text: null, bigLength: large.length });
    expect(storage.getItem('podpath.yaml')).toBeNull();
    expect(await readBigSlot('yaml')).toBe(large);
  });

  it('go to IndexedDB when localStorage is full, even for a text under the limit', async () => {
    storage.setItem('podpath.other', 'y'.repeat(2_900_000));
    expect(writeSlot('yaml', 'z'.repeat(200_000))).toEqual({ state: 'saving' });
    await slotsSettled();
    expect(readSlot('yaml').bigLength).toBe(200_000);
  });

  it('let a newer small text win over a large one still being written, and leave nothing behind', async () => {
    const reports: SlotStatus[] = [];
    writeSlot('yaml', large, { onStatus: (s) => reports.push(s) });
    expect(writeSlot('yaml', 'b: 2')).toEqual({ state: 'saved' });
    await slotsSettled();
    expect(reports).toEqual([]);
    expect(readSlot('yaml')).toEqual({ text: 'b: 2' });
    expect(big.data.has('yaml')).toBe(false);
  });

  it('write only the latest of several large texts queued behind one another', async () => {
    const puts: string[] = [];
    const put = big.put.bind(big);
    big.put = (k, v) => (puts.push(v.slice(-1)), put(k, v));
    writeSlot('yaml', `${large}1`);
    writeSlot('yaml', `${large}2`);
    writeSlot('yaml', `${large}3`);
    await slotsSettled();
    expect(puts).toEqual(['1', '3']);
    expect(await readBigSlot('yaml')).toBe(`${large}3`);
  });

  it('say why when nothing can hold the text', async () => {
    setBigStore(null);
    expect(writeSlot('yaml', large)).toEqual({ state: 'failed', problem: 'tooLarge' });
    storage.setItem('podpath.other', 'y'.repeat(2_900_000));
    expect(writeSlot('yaml', 'z'.repeat(200_000))).toEqual({ state: 'failed', problem: 'quota' });
    setBigStore(big);
    big.failWith = 'quota';
    const reports: SlotStatus[] = [];
    writeSlot('yaml', large, { onStatus: (s) => reports.push(s) });
    await slotsSettled();
    expect(reports).toEqual([{ state: 'failed', problem: 'quota' }]);
    vi.stubGlobal('localStorage', undefined);
    setBigStore(null);
    expect(writeSlot('yaml', 'a: 1')).toEqual({ state: 'failed', problem: 'unavailable' });
  });

  it('write nothing in embed mode', () => {
    setReadOnly();
    expect(writeSlot('yaml', 'a: 1')).toEqual({ state: 'failed', problem: 'readOnly' });
    expect(storage.length).toBe(0);
  });
});
