/**
 * What the browser remembers: the YAML, the request, the language and the theme. Storage may be
 * missing or full (private windows, quotas); the app then simply forgets.
 */
const PREFIX = 'podpath.';

export function load(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? null;
  } catch {
    return null;
  }
}

export function save(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // Quota or privacy settings: nothing to do but keep working.
  }
}
