/**
 * Plays a lesson without a screen: each step's YAML and request, the cluster built from it, the
 * trace, and every way the result differs from what the step expects. The lesson tests and the
 * app's lesson player share it, so a lesson that passes its test plays the same in class.
 */
import { buildCluster, lookup, resolve, traceRequest, type Cluster, type DnsResult, type Trace, type TraceRequest } from '../engine';
import { packetCost, serviceCost } from '../engine/trace/cost';
import { requestAt, yamlAt } from './steps';
import type { Lesson, LessonStep, StepExpectation } from './types';

export { commandLine, requestAt, yamlAt } from './steps';

export interface PlayedStep {
  step: LessonStep;
  yaml: string;
  request: TraceRequest;
  cluster: Cluster;
  trace: Trace;
  /** The answer to the step's DNS question, when it asks one. */
  dns?: DnsAnswer;
  /** Empty when the step shows what it promises. */
  problems: string[];
}

/** A DNS question and what the cluster answers, with every name the resolver tried. */
export interface DnsAnswer extends DnsResult {
  question: string;
  type: string;
  /** The names asked in order, when a pod's resolver walked its search list. */
  tries?: { name: string; rcode: string; upstream?: boolean }[];
}

/**
 * A step's DNS question, asked the way the step's client would: from a pod, through its
 * resolv.conf (search list, ndots:5); from anywhere else, as a fully qualified name to CoreDNS.
 */
export function askDns(cluster: Cluster, request: TraceRequest, question: NonNullable<LessonStep['lookup']>): DnsAnswer {
  const type = question.type ?? 'A';
  const m = /^pod\/(?:([^/]+)\/)?(.+)$/.exec(request.from);
  const pod = m && cluster.pods.find((p) => p.namespace === (m[1] ?? 'default') && p.name === m[2]);
  if (pod) return { question: question.name, type, ...resolve(cluster, pod, question.name, type) };
  return { question: question.name, type, ...lookup(cluster, question.name, type) };
}

export function playLesson(lesson: Lesson): PlayedStep[] {
  return (lesson.steps ?? []).map((step, i) => {
    const { yaml, problems } = yamlAt(lesson, i);
    const request = requestAt(lesson, i);
    const cluster = buildCluster(yaml);
    const trace = traceRequest(cluster, request);
    const dns = step.lookup ? askDns(cluster, request, step.lookup) : undefined;
    return { step, yaml, request, cluster, trace, dns, problems: [...problems, ...check(step.expect ?? {}, cluster, trace, dns, yaml)] };
  });
}

/** The name a trace was served by: a pod, an outside `IP:PORT`, or a node's process. */
export function servedName(trace: Trace): string | undefined {
  const s = trace.servedBy;
  if (!s) return undefined;
  if ('external' in s) return s.external;
  if ('process' in s) return s.process;
  return s.pod;
}

const named = (want: string, name: string) => (want.endsWith('-') ? name.startsWith(want) : name === want);

/** A pod's STATUS as kubectl prints it. */
export function podStatus(pod: Cluster['pods'][number]): string {
  return pod.status ?? pod.phase;
}

/** A DNS record as the expectations write it: `TYPE DATA`. */
export const recordText = (r: { type: string; data: string }) => `${r.type} ${r.data}`;

/** The hops of the connection itself: from the request's own first packet (after any DNS lookup). */
export function connectionHops(trace: Trace): Trace['hops'] {
  let start = 0;
  trace.hops.forEach((h, i) => {
    if (h.phase === 'request' && h.kind === 'send') start = i;
  });
  return trace.hops.slice(start);
}

