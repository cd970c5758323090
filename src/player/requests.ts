/**
 * Requests kept side by side: each has a color of its own (the packet's, its tab's, its marker
 * on the canvas) that it keeps while others come and go. Pure list operations; the store
 * slice holds the list.
 */
import type { TraceRequest } from '../engine';

/** At most nine: the number keys 1–9 select them. */
export const MAX_REQUESTS = 9;

/**
 * Colors that stay apart from each other, from the reply's green and from the canvas's
 * box borders, on both themes (Tailwind 500/600 shades).
 */
export const REQUEST_COLORS = ['#f59e0b', '#3b82f6', '#d946ef', '#ef4444', '#14b8a6', '#8b5cf6', '#84cc16', '#f97316', '#0ea5e9'];

export interface RequestEntry {
  id: number;
  /** Index into REQUEST_COLORS. */
  color: number;
  request: TraceRequest;
}

export interface RequestList {
  entries: RequestEntry[];
  active: number;
}

export function addEntry(list: RequestList, request: TraceRequest): RequestList {
  if (list.entries.length >= MAX_REQUESTS) return list;
  const used = new Set(list.entries.map((e) => e.color));
  const color = REQUEST_COLORS.findIndex((_, i) => !used.has(i));
  const id = Math.max(0, ...list.entries.map((e) => e.id)) + 1;
  return { entries: [...list.entries, { id, color, request }], active: list.entries.length };
}

/** Removes one; the last one stays (there is always a request on screen). */
export function removeEntry(list: RequestList, index: number): RequestList {
  if (list.entries.length <= 1 || !list.entries[index]) return list;
  const entries = list.entries.filter((_, i) => i !== index);
  const active = index < list.active ? list.active - 1 : Math.min(list.active, entries.length - 1);
  return { entries, active };
}

/** Keeps the active entry's request up to date (the builder and the terminal change it). */
export function withActive(list: RequestList, request: TraceRequest): RequestList {
  return { ...list, entries: list.entries.map((e, i) => (i === list.active ? { ...e, request } : e)) };
}

const isRequest = (r: unknown): r is TraceRequest =>
  !!r && typeof (r as TraceRequest).to === 'string' && /^(external|pod\/.+|node\/.+)$/.test(String((r as TraceRequest).from));

/** A saved list, checked: anything malformed gives a fresh list around the current request. */
export function restoreList(raw: string | null, current: TraceRequest): RequestList {
  try {
    const saved = JSON.parse(raw ?? 'null') as RequestList | null;
    if (saved && Array.isArray(saved.entries) && saved.entries.length > 0 && saved.entries.length <= MAX_REQUESTS && saved.entries.every((e) => isRequest(e.request) && Number.isInteger(e.color) && e.color >= 0 && e.color < REQUEST_COLORS.length)) {
      const active = Number.isInteger(saved.active) && saved.active >= 0 && saved.active < saved.entries.length ? saved.active : 0;
      return withActive({ entries: saved.entries, active }, current);
    }
  } catch {
    // fall through: a fresh list
  }
  return { entries: [{ id: 1, color: 0, request: current }], active: 0 };
}
