/**
 * kube-proxy's userspace mode, as the last release that had it (v1.25) wrote it: the kube-proxy
 * process itself is the load balancer. Each Service port gets a "proxy port" the process listens
 * on (0.0.0.0, every address of the node), and iptables rules send the Service's addresses to
 * it: REDIRECT for packets that come in (containers, the outside), DNAT to the node's own
 * address for packets the node makes. The process accepts the connection and opens a new one
 * of its own, from the node, to an endpoint it chose round-robin (roundrobin.go).
 *
 * Ported from kubernetes/kubernetes pkg/proxy/userspace/proxier.go at commit
 * 0096f4a4d137aa03ee1f5d168dadb325833b3a57 (the v1.2x tree, klog/v2 and k8s.io/utils/net):
 * iptablesInit, openPortal / openOnePortal / openNodePort, iptablesCommonPortalArgs,
 * iptablesContainerPortalArgs, iptablesHostPortalArgs, iptablesHostNodePortArgs and
 * iptablesNonLocalNodePortArgs. The mode was removed in v1.26 (kubernetes#112133); a v1.26+
 * kube-proxy refuses `mode: userspace` (config.ts says so).
 *
 * What differs from the real process, and why:
 * - Proxy ports: with no `portRange`, kube-proxy listens on port 0 and the kernel hands out a
 *   free ephemeral port (randomAllocator, port_allocator.go); with `portRange` its
 *   rangeAllocator draws a random free port of the range. Here each Service port takes
 *   FNV-1a(`ns/name:port/PROTO`) modulo the range's size, from 32768 (the kernel's
 *   ip_local_port_range 32768-60999) or from the range's start, stepping on past a port already
 *   taken, the Service ports taken in ServicePortName order. So the same cluster gives the same
 *   ports every time, on every node (a real node picks its own).
 * - Rule order: kube-proxy opens portals in Go map order (ensurePortals); here in
 *   ServicePortName order, each port's portals as openPortal opens them.
 * - Round-robin order: LoadBalancerRR shuffles a Service's endpoints once when they change
 *   (util.ShuffleStrings) and then takes them in turn; here the shuffle is left out and the turn
 *   goes through the endpoints in kube-proxy's usual `ip:port` order.
 */
import { fnv32a } from '../../hash';
import type { ProxySettings, ServiceInfo, ServicePort, UserspacePort, UserspaceState } from '../../model';
import { declareChain, emptyTable, type Match, type Proto, type Rule, type Table } from '../../netfilter/rules';
import type { Provenance } from '../../types';
import { endpointsFor, servicePortName, type ProxyInput } from '../iptables';
import { skippedByKubeProxy } from '../skip';

export const CONTAINER_PORTAL_CHAIN = 'KUBE-PORTALS-CONTAINER';
export const HOST_PORTAL_CHAIN = 'KUBE-PORTALS-HOST';
export const CONTAINER_NODEPORT_CHAIN = 'KUBE-NODEPORT-CONTAINER';
export const HOST_NODEPORT_CHAIN = 'KUBE-NODEPORT-HOST';
export const NON_LOCAL_NODEPORT_CHAIN = 'KUBE-NODEPORT-NON-LOCAL';

/** The kernel's default net.ipv4.ip_local_port_range, where a socket bound to port 0 gets its port. */
export const EPHEMERAL_PORTS = { min: 32768, max: 60999 };

/** The listen address: KubeProxyConfiguration `bindAddress`, 0.0.0.0 by default (every address). */
const LISTEN_IP = '0.0.0.0';

/**
 * The proxy port of every Service port kube-proxy proxies, by `ns/name:port/PROTO`. SCTP ports
 * get none: newProxySocket knows only TCP and UDP ("unknown protocol"), so mergeService logs
 * "Failed to start proxy" and writes no rule for them. Services without a cluster IP (headless,
 * ExternalName) are skipped (utilproxy.ShouldSkipService). When the range is full, the Service
 * port is left out, as AllocateNext's error leaves it.
 */
