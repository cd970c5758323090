/**
 * An ingress-nginx controller that received a request: it matches the Host header and path
 * against the Ingresses it serves, picks one ready endpoint of the backend Service, and proxies
 * to that pod directly (no cluster IP, no kube-proxy). Nothing matches: 404 from its default
 * backend. A backend without ready endpoints: 503.
 */
import { INGRESS_NGINX_IMAGE } from '../addons';
import { endpointsFor } from '../kubeproxy/iptables';
import { matchIngress } from '../ingress/route';
import type { PodInfo } from '../model';
import type { Packet } from './packet';
import { pinnedIndex } from './random';
import type { Candidate } from './types';
import { push, type Proxy, type Walk } from './walk';

export function isIngressController(pod: PodInfo): boolean {
  return pod.images.some((i) => INGRESS_NGINX_IMAGE.test(i));
}

/** The Ingresses ingress-nginx serves: class-less ones (nginx is the default class) and class `nginx`. */
function served(walk: Walk) {
  return walk.net.cluster.ingresses.filter((i) => !i.className || i.className === 'nginx');
}

export function ingressDecision(walk: Walk, pod: PodInfo, packet: Packet): Proxy | undefined {
  if (!isIngressController(pod) || packet.dport !== 80 || !packet.http) return undefined;
  const at = `pod/${pod.namespace}/${pod.name}`;
  const { host, path } = packet.http;
  const match = matchIngress(served(walk), host, path);
  const cluster = walk.net.cluster;
  const fail = (status: number, key: string, params: Record<string, string | number>) => {
    push(walk, at, at, 'proxy', key, packet, packet, { host, path, server: match.server, status, ...params },
      { provenance: match.path?.provenance ? [match.path.provenance] : match.ingress?.provenance ? [match.ingress.provenance] : [] });
    return { status, controller: pod };
  };
  if (!match.backend) return fail(404, 'ingress404', {});
  const svc = cluster.services.find((s) => s.namespace === match.namespace && s.name === match.backend!.service);
  const port = svc?.ports.find((p) => (typeof match.backend!.port === 'number' ? p.port === match.backend!.port : p.name === match.backend!.port));
  const backend = `${match.backend.service}:${match.backend.port}`;
  if (!svc || !port) return fail(503, 'ingress503', { backend });
  const endpoints = endpointsFor(svc, port, cluster.endpointSlices).filter((e) => e.ready);
  if (endpoints.length === 0) return fail(503, 'ingress503', { backend });
  // The Lua balancer's round robin: every endpoint as likely; the seed or the pin picks one.
  const candidates: Candidate[] = endpoints.map((e) => {
    const p = cluster.pods.find((x) => `pod/${x.namespace}/${x.name}` === e.targetRef);
    return { ip: e.ip, port: e.port, probability: 1 / endpoints.length, chain: `${svc.namespace}/${svc.name}`, namespace: p?.namespace, pod: p?.name, node: p?.node };
  });
  const pick = walk.pick !== undefined ? pinnedIndex(walk.pick, candidates.length) : Math.floor(walk.rng() * candidates.length);
  const chosen = candidates[pick];
  // The pods the request can end on are the trace's candidates, even when kube-proxy chose a
  // controller pod first (a controller behind a NodePort or LoadBalancer Service).
  walk.candidates.splice(0, walk.candidates.length, ...candidates);
  push(walk, at, at, 'proxy', 'ingressMatch', packet, packet,
    { host, path, server: match.server, rule: match.path ? `${match.path.pathType} ${match.path.path}` : 'defaultBackend', ingress: `${match.ingress!.namespace}/${match.ingress!.name}`, backend, to: `${chosen.ip}:${chosen.port}` },
    { candidates, chosen: pick, provenance: [match.path?.provenance ?? match.ingress!.provenance!].filter(Boolean) });
  return { to: { ip: chosen.ip, port: chosen.port }, controller: pod };
}
