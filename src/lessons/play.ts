/**
 * Plays a lesson without a screen: each step's YAML and request, the cluster built from it, the
 * trace, and every way the result differs from what the step expects. The lesson tests and the
 * app's lesson player share it, so a lesson that passes its test plays the same in class.
 */
import { buildCluster, traceRequest, type Cluster, type Trace, type TraceRequest } from '../engine';
import type { Lesson, LessonStep, StepExpectation } from './types';

export interface PlayedStep {
  step: LessonStep;
  yaml: string;
  request: TraceRequest;
  cluster: Cluster;
  trace: Trace;
  /** Empty when the step shows what it promises. */
  problems: string[];
}

/** The YAML at a step: the lesson's, then each step's replacement or edits up to and including it. */
export function yamlAt(lesson: Lesson, index: number): { yaml: string; problems: string[] } {
  let yaml = lesson.yaml;
  const problems: string[] = [];
  for (const step of (lesson.steps ?? []).slice(0, index + 1)) {
    if (step.yaml !== undefined) yaml = step.yaml;
    for (const edit of step.edits ?? []) {
      const count = yaml.split(edit.find).length - 1;
      if (count !== 1) problems.push(`edit "${edit.find}" occurs ${count} times`);
      else yaml = yaml.replace(edit.find, edit.replace);
    }
  }
  return { yaml, problems };
}

export function requestAt(lesson: Lesson, index: number): TraceRequest {
  let request = lesson.request;
  for (const step of (lesson.steps ?? []).slice(0, index + 1)) request = step.request ?? request;
  return request;
}

export function playLesson(lesson: Lesson): PlayedStep[] {
  return (lesson.steps ?? []).map((step, i) => {
    const { yaml, problems } = yamlAt(lesson, i);
    const request = requestAt(lesson, i);
    const cluster = buildCluster(yaml);
    const trace = traceRequest(cluster, request);
    return { step, yaml, request, cluster, trace, problems: [...problems, ...check(step.expect ?? {}, cluster, trace)] };
  });
}

function servedName(trace: Trace): string | undefined {
  const s = trace.servedBy;
  if (!s) return undefined;
  if ('external' in s) return s.external;
  if ('process' in s) return s.process;
  return s.pod;
}

function check(expect: StepExpectation, cluster: Cluster, trace: Trace): string[] {
  const problems: string[] = [];
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  const wanted = expect.diagnostics ?? [];
  for (const code of wanted) if (!cluster.diagnostics.some((d) => d.code === code)) problems.push(`no diagnostic ${code}`);
  for (const code of errors) if (!wanted.includes(code)) problems.push(`unexpected error ${code}`);
  if (expect.outcome && trace.outcome !== expect.outcome) problems.push(`outcome ${trace.outcome}, expected ${expect.outcome}`);
  if (expect.servedBy) {
    const name = servedName(trace) ?? '';
    const ok = expect.servedBy.endsWith('-') ? name.startsWith(expect.servedBy) : name === expect.servedBy;
    if (!ok) problems.push(`served by ${name || 'nobody'}, expected ${expect.servedBy}`);
  }
  if (expect.sourceIpSeen && trace.sourceIpSeen !== expect.sourceIpSeen) problems.push(`source seen ${trace.sourceIpSeen}, expected ${expect.sourceIpSeen}`);
  if (expect.httpStatus && trace.httpStatus !== expect.httpStatus) problems.push(`HTTP ${trace.httpStatus}, expected ${expect.httpStatus}`);
  if (expect.message && trace.outcomeMessage.key !== expect.message) problems.push(`message ${trace.outcomeMessage.key}, expected ${expect.message}`);
  let from = 0;
  for (const key of expect.hops ?? []) {
    const at = trace.hops.findIndex((h, i) => i >= from && h.title.key === key);
    if (at < 0) problems.push(`no hop ${key} after hop ${from}`);
    else from = at + 1;
  }
  return problems;
}
