/**
 * What the browser remembers: the YAML, the request, the hop on screen, the lesson, the
 * player's speed, the language and the theme. Storage may be missing or full (private
 * windows, quotas); the app then simply forgets. An embedded player (a course page's iframe)
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
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

export function save(key: string, value: string): void {
  if (readOnly) return;
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // Quota or privacy settings: nothing to do but keep working.
  }
}

/** A saved whole number, or undefined when absent or not one. */
export function loadNumber(key: string): number | undefined {
  const raw = load(key);
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
