/** The YAML object behind a canvas element (a pod's workload, a Service, an Ingress, a Node). */
import type { Cluster, Provenance } from '../engine';

export function objectOfElement(cluster: Cluster, id: string): Provenance | undefined {
  const [kind, a, b] = id.split('/');
  const named = (x: { namespace: string; name: string }) => x.namespace === a && x.name === b;
  let p: Provenance | undefined;
  if (kind === 'pod') p = cluster.pods.find(named)?.provenance;
  else if (kind === 'svc') p = cluster.services.find(named)?.provenance;
  else if (kind === 'ingress') p = cluster.ingresses.find(named)?.provenance;
  else if (kind === 'node' && id.split('/').length === 2) p = cluster.nodes.find((n) => n.name === a)?.provenance;
  return p && p.range.start.line > 0 ? p : undefined;
}
