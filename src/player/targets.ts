/**
 * The places a request can go, listed from the cluster: every Service port by DNS name (from a
 * pod, where cluster DNS answers), by cluster IP, by node port on every node, by load-balancer
 * and external IP; every Ingress host and path; every pod port; the ports pods hold on their
 * node; the outside servers. Only TCP: the request builder sends HTTP with curl.
 */
import type { Cluster, TraceRequest } from '../engine';

export type TargetGroup = 'dns' | 'clusterIP' | 'nodePort' | 'loadBalancer' | 'ingress' | 'pod' | 'hostPort' | 'outside';

export interface Target {
  group: TargetGroup;
  /** The request's `to`. */
  to: string;
  /** What it is, for the list: the object behind it. */
  what: string;
}

const url = (host: string, port: number, path = '/') => `http://${host}:${port}${path}`;

/** Cluster DNS answers pods that use it; the outside host and the nodes only have /etc/hosts. */
function usesClusterDns(cluster: Cluster, from: TraceRequest['from']): boolean {
  if (!from.startsWith('pod/')) return false;
  const [ns, name] = from.slice(4).includes('/') ? from.slice(4).split('/') : ['default', from.slice(4)];
  const pod = cluster.pods.find((p) => p.namespace === ns && p.name === name);
  return !!pod && (pod.hostNetwork ? pod.dnsPolicy === 'ClusterFirstWithHostNet' : pod.dnsPolicy === 'ClusterFirst' || pod.dnsPolicy === 'ClusterFirstWithHostNet');
}

/**
 * Past this many node-port targets (Service ports × nodes), each Service port is listed on one
 * node only, the first worker: 700 Services on 200 nodes would be 140,000 entries, of which a
 * list shows the first few hundred (all one Service's), and making them held the page for a
 * third of a second. Any node's address can still be typed.
 */
export const MAX_NODE_PORT_TARGETS = 2000;

export function targetsOf(cluster: Cluster, from: TraceRequest['from']): Target[] {
  const steps = targetsIn(cluster, from);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * The same list made a part at a time: the generator stops (yields) every `every` entries, so a
 * caller can give the page's thread back between parts (a 20,000-pod cluster's list took a
 * tenth of a second, in the render that followed a paste).
 */
export function* targetsIn(cluster: Cluster, from: TraceRequest['from'], every = 2000): Generator<void, Target[]> {
  const out: Target[] = [];
  let made = 0;
  const pause = () => ++made % every === 0;
  const dns = usesClusterDns(cluster, from);
  const nodePorts = cluster.services.reduce((n, svc) => n + svc.ports.filter((p) => p.protocol === 'TCP' && p.nodePort).length, 0);
  const firstWorker = cluster.nodes.find((n) => !n.controlPlane) ?? cluster.nodes[0];
  const portNodes = nodePorts * cluster.nodes.length <= MAX_NODE_PORT_TARGETS || !firstWorker ? cluster.nodes : [firstWorker];
  const nodeByName = new Map(cluster.nodes.map((n) => [n.name, n]));
  for (const svc of cluster.services) {
    const what = `${svc.namespace}/${svc.name}`;
    for (const p of svc.ports.filter((x) => x.protocol === 'TCP')) {
      if (dns) out.push({ group: 'dns', to: url(`${svc.name}.${svc.namespace}`, p.port), what });
      if (svc.clusterIP && svc.clusterIP !== 'None') out.push({ group: 'clusterIP', to: url(svc.clusterIP, p.port), what });
      if (p.nodePort) for (const n of portNodes) out.push({ group: 'nodePort', to: url(n.ip, p.nodePort), what: `${what} · ${n.name}` });
      for (const ip of [...svc.loadBalancerIPs, ...svc.externalIPs]) out.push({ group: 'loadBalancer', to: url(ip, p.port), what });
    }
    if (pause()) yield;
  }
  for (const ing of cluster.ingresses) {
    for (const rule of ing.rules.filter((r) => r.host !== '')) {
      for (const p of rule.paths) out.push({ group: 'ingress', to: url(rule.host, 80, p.path), what: `${ing.namespace}/${ing.name} → ${p.backend.service}:${p.backend.port}` });
    }
  }
  for (const pod of cluster.pods) {
    if (!pod.ip) continue;
    const what = `${pod.namespace}/${pod.name}`;
    for (const port of pod.ports.filter((x) => x.protocol === 'TCP')) out.push({ group: 'pod', to: url(pod.ip, port.containerPort), what });
    const node = pod.node !== undefined ? nodeByName.get(pod.node) : undefined;
    if (!pod.hostNetwork && node) for (const h of pod.hostPorts.filter((x) => x.protocol === 'TCP')) out.push({ group: 'hostPort', to: url(node.ip, h.port), what: `${what} · hostPort` });
    if (pause()) yield;
  }
  for (const e of cluster.externals) for (const port of e.listening) out.push({ group: 'outside', to: url(e.ip, port), what: e.name });
  // One entry per target: a hostNetwork pod and its node share an address.
  const seen = new Set<string>();
  return out.filter((t) => !seen.has(t.to) && seen.add(t.to));
}
