/**
 * Ingresses as stored, with the status the ingress controller writes. ingress-nginx publishes
 * where it can be reached (internal/ingress/status/status.go runningAddresses): the addresses
 * of a LoadBalancer Service in front of it, or else the addresses of the nodes its pods run
 * on, which is the bare-metal hostNetwork case. It writes only Ingresses of its class, which
 * the simulation takes as `nginx` or none (as the trace does).
 */
import { INGRESS_NGINX_IMAGE } from '../addons';
import { matchesSelector, obj, type Json } from '../fields';
import type { IngressInfo } from '../ingress/admit';
import type { Cluster } from '../model';
import type { ApiClock } from './clock';
import { objectMeta } from './meta';
import { copy, writtenMeta, type Sources } from './source';
import { byKey, type KubeObject } from './types';

/** The addresses ingress-nginx publishes, sorted as its status sync sorts them. */
export function controllerAddresses(cluster: Cluster): string[] {
  const pods = cluster.pods.filter((p) => p.phase === 'Running' && p.node && p.images.some((i) => INGRESS_NGINX_IMAGE.test(i)));
  const front = cluster.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.length > 0 && s.selector && pods.some((p) => p.namespace === s.namespace && matchesSelector(s.selector!, p.labels)));
  const ips = front
    ? [...front.loadBalancerIPs, ...front.externalIPs]
    : pods.map((p) => cluster.nodes.find((n) => n.name === p.node)?.ip).filter((ip): ip is string => !!ip);
  return [...new Set(ips)].sort();
}

function served(ingress: IngressInfo): boolean {
  return !ingress.className || ingress.className === 'nginx';
}

export function ingressObjects(cluster: Cluster, sources: Sources, clock: ApiClock): KubeObject[] {
  const addresses = controllerAddresses(cluster);
  return cluster.ingresses
    .map((ingress): KubeObject => {
      const source = sources.find('Ingress', ingress.namespace, ingress.name);
      const spec: Json = copy(obj(source?.body.spec) ?? {});
      const published = served(ingress) ? addresses : [];
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: objectMeta({ kind: 'Ingress', name: ingress.name, namespace: ingress.namespace, created: clock.applied, generation: 1, ...writtenMeta(source) }),
        spec,
        status: { loadBalancer: published.length > 0 ? { ingress: published.map((ip) => ({ ip })) } : {} },
      };
    })
    .sort(byKey);
}