function check(expect: StepExpectation, cluster: Cluster, trace: Trace, dns: DnsAnswer | undefined, yaml: string): string[] {
  const problems: string[] = [];
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  const wanted = expect.diagnostics ?? [];
  for (const code of wanted) if (!cluster.diagnostics.some((d) => d.code === code)) problems.push(`no diagnostic ${code}`);
  for (const code of errors) if (!wanted.includes(code)) problems.push(`unexpected error ${code}`);
  if (expect.outcome && trace.outcome !== expect.outcome) problems.push(`outcome ${trace.outcome}, expected ${expect.outcome}`);
  if (expect.servedBy) {
    const name = servedName(trace) ?? '';
    if (!named(expect.servedBy, name)) problems.push(`served by ${name || 'nobody'}, expected ${expect.servedBy}`);
  }
  if (expect.sourceIpSeen && trace.sourceIpSeen !== expect.sourceIpSeen) problems.push(`source seen ${trace.sourceIpSeen}, expected ${expect.sourceIpSeen}`);
  if (expect.httpStatus && trace.httpStatus !== expect.httpStatus) problems.push(`HTTP ${trace.httpStatus}, expected ${expect.httpStatus}`);
  if (expect.message && trace.outcomeMessage.key !== expect.message) problems.push(`message ${trace.outcomeMessage.key}, expected ${expect.message}`);
  if (expect.policyNote && (trace.policyNote?.key ?? 'none') !== expect.policyNote) problems.push(`policy note ${trace.policyNote?.key ?? 'none'}, expected ${expect.policyNote}`);
  let from = 0;
  for (const key of expect.hops ?? []) {
    const at = trace.hops.findIndex((h, i) => i >= from && h.title.key === key);
    if (at < 0) problems.push(`no hop ${key} after hop ${from}`);
    else from = at + 1;
  }
  const own = connectionHops(trace);
  for (const key of expect.absentHops ?? []) if (own.some((h) => h.title.key === key)) problems.push(`hop ${key} in the connection`);
  const matched = new Set(trace.hops.flatMap((h) => h.netfilter?.rules.filter((r) => r.matched).map((r) => r.text) ?? []));
  for (const rule of expect.rules ?? []) if (!matched.has(rule)) problems.push(`rule not matched: ${rule}`);
  if (expect.candidates) {
    const got = trace.candidates.map((c) => `${c.pod ?? `${c.ip}:${c.port}`} ${c.probability.toFixed(4)}`);
    const want = expect.candidates.map((c) => `${c.name} ${c.probability.toFixed(4)}`);
    if (got.join(', ') !== want.join(', ')) problems.push(`candidates ${got.join(', ')}, expected ${want.join(', ')}`);
  }
  for (const want of expect.pods ?? []) {
    const found = cluster.pods.filter((p) => named(want.name, p.name) && (!want.node || p.node === want.node) && (!want.ip || p.ip === want.ip) && (!want.status || podStatus(p) === want.status));
    if (found.length !== (want.count ?? 1)) problems.push(`${found.length} pods like ${JSON.stringify(want)}, expected ${want.count ?? 1}`);
  }
  for (const name of expect.gone ?? []) if (cluster.pods.some((p) => p.name === name)) problems.push(`pod ${name} still exists`);
  if (expect.dns) {
    if (!dns) problems.push('the step asks no DNS question');
    else {
      const answer = dns.answer.map(recordText);
      if (dns.rcode !== expect.dns.rcode || answer.join(', ') !== expect.dns.answer.join(', ')) {
        problems.push(`DNS ${dns.rcode} ${answer.join(', ')}, expected ${expect.dns.rcode} ${expect.dns.answer.join(', ')}`);
      }
    }
  }
  problems.push(...checkCost(expect.cost, cluster, trace, yaml));
  return problems;
}

/** An object as JSON with its keys sorted, so that two written in different orders compare equal. */
const canonical = (x: unknown) =>
  JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

function checkCost(want: StepExpectation['cost'], cluster: Cluster, trace: Trace, yaml: string): string[] {
  const problems: string[] = [];
  if (want?.packet) {
    const got = packetCost(cluster, trace);
    if (canonical(got) !== canonical(want.packet)) problems.push(`packet cost ${canonical(got)}, expected ${canonical(want.packet)}`);
  }
  if (want?.service) {
    const { name, ...expected } = want.service;
    const got = serviceCost(yaml, name, expected.node);
    if (canonical(got) !== canonical(expected)) problems.push(`cost of a Service like ${name} ${canonical(got)}, expected ${canonical(expected)}`);
  }
  return problems;
}
