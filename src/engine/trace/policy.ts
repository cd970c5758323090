/**
 * The NetworkPolicy verdict where felix's chains give it: read off the filter hops' evaluated
 * rules, never computed beside them. A packet from a pod passes `cali-fw-<iface>` (the client's
 * egress), a packet to a pod `cali-tw-<iface>` (the server's ingress); each of those chains
 * (felix/rules/endpoints.go endpointIptablesChain) accepts an established connection by
 * conntrack, or jumps to each selecting policy's `cali-pi-`/`cali-po-` chain and returns on
 * "Return if policy accepted", or ends in "Drop if no policies passed packet", or, where no
 * policy applies in that direction, falls through to the namespace profile, which allows.
 *
 * Which policy a `cali-pi-…` chain is comes from its name (felix's PolicyChainName of the
 * policy, calico/rules.ts) and from the provenance each rule carries; which rule allowed it,
 * from the provenance of the MARK rule that set the accept bit (each rule's `spec.ingress[i]`).
 */
import type { Cluster, PodInfo } from '../model';
import type { NetworkPolicyInfo } from '../netpol/types';
import type { Message, Provenance } from '../types';
import { endpointChainName, policyChainName } from '../calico/rules';
import type { Hop, RuleLine, Trace } from './types';

export interface PolicyDecision {
  direction: 'egress' | 'ingress';
  /** `namespace/name` of the pod whose endpoint chain decided. */
  pod: string;
  /** The endpoint chain: `cali-fw-…` (egress) or `cali-tw-…` (ingress). */
  chain: string;
  /**
   * `allowed`: a policy's rule accepted it; `denied`: policies select the pod and none did;
   * `open`: no policy selects the pod in this direction, the profile allowed it; `established`:
   * conntrack accepted it before any policy (a reply, or a later packet of an allowed connection).
   */
  verdict: 'allowed' | 'denied' | 'open' | 'established';
  /** The policy that allowed it (`namespace/name`). */
  policy?: string;
  /** Its rule (0-based, as in `spec.ingress[i]`), when the rule's lines are known. */
  rule?: number;
  /** The policies that select the pod in this direction, in felix's order, when denied. */
  policies?: string[];
  /** The YAML behind the verdict: the rule that allowed it, or the policies that did not. */
  provenance: Provenance[];
  message: Message;
}

interface Line {
  chain: string;
  target: string;
  comment: string;
  matched: boolean;
  provenance?: Provenance;
}

/** The parts of an iptables-save line the decision needs: `-A CHAIN … -j|-g TARGET`. */
function read(r: RuleLine): Line {
  const chain = /^-A (\S+)/.exec(r.text)?.[1] ?? '';
  const target = [...r.text.matchAll(/ -[jg] (\S+)/g)].at(-1)?.[1] ?? '';
  const comment = /--comment "((?:[^"\\]|\\.)*)"/.exec(r.text)?.[1] ?? '';
  return { chain, target, comment, matched: r.matched, ...(r.provenance ? { provenance: r.provenance } : {}) };
}

const name = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
const sameRange = (a: Provenance, b: Provenance | undefined) => !!b && a.object === b.object
  && a.range.start.line === b.range.start.line && a.range.start.column === b.range.start.column
  && a.range.end.line === b.range.end.line && a.range.end.column === b.range.end.column;

