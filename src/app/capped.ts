/**
 * A `<select>` of a large cluster's pods or targets would hold 20,000 options: unusable, and
 * React took a minute to insert them (getHostSibling walks the siblings of each new option).
 * A list shows its first MAX_OPTIONS items, the chosen one kept, and says how many it leaves out.
 */
export const MAX_OPTIONS = 300;

export function capped<T>(items: T[], isChosen: (item: T) => boolean = () => false, max = MAX_OPTIONS): { shown: T[]; more: number } {
  if (items.length <= max) return { shown: items, more: 0 };
  const shown = items.slice(0, max);
  const chosen = items.slice(max).find(isChosen);
  if (chosen !== undefined) shown.push(chosen);
  return { shown, more: items.length - shown.length };
}
