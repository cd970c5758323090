/** Safe readers for untyped JSON from user YAML: wrong types read as absent, never throw. */

export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A map of string to string (labels, selectors); other values are dropped. */
export function labels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value) ?? {})) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

export function matchesSelector(selector: Record<string, string>, podLabels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => podLabels[k] === v);
}

/** Go's `%#v` of a map[string]string, as the API server prints it in validation errors. */
export function goMapLiteral(map: Record<string, string>): string {
  const entries = Object.keys(map).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}
