/**
 * kube-proxy in nftables mode: the `ip kube-proxy` table it writes on one node, in the order of
 * its first full sync's transaction. Modelled on kubernetes `pkg/proxy/nftables/proxier.go`
 * (setupNFTables, syncProxyRules, writeServiceToEndpointRules) with the filter-chain layout of
 * v1.34 (kubernetes PR #132456: filter-prerouting-pre-dnat and filter-output-pre-dnat before
 * DNAT, filter-forward/-input/-output at priority 0), and the expected rulesets of its
 * `proxier_test.go`, which upstream.nftables.test.ts ports.
 *
 * The inputs are the iptables generator's (kubeproxy/iptables.ts), and the endpoints are picked
 * by the same code (categorize.ts: ready, else serving-and-terminating; Local policies over the
 * node's own). IPv4 only, as the rest of Podpath.
 */
import { cidrContains, formatCidr, parseCidr, parseIp } from '../../ip';
import type { EndpointInfo, EndpointSliceInfo, ServiceInfo, ServicePort } from '../../model';
import type { Proto } from '../../netfilter/rules';
import type { Provenance } from '../../types';
import { categorizeEndpoints } from '../categorize';
import { endpointsFor, servicePortName, type ProxyInput } from '../iptables';
import { emptyNftTable, NftBuilder, type NftBaseChain, type NftTable } from './model';
import {
  AFFINITY_SET_PREFIX, ENDPOINT_CHAIN_PREFIX, EXTERNAL_CHAIN_PREFIX, FIREWALL_CHAIN_PREFIX, LOCAL_CHAIN_PREFIX, SERVICE_CHAIN_PREFIX,
  servicePortChainNameBase, servicePortEndpointChainNameBase,
} from './names';
import { skippedByKubeProxy } from '../skip';

export const KUBE_PROXY_TABLE = 'kube-proxy';

// Base chains, and the chains and sets every sync sets up (proxier.go's constants).
const FILTER_PREROUTING_PRE_DNAT = 'filter-prerouting-pre-dnat';
const FILTER_OUTPUT_PRE_DNAT = 'filter-output-pre-dnat';
const FILTER_FORWARD = 'filter-forward';
const FILTER_INPUT = 'filter-input';
const FILTER_OUTPUT = 'filter-output';
const NAT_PREROUTING = 'nat-prerouting';
const NAT_OUTPUT = 'nat-output';
const NAT_POSTROUTING = 'nat-postrouting';
const SERVICES = 'services';
const SERVICE_IPS = 'service-ips';
const SERVICE_NODEPORTS = 'service-nodeports';
const NODEPORT_IPS = 'nodeport-ips';
const CLUSTER_IPS = 'cluster-ips';
const SERVICE_ENDPOINTS_CHECK = 'service-endpoints-check';
const NODEPORT_ENDPOINTS_CHECK = 'nodeport-endpoints-check';
const NO_ENDPOINT_SERVICES = 'no-endpoint-services';
const NO_ENDPOINT_NODEPORTS = 'no-endpoint-nodeports';
const REJECT_CHAIN = 'reject-chain';
const CLUSTER_IPS_CHECK = 'cluster-ips-check';
const FIREWALL_IPS = 'firewall-ips';
const FIREWALL_CHECK = 'firewall-check';
const MARK_MASQ = 'mark-for-masquerade';
const MASQUERADING = 'masquerading';

/** knftables' symbolic priorities as numbers: filter 0, dstnat -100, srcnat 100. */
const BASE_CHAINS: { name: string; base: NftBaseChain }[] = [
  // Filtering on the destination before DNAT: LoadBalancerSourceRanges.
  { name: FILTER_PREROUTING_PRE_DNAT, base: { type: 'filter', hook: 'prerouting', priority: -110 } },
  { name: FILTER_OUTPUT_PRE_DNAT, base: { type: 'filter', hook: 'output', priority: -110 } },
  // After DNAT: what is still addressed to a service IP found no endpoint to go to.
  { name: FILTER_FORWARD, base: { type: 'filter', hook: 'forward', priority: 0 } },
  { name: FILTER_INPUT, base: { type: 'filter', hook: 'input', priority: 0 } },
  { name: FILTER_OUTPUT, base: { type: 'filter', hook: 'output', priority: 0 } },
  { name: NAT_PREROUTING, base: { type: 'nat', hook: 'prerouting', priority: -100 } },
  { name: NAT_OUTPUT, base: { type: 'nat', hook: 'output', priority: -100 } },
  { name: NAT_POSTROUTING, base: { type: 'nat', hook: 'postrouting', priority: 100 } },
];

