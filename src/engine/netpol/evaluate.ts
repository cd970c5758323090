/**
 * The NetworkPolicy verdict on one connection, as the API defines it (k8s.io/api networking/v1
 * types.go, and the upstream e2e tests in test/e2e/network/netpol/ as the truth): which policy
 * and rule let it out of the client (egress) and into the server (ingress), or that policies
 * select a side and none allowed it, or that no policy selects it.
 *
 * - Isolation is per pod and per direction: a pod is isolated for ingress only when a policy of
 *   its namespace selects it with `Ingress` in its policyTypes; likewise for egress.
 * - Policies only allow, and add up: the union of every selecting policy's rules decides.
 * - Both ends must allow: the client's egress (if isolated) and the server's ingress (if isolated).
 * - Traffic from the pod's own node is always allowed in (types.go: "OR if the traffic source is
 *   the pod's local node"), a pod is never cut off from itself, and hostNetwork pods are node
 *   traffic: not isolated by a policy that selects them, matched as peers by ipBlock only.
 *
 * Pure: the caller passes the connection as the CNI sees it (after any Service DNAT: the backend
 * pod and its target port). Whether the verdict is enforced is the CNI's business (reach.ts).
 */
import type { NodeInfo, PodInfo } from '../model';
import type { Provenance } from '../types';
import { cidrHas } from './cidr';
import type { LabelSelector, NetworkPolicyInfo, PolicyPeer, PolicyPort, PolicyRule, Protocol } from './types';

/** Label selector semantics (metav1.LabelSelectorAsSelector): `NotIn` also matches a missing key. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const has = (k: string) => Object.hasOwn(labels, k);
  return Object.entries(selector.matchLabels).every(([k, v]) => has(k) && labels[k] === v)
    && selector.matchExpressions.every((e) => {
      switch (e.operator) {
        case 'In': return has(e.key) && e.values.includes(labels[e.key]);
        case 'NotIn': return !has(e.key) || !e.values.includes(labels[e.key]);
        case 'Exists': return has(e.key);
        case 'DoesNotExist': return !has(e.key);
      }
    });
}

/** What the policies are judged against: the policies, namespace labels and nodes. */
export interface PolicyContext {
  policies: NetworkPolicyInfo[];
  /** Labels of each namespace by name (with `kubernetes.io/metadata.name`, set by the control plane). */
  namespaceLabels: Record<string, Record<string, string>>;
  nodes: NodeInfo[];
}

/** The client: a pod, or an address (a node, an outside host). */
export type Client = { pod: PodInfo } | { ip: string };

export interface Connection {
  from: Client;
  /** The server pod, after DNAT. */
  to: PodInfo;
  /** The destination port on the pod (a Service's targetPort, resolved). */
  port: number;
  protocol: Protocol;
}

export interface PolicyRef {
  namespace: string;
  name: string;
  provenance?: Provenance;
}

/** The verdict on one side of the connection. */
export type SideVerdict =
  /** No policy of the pod's namespace selects it for this direction: everything is allowed. */
  | { verdict: 'not-isolated' }
  /** The first policy (in the order written) and rule (0-based) whose peers and ports match. */
  | { verdict: 'allowed'; policy: PolicyRef; rule: number; ruleProvenance?: Provenance }
  /** Policies select the pod for this direction, and no rule of theirs allows the connection. */
  | { verdict: 'denied'; policies: PolicyRef[] }
  /** NetworkPolicy does not apply: the client is not a pod (egress), the server's own node, the pod itself, a hostNetwork pod. */
  | { verdict: 'exempt'; why: 'not-a-pod' | 'node-local' | 'self' | 'host-network' };

export interface PolicyVerdict {
  /** The client's egress. */
  egress: SideVerdict;
  /** The server's ingress. */
  ingress: SideVerdict;
  /** Both sides let it through. */
  allowed: boolean;
}

const passes = (s: SideVerdict) => s.verdict !== 'denied';
const ref = (p: NetworkPolicyInfo): PolicyRef => ({ namespace: p.namespace, name: p.name, ...(p.provenance ? { provenance: p.provenance } : {}) });

/** A hostNetwork pod is its node: it has the node's address and no pod identity. */
const podIdentity = (client: Client): PodInfo | undefined => ('pod' in client && !client.pod.hostNetwork ? client.pod : undefined);
const clientIp = (client: Client): string => ('pod' in client ? client.pod.ip ?? '' : client.ip);

function namespaceLabels(ctx: PolicyContext, namespace: string): Record<string, string> {
  return ctx.namespaceLabels[namespace] ?? { 'kubernetes.io/metadata.name': namespace };
}

