/** Pod addresses in the order a CNI plugin's IPAM hands them out, for flannel's host-local and Calico IPAM alike. */
import type { NodeInfo, PodInfo } from './model';

/** What a CNI plugin's IPAM does for a pod's sandbox: hand out an address on a node, take it back. */
export interface PodIpam {
  allocate(node: string): string | undefined;
  release(node: string, ip: string): void;
  /** The host end of the pod's veth, as the plugin names it. */
  veth(pod: PodInfo): string;
}

/**
 * The order every plugin's IPAM sees sandboxes in: every pod as it was first made, in creation
 * order; then, deletion by deletion, the deleted pod's address released and its replacement's
 * sandbox asking for one. A pod with no address stays Pending (`failed`, for the plugin's own
 * FailedCreatePodSandBox words); a hostNetwork pod takes its node's IP ("HostNetwork Pods
 * inherit the node IPs as PodIPs", pkg/kubelet/kubelet_pods.go).
 */
export function addressPods(pods: PodInfo[], nodes: NodeInfo[], ipam: PodIpam): { pods: PodInfo[]; failed: PodInfo[] } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const ips: (string | undefined)[] = pods.map(() => undefined);
  const deletions: { deletion: number; pod: number }[] = [];
  pods.forEach((pod, i) => {
    if (!pod.node || pod.hostNetwork || !byName.has(pod.node)) return;
    ips[i] = ipam.allocate(pod.node);
    for (const r of pod.replaces ?? []) deletions.push({ deletion: r.deletion, pod: i });
  });
  for (const { pod: i } of deletions.sort((a, b) => a.deletion - b.deletion)) {
    const node = pods[i].node!;
    if (ips[i]) ipam.release(node, ips[i]!);
    ips[i] = ipam.allocate(node);
  }
  const failed: PodInfo[] = [];
  const out = pods.map((pod, i): PodInfo => {
    const node = pod.node ? byName.get(pod.node) : undefined;
    if (!node) return pod;
    if (pod.hostNetwork) return { ...pod, ip: node.ip };
    if (!ips[i]) {
      failed.push(pod);
      return { ...pod, phase: 'Pending', ready: false };
    }
    return { ...pod, ip: ips[i], hostVeth: ipam.veth(pod) };
  });
  return { pods: out, failed };
}