/** nftablesJumpChains: the regular chains the base chains jump to, in kube-proxy's order. */
const JUMP_CHAINS: { dst: string; src: string; extra: string }[] = [
  { dst: NODEPORT_ENDPOINTS_CHECK, src: FILTER_INPUT, extra: 'ct state new' },
  { dst: SERVICE_ENDPOINTS_CHECK, src: FILTER_INPUT, extra: 'ct state new' },
  { dst: SERVICE_ENDPOINTS_CHECK, src: FILTER_FORWARD, extra: 'ct state new' },
  { dst: SERVICE_ENDPOINTS_CHECK, src: FILTER_OUTPUT, extra: 'ct state new' },
  { dst: FIREWALL_CHECK, src: FILTER_PREROUTING_PRE_DNAT, extra: 'ct state new' },
  { dst: FIREWALL_CHECK, src: FILTER_OUTPUT_PRE_DNAT, extra: 'ct state new' },
  { dst: SERVICES, src: NAT_OUTPUT, extra: '' },
  { dst: SERVICES, src: NAT_PREROUTING, extra: '' },
  { dst: MASQUERADING, src: NAT_POSTROUTING, extra: '' },
  { dst: CLUSTER_IPS_CHECK, src: FILTER_FORWARD, extra: 'ct state new' },
  { dst: CLUSTER_IPS_CHECK, src: FILTER_OUTPUT, extra: 'ct state new' },
];

export interface NftProxyInput extends ProxyInput {
  /**
   * The mark as kube-proxy formats it (`%#08x` of 1 << masqueradeBit: `0x004000`). Upstream's
   * fake proxier sets `0x4000` directly; its ported tests pass that.
   */
  masqueradeMark?: string;
  /** The cluster's ServiceCIDRs (default: the kubeadm serviceSubnet). */
  serviceCIDRs?: string[];
}

/** Go's `fmt.Sprintf("%#08x", v)`: the width counts the `0x`. */
export function goHex08(value: number): string {
  return `0x${value.toString(16).padStart(6, '0')}`;
}

/**
 * The node-port addresses: `--nodeport-addresses` CIDRs select the node's addresses in them
 * (loopback never: "localhost NodePorts are not supported"); empty means `primary`, the node's
 * IP; a /0 matches every local address, and then there is no @nodeport-ips set at all.
 */
function nodePortIPs(input: ProxyInput): { matchAll: boolean; ips: string[] } {
  const cidrs = input.settings.proxy.nodePortAddresses.map((c) => parseCidr(c)).filter((c) => c !== undefined);
  if (cidrs.length === 0) return { matchAll: false, ips: [input.nodeIP] };
  if (cidrs.some((c) => c.bits === 0)) return { matchAll: true, ips: [] };
  const ips: string[] = [];
  for (const ip of input.localAddresses ?? [input.nodeIP]) {
    const n = parseIp(ip);
    if (n === undefined || ip.startsWith('127.') || ips.includes(ip)) continue;
    if (cidrs.some((c) => cidrContains(c, n))) ips.push(ip);
  }
  return { matchAll: false, ips };
}

/**
 * The LocalTrafficDetector's nftables expressions (pkg/proxy/util/localdetector.go): by source
 * CIDR, or by input interface (`iif`) or interface-name prefix (`iifname "p*"`); none without
 * a CIDR or name to work with.
 */
