/**
 * What the page knows of an engine failure, without the engine (it runs in the worker, behind
 * worker/guard.ts): the crash diagnostic, and the empty cluster and trace shown before the
 * first build answers.
 */
import type { Cluster, Diagnostic, Trace, TraceRequest } from '../engine';
import { DEFAULT_SETTINGS } from '../engine/defaults';

/** The code of the diagnostic that stands for an engine failure (no line of the YAML is to blame). */
export const CRASH_CODE = 'podpath-crash';
/** The engine's own word for a failure it caught: it returns an empty cluster carrying this diagnostic. */
export const ENGINE_FAILURE_CODE = 'internal-error';

export const isCrashDiagnostic = (d: Diagnostic): boolean => d.code === CRASH_CODE || d.code === ENGINE_FAILURE_CODE;

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

export function reasonOf(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
