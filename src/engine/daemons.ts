/**
 * Processes that listen on a kubeadm node's own addresses without a pod network namespace of
 * their own: the kubelet (`--port` 10250, all addresses), kube-proxy's health server (10256,
 * and one per LoadBalancer Service with externalTrafficPolicy Local on its healthCheckNodePort),
 * and on the control plane the API server (6443, a hostNetwork static pod).
 */
import type { Cluster, NodeInfo } from './model';

export function nodeDaemon(cluster: Cluster, node: NodeInfo, port: number): string | undefined {
  if (port === 10250) return 'kubelet';
  if (port === 10256 || cluster.services.some((s) => s.healthCheckNodePort === port)) return 'kube-proxy';
  if (node.controlPlane && port === 6443) return 'kube-apiserver';
  return undefined;
}
