/**
 * The default scheduler, reduced to what decides placement here: node name, taints,
 * nodeSelector, then spreading a workload's pods over the nodes that remain (the default
 * PodTopologySpread on hostname), ties broken by node order.
 */
import { matchesSelector } from '../fields';
import type { NodeInfo, PodInfo } from '../model';
import type { Diagnostic } from '../types';
import type { PodRequest } from './workloads';

/** kubelet's default maxPods: the scheduler puts no more pods than this on a node. */
export const MAX_PODS_PER_NODE = 110;

/** k8s.io/api core/v1 Toleration.ToleratesTaint: effect and key must match when set; Equal compares values. */
function tolerates(req: PodRequest, taint: NodeInfo['taints'][number]): boolean {
  return req.tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/** Why the node never fits the pod, whatever runs there: cordon, taints, nodeSelector. */
function staticMisfit(req: PodRequest, node: NodeInfo): string | undefined {
  if (node.unschedulable && !tolerates(req, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return 'node(s) were unschedulable';
  const taint = node.taints.find((t) => t.effect === 'NoSchedule' && !tolerates(req, t));
  if (taint) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  if (!matchesSelector(req.nodeSelector, node.labels)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

const ANY_IP = '0.0.0.0';

/**
 * HostPortInfo.CheckConflict (pkg/scheduler/framework/types.go, v1.28): host ports are
 * (hostIP, protocol, port). TCP and UDP on one port never clash; two specific hostIPs do not
 * clash; an unset hostIP is 0.0.0.0, which clashes with every address on that protocol and port,
 * both ways.
 */
function conflicts(held: Map<string, Set<string>>, h: PodInfo['hostPorts'][number]): boolean {
  const ips = held.get(`${h.protocol}/${h.port}`);
  if (!ips || ips.size === 0) return false;
  const ip = h.hostIP || ANY_IP;
  return ip === ANY_IP || ips.has(ANY_IP) || ips.has(ip);
}

/**
 * Counters by node. A node is found by its name, so two nodes of one name (which the API
 * server never lets through) would share counters, as they do in kube-scheduler's cache.
 */
class Load {
  readonly slot: number[];
  readonly pods: number[];
  /** Per slot: `protocol/port` → the hostIPs holding it (0.0.0.0 for every address). */
  readonly hostPorts: Map<string, Set<string>>[];
  /** owner → pods of that owner per slot. */
  readonly perOwner = new Map<string | undefined, number[]>();

  constructor(readonly nodes: NodeInfo[]) {
    const first = new Map<string, number>();
    this.slot = nodes.map((n, i) => {
      if (!first.has(n.name)) first.set(n.name, i);
      return first.get(n.name)!;
    });
    this.pods = nodes.map(() => 0);
    this.hostPorts = nodes.map(() => new Map());
  }

  owned(owner: string | undefined): number[] {
    let counts = this.perOwner.get(owner);
    if (!counts) this.perOwner.set(owner, (counts = this.nodes.map(() => 0)));
    return counts;
  }

  /** Why the node cannot take the pod now: its ports or its pod count. */
  dynamicMisfit(pod: PodInfo, i: number): string | undefined {
    const s = this.slot[i];
    // The NodePorts filter: only declared host ports count (node_ports.go).
    if (pod.hostPorts.some((h) => conflicts(this.hostPorts[s], h))) return "node(s) didn't have free ports for the requested pod ports";
    // The NodeResourcesFit plugin's wording: no "node(s)" in front.
    if (this.pods[s] >= MAX_PODS_PER_NODE) return 'Too many pods';
    return undefined;
  }

  /**
   * Of the candidates that fit now (all of them when `pinned`: a pod with a nodeName skips
   * the filters), the first in node order with the fewest pods of its owner, then the fewest
   * pods: what a stable sort by those two counts puts first. One pass, as it runs per pod.
   */
  best(pod: PodInfo, candidates: number[], pinned: boolean): number | undefined {
    const owned = this.owned(pod.owner);
    let best: number | undefined;
    let bestOwned = Infinity;
    let bestPods = Infinity;
    for (const i of candidates) {
      const s = this.slot[i];
      const o = owned[s];
      const p = this.pods[s];
      if (o > bestOwned || (o === bestOwned && p >= bestPods)) continue;
      if (!pinned && this.dynamicMisfit(pod, i)) continue;
      best = i;
      bestOwned = o;
      bestPods = p;
    }
    return best;
  }

  place(pod: PodInfo, i: number): void {
    const s = this.slot[i];
    this.pods[s] += 1;
    for (const h of pod.hostPorts) {
      const key = `${h.protocol}/${h.port}`;
      const ips = this.hostPorts[s].get(key) ?? new Set<string>();
      ips.add(h.hostIP || ANY_IP);
      this.hostPorts[s].set(key, ips);
    }
    this.owned(pod.owner)[s] += 1;
  }
}

export function schedule(requests: PodRequest[], nodes: NodeInfo[]): { pods: PodInfo[]; diagnostics: Diagnostic[] } {
  const load = new Load(nodes);
  const pending = new Map<string, { first: PodInfo; reason: string; more: number; nodeName?: string }>();
  // The static filters depend on the pod's tolerations and nodeSelector only, which a
  // workload's replicas share: they run once per distinct pair, not once per pod and node.
  const fitting = new Map<string, number[]>();
  const staticFit = (req: PodRequest) => {
    const key = JSON.stringify([req.nodeSelector, req.tolerations]);
    let list = fitting.get(key);
    if (!list) fitting.set(key, (list = nodes.flatMap((n, i) => (staticMisfit(req, n) ? [] : [i]))));
    return list;
  };
  const pods = requests.map((req) => {
    const pod = req.pod;
    const chosen = req.nodeName
      ? load.best(pod, nodes.flatMap((n, i) => (n.name === req.nodeName ? [i] : [])), true)
      : load.best(pod, staticFit(req), false);
    if (chosen === undefined) {
      const reason = unschedulable(req, nodes, load);
      const key = `${pod.owner}|${reason}`;
      const group = pending.get(key);
      if (group) group.more += 1;
      else pending.set(key, { first: pod, reason, more: 0, nodeName: req.nodeName });
      return { ...pod };
    }
    load.place(pod, chosen);
    return { ...pod, node: nodes[chosen].name, phase: 'Running' as const, ready: req.readiness.ready, notReady: req.readiness.why };
  });
  // One problem per workload and reason, not one per replica.
  const diagnostics: Diagnostic[] = [...pending.values()].map(({ first, reason, more, nodeName }) => {
    const who = more > 0 ? `pods ${first.name} and ${more} more are` : `pod ${first.name} is`;
    return {
      severity: 'warning',
      code: 'pod-unschedulable',
      message: `${who} Pending: ${reason}`,
      ...(nodeName ? { key: 'diag.nodeNameUnknown', params: { pod: first.name, more, node: nodeName } } : {}),
      range: first.provenance!.range,
      object: first.provenance!.object,
    };
  });
  return { pods, diagnostics };
}

/** The scheduler's event text: each node's first failing filter, counted; a nodeName naming no node never reaches a scheduler at all. */
function unschedulable(req: PodRequest, nodes: NodeInfo[], load: Load): string {
  if (req.nodeName) return `spec.nodeName "${req.nodeName}" names no node of this cluster`;
  const reasons = new Map<string, number>();
  nodes.forEach((node, i) => {
    const why = staticMisfit(req, node) ?? load.dynamicMisfit(req.pod, i);
    if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
  });
  const total = nodes.length;
  const list = [...reasons.entries()].map(([why, n]) => `${n} ${why}`).sort().join(', ');
  return `0/${total} nodes are available: ${list}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}
