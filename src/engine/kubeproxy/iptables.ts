/**
 * kube-proxy in iptables mode, as v1.28 writes its rules for one node
 * (kubernetes `pkg/proxy/iptables/proxier.go`, `syncProxyRules`). The rules come out in the
 * order kube-proxy writes them into its iptables-restore buffers; see
 * shared/reference/kube-proxy.md §3-§4 for the sources of every line.
 */
import { kubeProxyHash } from '../hash';
import { inCidr } from '../ip';
import type { EndpointInfo, EndpointSliceInfo, ClusterSettings, ProxySettings, ServiceInfo, ServicePort } from '../model';
import { declareChain, emptyTable, type Match, type Proto, type Rule, type Table } from '../netfilter/rules';
import type { Provenance } from '../types';
import { categorizeEndpoints } from './categorize';
import { kubeProxyProbability } from './probability';
import { skippedByKubeProxy } from './skip';

export interface ProxyInput {
  nodeName: string;
  /** The node's primary IP: a loadBalancerSourceRange holding it lets the node reach the VIPs. */
  nodeIP: string;
  /** The node's pod subnet, for detectLocalMode NodeCIDR. */
  podCIDR?: string;
  /** Every address of the node, for nodePortAddresses. */
  localAddresses?: string[];
  settings: ClusterSettings;
  services: ServiceInfo[];
  slices: EndpointSliceInfo[];
}

/** `ns/name` or `ns/name:port`: kube-proxy's ServicePortName string (no colon for unnamed ports). */
export function servicePortName(svc: ServiceInfo, port: ServicePort): string {
  return `${svc.namespace}/${svc.name}${port.name ? `:${port.name}` : ''}`;
}

/** The hash shared by a service port's KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- chains. */
export function servicePortHash(spn: string, proto: Proto): string {
  return kubeProxyHash(spn + proto);
}

/** `KUBE-SEP-…`: hashes the service port, the protocol and the endpoint's `ip:port`. */
export function endpointChainName(spn: string, proto: Proto, endpoint: string): string {
  return `KUBE-SEP-${kubeProxyHash(spn + proto + endpoint)}`;
}

/**
 * The endpoints kube-proxy sees for one service port, sorted by their `ip:port` string. An
 * `ip:port` written twice counts once: the first copy, unless a later one is on `nodeName`
 * ("the local one is preferred", v1.28 pkg/proxy/endpointslicecache.go addEndpoints).
 */
export function endpointsFor(svc: ServiceInfo, port: ServicePort, slices: EndpointSliceInfo[], nodeName?: string): EndpointInfo[] {
  const seen = new Map<string, EndpointInfo>();
  for (const slice of slices) {
    if (slice.namespace !== svc.namespace || slice.serviceName !== svc.name) continue;
    for (const ep of slice.endpoints) {
      if ((ep.portName ?? '') !== (port.name ?? '') || ep.protocol !== port.protocol) continue;
      const key = `${ep.ip}:${ep.port}`;
      if (!seen.has(key) || (nodeName !== undefined && ep.nodeName === nodeName)) seen.set(key, ep);
    }
  }
  // A lexical sort of "ip:port", as kube-proxy does: 10.0.0.10:80 sorts before 10.0.0.2:80.
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ep]) => ep);
}

