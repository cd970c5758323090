/**
 * kube-proxy in IPVS mode, as v1.28 programs one node (kubernetes `pkg/proxy/ipvs/proxier.go`,
 * `syncProxyRules` and `writeIptablesRules`; the set names and comments are in
 * `pkg/proxy/ipvs/ipset.go`). Load balancing moves from iptables chains into the kernel's IPVS
 * table: one virtual server per Service address and port, its endpoints as real servers. Every
 * Service address is bound to the dummy device kube-ipvs0, so the node takes it as its own and
 * IPVS, at the INPUT hook, rewrites the destination. iptables keeps a fixed handful of rules,
 * keyed by ipsets, for masquerading and filtering. Sources of each line:
 * shared/reference/kube-proxy.md §8.
 */
import type { EndpointInfo, IpSet, IpvsState, RealServer, ServiceInfo, ServicePort, VirtualServer } from '../model';
import { declareChain, emptyTable, type Match, type Rule, type Table } from '../netfilter/rules';
import { inCidr } from '../ip';
import { categorizeEndpoints } from './categorize';
import { endpointsFor, localDetector, needsHealthCheck, servicePortName, type ProxyInput } from './iptables';
import { skippedByKubeProxy } from './skip';

/** The sets kube-proxy creates, in `ipsetInfo` order, with their types and comments. */
const SETS: [name: string, type: IpSet['type'], comment: string][] = [
  ['KUBE-LOOP-BACK', 'hash:ip,port,ip', 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose'],
  ['KUBE-CLUSTER-IP', 'hash:ip,port', 'Kubernetes service cluster ip + port for masquerade purpose'],
  ['KUBE-EXTERNAL-IP', 'hash:ip,port', 'Kubernetes service external ip + port for masquerade and filter purpose'],
  ['KUBE-EXTERNAL-IP-LOCAL', 'hash:ip,port', 'Kubernetes service external ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER', 'hash:ip,port', 'Kubernetes service lb portal'],
  ['KUBE-LOAD-BALANCER-FW', 'hash:ip,port', 'Kubernetes service load balancer ip + port for load balancer with sourceRange'],
  ['KUBE-LOAD-BALANCER-LOCAL', 'hash:ip,port', 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local'],
  ['KUBE-LOAD-BALANCER-SOURCE-IP', 'hash:ip,port,ip', 'Kubernetes service load balancer ip + port + source IP for packet filter purpose'],
  ['KUBE-LOAD-BALANCER-SOURCE-CIDR', 'hash:ip,port,net', 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose'],
  ['KUBE-NODE-PORT-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-TCP', 'bitmap:port', 'Kubernetes nodeport TCP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port for masquerade purpose'],
  ['KUBE-NODE-PORT-LOCAL-UDP', 'bitmap:port', 'Kubernetes nodeport UDP port with externalTrafficPolicy=local'],
  ['KUBE-NODE-PORT-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"],
  ['KUBE-NODE-PORT-LOCAL-SCTP-HASH', 'hash:ip,port', "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"],
  ['KUBE-HEALTH-CHECK-NODE-PORT', 'bitmap:port', 'Kubernetes health check node port'],
  ['KUBE-IPVS-IPS', 'hash:ip', 'Addresses on the ipvs interface'],
];

/**
 * `ipsetWithIptablesChain`: sets whose rule is written only when the set has members, in
 * this order (the LOCAL sets before the others, so RETURN comes first).
 */
const SET_RULES: { set: string; table: 'nat' | 'filter'; from: string; to: string; flags: string; proto?: 'tcp' | 'udp' | 'sctp' }[] = [
  { set: 'KUBE-LOOP-BACK', table: 'nat', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', flags: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER', table: 'nat', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', flags: 'dst,dst' },
  { set: 'KUBE-LOAD-BALANCER-LOCAL', table: 'nat', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', flags: 'dst,dst' },
  { set: 'KUBE-NODE-PORT-LOCAL-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', flags: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', flags: 'dst', proto: 'tcp' },
  { set: 'KUBE-NODE-PORT-LOCAL-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', flags: 'dst', proto: 'udp' },
  { set: 'KUBE-NODE-PORT-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', flags: 'dst', proto: 'udp' },
  { set: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', flags: 'dst,dst', proto: 'sctp' },
  { set: 'KUBE-NODE-PORT-SCTP-HASH', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', flags: 'dst,dst', proto: 'sctp' },
  { set: 'KUBE-LOAD-BALANCER-FW', table: 'filter', from: 'KUBE-PROXY-FIREWALL', to: 'KUBE-SOURCE-RANGES-FIREWALL', flags: 'dst,dst' },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', flags: 'dst,dst,src' },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-IP', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', flags: 'dst,dst,src' },
];

export interface IpvsProxy extends IpvsState {
  nat: Table;
  filter: Table;
  /** The addresses kube-proxy binds to kube-ipvs0 (KUBE-IPVS-IPS), each a /32. */
  bound: string[];
}

/**
 * Everything kube-proxy's IPVS mode leaves on one node. `localAddresses` are the node's own
 * addresses on its other devices: a NodePort gets a virtual server on each (not loopback).
 */
export function kubeProxyIpvs(input: ProxyInput): IpvsProxy {
  const sets = new Map<string, Set<string>>(SETS.map(([name]) => [name, new Set()]));
  const put = (set: string, entry: string) => sets.get(set)!.add(entry);
  const virtualServers: VirtualServer[] = [];
  const bound: string[] = [];
  const bind = (ip: string) => {
    if (!bound.includes(ip)) bound.push(ip);
  };
  const nodeAddresses = (input.localAddresses ?? [input.nodeIP]).filter((a) => !a.startsWith('127.'));
  const { nodePortAddresses } = input.settings.proxy;
  const nodeIPs = nodePortAddresses.length === 0 ? nodeAddresses : nodeAddresses.filter((ip) => nodePortAddresses.some((c) => inCidr(ip, c)));

  const services = input.services
    .filter((svc) => !skippedByKubeProxy(svc))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const svc of services) {
    svc.ports.forEach((port, index) => {
      const spn = servicePortName(svc, port);
      const proto = port.protocol.toLowerCase();
      const endpoints = endpointsFor(svc, port, input.slices, input.nodeName);
      const reals = realServers(input, svc, endpoints);
      const prov = svc.fieldProvenance[`spec.ports.${index}`] ?? svc.provenance;
      const vs = (address: string, portNumber: number, role: VirtualServer['role'], local: boolean): VirtualServer => ({
        protocol: port.protocol, address, port: portNumber, scheduler: input.settings.proxy.ipvs.scheduler,
        ...(svc.sessionAffinity === 'ClientIP' ? { persistent: svc.affinityTimeout } : {}),
        // kube-proxy sets IP_VS_SVC_F_SCHED2 for mh, which ipvsadm prints as mh-port.
        ...(input.settings.proxy.ipvs.scheduler === 'mh' ? { schedulerFlags: ['mh-port'] } : {}),
        reals: local ? reals.local : reals.cluster, servicePort: spn, role, provenance: prov,
      });
      const ipPort = (ip: string) => `${ip},${proto}:${port.port}`;

      // A pod reaching itself through its own Service must be masqueraded (hairpin).
      for (const ep of endpoints) if (ep.nodeName === input.nodeName) put('KUBE-LOOP-BACK', `${ep.ip},${proto}:${ep.port},${ep.ip}`);

      put('KUBE-CLUSTER-IP', ipPort(svc.clusterIP));
      virtualServers.push(vs(svc.clusterIP, port.port, 'cluster IP', svc.internalTrafficPolicy === 'Local'));
      bind(svc.clusterIP);

      const extLocal = svc.externalTrafficPolicy === 'Local' && svc.type !== 'ClusterIP';
      for (const eip of svc.externalIPs) {
        put(extLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', ipPort(eip));
        virtualServers.push(vs(eip, port.port, 'external IP', extLocal));
        // An address the node already has elsewhere is not bound again.
        if (!nodeAddresses.includes(eip)) bind(eip);
      }

      for (const vip of svc.loadBalancerIPs) {
        put('KUBE-LOAD-BALANCER', ipPort(vip));
        if (extLocal) put('KUBE-LOAD-BALANCER-LOCAL', ipPort(vip));
        if (svc.loadBalancerSourceRanges.length > 0) {
          put('KUBE-LOAD-BALANCER-FW', ipPort(vip));
          for (const cidr of svc.loadBalancerSourceRanges) put('KUBE-LOAD-BALANCER-SOURCE-CIDR', `${ipPort(vip)},${cidr}`);
          // The node itself may reach the VIP (SNATed to it) when a range holds the node's IP.
          if (svc.loadBalancerSourceRanges.some((cidr) => inCidr(input.nodeIP, cidr))) put('KUBE-LOAD-BALANCER-SOURCE-IP', `${ipPort(vip)},${vip}`);
        }
        virtualServers.push(vs(vip, port.port, 'load balancer', extLocal));
        if (!nodeAddresses.includes(vip)) bind(vip);
      }

      if (port.nodePort && nodeIPs.length > 0) {
        const [all, local] = proto === 'tcp' ? ['KUBE-NODE-PORT-TCP', 'KUBE-NODE-PORT-LOCAL-TCP'] : proto === 'udp' ? ['KUBE-NODE-PORT-UDP', 'KUBE-NODE-PORT-LOCAL-UDP'] : ['KUBE-NODE-PORT-SCTP-HASH', 'KUBE-NODE-PORT-LOCAL-SCTP-HASH'];
        // bitmap:port holds the port alone; SCTP's hash set holds every node address with it.
        const entries = proto === 'sctp' ? nodeIPs.map((ip) => `${ip},sctp:${port.nodePort}`) : [String(port.nodePort)];
        for (const e of entries) put(all, e);
        if (extLocal) for (const e of entries) put(local, e);
        const npProv = svc.fieldProvenance[`spec.ports.${index}.nodePort`] ?? prov;
        for (const ip of nodeIPs) virtualServers.push({ ...vs(ip, port.nodePort, 'node port', extLocal), provenance: npProv });
      }
    });
    if (svc.healthCheckNodePort && needsHealthCheck(svc)) put('KUBE-HEALTH-CHECK-NODE-PORT', String(svc.healthCheckNodePort));
  }
  for (const ip of bound) put('KUBE-IPVS-IPS', ip);

  const ipsets: IpSet[] = SETS.map(([name, type, comment]) => ({ name, type, comment, entries: [...sets.get(name)!].sort() }));
  const { nat, filter } = ipvsTables(input, ipsets);
  return { virtualServers, ipsets, nat, filter, bound };
}

function key(svc: ServiceInfo): string {
  return `${svc.namespace}/${svc.name}`;
}

/**
 * The real servers of a Service port (`syncEndpoint`): the cluster set, or with a Local policy
 * the node's own endpoints. Unlike iptables mode, a Local policy without local endpoints falls
 * back to the cluster set (kubernetes PR #97081: pods on the node must still reach it).
 */
function realServers(input: ProxyInput, svc: ServiceInfo, endpoints: EndpointInfo[]): { cluster: RealServer[]; local: RealServer[] } {
  const extLocal = svc.externalTrafficPolicy === 'Local' && svc.type !== 'ClusterIP';
  const intLocal = svc.internalTrafficPolicy === 'Local';
  const external = svc.ports.some((p: ServicePort) => p.nodePort) || svc.externalIPs.length > 0 || svc.loadBalancerIPs.length > 0;
  // CategorizeEndpoints computes each set only where some address of the Service needs it:
  // ready endpoints, else serving-and-terminating ones (v1.28 pkg/proxy/ipvs/proxier.go syncEndpoint).
  const { cluster, local } = categorizeEndpoints(endpoints, !intLocal || external, intLocal || (extLocal && external), input.nodeName);
  const real = (eps: EndpointInfo[]) => eps.map((ep) => ({ address: ep.ip, port: ep.port, weight: 1 }));
  return { cluster: real(cluster), local: real(local.length > 0 ? local : cluster) };
}

/** The iptables rules of IPVS mode, in `writeIptablesRules` order. */
function ipvsTables(input: ProxyInput, ipsets: IpSet[]): { nat: Table; filter: Table } {
  const mark = 1 << input.settings.proxy.masqueradeBit;
  const nat = emptyTable('nat');
  const filter = emptyTable('filter');
  const add = (table: Table, chain: string, matches: Match[], target: Rule['target']) => table.rules.push({ chain, matches, target });
  const comment = (text: string): Match => ({ kind: 'comment', text });
  const set = (name: string, flags: string): Match => ({ kind: 'set', name, flags });
  const nonEmpty = (name: string) => ipsets.find((s) => s.name === name)!.entries.length > 0;
  const setComment = (name: string) => comment(ipsets.find((s) => s.name === name)!.comment);

  // iptablesJumpChain, each "ensured" by prepending: the last one ends up first.
  add(nat, 'PREROUTING', [comment('kubernetes service portals')], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(nat, 'OUTPUT', [comment('kubernetes service portals')], { kind: 'jump', chain: 'KUBE-SERVICES' });
  add(nat, 'POSTROUTING', [comment('kubernetes postrouting rules')], { kind: 'jump', chain: 'KUBE-POSTROUTING' });
  add(filter, 'INPUT', [comment('kubernetes ipvs access filter')], { kind: 'jump', chain: 'KUBE-IPVS-FILTER' });
  add(filter, 'INPUT', [comment('kube-proxy firewall rules')], { kind: 'jump', chain: 'KUBE-PROXY-FIREWALL' });
  add(filter, 'INPUT', [comment('kubernetes health check rules')], { kind: 'jump', chain: 'KUBE-NODE-PORT' });
  add(filter, 'FORWARD', [comment('kube-proxy firewall rules')], { kind: 'jump', chain: 'KUBE-PROXY-FIREWALL' });
  add(filter, 'FORWARD', [comment('kubernetes forwarding rules')], { kind: 'jump', chain: 'KUBE-FORWARD' });
  for (const c of ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ']) declareChain(nat, c);
  for (const c of ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER']) declareChain(filter, c);

  add(nat, 'KUBE-SERVICES', [{ kind: 'src', cidr: '127.0.0.0/8' }], { kind: 'RETURN' });
  for (const r of SET_RULES) {
    if (!nonEmpty(r.set)) continue;
    const matches: Match[] = [...(r.proto ? [{ kind: 'proto', proto: r.proto, bare: true } as Match] : []), setComment(r.set), set(r.set, r.flags)];
    const target: Rule['target'] = r.to === 'MASQUERADE' ? { kind: 'MASQUERADE' } : r.to === 'RETURN' ? { kind: 'RETURN' } : { kind: 'jump', chain: r.to };
    add(r.table === 'nat' ? nat : filter, r.from, matches, target);
  }
  if (nonEmpty('KUBE-CLUSTER-IP')) {
    const head = [setComment('KUBE-CLUSTER-IP')];
    const detector = localDetector(input);
    // Off-cluster traffic to a cluster IP is masqueraded; with no way to tell pods apart,
    // traffic from a Service address itself is (a node calling a cluster IP picks it as source).
    if (input.settings.proxy.masqueradeAll) add(nat, 'KUBE-SERVICES', [...head, set('KUBE-CLUSTER-IP', 'dst,dst')], { kind: 'jump', chain: 'KUBE-MARK-MASQ' });
    else if (detector) add(nat, 'KUBE-SERVICES', [...head, set('KUBE-CLUSTER-IP', 'dst,dst'), detector.ifNotLocal], { kind: 'jump', chain: 'KUBE-MARK-MASQ' });
    else add(nat, 'KUBE-SERVICES', [...head, set('KUBE-CLUSTER-IP', 'src,dst')], { kind: 'jump', chain: 'KUBE-MARK-MASQ' });
  }
  // externalIPs: accepted from off the machine (not from a pod's bridge port, not from the
  // node), or when the address is the node's own.
  const externalRules = (name: string) => {
    const head = [setComment(name), set(name, 'dst,dst')];
    add(nat, 'KUBE-SERVICES', [...head, { kind: 'physdev', isIn: true, negate: true }, { kind: 'addrtype', dir: 'src', type: 'LOCAL', negate: true }], { kind: 'ACCEPT' });
    add(nat, 'KUBE-SERVICES', [...head, { kind: 'addrtype', dir: 'dst', type: 'LOCAL' }], { kind: 'ACCEPT' });
  };
  if (nonEmpty('KUBE-EXTERNAL-IP')) {
    add(nat, 'KUBE-SERVICES', [setComment('KUBE-EXTERNAL-IP'), set('KUBE-EXTERNAL-IP', 'dst,dst')], { kind: 'jump', chain: 'KUBE-MARK-MASQ' });
    externalRules('KUBE-EXTERNAL-IP');
  }
  if (nonEmpty('KUBE-EXTERNAL-IP-LOCAL')) externalRules('KUBE-EXTERNAL-IP-LOCAL');
  add(nat, 'KUBE-SERVICES', [{ kind: 'addrtype', dir: 'dst', type: 'LOCAL' }], { kind: 'jump', chain: 'KUBE-NODE-PORT' });
  add(nat, 'KUBE-LOAD-BALANCER', [], { kind: 'jump', chain: 'KUBE-MARK-MASQ' });
  add(filter, 'KUBE-SOURCE-RANGES-FIREWALL', [], { kind: 'DROP' });
  // acceptIPVSTraffic: nothing later in the nat table may touch a packet IPVS will take.
  for (const name of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER']) if (nonEmpty(name)) add(nat, 'KUBE-SERVICES', [set(name, 'dst,dst')], { kind: 'ACCEPT' });
  add(filter, 'KUBE-FORWARD', [comment('kubernetes forwarding rules'), { kind: 'mark', value: mark, mask: mark }], { kind: 'ACCEPT' });
  add(filter, 'KUBE-FORWARD', [comment('kubernetes forwarding conntrack rule'), { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] }], { kind: 'ACCEPT' });
  add(filter, 'KUBE-NODE-PORT', [setComment('KUBE-HEALTH-CHECK-NODE-PORT'), set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], { kind: 'ACCEPT' });
  // KUBE-IPVS-FILTER: a Service address answers only on its Service ports (kubernetes#72236).
  add(filter, 'KUBE-IPVS-FILTER', [set('KUBE-LOAD-BALANCER', 'dst,dst')], { kind: 'RETURN' });
  add(filter, 'KUBE-IPVS-FILTER', [set('KUBE-CLUSTER-IP', 'dst,dst')], { kind: 'RETURN' });
  add(filter, 'KUBE-IPVS-FILTER', [set('KUBE-EXTERNAL-IP', 'dst,dst')], { kind: 'RETURN' });
  add(filter, 'KUBE-IPVS-FILTER', [set('KUBE-HEALTH-CHECK-NODE-PORT', 'dst')], { kind: 'RETURN' });
  add(filter, 'KUBE-IPVS-FILTER', [{ kind: 'conntrack', states: ['NEW'] }, set('KUBE-IPVS-IPS', 'dst')], { kind: 'REJECT' });
  add(nat, 'KUBE-POSTROUTING', [{ kind: 'mark', value: mark, mask: mark, negate: true }], { kind: 'RETURN' });
  add(nat, 'KUBE-POSTROUTING', [], { kind: 'MARK', op: 'xor', value: mark });
  add(nat, 'KUBE-POSTROUTING', [comment('kubernetes service traffic requiring SNAT')], { kind: 'MASQUERADE', randomFully: true });
  add(nat, 'KUBE-MARK-MASQ', [], { kind: 'MARK', op: 'or', value: mark });
  return { nat, filter };
}
