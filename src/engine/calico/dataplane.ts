/**
 * A Calico node's kernel, as the Calico CNI plugin and felix build it (v3.29): no bridge. Each
 * pod's eth0 is one end of a veth holding the pod's address as a /32, with a default route to
 * 169.254.1.1 (cni-plugin/pkg/dataplane/linux/dataplane_linux.go: a scope-link route to
 * 169.254.1.1 and the default route through it). Nothing owns that address: the host end of the
 * veth, `cali…` with MAC ee:ee:ee:ee:ee:ee, has proxy_arp=1 and answers ARP for it. The node
 * routes each local pod with a /32 `dev caliXXXX scope link` (felix's route table), its own
 * blocks to a blackhole, and each other node's blocks to that node: BIRD's BGP routes
 * (`proto bird`) over tunl0 (IPIP, onlink via the node's IP) or straight via the node's IP
 * (None); felix's routes over vxlan.calico (VXLAN, `proto 80`, via the other node's tunnel
 * address). Cross-subnet modes encapsulate only toward other subnets; here every node shares
 * one LAN, so their routes are plain.
 */
import { compareIp, parseCidr } from '../ip';
import type { Interface, NodeDataplane, NodeInfo, PodDataplane, PodInfo, Route } from '../model';
import { macFor } from '../dataplane';
import type { CalicoIpam } from './ipam';
import type { CalicoPool } from '../cni/choice';

/** The MAC the Calico CNI plugin gives every host-side veth (dataplane_linux.go). */
export const CALI_MAC = 'ee:ee:ee:ee:ee:ee';
/** The pod's gateway: link-local, owned by nobody, answered by proxy ARP. */
export const CALI_GATEWAY = '169.254.1.1';
/** felix's VXLAN defaults (FelixConfiguration vxlanVNI 4096, vxlanPort 4789). */
export const CALI_VXLAN = { id: 4096, port: 4789 } as const;

/** How a pool's blocks travel between nodes on one shared LAN. */
export function tunnelOf(pool: CalicoPool): 'ipip' | 'vxlan' | 'none' {
  if (pool.encapsulation === 'IPIP') return 'ipip';
  if (pool.encapsulation === 'VXLAN') return 'vxlan';
  return 'none';
}

/** The MAC of a node's vxlan.calico (calico-node publishes it as the node's VXLAN tunnel MAC). */
export function calicoVtepMac(node: string): string {
  return macFor(`node/${node}/vxlan.calico`);
}

/** The node's Calico devices and routes, added to its eth0, lo and LAN route. */
export function calicoNodeNet(
  node: NodeInfo, nodes: NodeInfo[], pods: PodInfo[], ipam: CalicoIpam, pool: CalicoPool | undefined,
): Pick<NodeDataplane, 'interfaces' | 'routes' | 'neighbors' | 'fdb'> {
  const interfaces: Interface[] = [];
  const kind = pool ? tunnelOf(pool) : 'none';
  const own = ipam.tunnels[node.name];
  if (kind === 'ipip' && own) interfaces.push({ name: 'tunl0', address: `${own}/32`, kind: 'ipip', mac: '00:00:00:00:00:00' });
  if (kind === 'vxlan' && own) {
    interfaces.push({ name: 'vxlan.calico', address: `${own}/32`, kind: 'vxlan', mac: calicoVtepMac(node.name), vxlan: { id: CALI_VXLAN.id, local: node.ip, port: CALI_VXLAN.port } });
  }
  const local = pods.filter((p) => p.node === node.name && p.ip && !p.hostNetwork && p.hostVeth);
  for (const pod of local) {
    interfaces.push({ name: pod.hostVeth!, kind: 'veth', peer: `pod/${pod.namespace}/${pod.name}`, mac: CALI_MAC, proxyArp: true });
  }
  const routes: Route[] = [];
  for (const block of ipam.blocks) {
    const how = tunnelOf(block.pool);
    if (block.node === node.name) {
      routes.push({ dst: block.cidr, dev: '', type: 'blackhole', proto: how === 'vxlan' ? '80' : 'bird' });
      continue;
    }
    const other = nodes.find((n) => n.name === block.node);
    if (!other) continue;
    const tunnel = ipam.tunnels[other.name];
    if (how === 'ipip' && own) routes.push({ dst: block.cidr, via: other.ip, dev: 'tunl0', proto: 'bird', onlink: true });
    else if (how === 'vxlan' && own && tunnel) routes.push({ dst: block.cidr, via: tunnel, dev: 'vxlan.calico', proto: '80', onlink: true });
    else routes.push({ dst: block.cidr, via: other.ip, dev: 'eth0', proto: 'bird' });
  }
  for (const pod of local) routes.push({ dst: pod.ip!, dev: pod.hostVeth!, scope: 'link' });
  const vxlanPeers = kind === 'vxlan' && own ? nodes.filter((n) => n.name !== node.name && ipam.tunnels[n.name]) : [];
  return {
    interfaces,
    routes,
    ...(vxlanPeers.length > 0
      ? {
          neighbors: vxlanPeers.map((n) => ({ ip: ipam.tunnels[n.name], mac: calicoVtepMac(n.name), dev: 'vxlan.calico' })),
          fdb: vxlanPeers.map((n) => ({ mac: calicoVtepMac(n.name), dev: 'vxlan.calico', dst: n.ip })),
        }
      : {}),
  };
}

/** `ip route` order: the kernel's FIB dumps the main table by prefix, the default route first. */
export function sortRoutes(routes: Route[]): Route[] {
  const key = (r: Route) => (r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`);
  return [...routes].sort((a, b) => {
    const [x, y] = [parseCidr(key(a)), parseCidr(key(b))];
    if (!x || !y) return 0;
    if (a.dst === 'default' || b.dst === 'default') return a.dst === 'default' ? -1 : 1;
    return x.base !== y.base ? compareIp(key(a).split('/')[0], key(b).split('/')[0]) : x.bits - y.bits;
  });
}

/** A pod on Calico: its /32, the link route to 169.254.1.1 and the default route through it. */
export function calicoPodDataplane(pod: PodInfo): PodDataplane {
  return {
    pod: `pod/${pod.namespace}/${pod.name}`,
    interfaces: [
      { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
      { name: 'eth0', address: `${pod.ip}/32`, kind: 'veth', peer: pod.hostVeth, mac: macFor(`pod/${pod.namespace}/${pod.name}/eth0`) },
    ],
    routes: [
      { dst: 'default', dev: 'eth0', via: CALI_GATEWAY },
      { dst: CALI_GATEWAY, dev: 'eth0', scope: 'link' },
    ],
  };
}
