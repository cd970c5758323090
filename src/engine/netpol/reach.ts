/**
 * The reachability matrix: for every ordered pair of distinct pods (hostNetwork pods left out,
 * as they are node traffic; pods without an address left out, as nothing can connect to them),
 * every port and protocol asked for, whether a connection from the one to the other's pod IP
 * gets through NetworkPolicy, and why. This is the table the upstream e2e tests
 * (test/e2e/network/netpol) probe and compare with their truth tables.
 *
 * On a cluster whose plugin enforces nothing (flannel alone) every probe is allowed, and the
 * reason says which policy would have denied it.
 */
import { enforcesNetworkPolicy, FLANNEL } from '../cni/choice';
import type { Cluster, PodInfo } from '../model';
import { evaluate, type Connection, type PolicyContext, type PolicyVerdict } from './evaluate';
import { describeVerdict } from './explain';
import type { Protocol } from './types';

export interface ReachProbe {
  /** `namespace/name` of the client pod. */
  from: string;
  /** `namespace/name` of the server pod. */
  to: string;
  port: number;
  protocol: Protocol;
  allowed: boolean;
  reason: string;
}

export interface Reachability {
  cni: 'flannel' | 'calico';
  /** Whether the plugin enforces NetworkPolicy: when false, every probe is allowed. */
  enforced: boolean;
  probes: ReachProbe[];
}

/** What evaluate() needs from a built cluster. */
export function policyContext(cluster: Cluster): PolicyContext {
  const namespaceLabels: PolicyContext['namespaceLabels'] = {};
  for (const ns of cluster.namespaces ?? []) namespaceLabels[ns.name] = ns.labels;
  return { policies: cluster.networkPolicies ?? [], namespaceLabels, nodes: cluster.nodes };
}

const podName = (p: PodInfo) => `${p.namespace}/${p.name}`;

/** The pods the matrix has rows and columns for, by namespace then name. */
export function matrixPods(cluster: Cluster): PodInfo[] {
  return cluster.pods.filter((p) => p.ip && !p.hostNetwork).sort((a, b) => (podName(a) < podName(b) ? -1 : podName(a) > podName(b) ? 1 : 0));
}

/** The reason a probe prints, given whether the plugin enforces the verdict. */
export function probeReason(conn: Connection, verdict: PolicyVerdict, enforced: boolean): string {
  const why = describeVerdict(conn, verdict);
  if (verdict.allowed) return `allowed: ${why}`;
  if (enforced) return `denied: ${why}`;
  return `allowed: flannel enforces no NetworkPolicy; enforced, it would be denied: ${why}`;
}

/** Every probe, in the order: client, server, port, protocol. */
export function reachability(cluster: Cluster, ports: number[], protocols: Protocol[]): Reachability {
  const cni = cluster.cni ?? FLANNEL;
  const enforced = enforcesNetworkPolicy(cni);
  const ctx = policyContext(cluster);
  const pods = matrixPods(cluster);
  const probes: ReachProbe[] = [];
  for (const from of pods) {
    for (const to of pods) {
      if (from === to) continue;
      for (const port of ports) {
        for (const protocol of protocols) {
          const conn: Connection = { from: { pod: from }, to, port, protocol };
          const verdict = evaluate(ctx, conn);
          probes.push({ from: podName(from), to: podName(to), port, protocol, allowed: enforced ? verdict.allowed : true, reason: probeReason(conn, verdict, enforced) });
        }
      }
    }
  }
  return { cni: cni.plugin, enforced, probes };
}

/**
 * The matrix as the app draws it, for one port and protocol: the pods (rows are clients,
 * columns servers, in matrixPods' order) and each cell's verdict. `unenforced`: the connection
 * goes through because nothing enforces NetworkPolicy (flannel), though a policy would deny it.
 * The diagonal is null: a pod is never cut off from itself, and the upstream tests do not probe it.
 */
export interface ReachMatrix {
  cni: Reachability['cni'];
  enforced: boolean;
  port: number;
  protocol: Protocol;
  pods: { id: string; ip: string }[];
  cells: (('allowed' | 'denied' | 'unenforced') | null)[][];
}

export function reachMatrix(cluster: Cluster, port: number, protocol: Protocol): ReachMatrix {
  const cni = cluster.cni ?? FLANNEL;
  const enforced = enforcesNetworkPolicy(cni);
  const ctx = policyContext(cluster);
  const pods = matrixPods(cluster);
  const cells = pods.map((from) => pods.map((to) => {
    if (from === to) return null;
    const verdict = evaluate(ctx, { from: { pod: from }, to, port, protocol });
    return verdict.allowed ? 'allowed' : enforced ? 'denied' : 'unenforced';
  }));
  return { cni: cni.plugin, enforced, port, protocol, pods: pods.map((p) => ({ id: podName(p), ip: p.ip! })), cells };
}