export function nftLocalDetector(input: ProxyInput): { ifLocal: string; ifNotLocal: string } | undefined {
  const p = input.settings.proxy;
  const byCidr = (cidr: string | undefined) => (cidr ? { ifLocal: `ip saddr ${cidr}`, ifNotLocal: `ip saddr != ${cidr}` } : undefined);
  switch (p.detectLocalMode) {
    case 'ClusterCIDR':
      return byCidr(p.clusterCIDR);
    case 'NodeCIDR':
      return byCidr(input.podCIDR);
    case 'BridgeInterface':
      return p.bridgeInterface ? { ifLocal: `iif ${p.bridgeInterface}`, ifNotLocal: `iif != ${p.bridgeInterface}` } : undefined;
    case 'InterfaceNamePrefix':
      return p.interfaceNamePrefix ? { ifLocal: `iifname ${p.interfaceNamePrefix}*`, ifNotLocal: `iifname != ${p.interfaceNamePrefix}*` } : undefined;
  }
}

/** `setupNFTables`: the table's fixed part. */
function setup(b: NftBuilder, input: NftProxyInput, mark: string): void {
  for (const { name, base } of BASE_CHAINS) b.chain(name, { base });
  for (const j of JUMP_CHAINS) {
    b.chain(j.dst);
    b.rule(j.src, [j.extra, 'jump', j.dst].filter(Boolean).join(' '));
  }
  for (const c of [SERVICES, CLUSTER_IPS_CHECK, MASQUERADING, MARK_MASQ]) b.chain(c);

  b.rule(MARK_MASQ, `mark set mark or ${mark}`);
  b.rule(MASQUERADING, `mark and ${mark} == 0 return`);
  b.rule(MASQUERADING, `mark set mark xor ${mark}`);
  b.rule(MASQUERADING, 'masquerade fully-random');

  b.set({ kind: 'set', name: CLUSTER_IPS, type: 'ipv4_addr', comment: 'Active ClusterIPs' });
  b.rule(CLUSTER_IPS_CHECK, `ip daddr @${CLUSTER_IPS} reject`, 'Reject traffic to invalid ports of ClusterIPs');
  const serviceCIDRs = input.serviceCIDRs ?? [input.settings.serviceSubnet];
  if (serviceCIDRs.length > 0) {
    b.rule(CLUSTER_IPS_CHECK, `ip daddr { ${serviceCIDRs.join(',')} } drop`, 'Drop traffic to unallocated ClusterIPs');
  }

  const nodePorts = nodePortIPs(input);
  if (!nodePorts.matchAll) {
    b.set({ kind: 'set', name: NODEPORT_IPS, type: 'ipv4_addr', comment: 'IPs that accept NodePort traffic' });
    for (const ip of nodePorts.ips) b.element(NODEPORT_IPS, { key: [ip] });
  }

  b.set({ kind: 'map', name: NO_ENDPOINT_SERVICES, type: 'ipv4_addr . inet_proto . inet_service : verdict', comment: 'vmap to drop or reject packets to services with no endpoints' });
  b.set({ kind: 'map', name: NO_ENDPOINT_NODEPORTS, type: 'inet_proto . inet_service : verdict', comment: 'vmap to drop or reject packets to service nodeports with no endpoints' });
  b.chain(REJECT_CHAIN, { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  b.rule(REJECT_CHAIN, 'reject');
  b.rule(SERVICE_ENDPOINTS_CHECK, `ip daddr . meta l4proto . th dport vmap @${NO_ENDPOINT_SERVICES}`);
  b.rule(NODEPORT_ENDPOINTS_CHECK, nodePorts.matchAll
    ? `ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @${NO_ENDPOINT_NODEPORTS}`
    : `ip daddr @${NODEPORT_IPS} meta l4proto . th dport vmap @${NO_ENDPOINT_NODEPORTS}`);

  b.set({ kind: 'map', name: FIREWALL_IPS, type: 'ipv4_addr . inet_proto . inet_service : verdict', comment: 'destinations that are subject to LoadBalancerSourceRanges' });
  b.chain(FIREWALL_CHECK);
  b.rule(FIREWALL_CHECK, `ip daddr . meta l4proto . th dport vmap @${FIREWALL_IPS}`);

  b.set({ kind: 'map', name: SERVICE_IPS, type: 'ipv4_addr . inet_proto . inet_service : verdict', comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
  b.set({ kind: 'map', name: SERVICE_NODEPORTS, type: 'inet_proto . inet_service : verdict', comment: 'NodePort traffic' });
  b.rule(SERVICES, `ip daddr . meta l4proto . th dport vmap @${SERVICE_IPS}`);
  b.rule(SERVICES, nodePorts.matchAll
    ? `fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @${SERVICE_NODEPORTS}`
    : `ip daddr @${NODEPORT_IPS} meta l4proto . th dport vmap @${SERVICE_NODEPORTS}`);
}

/** Builds the `ip kube-proxy` table kube-proxy's nftables mode leaves on one node. */
export function kubeProxyNftables(input: NftProxyInput): NftTable {
  const table = emptyNftTable(KUBE_PROXY_TABLE, 'rules for kube-proxy');
  const b = new NftBuilder(table);
  const mark = input.masqueradeMark ?? goHex08(1 << input.settings.proxy.masqueradeBit);
  setup(b, input, mark);

  const services = input.services
    .filter((svc) => !skippedByKubeProxy(svc))
    .sort((a, b2) => (key(a) < key(b2) ? -1 : key(a) > key(b2) ? 1 : 0));
  const slicesOf = new Map<string, EndpointSliceInfo[]>();
  for (const slice of input.slices) {
    const k = `${slice.namespace}/${slice.serviceName}`;
    slicesOf.set(k, [...(slicesOf.get(k) ?? []), slice]);
  }
  for (const svc of services) {
    const own = { ...input, slices: slicesOf.get(key(svc)) ?? [] };
    svc.ports.forEach((port, index) => writeServicePort(b, own, svc, port, index));
  }
  return table;
}

function key(svc: ServiceInfo): string {
  return `${svc.namespace}/${svc.name}`;
}

/** loadBalancerSourceRanges as kube-proxy parses them: trimmed, canonical, the unparsable left out. */
function sourceRanges(svc: ServiceInfo): string[] {
  return svc.loadBalancerSourceRanges.map((r) => parseCidr(r.trim())).filter((c) => c !== undefined).map(formatCidr);
}

function writeServicePort(b: NftBuilder, input: NftProxyInput, svc: ServiceInfo, port: ServicePort, index: number): void {
  const proto = port.protocol.toLowerCase() as Proto;
  const spn = servicePortName(svc, port);
  const base = servicePortChainNameBase(svc.namespace, svc.name, proto, port.name);
  const clusterPolicyChain = SERVICE_CHAIN_PREFIX + base;
  const localPolicyChain = LOCAL_CHAIN_PREFIX + base;
  const externalTrafficChain = EXTERNAL_CHAIN_PREFIX + base;
  const fwChain = FIREWALL_CHAIN_PREFIX + base;
  const field = (path: string): Provenance | undefined => svc.fieldProvenance[path] ?? svc.provenance;
  const portProv = field(`spec.ports.${index}`);

  const nodePort = port.nodePort ?? 0;
  const vips = svc.loadBalancerIPs;
  const externallyAccessible = nodePort !== 0 || svc.externalIPs.length > 0 || vips.length > 0;
  const externalPolicyLocal = svc.externalTrafficPolicy === 'Local' && svc.type !== 'ClusterIP' && externallyAccessible;
  const internalPolicyLocal = svc.internalTrafficPolicy === 'Local';
  const usesClusterEndpoints = !internalPolicyLocal || externallyAccessible;
  const usesLocalEndpoints = internalPolicyLocal || externalPolicyLocal;
  const categorized = categorizeEndpoints(endpointsFor(svc, port, input.slices, input.nodeName), usesClusterEndpoints, usesLocalEndpoints, input.nodeName);
  const { cluster: clusterEndpoints, local: localEndpoints, reachable, hasAny: hasEndpoints } = categorized;
  const endpointBase = (ep: EndpointInfo) => servicePortEndpointChainNameBase(svc.namespace, svc.name, proto, port.name, ep.ip, ep.port);
  const affinity = svc.sessionAffinity === 'ClientIP';

  // The endpoint chains, then the policy chains and the external chain, are declared first.
  for (const ep of reachable) b.chain(ENDPOINT_CHAIN_PREFIX + endpointBase(ep));
  const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints;
  if (usesClusterPolicyChain) b.chain(clusterPolicyChain);
  const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints;
  if (usesLocalPolicyChain) b.chain(localPolicyChain);

  const internalTrafficChain = internalPolicyLocal ? localPolicyChain : clusterPolicyChain;
  const hasInternalEndpoints = hasEndpoints && (!internalPolicyLocal || localEndpoints.length > 0);
  const externalPolicyChain = externalPolicyLocal ? localPolicyChain : clusterPolicyChain;
  const hasExternalEndpoints = hasEndpoints && (!externalPolicyLocal || localEndpoints.length > 0);
  // Even without externally usable endpoints, the short-circuit rules for local traffic are needed.
  const usesExternalTrafficChain = hasEndpoints && externallyAccessible;
  if (usesExternalTrafficChain) b.chain(externalTrafficChain);

  // No endpoint at all: reject; a Local policy with none on this node: drop.
  const internalFilterVerdict = !hasEndpoints ? `goto ${REJECT_CHAIN}` : 'drop';
  const externalFilterVerdict = internalFilterVerdict;
  const to = (ip: string) => [ip, proto, String(port.port)];

  b.element(CLUSTER_IPS, { key: [svc.clusterIP], provenance: portProv });
  if (hasInternalEndpoints) {
    b.element(SERVICE_IPS, { key: to(svc.clusterIP), value: [`goto ${internalTrafficChain}`], provenance: portProv });
  } else {
    b.element(NO_ENDPOINT_SERVICES, { key: to(svc.clusterIP), value: [internalFilterVerdict], comment: spn, provenance: portProv });
  }

  const eipProv = field('spec.externalIPs') ?? portProv;
  for (const eip of svc.externalIPs) {
    if (hasEndpoints) b.element(SERVICE_IPS, { key: to(eip), value: [`goto ${externalTrafficChain}`], provenance: eipProv });
    if (!hasExternalEndpoints) b.element(NO_ENDPOINT_SERVICES, { key: to(eip), value: [externalFilterVerdict], comment: spn, provenance: eipProv });
  }

  const ranges = sourceRanges(svc);
  const usesFwChain = vips.length > 0 && ranges.length > 0;
  if (usesFwChain) b.chain(fwChain);
  const lbProv = field('spec.type') ?? portProv;
  const rangesProv = field('spec.loadBalancerSourceRanges') ?? lbProv;
  for (const vip of vips) {
    if (hasEndpoints) b.element(SERVICE_IPS, { key: to(vip), value: [`goto ${externalTrafficChain}`], provenance: lbProv });
    if (usesFwChain) b.element(FIREWALL_IPS, { key: to(vip), value: [`goto ${fwChain}`], provenance: rangesProv });
  }
  if (!hasExternalEndpoints) {
    for (const vip of vips) b.element(NO_ENDPOINT_SERVICES, { key: to(vip), value: [externalFilterVerdict], comment: spn, provenance: lbProv });
  }

  if (nodePort !== 0) {
    const npProv = field(`spec.ports.${index}.nodePort`) ?? portProv;
    // Node ports are not subject to loadBalancerSourceRanges.
    if (hasEndpoints) b.element(SERVICE_NODEPORTS, { key: [proto, String(nodePort)], value: [`goto ${externalTrafficChain}`], provenance: npProv });
    if (!hasExternalEndpoints) b.element(NO_ENDPOINT_NODEPORTS, { key: [proto, String(nodePort)], value: [externalFilterVerdict], comment: spn, provenance: npProv });
  }

  const detector = nftLocalDetector(input);
  if (hasInternalEndpoints) {
    // Traffic to the cluster IP from outside the pod network is masqueraded, so replies come back here.
    if (input.settings.proxy.masqueradeAll) b.rule(internalTrafficChain, `ip daddr ${svc.clusterIP} jump ${MARK_MASQ}`, undefined, portProv);
    else if (detector) b.rule(internalTrafficChain, `ip daddr ${svc.clusterIP} ${detector.ifNotLocal} jump ${MARK_MASQ}`, undefined, portProv);
  }

  if (usesExternalTrafficChain) {
    const etpProv = field('spec.externalTrafficPolicy') ?? portProv;
    if (!externalPolicyLocal) {
      // Endpoints may be on other nodes: masquerade, so that replies come back through here.
      b.rule(externalTrafficChain, `jump ${MARK_MASQ}`, undefined, etpProv);
    } else {
      // Pods reaching an external address are treated as if they went out to the load balancer
      // and came back: every endpoint, and their address kept.
      if (detector) b.rule(externalTrafficChain, `${detector.ifLocal} goto ${clusterPolicyChain}`, 'short-circuit pod traffic', etpProv);
      // The node itself: its source would be the (local) external address, so masquerade.
      b.rule(externalTrafficChain, `fib saddr type local jump ${MARK_MASQ}`, 'masquerade local traffic', etpProv);
      b.rule(externalTrafficChain, `fib saddr type local goto ${clusterPolicyChain}`, 'short-circuit local traffic', etpProv);
    }
    if (hasExternalEndpoints) b.rule(externalTrafficChain, `goto ${externalPolicyChain}`, undefined, etpProv);
  }

  if (usesFwChain) {
    const sources = [...ranges];
    // A node reaching its own VIP may be SNATed to the VIP: allowed if the node itself is.
    if (ranges.some((r) => cidrContains(parseCidr(r)!, parseIp(input.nodeIP)!))) sources.push(...vips);
    // knftables.Concat joins the list's items and its "," separators with spaces.
    b.rule(fwChain, `ip saddr != { ${sources.join(' , ')} } drop`, undefined, rangesProv);
  }

  const affinityProv = field('spec.sessionAffinity') ?? portProv;
  if (affinity) {
    for (const ep of reachable) {
      b.set({ kind: 'set', name: AFFINITY_SET_PREFIX + endpointBase(ep), type: 'ipv4_addr', flags: ['dynamic', 'timeout'], timeout: svc.affinityTimeout });
    }
  }

  const selectorProv = field('spec.selector') ?? svc.provenance;
  const balance = (chain: string, endpoints: EndpointInfo[]) => {
    if (affinity) {
      for (const ep of endpoints) b.rule(chain, `ip saddr @${AFFINITY_SET_PREFIX + endpointBase(ep)} goto ${ENDPOINT_CHAIN_PREFIX + endpointBase(ep)}`, undefined, affinityProv);
    }
    const entries = endpoints.map((ep, i) => `${i} : goto ${ENDPOINT_CHAIN_PREFIX + endpointBase(ep)}`).join(' , ');
    b.rule(chain, `numgen random mod ${endpoints.length} vmap { ${entries} }`, undefined, selectorProv);
  };
  if (usesClusterPolicyChain) balance(clusterPolicyChain, clusterEndpoints);
  if (usesLocalPolicyChain) balance(localPolicyChain, localEndpoints);

  const targetProv = field(`spec.ports.${index}.targetPort`) ?? portProv;
  for (const ep of reachable) {
    const chain = ENDPOINT_CHAIN_PREFIX + endpointBase(ep);
    // A pod reaching itself through its Service must be SNATed, or its reply would bypass conntrack.
    b.rule(chain, `ip saddr ${ep.ip} jump ${MARK_MASQ}`, undefined, targetProv);
    if (affinity) b.rule(chain, `update @${AFFINITY_SET_PREFIX + endpointBase(ep)} { ip saddr }`, undefined, affinityProv);
    b.rule(chain, `meta l4proto ${proto} dnat to ${ep.ip}:${ep.port}`, undefined, ep.provenance ?? targetProv);
  }
}