/** Builds the filter and nat tables kube-proxy leaves on one node. */
export function kubeProxyTables(input: ProxyInput): { filter: Table; nat: Table } {
  const mark = 1 << input.settings.proxy.masqueradeBit;
  const nat = emptyTable('nat');
  const filter = emptyTable('filter');
  const add = (table: Table, chain: string, matches: Match[], target?: Rule['target'], provenance?: Provenance) =>
    table.rules.push({ chain, matches, target, provenance });

  // Jumps from the built-in chains: kube-proxy's "ensure rule" calls, plus kubelet's KUBE-FIREWALL.
  const portals: Match = { kind: 'comment', text: 'kubernetes service portals' };
  add(nat, 'PREROUTING', [portals], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(nat, 'OUTPUT', [portals], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(nat, 'POSTROUTING', [{ kind: 'comment', text: 'kubernetes postrouting rules' }], { kind: 'jump', chain: 'KUBE-POSTROUTING' });
  const ctNew: Match = { kind: 'conntrack', states: ['NEW'] };
  const lbFirewall: Match = { kind: 'comment', text: 'kubernetes load balancer firewall' };
  const external: Match = { kind: 'comment', text: 'kubernetes externally-visible service portals' };
  add(filter, 'INPUT', [ctNew, lbFirewall], { kind: 'jump', chain: 'KUBE-PROXY-FIREWALL' });
  add(filter, 'INPUT', [{ kind: 'comment', text: 'kubernetes health check service ports' }], { kind: 'jump', chain: 'KUBE-NODEPORTS' });
  add(filter, 'INPUT', [ctNew, external], { kind: 'jump', chain: 'KUBE-EXTERNAL-SERVICES' });
  add(filter, 'INPUT', [], { kind: 'jump', chain: 'KUBE-FIREWALL' });
  add(filter, 'FORWARD', [ctNew, lbFirewall], { kind: 'jump', chain: 'KUBE-PROXY-FIREWALL' });
  add(filter, 'FORWARD', [{ kind: 'comment', text: 'kubernetes forwarding rules' }], { kind: 'jump', chain: 'KUBE-FORWARD' });
  add(filter, 'FORWARD', [ctNew, portals], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(filter, 'FORWARD', [ctNew, external], { kind: 'jump', chain: 'KUBE-EXTERNAL-SERVICES' });
  add(filter, 'OUTPUT', [ctNew, lbFirewall], { kind: 'jump', chain: 'KUBE-PROXY-FIREWALL' });
  add(filter, 'OUTPUT', [ctNew, portals], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(filter, 'OUTPUT', [], { kind: 'jump', chain: 'KUBE-FIREWALL' });

  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
    declareChain(filter, c);
  }
  // Node ports on 127.0.0.1 need route_localnet=1, a hole (kubernetes#90259) kube-proxy plugs
  // with the kubelet's own localnet guard, written into its restore input only while localhost
  // node ports are in effect (v1.28 pkg/proxy/iptables/proxier.go, syncProxyRules). Otherwise the
  // chain stays the kubelet's alone (nodechains.ts).
  if (localhostNodePortsInEffect(input.settings.proxy)) {
    declareChain(filter, 'KUBE-FIREWALL');
    add(filter, 'KUBE-FIREWALL', [
      { kind: 'comment', text: 'block incoming localnet connections' },
      { kind: 'dst', cidr: '127.0.0.0/8' },
      { kind: 'src', cidr: '127.0.0.0/8', negate: true },
      { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negate: true },
    ], { kind: 'DROP' });
  }

  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) declareChain(nat, c);
  add(nat, 'KUBE-POSTROUTING', [{ kind: 'mark', value: mark, mask: mark, negate: true }], { kind: 'RETURN' });
  add(nat, 'KUBE-POSTROUTING', [], { kind: 'MARK', op: 'xor', value: mark });
  add(nat, 'KUBE-POSTROUTING', [{ kind: 'comment', text: 'kubernetes service traffic requiring SNAT' }], { kind: 'MASQUERADE', randomFully: true });
  add(nat, 'KUBE-MARK-MASQ', [], { kind: 'MARK', op: 'or', value: mark });

  // Headless Services (clusterIP None) get no rules: DNS answers with the pod IPs instead.
  // Sorted by code point, not locale, so every browser writes the same order.
  const services = input.services
    .filter((svc) => !skippedByKubeProxy(svc))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  // Each Service's slices, found once: scanning every slice per Service port is quadratic.
  const slicesOf = new Map<string, EndpointSliceInfo[]>();
  for (const slice of input.slices) {
    const k = `${slice.namespace}/${slice.serviceName}`;
    slicesOf.set(k, [...(slicesOf.get(k) ?? []), slice]);
  }
  // Large-cluster mode: past 1000 endpoints in all (ready or not, over every service port),
  // kube-proxy leaves out the per-endpoint comments to shrink its rules by 40% (v1.28
  // proxier.go, largeClusterEndpointsThreshold and appendServiceCommentLocked).
  let totalEndpoints = 0;
  for (const svc of services) for (const port of svc.ports) totalEndpoints += endpointsFor(svc, port, slicesOf.get(key(svc)) ?? []).length;
  const largeCluster = totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
  for (const svc of services) {
    const own = { ...input, slices: slicesOf.get(key(svc)) ?? [] };
    svc.ports.forEach((port, index) => writeServicePort(own, svc, port, index, { nat, filter, add, largeCluster }));
  }

  // The tail jump: node ports are tried only after every service IP had its chance.
  const tail: Match = { kind: 'comment', text: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain' };
  const { nodePortAddresses } = input.settings.proxy;
  const localhostNodePorts = localhostNodePortsInEffect(input.settings.proxy);
  if (nodePortAddresses.length === 0 || nodePortAddresses.some((c) => c.endsWith('/0'))) {
    const notLoopback: Match[] = localhostNodePorts ? [] : [{ kind: 'dst', cidr: '127.0.0.0/8', negate: true }];
    add(nat, 'KUBE-SERVICES', [tail, { kind: 'addrtype', dir: 'dst', type: 'LOCAL' }, ...notLoopback], { kind: 'jump', chain: 'KUBE-NODEPORTS' });
  } else {
    // One rule per node address inside the listed CIDRs; loopback only with localhost node ports.
    const addresses = [...(input.localAddresses ?? [input.nodeIP])].sort();
    for (const ip of addresses) {
      if (!nodePortAddresses.some((c) => inCidr(ip, c))) continue;
      if (ip.startsWith('127.') && !localhostNodePorts) continue;
      add(nat, 'KUBE-SERVICES', [tail, { kind: 'dst', cidr: ip }], { kind: 'jump', chain: 'KUBE-NODEPORTS' });
    }
  }

  add(filter, 'KUBE-FORWARD', [{ kind: 'conntrack', states: ['INVALID'] }], { kind: 'DROP' });
  add(filter, 'KUBE-FORWARD', [
    { kind: 'comment', text: 'kubernetes forwarding rules' },
    { kind: 'mark', value: mark, mask: mark },
  ], { kind: 'ACCEPT' });
  add(filter, 'KUBE-FORWARD', [
    { kind: 'comment', text: 'kubernetes forwarding conntrack rule' },
    { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] },
  ], { kind: 'ACCEPT' });
  return { filter, nat };
}

/**
 * `localhostNodePorts` as kube-proxy v1.28 runs with it (pkg/proxy/iptables/proxier.go,
 * NewProxier): forced off when `nodePortAddresses` is set and none of its CIDRs holds IPv4
 * loopback (NodePortAddresses.ContainsIPv4Loopback; an empty list means every address).
 */
export function localhostNodePortsInEffect(proxy: ProxySettings): boolean {
  if (!proxy.localhostNodePorts) return false;
  return proxy.nodePortAddresses.length === 0 || proxy.nodePortAddresses.some((c) => c.endsWith('/0') || inCidr('127.0.0.1', c));
}

/**
 * How kube-proxy tells traffic from local pods (pkg/proxy/util/iptables/traffic.go): by source
 * CIDR (ClusterCIDR, NodeCIDR) or by input interface (BridgeInterface, InterfaceNamePrefix).
 * Undefined when the mode has nothing to work with (no clusterCIDR, for instance).
 */
export function localDetector(input: ProxyInput): { ifLocal: Match; ifNotLocal: Match } | undefined {
  const p = input.settings.proxy;
  const bySource = (cidr: string | undefined) =>
    cidr ? { ifLocal: { kind: 'src', cidr } as Match, ifNotLocal: { kind: 'src', cidr, negate: true } as Match } : undefined;
  const byInterface = (iface: string) =>
    iface ? { ifLocal: { kind: 'in', iface } as Match, ifNotLocal: { kind: 'in', iface, negate: true } as Match } : undefined;
  switch (p.detectLocalMode) {
    case 'ClusterCIDR':
      return bySource(p.clusterCIDR);
    case 'NodeCIDR':
      return bySource(input.podCIDR);
    case 'BridgeInterface':
      return byInterface(p.bridgeInterface);
    case 'InterfaceNamePrefix':
      return byInterface(p.interfaceNamePrefix ? `${p.interfaceNamePrefix}+` : '');
  }
}

function key(svc: ServiceInfo): string {
  return `${svc.namespace}/${svc.name}`;
}

/**
 * A Service's health check node port counts only for a LoadBalancer with externalTrafficPolicy
 * Local (v1.28 pkg/proxy/serviceport.go newBaseServiceInfo, apiservice.NeedsHealthCheck).
 */
export function needsHealthCheck(svc: ServiceInfo): boolean {
  return svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local';
}

/** kube-proxy's largeClusterEndpointsThreshold. */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

interface Sink {
  nat: Table;
  filter: Table;
  /** Per-endpoint comments are left out (large-cluster mode). */
  largeCluster: boolean;
  add: (table: Table, chain: string, matches: Match[], target?: Rule['target'], provenance?: Provenance) => void;
}

function writeServicePort(input: ProxyInput, svc: ServiceInfo, port: ServicePort, index: number, out: Sink): void {
  const { nat, filter, add } = out;
  // appendServiceCommentLocked: the per-endpoint rules' comment, or none in large-cluster mode.
  const epComment = (text: string): Match[] => (out.largeCluster ? [] : [{ kind: 'comment', text }]);
  const spn = servicePortName(svc, port);
  const proto = port.protocol.toLowerCase() as Proto;
  const hash = servicePortHash(spn, proto);
  const svcChain = `KUBE-SVC-${hash}`;
  const svlChain = `KUBE-SVL-${hash}`;
  const extChain = `KUBE-EXT-${hash}`;
  const field = (path: string) => svc.fieldProvenance[path] ?? svc.provenance;
  const portProv = field(`spec.ports.${index}`);

  const nodePort = port.nodePort ?? 0;
  const vips = svc.loadBalancerIPs;
  const externallyAccessible = nodePort !== 0 || svc.externalIPs.length > 0 || vips.length > 0;
  const fwChain = `KUBE-FW-${hash}`;
  // externalTrafficPolicy only means something for externally reachable Service types.
  const extLocal = svc.externalTrafficPolicy === 'Local' && svc.type !== 'ClusterIP';
  const intLocal = svc.internalTrafficPolicy === 'Local';
  const usesClusterEndpoints = !intLocal || externallyAccessible;
  const usesLocalEndpoints = intLocal || (extLocal && externallyAccessible);
  const internalChain = intLocal ? svlChain : svcChain;
  const externalPolicyChain = extLocal ? svlChain : svcChain;
  // Ready endpoints first, else serving-and-terminating ones; the same over local endpoints.
  const categorized = categorizeEndpoints(endpointsFor(svc, port, input.slices, input.nodeName), usesClusterEndpoints, usesLocalEndpoints, input.nodeName);
  const { cluster: clusterSet, local: localSet, hasAny: hasEndpoints } = categorized;
  const hasInternalEndpoints = hasEndpoints && (!intLocal || localSet.length > 0);
  const hasExternalEndpoints = hasEndpoints && (!extLocal || localSet.length > 0);
  const usesFwChain = hasEndpoints && vips.length > 0 && svc.loadBalancerSourceRanges.length > 0;

  const protoMatch: Match = { kind: 'proto', proto };
  const clusterIpArgs: Match[] = [
    { kind: 'comment', text: `${spn} cluster IP` },
    protoMatch,
    { kind: 'dst', cidr: svc.clusterIP },
    { kind: 'dport', port: port.port },
  ];

  if (hasInternalEndpoints) {
    add(nat, 'KUBE-SERVICES', clusterIpArgs, { kind: 'jump', chain: internalChain }, portProv);
  } else {
    add(filter, 'KUBE-SERVICES', [
      { kind: 'comment', text: `${spn} ${hasEndpoints ? 'has no local endpoints' : 'has no endpoints'}` },
      protoMatch,
      { kind: 'dst', cidr: svc.clusterIP },
      { kind: 'dport', port: port.port },
    ], { kind: hasEndpoints ? 'DROP' : 'REJECT' }, portProv);
  }

  // What external traffic meets when it has nowhere to go: REJECT without any endpoint, DROP
  // when only local endpoints count and this node has none.
  const externalFilter = (matches: Match[], prov: Provenance | undefined) =>
    add(filter, 'KUBE-EXTERNAL-SERVICES', [
      { kind: 'comment', text: `${spn} ${hasEndpoints ? 'has no local endpoints' : 'has no endpoints'}` },
      ...matches,
    ], { kind: hasEndpoints ? 'DROP' : 'REJECT' }, prov);

  const eipProv = field('spec.externalIPs') ?? portProv;
  for (const eip of svc.externalIPs) {
    const to: Match[] = [protoMatch, { kind: 'dst', cidr: eip }, { kind: 'dport', port: port.port }];
    if (hasEndpoints) add(nat, 'KUBE-SERVICES', [{ kind: 'comment', text: `${spn} external IP` }, ...to], { kind: 'jump', chain: extChain }, eipProv);
    if (!hasExternalEndpoints) externalFilter(to, eipProv);
  }

  const lbProv = field('spec.type') ?? portProv;
  for (const vip of vips) {
    const to: Match[] = [protoMatch, { kind: 'dst', cidr: vip }, { kind: 'dport', port: port.port }];
    if (hasEndpoints) {
      add(nat, 'KUBE-SERVICES', [{ kind: 'comment', text: `${spn} loadbalancer IP` }, ...to], { kind: 'jump', chain: usesFwChain ? fwChain : extChain }, lbProv);
    }
    if (usesFwChain) {
      add(filter, 'KUBE-PROXY-FIREWALL', [{ kind: 'comment', text: `${spn} traffic not accepted by ${fwChain}` }, ...to], { kind: 'DROP' }, field('spec.loadBalancerSourceRanges') ?? lbProv);
    }
  }
  if (vips.length > 0 && !hasExternalEndpoints) {
    for (const vip of vips) externalFilter([protoMatch, { kind: 'dst', cidr: vip }, { kind: 'dport', port: port.port }], lbProv);
  }

  if (nodePort !== 0) {
    const npProv = field(`spec.ports.${index}.nodePort`) ?? portProv;
    if (hasEndpoints) {
      add(nat, 'KUBE-NODEPORTS', [{ kind: 'comment', text: spn }, protoMatch, { kind: 'dport', port: nodePort }], { kind: 'jump', chain: extChain }, npProv);
    }
    if (!hasExternalEndpoints) {
      externalFilter([{ kind: 'addrtype', dir: 'dst', type: 'LOCAL' }, protoMatch, { kind: 'dport', port: nodePort }], npProv);
    }
  }
  if (svc.healthCheckNodePort && needsHealthCheck(svc)) {
    // The cloud LB probes every node here; kube-proxy answers 200 where local endpoints exist.
    add(filter, 'KUBE-NODEPORTS', [
      { kind: 'comment', text: `${spn} health check node port` },
      { kind: 'proto', proto: 'tcp' },
      { kind: 'dport', port: svc.healthCheckNodePort },
    ], { kind: 'ACCEPT' }, field('spec.healthCheckNodePort') ?? lbProv);
  }
  if (!hasEndpoints) return;

  const usesClusterChain = clusterSet.length > 0;
  const usesLocalChain = localSet.length > 0;

  const detector = localDetector(input);
  if (hasInternalEndpoints) {
    // Traffic to the cluster IP from outside the pod network gets SNAT, so replies come back here.
    // masqueradeAll SNATs everything; with no way to tell pods apart, nothing is SNATed.
    if (input.settings.proxy.masqueradeAll) add(nat, internalChain, clusterIpArgs, { kind: 'jump', chain: 'KUBE-MARK-MASQ' }, portProv);
    else if (detector) add(nat, internalChain, [...clusterIpArgs, detector.ifNotLocal], { kind: 'jump', chain: 'KUBE-MARK-MASQ' }, portProv);
  }
  if (externallyAccessible) {
    declareChain(nat, extChain);
    const etpProv = field('spec.externalTrafficPolicy') ?? portProv;
    if (!extLocal) {
      add(nat, extChain, [{ kind: 'comment', text: `masquerade traffic for ${spn} external destinations` }], { kind: 'jump', chain: 'KUBE-MARK-MASQ' }, etpProv);
    } else {
      if (detector) add(nat, extChain, [{ kind: 'comment', text: `pod traffic for ${spn} external destinations` }, detector.ifLocal], { kind: 'jump', chain: svcChain }, etpProv);
      add(nat, extChain, [{ kind: 'comment', text: `masquerade LOCAL traffic for ${spn} external destinations` }, { kind: 'addrtype', dir: 'src', type: 'LOCAL' }], { kind: 'jump', chain: 'KUBE-MARK-MASQ' }, etpProv);
      add(nat, extChain, [{ kind: 'comment', text: `route LOCAL traffic for ${spn} external destinations` }, { kind: 'addrtype', dir: 'src', type: 'LOCAL' }], { kind: 'jump', chain: svcChain }, etpProv);
    }
    if (hasExternalEndpoints) add(nat, extChain, [], { kind: 'jump', chain: externalPolicyChain }, etpProv);
  }
  if (usesFwChain) {
    // loadBalancerSourceRanges: only the listed sources reach the EXT chain; the rest fall through
    // to a rule without target, and then to the DROP in filter KUBE-PROXY-FIREWALL.
    declareChain(nat, fwChain);
    const rangesProv = field('spec.loadBalancerSourceRanges') ?? lbProv;
    const comment: Match = { kind: 'comment', text: `${spn} loadbalancer IP` };
    for (const cidr of svc.loadBalancerSourceRanges) add(nat, fwChain, [comment, { kind: 'src', cidr }], { kind: 'jump', chain: extChain }, rangesProv);
    // A node reaching its own VIP may be SNATed to the VIP: allow that if the node itself is allowed.
    if (svc.loadBalancerSourceRanges.some((cidr) => inCidr(input.nodeIP, cidr))) {
      for (const vip of vips) add(nat, fwChain, [comment, { kind: 'src', cidr: vip }], { kind: 'jump', chain: extChain }, rangesProv);
    }
    add(nat, fwChain, [{ kind: 'comment', text: `other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL` }], undefined, rangesProv);
  }

  const selectorProv = field('spec.selector') ?? svc.provenance;
  const affinity = svc.sessionAffinity === 'ClientIP';
  const balance = (chain: string, endpoints: EndpointInfo[]) => {
    declareChain(nat, chain);
    // With ClientIP affinity, a client seen recently goes back to the endpoint it had.
    if (affinity) {
      for (const ep of endpoints) {
        const target = `${ep.ip}:${ep.port}`;
        const sep = endpointChainName(spn, proto, target);
        add(nat, chain, [
          ...epComment(`${spn} -> ${target}`),
          { kind: 'recent', name: sep, op: 'rcheck', seconds: svc.affinityTimeout },
        ], { kind: 'jump', chain: sep }, field('spec.sessionAffinity') ?? selectorProv);
      }
    }
    endpoints.forEach((ep, i) => {
      const target = `${ep.ip}:${ep.port}`;
      const matches: Match[] = epComment(`${spn} -> ${target}`);
      if (i < endpoints.length - 1) matches.push({ kind: 'statistic', probability: kubeProxyProbability(endpoints.length - i) });
      add(nat, chain, matches, { kind: 'jump', chain: endpointChainName(spn, proto, target) }, selectorProv);
    });
  };
  // Chain declaration order follows kube-proxy: EXT, then SVC, then SVL, then the SEPs.
  if (usesClusterChain) balance(svcChain, clusterSet);
  if (usesLocalChain) balance(svlChain, localSet);

  const targetProv = field(`spec.ports.${index}.targetPort`) ?? portProv;
  for (const ep of categorized.reachable) {
    const target = `${ep.ip}:${ep.port}`;
    const sep = endpointChainName(spn, proto, target);
    declareChain(nat, sep);
    // A pod reaching itself through its own Service must be SNATed, or its reply would bypass conntrack.
    add(nat, sep, [...epComment(spn), { kind: 'src', cidr: ep.ip }], { kind: 'jump', chain: 'KUBE-MARK-MASQ' }, targetProv);
    const remember: Match[] = affinity ? [{ kind: 'recent', name: sep, op: 'set' }] : [];
    // A hand-written endpoint's DNAT comes from the Endpoints line holding its address.
    add(nat, sep, [...epComment(spn), ...remember, protoMatch], { kind: 'DNAT', to: target }, ep.provenance ?? targetProv);
  }
}
