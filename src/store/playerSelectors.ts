/** Named, memoized selectors of the player's slice. */
import type { SourceRange, Trace } from '../engine';
import { linksOf, type Links } from '../player/links';
import { REQUEST_COLORS, withActive, type RequestEntry } from '../player/requests';
import { emptyTrace } from './safe';
import type { AppState } from './store';

let listCache: { requests: AppState['requests']; request: AppState['request']; active: number; out: RequestEntry[] } | undefined;

/** The requests side by side, the active one with the request on screen. */
export function selectRequestList(s: AppState): RequestEntry[] {
  if (listCache?.requests !== s.requests || listCache.request !== s.request || listCache.active !== s.activeRequest) {
    listCache = { requests: s.requests, request: s.request, active: s.activeRequest, out: withActive({ entries: s.requests, active: s.activeRequest }, s.request).entries };
  }
  return listCache.out;
}

export const selectActiveColor = (s: AppState): string => REQUEST_COLORS[s.requests[s.activeRequest]?.color ?? 0];

let tracesOut: { list: RequestEntry[]; trace: Trace; active: number; others: AppState['otherTraces']; out: Trace[] } | undefined;
const waiting = new Map<string, Trace>();

/**
 * Each request's trace on the current cluster: the active one is the store's own, the others
 * the engine's worker traced for this picture (store.ts, traceOthers); one not answered yet
 * has no hops for the moment.
 */
export function selectRequestTraces(s: AppState): Trace[] {
  const list = selectRequestList(s);
  if (tracesOut?.list === list && tracesOut.trace === s.trace && tracesOut.active === s.activeRequest && tracesOut.others === s.otherTraces) return tracesOut.out;
  const out = list.map((e, i) => {
    if (i === s.activeRequest) return s.trace;
    const key = JSON.stringify(e.request);
    const traced = s.otherTraces.cluster === s.cluster ? s.otherTraces.byRequest.get(key) : undefined;
    if (traced) return traced;
    let none = waiting.get(key);
    if (!none) waiting.set(key, (none = emptyTrace(e.request)));
    return none;
  });
  tracesOut = { list, trace: s.trace, active: s.activeRequest, others: s.otherTraces, out };
  return out;
}

let linkCache: { cluster: AppState['cluster']; tables: number; trace: Trace; object: string; links: Links } | undefined;

/** What the focused YAML object shapes: pods, boxes, netfilter blocks, hops. */
export function selectLinks(s: AppState): Links | null {
  const object = s.focus?.object;
  if (!object) return null;
  // tablesVersion: a large build's tables (the objects behind each node's rules) come after it.
  if (linkCache?.cluster !== s.cluster || linkCache.tables !== s.tablesVersion || linkCache.trace !== s.trace || linkCache.object !== object) {
    linkCache = { cluster: s.cluster, tables: s.tablesVersion, trace: s.trace, object, links: linksOf(s.cluster, s.trace, object) };
  }
  return linkCache.links;
}

const NONE: SourceRange[] = [];
let focusRanges: { focus: AppState['focus']; ranges: SourceRange[] } | undefined;

/** Lines the editor shows for the focus, unless the cursor itself put it there. */
export function selectFocusRanges(s: AppState): SourceRange[] {
  const f = s.focus;
  if (!f || f.source === 'editor' || !f.range || f.range.start.line <= 0) return NONE;
  if (focusRanges?.focus !== f) focusRanges = { focus: f, ranges: [f.range] };
  return focusRanges.ranges;
}