/** Whether a peer entry matches a pod (by identity or address) or a bare address. */
function peerMatches(ctx: PolicyContext, policy: NetworkPolicyInfo, peer: PolicyPeer, pod: PodInfo | undefined, ip: string): boolean {
  if (peer.ipBlock) return cidrHas(peer.ipBlock.cidr, ip) && !peer.ipBlock.except.some((e) => cidrHas(e, ip));
  if (!pod) return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(ctx, pod.namespace))) return false;
  } else if (pod.namespace !== policy.namespace) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
}

/** Whether a ports entry matches; a named port is looked up in the destination pod, with its protocol. */
function portMatches(p: PolicyPort, server: PodInfo, port: number, protocol: Protocol): boolean {
  if (p.protocol !== protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
  return server.ports.some((c) => c.name === p.port && c.protocol === protocol && c.containerPort === port);
}

function ruleMatches(ctx: PolicyContext, policy: NetworkPolicyInfo, rule: PolicyRule, peerPod: PodInfo | undefined, peerIp: string, conn: Connection): boolean {
  const peerOk = rule.peers.length === 0 || rule.peers.some((peer) => peerMatches(ctx, policy, peer, peerPod, peerIp));
  return peerOk && (rule.ports.length === 0 || rule.ports.some((p) => portMatches(p, conn.to, conn.port, conn.protocol)));
}

/** Each context's answers to selectingPolicies, per pod and direction: a matrix asks each n times. */
const selectedCache = new WeakMap<PolicyContext, WeakMap<PodInfo, Partial<Record<'Ingress' | 'Egress', NetworkPolicyInfo[]>>>>();

/** The policies of the pod's namespace that select it for this direction. */
export function selectingPolicies(ctx: PolicyContext, pod: PodInfo, direction: 'Ingress' | 'Egress'): NetworkPolicyInfo[] {
  if (pod.hostNetwork) return [];
  let byPod = selectedCache.get(ctx);
  if (!byPod) selectedCache.set(ctx, (byPod = new WeakMap()));
  let mine = byPod.get(pod);
  if (!mine) byPod.set(pod, (mine = {}));
  return (mine[direction] ??= ctx.policies.filter((p) => p.namespace === pod.namespace && p.policyTypes.includes(direction) && selectorMatches(p.podSelector, pod.labels)));
}

function side(selected: NetworkPolicyInfo[], rulesOf: (p: NetworkPolicyInfo) => PolicyRule[], matches: (p: NetworkPolicyInfo, r: PolicyRule) => boolean): SideVerdict {
  if (selected.length === 0) return { verdict: 'not-isolated' };
  for (const policy of selected) {
    const rules = rulesOf(policy);
    for (let i = 0; i < rules.length; i++) {
      if (matches(policy, rules[i])) return { verdict: 'allowed', policy: ref(policy), rule: i, ...(rules[i].provenance ? { ruleProvenance: rules[i].provenance } : {}) };
    }
  }
  return { verdict: 'denied', policies: selected.map(ref) };
}

/** The verdict on a connection, both sides. */
export function evaluate(ctx: PolicyContext, conn: Connection): PolicyVerdict {
  const clientPod = podIdentity(conn.from);
  const ip = clientIp(conn.from);
  const self = 'pod' in conn.from && conn.from.pod.namespace === conn.to.namespace && conn.from.pod.name === conn.to.name;
  if (self) return { egress: { verdict: 'exempt', why: 'self' }, ingress: { verdict: 'exempt', why: 'self' }, allowed: true };

  const egress: SideVerdict = clientPod
    ? side(selectingPolicies(ctx, clientPod, 'Egress'), (p) => p.egress, (p, r) => ruleMatches(ctx, p, r, conn.to.hostNetwork ? undefined : conn.to, conn.to.ip ?? '', conn))
    : { verdict: 'exempt', why: 'not-a-pod' };

  let ingress: SideVerdict;
  const serverNode = ctx.nodes.find((n) => n.name === conn.to.node);
  if (conn.to.hostNetwork) ingress = { verdict: 'exempt', why: 'host-network' };
  else if (!clientPod && serverNode && ip === serverNode.ip) ingress = { verdict: 'exempt', why: 'node-local' };
  else ingress = side(selectingPolicies(ctx, conn.to, 'Ingress'), (p) => p.ingress, (p, r) => ruleMatches(ctx, p, r, clientPod, ip, conn));

  return { egress, ingress, allowed: passes(egress) && passes(ingress) };
}
