/**
 * Stage 4: what each node's kernel holds. The bridge CNI plugin gives every node a `cbr0`
 * bridge holding the first address of the node's pod subnet and, per pod, a veth pair: one end
 * is the pod's eth0, the other a port of cbr0. Routes to other nodes' pod subnets go via those
 * nodes' IPs (host-gw style plain routing on a shared LAN).
 */
import { fnv32a } from './hash';
import { cidrSize, nthAddress, parseCidr } from './ip';
import { addPortmapRules } from './cni/portmap';
import { kubeProxyTables } from './kubeproxy/iptables';
import { NODE_GATEWAY } from './defaults';
import type { ClusterSettings, EndpointSliceInfo, Interface, NodeDataplane, NodeInfo, PodDataplane, PodInfo, ServiceInfo } from './model';

/** A stable MAC address for an interface; `oui` gives a vendor prefix, else a locally administered one. */
export function macFor(key: string, oui?: string): string {
  const h = fnv32a(key);
  const g = fnv32a(`${key}#`);
  const bytes = [(h >>> 24) & 0xfe | 0x02, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff, (g >>> 8) & 0xff, g & 0xff];
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
  return oui ? `${oui}:${hex.slice(3).join(':')}` : hex.join(':');
}

/** The MAC of a node's flannel.1 (flannel publishes it in the node's `flannel.alpha.coreos.com/backend-data` annotation). */
export function vtepMac(node: NodeInfo): string {
  return macFor(`node/${node.name}/flannel.1`);
}

/** The host end of a pod's veth: the bridge plugin names it `veth` plus 8 hex digits. */
export function hostVethName(pod: PodInfo): string {
  return `veth${fnv32a(`${pod.namespace}/${pod.name}`).toString(16).padStart(8, '0')}`;
}

/** The cbr0 gateway address of a node: the first host address of its pod subnet. */
export function gatewayOf(node: NodeInfo): string {
  return nthAddress(parseCidr(node.podCIDR)!, 1);
}

/**
 * Gives scheduled pods their IPs, in creation order per node, from .2 up (.1 is cbr0), as the
 * host-local IPAM plugin does. A full range leaves the pod without an address.
 */
export function assignPodIps(pods: PodInfo[], nodes: NodeInfo[]): PodInfo[] {
  const next = new Map(nodes.map((n) => [n.name, 2]));
  return pods.map((pod) => {
    if (!pod.node) return pod;
    const node = nodes.find((n) => n.name === pod.node)!;
    // "HostNetwork Pods inherit the node IPs as PodIPs" (pkg/kubelet/kubelet_pods.go).
    if (pod.hostNetwork) return { ...pod, ip: node.ip };
    const cidr = parseCidr(node.podCIDR)!;
    const n = next.get(node.name)!;
    if (n >= cidrSize(cidr) - 1) return { ...pod, phase: 'Pending', ready: false };
    next.set(node.name, n + 1);
    return { ...pod, ip: nthAddress(cidr, n), hostVeth: hostVethName(pod) };
  });
}

