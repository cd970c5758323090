/**
 * The engine behind a guard. The engine is meant never to throw, but the app must survive
 * even if it does: a text that makes it throw is saved before it is built, so a throw at
 * start-up would throw at every reload after, a blank page until the browser's storage is
 * cleared (and a share link could do that to whoever opens it). Here a throw becomes a value:
 * the picture stays the last one that built, and the problem is shown as a diagnostic.
 */
import { buildCluster, traceRequest, type Cluster, type Diagnostic, type Trace, type TraceRequest } from '../engine';
import { crashDiagnostic, emptyCluster, ENGINE_FAILURE_CODE, reasonOf } from '../store/safe';

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