export function proxyPorts(services: ServiceInfo[], proxy: ProxySettings): Map<string, number> {
  const range = proxy.portRange ?? EPHEMERAL_PORTS;
  const size = range.max - range.min + 1;
  const taken = new Set<number>();
  const out = new Map<string, number>();
  for (const { key } of proxiedPorts(services)) {
    if (taken.size >= size) break;
    let offset = fnv32a(key) % size;
    while (taken.has(range.min + offset)) offset = (offset + 1) % size;
    taken.add(range.min + offset);
    out.set(key, range.min + offset);
  }
  return out;
}

/** The Service ports the userspace proxier proxies, in ServicePortName order. */
function proxiedPorts(services: ServiceInfo[]): { svc: ServiceInfo; port: ServicePort; index: number; key: string; spn: string }[] {
  const out: { svc: ServiceInfo; port: ServicePort; index: number; key: string; spn: string }[] = [];
  for (const svc of services) {
    if (skippedByKubeProxy(svc)) continue;
    svc.ports.forEach((port, index) => {
      if (port.protocol !== 'TCP' && port.protocol !== 'UDP') return;
      const spn = servicePortName(svc, port);
      out.push({ svc, port, index, spn, key: `${spn}/${port.protocol}` });
    });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The nat and filter tables kube-proxy's userspace mode leaves on one node, and its proxy sockets. */
export function kubeProxyUserspace(input: ProxyInput): { filter: Table; nat: Table; userspace: UserspaceState } {
  const nat = emptyTable('nat');
  const filter = emptyTable('filter');
  const hostIP = input.nodeIP;
  const add = (table: Table, chain: string, matches: Match[], target: Rule['target'], provenance?: Provenance) =>
    table.rules.push({ chain, matches, target, ...(provenance ? { provenance } : {}) });

  // iptablesInit: the portal jumps are prepended, the node-port jumps appended ("must be the
  // last rule in the chain"), the non-local jump prepended to filter INPUT.
  const portals: Match = { kind: 'comment', text: 'handle ClusterIPs; NOTE: this must be before the NodePort rules' };
  const nodePorts: Match[] = [
    { kind: 'addrtype', dir: 'dst', type: 'LOCAL' },
    { kind: 'comment', text: 'handle service NodePorts; NOTE: this must be the last rule in the chain' },
  ];
  declareChain(nat, CONTAINER_PORTAL_CHAIN);
  add(nat, 'PREROUTING', [portals], { kind: 'jump', chain: CONTAINER_PORTAL_CHAIN });
  declareChain(nat, HOST_PORTAL_CHAIN);
  add(nat, 'OUTPUT', [portals], { kind: 'jump', chain: HOST_PORTAL_CHAIN });
  declareChain(nat, CONTAINER_NODEPORT_CHAIN);
  add(nat, 'PREROUTING', nodePorts, { kind: 'jump', chain: CONTAINER_NODEPORT_CHAIN });
  declareChain(nat, HOST_NODEPORT_CHAIN);
  add(nat, 'OUTPUT', nodePorts, { kind: 'jump', chain: HOST_NODEPORT_CHAIN });
  declareChain(filter, NON_LOCAL_NODEPORT_CHAIN);
  add(filter, 'INPUT', [{ kind: 'comment', text: 'Ensure that non-local NodePort traffic can flow' }], { kind: 'jump', chain: NON_LOCAL_NODEPORT_CHAIN });

  const ports = proxyPorts(input.services, input.settings.proxy);
  const state: UserspaceState = { listenIP: LISTEN_IP, hostIP, ports: [] };
  for (const { svc, port, index, key, spn } of proxiedPorts(input.services)) {
    const proxyPort = ports.get(key);
    if (proxyPort === undefined) continue;
    const proto = port.protocol.toLowerCase() as Proto;
    const provenance = svc.fieldProvenance[`spec.ports.${index}`] ?? svc.provenance;
    // iptablesCommonPortalArgs: comment, -p/-m proto, --dport, then -d, physdev, addrtype.
    const common = (destIP: string | undefined, physdev: boolean, dstLocal: boolean, destPort: number): Match[] => [
      { kind: 'comment', text: spn },
      { kind: 'proto', proto },
      { kind: 'dport', port: destPort },
      ...(destIP ? [{ kind: 'dst', cidr: `${destIP}/32` } as Match] : []),
      ...(physdev ? [{ kind: 'physdev', isIn: true, negate: true } as Match] : []),
      ...(dstLocal ? [{ kind: 'addrtype', dir: 'dst', type: 'LOCAL' } as Match] : []),
    ];
    // Bound to 0.0.0.0: REDIRECT for containers, DNAT to the host IP for the host itself.
    const redirect: Rule['target'] = { kind: 'REDIRECT', toPorts: proxyPort };
    const dnat: Rule['target'] = { kind: 'DNAT', to: `${hostIP}:${proxyPort}` };
    const openOnePortal = (ip: string, isExternal: boolean) => {
      add(nat, CONTAINER_PORTAL_CHAIN, common(ip, isExternal, false, port.port), redirect, provenance);
      if (isExternal) {
        // An external IP: from a container only if not bridged in (the outside), or if it is one
        // of this node's own addresses; from the host only to its own addresses.
        add(nat, CONTAINER_PORTAL_CHAIN, common(ip, false, true, port.port), redirect, provenance);
        add(nat, HOST_PORTAL_CHAIN, common(ip, false, true, port.port), dnat, provenance);
        return;
      }
      add(nat, HOST_PORTAL_CHAIN, common(ip, false, false, port.port), dnat, provenance);
    };
    openOnePortal(svc.clusterIP, false);
    for (const ip of svc.externalIPs) openOnePortal(ip, true);
    for (const ip of svc.loadBalancerIPs) openOnePortal(ip, false);
    const nodePort = port.nodePort ?? 0;
    if (nodePort !== 0) {
      const npProv = svc.fieldProvenance[`spec.ports.${index}.nodePort`] ?? provenance;
      add(nat, CONTAINER_NODEPORT_CHAIN, common(undefined, false, false, nodePort), redirect, npProv);
      add(nat, HOST_NODEPORT_CHAIN, common(undefined, false, false, nodePort), dnat, npProv);
      // iptablesNonLocalNodePortArgs matches the proxy port, not the node port: the packet
      // reaches filter INPUT already redirected.
      add(filter, NON_LOCAL_NODEPORT_CHAIN, [...common(undefined, false, false, proxyPort), { kind: 'conntrack', states: ['NEW'], module: 'state' }], { kind: 'ACCEPT' }, npProv);
    }
    // BuildPortsToEndpointsMap reads the Endpoints' ready addresses only.
    const endpoints = endpointsFor(svc, port, input.slices).filter((e) => e.ready).map((e) => `${e.ip}:${e.port}`);
    const info: UserspacePort = {
      servicePort: spn, protocol: port.protocol as 'TCP' | 'UDP', proxyPort, clusterIP: svc.clusterIP, port: port.port,
      ...(nodePort ? { nodePort } : {}),
      externalIPs: svc.externalIPs, loadBalancerIPs: svc.loadBalancerIPs,
      sessionAffinity: svc.sessionAffinity, affinityTimeout: svc.affinityTimeout, endpoints,
      ...(provenance ? { provenance } : {}),
    };
    state.ports.push(info);
  }
  return { filter, nat, userspace: state };
}

/** The Service port whose proxy socket listens on `port` for `proto`, if any. */
export function proxySocketFor(state: UserspaceState | undefined, proto: string, port: number): UserspacePort | undefined {
  return state?.ports.find((p) => p.proxyPort === port && p.protocol.toLowerCase() === proto);
}
