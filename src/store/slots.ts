/**
 * Named texts (the YAML, the last text that built, the documents kept in the history) stored
 * where they fit: localStorage when they are small, since it is read synchronously and the
 * app starts from it at once; IndexedDB (bigStore.ts) when localStorage is too small for them.
 * A text in IndexedDB leaves a marker in localStorage (`<name>@big`, its length), so that
 * start-up knows, without waiting, that it is there and how large it is.
 *
 * The old text stays where it was until the new one is written in full: a page closed during
 * a long write comes back with the previous text, never with none.
 */
import { bigStore, BigStoreError } from './bigStore';
import { isReadOnly, load, remove, save } from './persist';

/** localStorage holds about five million characters for everything: above this a text goes to IndexedDB. */
export const INLINE_MAX = 1_000_000;

/** Why a text could not be kept: no room, too large for any store there is, no storage, embed mode. */
export type SaveProblem = 'quota' | 'tooLarge' | 'unavailable' | 'readOnly';

export type SlotStatus = { state: 'saved' } | { state: 'saving' } | { state: 'failed'; problem: SaveProblem };

const SAVED: SlotStatus = { state: 'saved' };
const SAVING: SlotStatus = { state: 'saving' };
const failed = (problem: SaveProblem): SlotStatus => ({ state: 'failed', problem });

const marker = (name: string) => `${name}@big`;

/** The text in localStorage, or, when it lives in IndexedDB, its length (read it with readBigSlot). */
export function readSlot(name: string): { text: string | null; bigLength?: number } {
  const big = load(marker(name));
  if (big !== null) return { text: null, bigLength: Number(big) || 0 };
  return { text: load(name) };
}

/** Names being read from IndexedDB: a newer small text does not delete what is being read (see fillIn). */
const reading = new Set<string>();

export async function readBigSlot(name: string): Promise<string | undefined> {
  const store = bigStore();
  if (!store) return undefined;
  reading.add(name);
  try {
    return await store.get(name);
  } catch {
    return undefined;
  } finally {
    reading.delete(name);
    // Replaced by a small text while being read: now it can go.
    if (load(marker(name)) === null && !running.has(name)) void store.delete(name).catch(() => undefined);
  }
}

/** Writes waiting for IndexedDB, one per name: only the latest text of each is ever written. */
const queued = new Map<string, { text: string; gen: number; onStatus?: (s: SlotStatus) => void }>();
const running = new Set<string>();
/** Each write's number: a write that finishes after a newer one began reports nothing. */
const gens = new Map<string, number>();

/** Every write still under way (tests and start-up fill-in wait on it). */
let idle: Promise<void> = Promise.resolve();
export const slotsSettled = (): Promise<void> => idle;

/**
 * Stores a text. The status returned is final unless it is `saving`: then `onStatus` is
 * called once the IndexedDB write ends (and only if no newer write of the name began).
 */
export function writeSlot(name: string, text: string, opts: { inlineMax?: number; onStatus?: (s: SlotStatus) => void } = {}): SlotStatus {
  if (isReadOnly()) return failed('readOnly');
  const gen = (gens.get(name) ?? 0) + 1;
  gens.set(name, gen);
  let problem: SaveProblem = 'tooLarge';
  if (text.length <= (opts.inlineMax ?? INLINE_MAX)) {
    const result = save(name, text);
    if (result === 'ok') {
      dropBig(name);
      return SAVED;
    }
    problem = result === 'quota' ? 'quota' : 'unavailable';
  }
  if (!bigStore()) return failed(problem);
  queued.set(name, { text, gen, onStatus: opts.onStatus });
  if (!running.has(name)) {
    running.add(name);
    idle = Promise.all([idle, drain(name)]).then(() => undefined);
  }
  return SAVING;
}

/** Forgets a text wherever it is. */
export function clearSlot(name: string): void {
  if (isReadOnly()) return;
  gens.set(name, (gens.get(name) ?? 0) + 1);
  queued.delete(name);
  remove(name);
  dropBig(name);
}

function dropBig(name: string): void {
  if (load(marker(name)) === null) return;
  remove(marker(name));
  if (!reading.has(name)) void bigStore()?.delete(name).catch(() => undefined);
}

async function drain(name: string): Promise<void> {
  const store = bigStore()!;
  for (let job = queued.get(name); job; job = queued.get(name)) {
    queued.delete(name);
    let status: SlotStatus;
    try {
      await store.put(name, job.text);
      status = gens.get(name) === job.gen ? point(name, job.text.length) : SAVED;
    } catch (e) {
      status = failed(e instanceof BigStoreError && e.problem === 'quota' ? 'quota' : 'unavailable');
    }
    if (gens.get(name) === job.gen) job.onStatus?.(status);
    else if (load(marker(name)) === null && !queued.has(name) && !reading.has(name)) {
      // A small text took its place meanwhile: what was just written is nobody's.
      await store.delete(name).catch(() => undefined);
    }
  }
  running.delete(name);
}

/** Points the name at IndexedDB, then frees its old localStorage copy. */
function point(name: string, length: number): SlotStatus {
  if (save(marker(name), String(length)) !== 'ok') {
    // localStorage is full even for the marker: the old copy goes first.
    remove(name);
    if (save(marker(name), String(length)) !== 'ok') return failed('quota');
  }
  remove(name);
  return SAVED;
}
