/** For tests: the cluster without the objects kubeadm put there (CoreDNS, kubernetes, kube-dns). */
import type { Cluster } from './model';

export function userView(cluster: Cluster): Cluster {
  const services = cluster.services.filter((s) => !s.system);
  const names = new Set(services.map((s) => `${s.namespace}/${s.name}`));
  return {
    ...cluster,
    pods: cluster.pods.filter((p) => !p.system),
    services,
    endpointSlices: cluster.endpointSlices.filter((e) => names.has(`${e.namespace}/${e.serviceName}`)),
  };
}
