/**
 * A benchmark of a build that silently went wrong (pods Pending, Services rejected) measures
 * nothing: every cluster is checked against what its YAML asks for before it is timed.
 */
import type { Cluster } from '../src/engine/model';
import type { Size } from './clusters';

export function checkCluster(size: Size, cluster: Cluster): void {
  const problems: string[] = [];
  const want = (what: string, got: number, expected: number) => {
    if (got !== expected) problems.push(`${what}: ${got}, expected ${expected}`);
  };
  want('nodes', cluster.nodes.length, size.expect.nodes);
  want('pods Running with an IP', cluster.pods.filter((p) => p.phase === 'Running' && p.ip).length, size.expect.pods);
  want('pods ready', cluster.pods.filter((p) => p.ready).length, size.expect.pods);
  want('services admitted', cluster.services.length, size.expect.services);
  want('load balancers with an address and a node', cluster.services.filter((s) => s.loadBalancerIPs.length > 0 && s.announcedBy).length, size.expect.loadBalancers);
  for (const d of cluster.diagnostics) {
    if (d.severity !== 'info') problems.push(`${d.severity} ${d.code}: ${d.message}`);
  }
  // Each Service's slice holds one endpoint per member pod and port; members found by an index
  // here, so the check stays cheap on 20,000 pods.
  const byLabel = new Map<string, Cluster['pods']>();
  for (const p of cluster.pods) {
    for (const [k, v] of Object.entries(p.labels)) {
      const key = `${p.namespace}/${k}=${v}`;
      const group = byLabel.get(key);
      if (group) group.push(p);
      else byLabel.set(key, [p]);
    }
  }
  let expected = 0;
  for (const s of cluster.services) {
    if (!s.selector) continue;
    const [first, ...rest] = Object.entries(s.selector);
    const members = (byLabel.get(`${s.namespace}/${first[0]}=${first[1]}`) ?? []).filter((p) => rest.every(([k, v]) => p.labels[k] === v));
    if (members.length === 0) problems.push(`Service ${s.namespace}/${s.name} selects no pod`);
    expected += members.length * s.ports.length;
  }
  const endpoints = cluster.endpointSlices.flatMap((s) => s.endpoints);
  // The `kubernetes` Service's endpoints are mirrored from the API server's Endpoints.
  want('ready selector endpoints', endpoints.filter((e) => e.ready && e.targetRef).length, expected);
  if (problems.length > 0) throw new Error(`${size.label}: the build is not what the YAML asks for:\n  ${problems.slice(0, 20).join('\n  ')}`);
}

/** The first NodePort of the user's Services, reached on the first node from the outside host. */
export function nodePortTarget(cluster: Cluster): string {
  const svc = cluster.services.find((s) => !s.system && s.type === 'NodePort');
  if (!svc?.ports[0].nodePort) throw new Error('no NodePort Service to trace');
  return `${cluster.nodes[0].ip}:${svc.ports[0].nodePort}`;
}
