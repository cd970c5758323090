/** A text's size as people read it: characters counted as bytes (near enough for YAML), in kB or MB. */
export function formatSize(chars: number, lang: string): string {
  const n = (x: number, digits: number) => x.toLocaleString(lang, { maximumFractionDigits: digits });
  if (chars < 1000) return `${n(chars, 0)} B`;
  if (chars < 1_000_000) return `${n(chars / 1000, chars < 10_000 ? 1 : 0)} kB`;
  return `${n(chars / 1_000_000, 1)} MB`;
}
