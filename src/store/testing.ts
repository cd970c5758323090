/**
 * For the store's tests, which run in Node (no DOM): a localStorage with a quota, an
 * IndexedDB stand-in that is a Map, and a "reload": the store's modules evaluated afresh
 * over the same storage, as a new page would.
 */
import { vi } from 'vitest';
import type { BigStore } from './bigStore';

/** localStorage as browsers behave: a quota counted in characters, QuotaExceededError past it. */
export class MemoryStorage implements Storage {
  readonly data = new Map<string, string>();
  constructor(public quota = 5_000_000) {}
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  key(i: number) {
    return [...this.data.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    const used = [...this.data].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.data.set(key, String(value));
  }
}

/** IndexedDB as a Map; `failWith` makes every write fail as IndexedDB would. */
export class MapBigStore implements BigStore {
  readonly data = new Map<string, string>();
  failWith?: 'quota' | 'unavailable';
  /** Reads wait for this (a slow disk), so a test can look at the page before they end. */
  gate: Promise<void> = Promise.resolve();
  async get(key: string) {
    await this.gate;
    return this.data.get(key);
  }
  async put(key: string, value: string) {
    await Promise.resolve();
    if (this.failWith) {
      const { BigStoreError } = await import('./bigStore');
      throw new BigStoreError(this.failWith);
    }
    this.data.set(key, value);
  }
  async delete(key: string) {
    await Promise.resolve();
    this.data.delete(key);
  }
}

/** A new page over the given storage: the store's modules are evaluated again. */
export async function reload(storage: Storage, big: BigStore | null = null) {
  vi.resetModules();
  vi.stubGlobal('localStorage', storage);
  (await import('./bigStore')).setBigStore(big);
  const store = await import('./store');
  const slots = await import('./slots');
  const text = await import('./text');
  const lessons = await import('../lessons/load');
  return { useStore: store.useStore, state: () => store.useStore.getState(), settled: slots.slotsSettled, loaded: text.whenTextLoaded, lessons: lessons.loadLessons };
}
