/**
 * Stage 4: what each node's kernel holds. The bridge CNI plugin gives every node a `cbr0`
 * bridge holding the first address of the node's pod subnet and, per pod, a veth pair: one end
 * is the pod's eth0, the other a port of cbr0. Routes to other nodes' pod subnets go via those
 * nodes' IPs (host-gw style plain routing on a shared LAN).
 */
import { addressPods } from './podips';
import { fnv32a } from './hash';
import { cidrSize, compareIp, nthAddress, parseCidr, parseIp } from './ip';
import { addPortmapRules } from './cni/portmap';
import { kubeProxyTables } from './kubeproxy/iptables';
import { kubeProxyIpvs } from './kubeproxy/ipvs';
import { kubeProxyNftables } from './kubeproxy/nftables/proxier';
import { kubeProxyUserspace } from './kubeproxy/userspace/proxier';
import type { NftTable } from './kubeproxy/nftables/model';
import { emptyTable } from './netfilter/rules';
import { addAgentChains, addFlannelRules } from './nodechains';
import { NODE_GATEWAY } from './defaults';
import type { ClusterSettings, EndpointSliceInfo, Interface, IpvsState, NodeDataplane, NodeInfo, PodDataplane, PodInfo, ServiceInfo, UserspaceState } from './model';
import type { Table } from './netfilter/rules';
import type { Diagnostic } from './types';
import type { CalicoIpam } from './calico/ipam';
import type { CalicoPool } from './cni/choice';
import type { NetworkPolicyInfo } from './netpol/types';
import type { NamespaceInfo } from './model';
import { calicoNodeNet, sortRoutes } from './calico/dataplane';
import { addCalicoRules } from './calico/rules';

