/**
 * The cluster seen as network hosts joined by links: the node LAN (every node's eth0 and the
 * outside hosts) and, on each node, the cbr0 bridge with one veth per pod.
 */
import { macFor } from '../dataplane';
import { NODE_GATEWAY } from '../defaults';
import { inCidr } from '../ip';
import type { Cluster, ExternalHost, Interface, IpSet, IpvsState, PodInfo, Route, UserspaceState } from '../model';
import type { Table } from '../netfilter/rules';
import type { NftTable } from '../kubeproxy/nftables/model';

export interface SimHost {
  id: string;
  kind: 'external' | 'node' | 'pod';
  name: string;
  interfaces: Interface[];
  routes: Route[];
  tables: Table[];
  /** A node's IPVS table and ipsets, in kube-proxy's IPVS mode. */
  ipvs?: IpvsState;
  /** ipsets of other agents (felix's on a Calico node). */
  ipsets?: IpSet[];
  /** kube-proxy's nftables table, in its nftables mode (trace/nft.ts walks it beside the iptables). */
  nftables?: NftTable;
  /** kube-proxy's proxy sockets, in its userspace mode (trace/userspace.ts). */
  userspace?: UserspaceState;
  pod?: PodInfo;
  /** For an outside host: the host as the cluster model has it. */
  external?: ExternalHost;
  /** The node a pod lives on. */
  node?: string;
}

const addressCache = new WeakMap<Interface[], string[]>();

/** Every address of the host, kube-ipvs0's Service addresses included (the kernel's local table). */
export function addressesOf(host: SimHost): string[] {
  let out = addressCache.get(host.interfaces);
  if (!out) {
    out = [];
    for (const i of host.interfaces) {
      if (i.address) out.push(i.address.split('/')[0]);
      for (const extra of i.extraAddresses ?? []) out.push(extra.split('/')[0]);
    }
    addressCache.set(host.interfaces, out);
  }
  return out;
}

/**
 * An outside host's routing table: the LAN, and a default route through the LAN's gateway to
 * the world beyond (where a cluster IP, for one, means nothing).
 */
export function externalRoutes(e: ExternalHost, lanCidr: string, gateway = NODE_GATEWAY): Route[] {
  return [
    { dst: 'default', dev: 'eth0', via: gateway },
    { dst: lanCidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: e.ip },
  ];
}

export class Network {
  readonly hosts: SimHost[];

  constructor(readonly cluster: Cluster, lanCidr: string) {
    const externals: SimHost[] = cluster.externals.map((e) => ({
      id: `external/${e.name}`,
      kind: 'external',
      name: e.name,
      interfaces: [{ name: 'eth0', address: `${e.ip}/${lanCidr.split('/')[1]}`, kind: 'ethernet', mac: macFor(`external/${e.name}`, '00:50:56') }],
      routes: externalRoutes(e, lanCidr, cluster.lanGateway),
      tables: [],
      external: e,
    }));
    const nodes: SimHost[] = cluster.nodeDataplanes.map((d) => ({
      id: `node/${d.node}`,
      kind: 'node',
      name: d.node,
      interfaces: d.interfaces,
      routes: d.routes,
      // Read only when the walk reaches the node: a node's rules are built on first use.
      get tables() {
        return d.tables;
      },
      get nftables() {
        return d.nftables;
      },
      get ipvs() {
        return d.ipvs;
      },
      get ipsets() {
        return d.ipsets;
      },
      get userspace() {
        return d.userspace;
      },
    }));
    const podById = new Map(cluster.pods.map((p) => [`pod/${p.namespace}/${p.name}`, p]));
    const pods: SimHost[] = cluster.podDataplanes.map((d) => {
      const pod = podById.get(d.pod)!;
      return { id: d.pod, kind: 'pod', name: pod.name, interfaces: d.interfaces, routes: d.routes, tables: [], pod, node: pod.node };
    });
    this.hosts = [...externals, ...nodes, ...pods];
    this.byId = new Map(this.hosts.map((h) => [h.id, h]));
  }

  private readonly byId: Map<string, SimHost>;

  host(id: string): SimHost | undefined {
    return this.byId.get(id);
  }

