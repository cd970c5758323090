/** Named selectors over the store; components subscribe to the least they need. */
import type { Hop, SourceRange } from '../engine';
import { useStore, whenNodeTables, type AppState } from './store';

export { useStore, whenNodeTables };
export type { AppState };

export const selectHop = (s: AppState): Hop | undefined => s.trace.hops[s.player.step];

const pathCache = new WeakMap<AppState['trace'], Map<number, Set<string>>>();

/** The elements the packet has passed through up to the current step (memoized per trace and step). */
export function selectPathElements(s: AppState): Set<string> {
  let byStep = pathCache.get(s.trace);
  if (!byStep) {
    byStep = new Map();
    pathCache.set(s.trace, byStep);
  }
  let set = byStep.get(s.player.step);
  if (!set) {
    set = new Set(s.trace.hops.slice(0, s.player.step + 1).map((h) => h.element));
    byStep.set(s.player.step, set);
  }
  return set;
}

const highlightCache = new WeakMap<Hop, SourceRange[]>();

/** The YAML lines behind the current hop. */
export function selectHighlight(s: AppState): SourceRange[] {
  const hop = selectHop(s);
  if (!hop) return EMPTY;
  let ranges = highlightCache.get(hop);
  if (!ranges) {
    // The cluster's own objects (line 0) are not in the user's text.
    ranges = hop.provenance.filter((p) => p.range.start.line > 0).map((p) => p.range);
    highlightCache.set(hop, ranges);
  }
  return ranges;
}

const EMPTY: SourceRange[] = [];

export * from './playerSelectors';