/** What a Calico cluster's nodes are built from: its IPAM's blocks and tunnel addresses, and its pools. */
export interface CalicoNet {
  ipam: CalicoIpam;
  pools: CalicoPool[];
  /** What felix's policy chains and selector ipsets are made from. */
  policies?: NetworkPolicyInfo[];
  namespaces?: NamespaceInfo[];
  pods?: PodInfo[];
}

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
 * The host-local IPAM plugin's allocator for one node's podCIDR (containernetworking/plugins
 * plugins/ipam/host-local/backend/allocator): the range runs from the subnet's first address
 * to the one before broadcast, the gateway (.1, cbr0's) is skipped, and each allocation starts
 * after the last address reserved, wrapping round at the end ("a crash-looping container will
 * not see the same IP until the entire range has been run through", allocator.go GetIter).
 * So a released address is not handed out again until the range has gone round.
 */
class HostLocal {
  private readonly cidr;
  private readonly end: number;
  private last: number | undefined;
  private readonly reserved = new Set<number>();

  constructor(podCIDR: string) {
    this.cidr = parseCidr(podCIDR)!;
    // range.go Canonicalize: RangeStart = network + 1, RangeEnd = broadcast - 1.
    this.end = cidrSize(this.cidr) - 2;
  }

  /** The next free address after the last reserved one, or undefined when the range is full. */
  allocate(): string | undefined {
    const start = 1;
    if (this.end < start) return undefined;
    let cur = this.last ?? start - 1;
    for (let tried = 0; tried <= this.end - start; tried++) {
      cur = cur >= this.end ? start : cur + 1;
      // The gateway is the range's first address; the iterator skips it.
      if (cur === 1 || this.reserved.has(cur)) continue;
      this.reserved.add(cur);
      this.last = cur;
      return nthAddress(this.cidr, cur);
    }
    return undefined;
  }

  release(ip: string): void {
    this.reserved.delete(parseIp(ip)! - this.cidr.base);
  }
}

/**
 * Gives scheduled pods their IPs from their node's podCIDR, as host-local does: first every pod
 * as it was first made, in creation order per node, from .2 up (.1 is cbr0); then, deletion by
 * deletion, the pod its controller made instead, which gets the address after the last one
 * handed out, not the one just freed. A full range, or a node without a podCIDR, leaves the
 * pod Pending without an address, and the kubelet's FailedCreatePodSandBox event says why.
 */
export function allocatePodIps(pods: PodInfo[], nodes: NodeInfo[]): { pods: PodInfo[]; diagnostics: Diagnostic[] } {
  const pools = new Map(nodes.filter((n) => parseCidr(n.podCIDR)).map((n) => [n.name, new HostLocal(n.podCIDR)]));
  const { pods: out, failed } = addressPods(pods, nodes, {
    allocate: (node) => pools.get(node)?.allocate(),
    release: (node, ip) => pools.get(node)?.release(ip),
    veth: hostVethName,
  });
  return { pods: out, diagnostics: sandboxFailures(failed, new Map(nodes.map((n) => [n.name, n]))) };
}

/** The pods with their addresses, for callers that do not report why some have none. */
export function assignPodIps(pods: PodInfo[], nodes: NodeInfo[]): PodInfo[] {
  return allocatePodIps(pods, nodes).pods;
}

/**
 * The kubelet's FailedCreatePodSandBox event, one per node (the first pod and how many more),
 * with the CNI plugin's error: host-local's when the node's range is full (plugins/ipam/
 * host-local/main.go "failed to allocate for range %d", backend/allocator/allocator.go "no IP
 * addresses available in range set: %s", a range printed start-end), or flannel's when the
 * node has no podCIDR, so flanneld never wrote the node's subnet file (flannel-io/cni-plugin
 * flannel.go loadFlannelSubnetEnv).
 */
function sandboxFailures(failed: PodInfo[], nodes: Map<string, NodeInfo>): Diagnostic[] {
  const byNode = new Map<string, PodInfo[]>();
  for (const pod of failed) byNode.set(pod.node!, [...(byNode.get(pod.node!) ?? []), pod]);
  return [...byNode].map(([name, [first, ...more]]) => {
    const cidr = parseCidr(nodes.get(name)!.podCIDR);
    const why = cidr
      ? `plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${nthAddress(cidr, 1)}-${nthAddress(cidr, cidrSize(cidr) - 2)}`
      : 'plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory';
    const who = more.length > 0 ? `pods ${first.name} and ${more.length} more` : `pod ${first.name}`;
    return {
      severity: 'warning',
      code: 'pod-sandbox-failed',
      message: `${who} on ${name}: FailedCreatePodSandBox: failed to setup network for sandbox: ${why}`,
      range: first.provenance?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      ...(first.provenance ? { object: first.provenance.object } : {}),
    };
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
  calico?: CalicoNet,
): NodeDataplane {
  if (calico) return buildCalicoNodeDataplane(node, nodes, pods, services, slices, settings, lanPrefix, lanGateway, calico);
  // A node without a podCIDR never gets a flannel lease: no cbr0 (the bridge plugin makes it for
  // the first pod, which never comes), no route to its pods anywhere, no flannel rules.
  const podCidr = parseCidr(node.podCIDR);
  const interfaces: Interface[] = [
    { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
    { name: 'eth0', address: `${node.ip}/${lanPrefix}`, kind: 'ethernet', mac: macFor(`node/${node.name}/eth0`, '00:0c:29') },
  ];
  if (podCidr) interfaces.push({ name: 'cbr0', address: `${gatewayOf(node)}/${podCidr.bits}`, kind: 'bridge', mac: macFor(`node/${node.name}/cbr0`) });
  for (const pod of pods) {
    if (pod.node !== node.name || !pod.hostVeth) continue;
    interfaces.push({ name: pod.hostVeth, kind: 'veth', master: 'cbr0', peer: `pod/${pod.namespace}/${pod.name}`, mac: macFor(`veth/${pod.namespace}/${pod.name}`) });
  }
  const lan = parseCidr(`${node.ip}/${lanPrefix}`)!;
  const vxlan = settings.overlay === 'vxlan';
  // flannel's VXLAN device holds the network address of the node's subnet as a /32
  // (pkg/backend/vxlan: the "network address" of the lease), and tunnels over UDP 8472.
  const tunnelAddress = (n: NodeInfo) => nthAddress(parseCidr(n.podCIDR)!, 0);
  const leased = nodes.filter((n) => parseCidr(n.podCIDR));
  if (vxlan && podCidr) {
    interfaces.splice(2, 0, { name: 'flannel.1', address: `${tunnelAddress(node)}/32`, kind: 'vxlan', mac: vtepMac(node), vxlan: { id: 1, local: node.ip, port: 8472 } });
  }
  // `ip route` lists the default route first.
  const routes: NodeDataplane['routes'] = [{ dst: 'default', dev: 'eth0', via: lanGateway }];
  // Routes to the other leases are flanneld's: a node without a lease has no flanneld running.
  for (const other of podCidr ? leased : []) {
    if (other.name === node.name) routes.push({ dst: node.podCIDR, dev: 'cbr0', proto: 'kernel', scope: 'link', src: gatewayOf(node) });
    else if (vxlan) routes.push({ dst: other.podCIDR, dev: 'flannel.1', via: tunnelAddress(other), onlink: true });
    else routes.push({ dst: other.podCIDR, dev: 'eth0', via: other.ip });
  }
  const others = podCidr && vxlan ? leased.filter((n) => n.name !== node.name) : [];
  const neighbors = podCidr && vxlan ? others.map((n) => ({ ip: tunnelAddress(n), mac: vtepMac(n), dev: 'flannel.1' })) : undefined;
  const fdb = podCidr && vxlan ? others.map((n) => ({ mac: vtepMac(n), dev: 'flannel.1', dst: n.ip })) : undefined;
  routes.push({ dst: `${nthAddress(lan, 0)}/${lanPrefix}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.ip });
  const localAddresses = interfaces.filter((i) => i.address).map((i) => i.address!.split('/')[0]);
  const localPods = pods.filter((p) => p.node === node.name);
  const ipvsMode = settings.proxy.mode === 'ipvs';
  if (ipvsMode) {
    // kube-proxy's dummy device, left DOWN, holding every Service address as a /32.
    const extraAddresses = ipvsBoundAddresses(services, localAddresses).map((ip) => `${ip}/32`);
    interfaces.splice(2, 0, { name: 'kube-ipvs0', kind: 'dummy', down: true, extraAddresses, mac: macFor(`node/${node.name}/kube-ipvs0`) });
  }
  const build = () => {
    const input = { nodeName: node.name, nodeIP: node.ip, podCIDR: podCidr ? node.podCIDR : undefined, localAddresses, settings, services, slices };
    const ipvs = ipvsMode ? kubeProxyIpvs(input) : undefined;
    // The other agents' rules, beside kube-proxy's filter and nat (none in nftables mode).
    const withAgents = ({ filter, nat }: { filter: Table; nat: Table }): Table[] => {
      addPortmapRules(nat, localPods);
      if (podCidr) addFlannelRules(nat, filter, node, settings);
      const mangle = addAgentChains(nat, filter, settings.proxy.mode);
      // iptables-nft saves its tables in this order (iptables/nft.c, enum nft_table_type).
      return [mangle, filter, nat];
    };
    if (settings.proxy.mode === 'nftables') {
      return { tables: withAgents({ filter: emptyTable('filter'), nat: emptyTable('nat') }), nftables: kubeProxyNftables(input) };
    }
    if (settings.proxy.mode === 'userspace') {
      // kube-proxy ≤ v1.25's userspace mode: its portal rules, and the sockets its process holds.
      const userspace = kubeProxyUserspace(input);
      return { tables: withAgents(userspace), userspace: userspace.userspace };
    }
    const tables = withAgents(ipvs ?? kubeProxyTables(input));
    return { tables, ipvs: ipvs && { virtualServers: ipvs.virtualServers, ipsets: ipvs.ipsets } };
  };
  let built: { tables: Table[]; ipvs?: IpvsState; nftables?: NftTable; userspace?: UserspaceState } | undefined;
  return {
    node: node.name,
    interfaces,
    routes,
    ...(neighbors ? { neighbors, fdb } : {}),
    // Built on first use: on a 100-node cluster the rules of every node cost more than the
    // rest of the build, and a trace or a view reads only the nodes it visits.
    get tables() {
      return (built ??= build()).tables;
    },
    get ipvs() {
      return (built ??= build()).ipvs;
    },
    get nftables() {
      return (built ??= build()).nftables;
    },
    get userspace() {
      return (built ??= build()).userspace;
    },
  };
}

/**
 * A node of a Calico cluster: eth0, lo, Calico's tunnel device and a `cali…` veth per pod, no
 * bridge (calico/dataplane.ts); kube-proxy's and the portmap plugin's rules as on any node,
 * felix's instead of flanneld's.
 */
function buildCalicoNodeDataplane(
  node: NodeInfo, nodes: NodeInfo[], pods: PodInfo[], services: ServiceInfo[], slices: EndpointSliceInfo[],
  settings: ClusterSettings, lanPrefix: number, lanGateway: string, calico: CalicoNet,
): NodeDataplane {
  const net = calicoNodeNet(node, nodes, pods, calico.ipam, calico.pools[0]);
  const interfaces: Interface[] = [
    { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
    { name: 'eth0', address: `${node.ip}/${lanPrefix}`, kind: 'ethernet', mac: macFor(`node/${node.name}/eth0`, '00:0c:29') },
    ...net.interfaces,
  ];
  const lan = parseCidr(`${node.ip}/${lanPrefix}`)!;
  const routes = sortRoutes([
    { dst: 'default', dev: 'eth0', via: lanGateway },
    ...net.routes,
    { dst: `${nthAddress(lan, 0)}/${lanPrefix}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.ip },
  ]);
  const localAddresses = interfaces.filter((i) => i.address).map((i) => i.address!.split('/')[0]);
  const localPods = pods.filter((p) => p.node === node.name);
  const ipvsMode = settings.proxy.mode === 'ipvs';
  if (ipvsMode) {
    const extraAddresses = ipvsBoundAddresses(services, localAddresses).map((ip) => `${ip}/32`);
    interfaces.splice(2, 0, { name: 'kube-ipvs0', kind: 'dummy', down: true, extraAddresses, mac: macFor(`node/${node.name}/kube-ipvs0`) });
  }
  const build = () => {
    const input = { nodeName: node.name, nodeIP: node.ip, podCIDR: parseCidr(node.podCIDR) ? node.podCIDR : undefined, localAddresses, settings, services, slices };
    const ipvs = ipvsMode ? kubeProxyIpvs(input) : undefined;
    const userspace = settings.proxy.mode === 'userspace' ? kubeProxyUserspace(input) : undefined;
    const { filter, nat } = ipvs ?? userspace ?? kubeProxyTables(input);
    addPortmapRules(nat, localPods);
    const felix = addCalicoRules(nat, filter, {
      node, pods: localPods, pools: calico.pools, interfaces, allPods: calico.pods ?? pods, policies: calico.policies, namespaces: calico.namespaces,
    });
    const mangle = addAgentChains(nat, filter, settings.proxy.mode);
    const tables: Table[] = [mangle, filter, nat];
    return { tables, ipvs: ipvs && { virtualServers: ipvs.virtualServers, ipsets: ipvs.ipsets }, ipsets: felix.ipsets, userspace: userspace?.userspace };
  };
  let built: { tables: Table[]; ipvs?: IpvsState; ipsets: NodeDataplane['ipsets']; userspace?: UserspaceState } | undefined;
  return {
    node: node.name,
    interfaces,
    routes,
    ...(net.neighbors ? { neighbors: net.neighbors, fdb: net.fdb } : {}),
    get tables() {
      return (built ??= build()).tables;
    },
    get ipvs() {
      return (built ??= build()).ipvs;
    },
    get ipsets() {
      return (built ??= build()).ipsets;
    },
    get userspace() {
      return (built ??= build()).userspace;
    },
  };
}

/**
 * What kube-proxy's IPVS mode binds to kube-ipvs0: every cluster IP, and every external IP and
 * load-balancer address the node does not already hold on another device.
 */
export function ipvsBoundAddresses(services: ServiceInfo[], localAddresses: string[]): string[] {
  const out = new Set<string>();
  for (const svc of services) {
    if (svc.clusterIP === '' || svc.clusterIP === 'None' || svc.ports.length === 0) continue;
    out.add(svc.clusterIP);
    for (const ip of [...svc.externalIPs, ...svc.loadBalancerIPs]) if (!localAddresses.includes(ip)) out.add(ip);
  }
  // kube-proxy binds them in Go map order; sorted here so every build lists them alike.
  return [...out].sort(compareIp);
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
      // iproute2 (ip/iproute.c print_route): type, prefix, gateway, device, proto, scope, src,
      // then the flags (onlink).
      const parts = r.type ? [r.type, r.dst] : [r.dst];
      if (r.via) parts.push(`via ${r.via}`);
      if (!r.type) parts.push(`dev ${r.dev}`);
      if (r.proto) parts.push(`proto ${r.proto}`);
      if (r.scope) parts.push(`scope ${r.scope}`);
      if (r.src) parts.push(`src ${r.src}`);
      if (r.onlink) parts.push('onlink');
      return parts.join(' ') + ' ';
    })
    .join('\n');
}
