/**
 * After a file replaces the manifests, the old request may point at nothing (the lesson's
 * node port on 192.168.255.102, in a cluster on another network). This keeps a request that
 * still reaches something of the new cluster, and otherwise proposes the first one a teacher
 * would try: the outside host to a NodePort on the first worker, or to a LoadBalancer address,
 * or a pod (or a node) to a ClusterIP Service by name.
 */
import { parseTarget, type Cluster, type TraceRequest } from '../engine';

/** Whether the request's source and target still exist in the cluster. */
export function stillReaches(cluster: Cluster, request: TraceRequest): boolean {
  if (request.portForward) return true;
  const from = request.from;
  if (from.startsWith('node/') && !cluster.nodes.some((n) => `node/${n.name}` === from)) return false;
  if (from.startsWith('pod/') && !cluster.pods.some((p) => `pod/${p.namespace}/${p.name}` === from || (p.namespace === 'default' && `pod/${p.name}` === from))) return false;
  const target = parseTarget(request.to);
  if (!target) return false;
  // A name resolves through DNS or /etc/hosts: whether it works is the trace's to tell.
  if (!target.ip) return true;
  const known = new Set<string>([
    ...cluster.nodes.map((n) => n.ip),
    ...cluster.pods.flatMap((p) => (p.ip ? [p.ip] : [])),
    ...cluster.services.flatMap((s) => [s.clusterIP, ...s.externalIPs, ...s.loadBalancerIPs]),
    ...cluster.externals.map((e) => e.ip),
  ]);
  return known.has(target.ip);
}

export function suggestRequest(cluster: Cluster, current: TraceRequest): TraceRequest {
  if (stillReaches(cluster, current)) return current;
  const services = cluster.services.filter((s) => !s.system);
  const worker = cluster.nodes.find((n) => !n.controlPlane) ?? cluster.nodes[0];
  const nodePort = services.find((s) => (s.type === 'NodePort' || s.type === 'LoadBalancer') && s.ports.some((p) => p.nodePort));
  if (nodePort && worker) {
    const port = nodePort.ports.find((p) => p.nodePort)!;
    return { from: 'external', to: `http://${worker.ip}:${port.nodePort}/` };
  }
  const balanced = services.find((s) => s.loadBalancerIPs.length > 0);
  if (balanced) return { from: 'external', to: `http://${balanced.loadBalancerIPs[0]}:${balanced.ports[0].port}/` };
  const clusterIp = services.find((s) => s.type === 'ClusterIP' && s.clusterIP && s.clusterIP !== 'None' && s.ports.length > 0);
  if (clusterIp) {
    const client = cluster.pods.find((p) => !p.system && p.ip && p.phase === 'Running' && !p.hostNetwork && p.status !== 'CrashLoopBackOff');
    const port = clusterIp.ports[0].port;
    if (client) return { from: `pod/${client.namespace}/${client.name}`, to: `http://${clusterIp.name}.${clusterIp.namespace}${port === 80 ? '' : `:${port}`}/` };
    if (worker) return { from: `node/${worker.name}`, to: `${clusterIp.clusterIP}:${port}` };
  }
  return current;
}
