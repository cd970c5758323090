/**
 * What the browser remembers: the YAML, the request, the hop on screen, the lesson, the
 * player's speed, the language and the theme. Storage may be missing or full (private
 * windows, quotas): `save` then says why (the editor shows it), and texts too large for
 * localStorage go to IndexedDB (slots.ts). An embedded player (a course page's iframe)
 * reads the visitor's preferences but writes nothing: it must never overwrite the work the
 * same visitor keeps in the full app.
 */
const PREFIX = 'podpath.';

let readOnly = false;

/** From now on, nothing is written (embed mode). */
export function setReadOnly(): void {
  readOnly = true;
}

export function isReadOnly(): boolean {
  return readOnly;
}

export function load(key: string): string | null {
  try {
    return storageOrNull()?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

/** What became of a write: kept, refused for lack of room, or no storage at all (privacy settings). */
export type SaveResult = 'ok' | 'quota' | 'unavailable' | 'readOnly';

export function save(key: string, value: string): SaveResult {
  if (readOnly) return 'readOnly';
  const storage = storageOrNull();
  if (!storage) return 'unavailable';
  try {
    storage.setItem(PREFIX + key, value);
    return 'ok';
  } catch (e) {
    return isQuotaError(e) ? 'quota' : 'unavailable';
  }
}

export function remove(key: string): void {
  if (readOnly) return;
  try {
    storageOrNull()?.removeItem(PREFIX + key);
  } catch {
    // nothing stored, nothing to remove
  }
}

function storageOrNull(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws where storage is blocked.
    return null;
  }
}

/** Browsers name the quota error differently (and old ones only by code). */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name;
  const code = (e as { code?: unknown } | null)?.code;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/** A saved whole number, or undefined when absent or not one. */
export function loadNumber(key: string): number | undefined {
  const raw = load(key);
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
