/**
 * `podpath trace --json`: the trace as issue 4 documents it. Top level: `outcome`,
 * `httpStatus`, `servedBy`, `candidates`, `sourceIpSeen`, `hops` (the request) and `reply`
 * (the answer's way back), plus the request and the outcome in English. Absent values are
 * null, so every key is always there.
 */
import type { Candidate, Hop, Packet, Provenance, Trace } from '../../engine';
import { forwardCommand } from '../../engine/portforward';
import { locate, type Input } from '../input';
import { changes, english, routeOf, ruleOf, whereOf } from './hops';

export interface TraceJson {
  request: Record<string, string | number | string[]>;
  outcome: Trace['outcome'];
  message: string;
  httpStatus: number | null;
  servedBy: Trace['servedBy'] | null;
  candidates: CandidateJson[];
  sourceIpSeen: string | null;
  hops: HopJson[];
  reply: HopJson[];
}

interface CandidateJson {
  namespace: string | null;
  pod: string | null;
  node: string | null;
  ip: string;
  port: number;
  probability: number;
  /** The KUBE-SEP chain, or `NS/SERVICE` for an ingress controller's upstream. */
  chain: string;
}

interface HopJson {
  /** 1-based, as the text output and the app number hops. */
  step: number;
  at: string;
  action: Hop['kind'];
  /** The hop's message key without `.title` (`hop.chainDnat`), for a catalogue of one's own. */
  key: string;
  title: string;
  explanation: string;
  before: Hop['before'];
  after: Hop['after'];
  /** What the hop changed: `dst 192.168.255.102:31101 → 10.244.2.2:80`… */
  changes: string[];
  rule: string | null;
  netfilter?: { table: string; chain: string; hook: string | null };
  route?: string | null;
  conntrack?: string;
  candidates?: CandidateJson[];
  /** The candidate taken, 1-based like `--pick`. */
  chosen?: number;
  /** The YAML behind the hop: object, file and line. */
  yaml?: { object: string; file: string; line: number }[];
  /** felix's NetworkPolicy verdicts at this hop (Calico), in the order the packet met them. */
  policy?: PolicyJson[];
}

interface PolicyJson {
  direction: 'egress' | 'ingress';
  pod: string;
  chain: string;
  verdict: 'allowed' | 'denied' | 'open' | 'established';
  /** The policy that allowed it, and its rule (0-based: spec.ingress[rule]). */
  policy: string | null;
  rule: number | null;
  /** The policies that select the pod, when none allowed it. */
  policies: string[];
  text: string;
  yaml: { object: string; file: string; line: number }[];
}

/** The packet's fields in a fixed order, layer by layer, as the inspector lists them. */
function packet(p: Packet): Packet {
  const { srcMac, dstMac, src, dst, ttl, proto, sport, dport, flags, mark, http, dns, outer } = p;
  return { ...(srcMac ? { srcMac, dstMac } : {}), src, dst, ttl, proto, sport, dport, flags, mark, ...(http ? { http } : {}), ...(dns ? { dns } : {}), ...(outer ? { outer } : {}) };
}

const candidate = (c: Candidate): CandidateJson => ({
  namespace: c.namespace ?? null, pod: c.pod ?? null, node: c.node ?? null, ip: c.ip, port: c.port, probability: c.probability, chain: c.chain,
});

function yamlOf(provenance: Provenance[], input: Input): { object: string; file: string; line: number }[] {
  return provenance.flatMap((p) => {
    const at = locate(input, p.range.start.line);
    return at ? [{ object: p.object, file: at.file, line: at.line }] : [];
  });
}

function hopJson(hop: Hop, input: Input): HopJson {
  const out: HopJson = {
    step: hop.index + 1,
    at: whereOf(hop.at),
    action: hop.kind,
    key: hop.title.key.replace(/\.title$/, ''),
    title: english(hop.title),
    explanation: english(hop.explain),
    before: packet(hop.before),
    after: packet(hop.after),
    changes: changes(hop.before, hop.after),
    rule: ruleOf(hop),
  };
  if (hop.netfilter) out.netfilter = { table: hop.netfilter.table, chain: hop.netfilter.chain, hook: hop.netfilter.hook ?? null };
  if (hop.route) out.route = routeOf(hop);
  if (hop.conntrack) out.conntrack = hop.conntrack;
  if (hop.candidates) {
    out.candidates = hop.candidates.map(candidate);
    if (hop.chosen !== undefined && hop.chosen >= 0) out.chosen = hop.chosen + 1;
  }
  const yaml = yamlOf(hop.provenance, input);
  if (yaml.length > 0) out.yaml = yaml;
  if (hop.policy) {
    out.policy = hop.policy.map((d) => ({
      direction: d.direction, pod: d.pod, chain: d.chain, verdict: d.verdict, policy: d.policy ?? null, rule: d.rule ?? null,
      policies: d.policies ?? [], text: english(d.message), yaml: yamlOf(d.provenance, input),
    }));
  }
  return out;
}

export function traceJson(trace: Trace, input: Input): TraceJson {
  const { request } = trace;
  return {
    request: {
      from: request.from,
      to: request.to,
      ...(request.connect !== undefined ? { connect: request.connect } : {}),
      ...(request.protocol !== undefined ? { protocol: request.protocol } : {}),
      // The seed draws the source ports even when --pick pins the endpoint.
      seed: request.seed ?? 1,
      ...(request.pick !== undefined ? { pick: request.pick } : {}),
      // The kubectl port-forwards left running, as `ON: COMMAND`.
      ...(request.forwards?.length ? { portForwards: request.forwards.map((f) => `${f.on}: ${forwardCommand(f)}`) } : {}),
    },
    outcome: trace.outcome,
    message: english(trace.outcomeMessage),
    // flannel with NetworkPolicies: the policy that would have cut this connection, had anything enforced it.
    ...(trace.policyNote ? { policyNote: english(trace.policyNote) } : {}),
    httpStatus: trace.httpStatus ?? null,
    servedBy: trace.servedBy ?? null,
    candidates: trace.candidates.map(candidate),
    sourceIpSeen: trace.sourceIpSeen ?? null,
    hops: trace.hops.slice(0, trace.replyStart).map((h) => hopJson(h, input)),
    reply: trace.hops.slice(trace.replyStart).map((h) => hopJson(h, input)),
  };
}