export function buildNodeDataplane(
  node: NodeInfo,
  nodes: NodeInfo[],
  pods: PodInfo[],
  services: ServiceInfo[],
  slices: EndpointSliceInfo[],
  settings: ClusterSettings,
  lanPrefix: number,
  lanGateway: string = NODE_GATEWAY,
): NodeDataplane {
  const podCidr = parseCidr(node.podCIDR)!;
  const gateway = gatewayOf(node);
  const interfaces: Interface[] = [
    { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
    { name: 'eth0', address: `${node.ip}/${lanPrefix}`, kind: 'ethernet', mac: macFor(`node/${node.name}/eth0`, '00:0c:29') },
    { name: 'cbr0', address: `${gateway}/${podCidr.bits}`, kind: 'bridge', mac: macFor(`node/${node.name}/cbr0`) },
  ];
  for (const pod of pods) {
    if (pod.node !== node.name || !pod.hostVeth) continue;
    interfaces.push({ name: pod.hostVeth, kind: 'veth', master: 'cbr0', peer: `pod/${pod.namespace}/${pod.name}`, mac: macFor(`veth/${pod.namespace}/${pod.name}`) });
  }
  const lan = parseCidr(`${node.ip}/${lanPrefix}`)!;
  const vxlan = settings.overlay === 'vxlan';
  // flannel's VXLAN device holds the network address of the node's subnet as a /32
  // (pkg/backend/vxlan: the "network address" of the lease), and tunnels over UDP 8472.
  const tunnelAddress = (n: NodeInfo) => nthAddress(parseCidr(n.podCIDR)!, 0);
  if (vxlan) {
    interfaces.splice(2, 0, { name: 'flannel.1', address: `${tunnelAddress(node)}/32`, kind: 'vxlan', mac: vtepMac(node), vxlan: { id: 1, local: node.ip, port: 8472 } });
  }
  // `ip route` lists the default route first.
  const routes: NodeDataplane['routes'] = [{ dst: 'default', dev: 'eth0', via: lanGateway }];
  for (const other of nodes) {
    if (other.name === node.name) routes.push({ dst: node.podCIDR, dev: 'cbr0', proto: 'kernel', scope: 'link', src: gateway });
    else if (vxlan) routes.push({ dst: other.podCIDR, dev: 'flannel.1', via: tunnelAddress(other), onlink: true });
    else routes.push({ dst: other.podCIDR, dev: 'eth0', via: other.ip });
  }
  const others = nodes.filter((n) => n.name !== node.name);
  const neighbors = vxlan ? others.map((n) => ({ ip: tunnelAddress(n), mac: vtepMac(n), dev: 'flannel.1' })) : undefined;
  const fdb = vxlan ? others.map((n) => ({ mac: vtepMac(n), dev: 'flannel.1', dst: n.ip })) : undefined;
  routes.push({ dst: `${nthAddress(lan, 0)}/${lanPrefix}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.ip });
  const localAddresses = interfaces.filter((i) => i.address).map((i) => i.address!.split('/')[0]);
  const localPods = pods.filter((p) => p.node === node.name);
  const buildTables = () => {
    const { filter, nat } = kubeProxyTables({ nodeName: node.name, nodeIP: node.ip, podCIDR: node.podCIDR, localAddresses, settings, services, slices });
    addPortmapRules(nat, localPods);
    return [filter, nat];
  };
  let tables: NodeDataplane['tables'] | undefined;
  return {
    node: node.name,
    interfaces,
    routes,
    ...(neighbors ? { neighbors, fdb } : {}),
    // Built on first use: on a 100-node cluster the rules of every node cost more than the
    // rest of the build, and a trace or a view reads only the nodes it visits.
    get tables() {
      return (tables ??= buildTables());
    },
  };
}

export function buildPodDataplane(pod: PodInfo, node: NodeInfo): PodDataplane {
  const podCidr = parseCidr(node.podCIDR)!;
  const gateway = gatewayOf(node);
  return {
    pod: `pod/${pod.namespace}/${pod.name}`,
    interfaces: [
      { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
      { name: 'eth0', address: `${pod.ip}/${podCidr.bits}`, kind: 'veth', peer: pod.hostVeth, mac: macFor(`pod/${pod.namespace}/${pod.name}/eth0`) },
    ],
    routes: [
      { dst: 'default', dev: 'eth0', via: gateway },
      { dst: node.podCIDR, dev: 'eth0', proto: 'kernel', scope: 'link', src: pod.ip },
    ],
  };
}

/** `ip route` text, as iproute2 prints it. */
export function renderRoutes(routes: NodeDataplane['routes']): string {
  return routes
    .map((r) => {
      const parts = [r.dst];
      if (r.via) parts.push(`via ${r.via}`);
      parts.push(`dev ${r.dev}`);
      if (r.onlink) parts.push('onlink');
      if (r.proto) parts.push(`proto ${r.proto}`);
      if (r.scope) parts.push(`scope ${r.scope}`);
      if (r.src) parts.push(`src ${r.src}`);
      return parts.join(' ') + ' ';
    })
    .join('\n');
}
