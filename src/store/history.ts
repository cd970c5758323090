/**
 * The documents replaced from outside the editor (a link, a lesson step, a file, a drop, a
 * reset, a restore), kept so that nothing the user had is lost, even across a reload. Pure
 * list logic here; the index is saved in localStorage and each text in its own slot
 * (slots.ts: localStorage when small, IndexedDB when large).
 */
import type { TraceRequest } from '../engine';
import { load, save } from './persist';
import type { LessonRef } from './share';

/** Why a document was replaced: what the history says of it. */
export type ReplaceReason =
  | { kind: 'link'; lesson?: LessonRef }
  /** A lesson step (`lesson` is absent for drafts kept by an older Podpath, which did not record it). */
  | { kind: 'lesson'; lesson?: LessonRef }
  | { kind: 'reset'; lesson: LessonRef }
  | { kind: 'file'; name: string }
  | { kind: 'drop'; name: string }
  /** A paste too large for the editor, which became the document (editor/limits.ts). */
  | { kind: 'paste' }
  | { kind: 'restore' }
  /** Replaced while it was still being read from the browser's storage at start-up. */
  | { kind: 'loading' };

export interface HistoryEntry {
  id: string;
  /** When it was replaced (ms since 1970). */
  at: number;
  why: ReplaceReason;
  /** Characters and lines of the YAML. */
  size: number;
  lines: number;
  /** Same text and request, same fingerprint: the history keeps one of them. */
  fingerprint: string;
  request: TraceRequest;
  hop?: number;
  lesson?: LessonRef;
  /** The browser refused its text: it lasts until the page closes (never true after a reload). */
  unsaved?: boolean;
}

/** At most this many documents… */
export const HISTORY_MAX = 20;
/** …and this many characters in all (big dumps count by their size); the newest is always kept. */
export const HISTORY_MAX_CHARS = 40_000_000;
/** History texts above this go to IndexedDB, leaving localStorage to the YAML itself. */
export const HISTORY_INLINE_MAX = 100_000;

export const textSlot = (id: string): string => `history/${id}`;

/** Two 32-bit FNV-1a hashes of the text and the request, and the length: fast on megabytes, collisions not a concern. */
export function fingerprintOf(text: string, request: TraceRequest): string {
  const all = `${text}\u0000${JSON.stringify(request)}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ all.length;
  for (let i = 0; i < all.length; i++) {
    const c = all.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${all.length.toString(36)}-${(a >>> 0).toString(36)}-${(b >>> 0).toString(36)}`;
}

export function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The list with `entry` in front (newest first). A document already kept moves to the front
 * under the new reason instead of being kept twice; past the bounds, the oldest go.
 * Returns the ids of the entries whose texts are no longer needed.
 */
export function addEntry(list: HistoryEntry[], entry: HistoryEntry): { list: HistoryEntry[]; dropped: string[]; id: string } {
  const same = list.find((e) => e.fingerprint === entry.fingerprint);
  const front = same ? { ...entry, id: same.id } : entry;
  const rest = list.filter((e) => e !== same);
  const kept: HistoryEntry[] = [front];
  const dropped: string[] = [];
  let chars = front.size;
  for (const e of rest) {
    if (kept.length < HISTORY_MAX && chars + e.size <= HISTORY_MAX_CHARS) {
      kept.push(e);
      chars += e.size;
    } else dropped.push(e.id);
  }
  return { list: kept, dropped, id: front.id };
}

let lastId = 0;
/** Ids that sort by time and never repeat within a page. */
export function newId(now: number): string {
  lastId = Math.max(lastId + 1, now);
  return lastId.toString(36);
}

const validReason = (w: unknown): w is ReplaceReason =>
  !!w && typeof w === 'object' && ['link', 'lesson', 'reset', 'file', 'drop', 'paste', 'restore', 'loading'].includes((w as { kind?: unknown }).kind as string);

function valid(e: unknown): e is HistoryEntry {
  const x = e as Partial<HistoryEntry> | null;
  return !!x && typeof x.id === 'string' && typeof x.at === 'number' && typeof x.size === 'number' && typeof x.lines === 'number' && typeof x.fingerprint === 'string' && !!x.request && typeof x.request.to === 'string' && typeof x.request.from === 'string' && validReason(x.why);
}

/** The saved index; a corrupt one (or a corrupt entry) is dropped, never thrown. */
export function loadIndex(): HistoryEntry[] {
  try {
    const raw = JSON.parse(load('history') ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter(valid).slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

export function saveIndex(list: HistoryEntry[]): void {
  save('history', JSON.stringify(list));
}
