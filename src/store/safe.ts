/**
 * The engine behind a guard. The engine is meant never to throw, but the store must survive
 * even if it does: a text that makes it throw is saved before it is built, so a throw at
 * start-up would throw at every reload after, a blank page until the browser's storage is
 * cleared (and a share link could do that to whoever opens it). Here a throw becomes a value:
 * the picture stays the last one that built, and the problem is shown as a diagnostic.
 */
import { buildCluster, traceRequest, type Cluster, type Diagnostic, type Trace, type TraceRequest } from '../engine';
import { DEFAULT_SETTINGS } from '../engine/defaults';

/** The code of the diagnostic that stands for an engine failure (no line of the YAML is to blame). */
export const CRASH_CODE = 'podpath-crash';
/** The engine's own word for a failure it caught: it returns an empty cluster carrying this diagnostic. */
export const ENGINE_FAILURE_CODE = 'internal-error';

export const isCrashDiagnostic = (d: Diagnostic): boolean => d.code === CRASH_CODE || d.code === ENGINE_FAILURE_CODE;

export type Built = { cluster: Cluster; crash?: undefined } | { cluster?: undefined; crash: string; diagnostics: Diagnostic[] };

/**
 * buildCluster, with its arguments as they are, or the failure: what it threw, or the empty
 * cluster it returns when it caught a failure of its own (that is no picture to keep, nor a
 * last good text).
 */
export function tryBuild(...args: Parameters<typeof buildCluster>): Built {
  try {
    const cluster = buildCluster(...args);
    const failure = cluster.diagnostics.find((d) => d.code === ENGINE_FAILURE_CODE);
    return failure ? { crash: failure.message, diagnostics: cluster.diagnostics } : { cluster };
  } catch (e) {
    const crash = reasonOf(e);
    return { crash, diagnostics: [crashDiagnostic(crash)] };
  }
}

/** traceRequest (which catches its own failures into the outcome `error`), or that same outcome if it throws anyway. */
export function tryTrace(cluster: Cluster, request: TraceRequest): Trace {
  try {
    return traceRequest(cluster, request);
  } catch (e) {
    return {
      request,
      outcome: 'error',
      outcomeMessage: { key: 'outcome.error', params: { error: reasonOf(e) } },
      candidates: [],
      hops: [],
      replyStart: 0,
    };
  }
}

export function crashDiagnostic(reason: string): Diagnostic {
  return {
    severity: 'error',
    code: CRASH_CODE,
    message: `Podpath could not build this YAML: ${reason}`,
    key: 'store.buildCrashed',
    params: { reason },
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
}

export const isCrash = (diagnostics: Diagnostic[]): boolean => diagnostics.some(isCrashDiagnostic);

/**
 * The first of these texts that builds without throwing (skipping absent ones); if none does,
 * an empty cluster, made here without the engine (no node: a node without its dataplane
 * would be half a picture).
 */
export function firstThatBuilds(texts: (string | null | undefined)[]): Cluster {
  for (const text of texts) {
    if (text === null || text === undefined) continue;
    const built = tryBuild(text);
    if (built.cluster) return built.cluster;
  }
  return emptyCluster();
}

/** A cluster with nothing in it, made without the engine: the picture before the first build answers, and the last resort. */
export function emptyCluster(): Cluster {
  // An assertion rather than a checked literal: it must compile while the engine adds fields (it is the last resort).
  return {
    settings: DEFAULT_SETTINGS,
    nodes: [],
    externals: [],
    pods: [],
    workloads: [],
    services: [],
    endpointSlices: [],
    nodeDataplanes: [],
    podDataplanes: [],
    ingresses: [],
    diagnostics: [],
    accepted: {},
    kept: [],
  } as Cluster;
}

/** The trace of nothing yet (before the first build answers). */
export function emptyTrace(request: TraceRequest): Trace {
  return { request, outcome: 'error', outcomeMessage: { key: 'store.building' }, candidates: [], hops: [], replyStart: 0 };
}

function reasonOf(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