  /**
   * Which host answers ARP for `ip` on the link behind `host`'s interface `dev`: the owner of
   * the address, or on the node LAN the node whose MetalLB speaker announces that VIP.
   */
  neighbor(host: SimHost, dev: string, ip: string): { host: SimHost; dev: string; announced?: boolean; proxied?: boolean } | undefined {
    const onLink = this.linkMembers(host, dev);
    for (const member of onLink) {
      if (member.host === host) continue;
      const iface = member.host.interfaces.find((i) => i.name === member.dev);
      if (iface?.address?.split('/')[0] === ip) return member;
    }
    // A routed veth (Calico): the host end answers ARP for any address the node routes (proxy_arp),
    // the pod's gateway 169.254.1.1 above all, with its own MAC.
    const proxy = onLink.find((m) => m.host !== host && m.host.interfaces.find((i) => i.name === m.dev)?.proxyArp);
    if (proxy && this.lookup(proxy.host, ip)) return { ...proxy, proxied: true };
    const announcer = this.cluster.services.find((s) => s.announcedBy && s.loadBalancerIPs.includes(ip))?.announcedBy;
    const node = onLink.find((m) => m.host.kind === 'node' && m.host.name === announcer && m.dev === 'eth0');
    return node && node.host !== host ? { ...node, announced: true } : undefined;
  }

  /** Everything attached to the same L2 segment as `host`'s `dev`. */
  private linkMembers(host: SimHost, dev: string): { host: SimHost; dev: string }[] {
    // A pod whose eth0's peer is not a bridge port (Calico's routed veths) shares a link with that
    // one host device only.
    const bridgeOf = (h: SimHost, d: string): string | undefined => {
      if (h.kind === 'pod' && d === 'eth0' && this.routedVeth(h)) return `veth/${h.id}`;
      if (h.kind === 'node') {
        const iface = h.interfaces.find((i) => i.name === d);
        if (iface?.kind === 'veth' && iface.peer && !iface.master) return `veth/${iface.peer}`;
      }
      if (h.kind === 'node' && d === 'cbr0') return `bridge/${h.name}`;
      if (h.kind === 'pod' && d === 'eth0') return `bridge/${h.node}`;
      if (d === 'eth0') return 'lan';
      return undefined;
    };
    const segment = bridgeOf(host, dev);
    if (!segment) return [];
    if (segment.startsWith('veth/')) {
      // Two ends: the pod's eth0 and the node's device peered with it.
      const podId = segment.slice('veth/'.length);
      const pod = this.host(podId);
      const node = pod?.node ? this.host(`node/${pod.node}`) : undefined;
      const hostEnd = node?.interfaces.find((i) => i.peer === podId);
      return pod && node && hostEnd ? [{ host: pod, dev: 'eth0' }, { host: node, dev: hostEnd.name }] : [];
    }
    const members: { host: SimHost; dev: string }[] = [];
    for (const h of this.hosts) {
      for (const d of h.kind === 'node' ? ['eth0', 'cbr0'] : ['eth0']) {
        if (bridgeOf(h, d) === segment) members.push({ host: h, dev: d });
      }
    }
    return members;
  }

  /** Whether the pod's host-side veth is a routed one (no bridge master), as Calico makes it. */
  private routedVeth(pod: SimHost): boolean {
    const node = pod.node ? this.byId.get(`node/${pod.node}`) : undefined;
    const end = node?.interfaces.find((i) => i.peer === pod.id);
    return end !== undefined && end.kind === 'veth' && !end.master;
  }

  /** Longest-prefix match over the host's routes, as the kernel's FIB lookup does. */
  lookup(host: SimHost, dst: string): { route: Route; index: number } | undefined {
    let best: { route: Route; index: number; bits: number } | undefined;
    host.routes.forEach((route, index) => {
      const cidr = route.dst === 'default' ? '0.0.0.0/0' : route.dst;
      const bits = Number(cidr.split('/')[1] ?? 32);
      if (inCidr(dst, cidr) && (!best || bits > best.bits)) best = { route, index, bits };
    });
    return best && { route: best.route, index: best.index };
  }

  /** Whether a process in the pod listens on this port (TCP unless told). */
  listens(pod: PodInfo, port: number, proto: 'tcp' | 'udp' | 'sctp' = 'tcp'): boolean {
    return pod.listening.some((p) => p.containerPort === port && p.protocol === proto.toUpperCase());
  }
}