/** One endpoint chain's verdict, from the lines evaluated while the packet was in it and its policy chains. */
function decide(chain: string, direction: PolicyDecision['direction'], pod: PodInfo, lines: Line[], policies: Map<string, NetworkPolicyInfo>): PolicyDecision | undefined {
  const own = lines.filter((l) => l.chain === chain);
  const base = { direction, pod: name(pod), chain };
  const params = { pod: name(pod), chain, namespace: pod.namespace };
  if (own.some((l) => l.matched && l.target === 'ACCEPT')) {
    return { ...base, verdict: 'established', provenance: [], message: { key: `policy.established.${direction}`, params } };
  }
  const jumps = own.filter((l) => policies.has(l.target));
  if (jumps.length === 0) {
    // No policy applies in this direction: felix rendered no tier; the profile decides.
    return own.some((l) => l.matched && l.target === 'RETURN' && l.comment === 'Return if profile accepted')
      ? { ...base, verdict: 'open', provenance: [], message: { key: `policy.open.${direction}`, params } }
      : undefined;
  }
  const selecting = jumps.map((j) => policies.get(j.target)!);
  if (own.some((l) => l.matched && l.comment === 'Drop if no policies passed packet')) {
    const list = selecting.map(name);
    return {
      ...base, verdict: 'denied', policies: list,
      provenance: selecting.flatMap((p) => (p.provenance ? [p.provenance] : [])),
      message: { key: `policy.denied.${direction}`, params: { ...params, policies: list.join(', ') } },
    };
  }
  // The accept: the last policy chain jumped to before "Return if policy accepted" fired, and
  // in that chain, the rule that set the accept mark.
  const at = lines.findIndex((l) => l.chain === chain && l.matched && l.comment === 'Return if policy accepted');
  if (at < 0) return undefined;
  const jump = lines.slice(0, at).findLast((l) => l.chain === chain && l.matched && policies.has(l.target));
  if (!jump) return undefined;
  const policy = policies.get(jump.target)!;
  const mark = lines.slice(0, at).findLast((l) => l.chain === jump.target && l.matched && l.target === 'MARK');
  const rules = direction === 'ingress' ? policy.ingress : policy.egress;
  const rule = mark?.provenance ? rules.findIndex((r) => sameRange(mark.provenance!, r.provenance)) : -1;
  const provenance = rule >= 0 && rules[rule].provenance ? [rules[rule].provenance!] : policy.provenance ? [policy.provenance] : [];
  return {
    ...base, verdict: 'allowed', policy: name(policy), ...(rule >= 0 ? { rule } : {}), provenance,
    message: rule >= 0
      ? { key: `policy.allowed.${direction}`, params: { ...params, policy: name(policy), rule } }
      : { key: `policy.allowedBy.${direction}`, params: { ...params, policy: name(policy) } },
  };
}

/** The verdicts of every felix endpoint chain one filter hop passed, in the order the packet met them. */
export function hopDecisions(cluster: Cluster, hop: Hop): PolicyDecision[] {
  const rules = hop.netfilter?.rules;
  if (!rules || cluster.cni?.plugin !== 'calico' || !hop.at.startsWith('node/')) return [];
  const node = hop.at.slice(5);
  const lines = rules.map(read);
  const policies = new Map<string, NetworkPolicyInfo>();
  for (const p of cluster.networkPolicies ?? []) {
    policies.set(policyChainName('in', p), p);
    policies.set(policyChainName('out', p), p);
  }
  const out: PolicyDecision[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if (seen.has(l.chain) || !(l.chain.startsWith('cali-fw-') || l.chain.startsWith('cali-tw-'))) continue;
    seen.add(l.chain);
    const direction = l.chain.startsWith('cali-fw-') ? 'egress' : 'ingress';
    const pod = cluster.pods.find((p) => p.node === node && p.hostVeth && endpointChainName(direction === 'egress' ? 'fw' : 'tw', p.hostVeth) === l.chain);
    if (!pod) continue;
    const d = decide(l.chain, direction, pod, lines, policies);
    if (d) out.push(d);
  }
  return out;
}

/**
 * Puts felix's verdicts on the filter hops of a Calico trace: the decisions themselves, the
 * YAML lines behind them, and a title naming the policy where one decided (the denial first:
 * it is what stopped the packet).
 */
export function addPolicyDecisions(cluster: Cluster, trace: Trace): void {
  if (cluster.cni?.plugin !== 'calico') return;
  for (const hop of trace.hops) {
    if (hop.kind !== 'filter') continue;
    const decisions = hopDecisions(cluster, hop);
    if (decisions.length === 0) continue;
    hop.policy = decisions;
    for (const d of decisions) for (const p of d.provenance) if (!hop.provenance.some((q) => sameRange(p, q))) hop.provenance.push(p);
    const lead = decisions.find((d) => d.verdict === 'denied') ?? decisions.find((d) => d.verdict === 'allowed');
    if (!lead) continue;
    const dir = lead.direction === 'ingress' ? 'In' : 'Out';
    const key = lead.verdict === 'denied' ? `hop.policyDeny${dir}.title` : `hop.policy${dir}.title`;
    hop.title = { key, params: { ...hop.title.params, pod: lead.pod, ...(lead.policy ? { policy: lead.policy } : {}) } };
  }
  // The connection's own drop was felix's: the outcome says which side's policies dropped it.
  const last = trace.hops.slice(0, trace.replyStart).at(-1);
  const filter = trace.hops.slice(0, trace.replyStart).findLast((h) => h.kind === 'filter');
  const denied = filter?.policy?.find((d) => d.verdict === 'denied');
  if (trace.outcome === 'dropped' && trace.outcomeMessage.key === 'outcome.dropped' && denied && last?.kind === 'drop' && last.index === filter!.index + 1) {
    trace.outcomeMessage = { key: `outcome.policyDropped.${denied.direction}`, params: { ...trace.outcomeMessage.params, pod: denied.pod, policies: (denied.policies ?? []).join(', ') } };
  }
}
