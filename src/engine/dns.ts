/**
 * Cluster DNS as CoreDNS's `kubernetes` plugin answers it under kubeadm's Corefile (`pods
 * insecure`, TTL 30), names from the `hosts` plugin when the Corefile has one (corefile.ts),
 * and a pod's resolver walking its search list (resolv.conf(5), ndots:5).
 * Sources: the Kubernetes DNS specification and shared/reference/semantics.md §2.
 */
import { nthAddress, parseCidr, parseIp } from './ip';
import type { Cluster, EndpointInfo, PodInfo, ServiceInfo } from './model';
import { connectAddress } from './trace/trace';

export type RecordType = 'A' | 'AAAA' | 'SRV' | 'CNAME';

export interface DnsRecord {
  name: string;
  type: RecordType;
  ttl: number;
  data: string;
}

export interface DnsResult {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  answer: DnsRecord[];
  /** True when the name is outside the cluster: CoreDNS's forward plugin asked its upstream. */
  upstream?: boolean;
  /**
   * The upstream the forward plugin asked (an address, or `/etc/resolv.conf`: the node's own
   * resolver), and whether it is a host of the simulation that answered.
   */
  forwardedTo?: { server: string; answered: boolean; name: string };
}

export interface ResolvConf {
  nameserver: string;
  search: string[];
  ndots: number;
}

export interface Resolution extends DnsResult {
  /** Every name the resolver asked, in order, with the answer's rcode. */
  tries: { name: string; rcode: DnsResult['rcode']; upstream?: boolean }[];
}

/** kubeadm's Corefile sets `ttl 30` in the kubernetes block. */
const TTL = 30;

/** The pod's /etc/resolv.conf as the kubelet writes it. */
export function resolvConf(cluster: Cluster, pod: PodInfo): ResolvConf {
  const domain = cluster.settings.dnsDomain;
  // ClusterFirst on a hostNetwork pod falls back to Default: the node's own resolver.
  const clusterFirst = pod.dnsPolicy === 'ClusterFirstWithHostNet' || (pod.dnsPolicy === 'ClusterFirst' && !pod.hostNetwork);
  if (!clusterFirst) return { nameserver: 'node', search: [], ndots: 1 };
  return {
    nameserver: nthAddress(parseCidr(cluster.settings.serviceSubnet)!, 10),
    search: [`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain],
    ndots: 5,
  };
}

/** resolv.conf's text, as `cat /etc/resolv.conf` prints it in the pod. */
export function renderResolvConf(conf: ResolvConf): string {
  if (conf.nameserver === 'node') return '# the node\'s /etc/resolv.conf (dnsPolicy Default)\n';
  return `search ${conf.search.join(' ')}\nnameserver ${conf.nameserver}\noptions ndots:${conf.ndots}\n`;
}

/** The stub resolver: the search list first when the name has fewer dots than ndots. */
export function resolve(cluster: Cluster, pod: PodInfo, name: string, type: RecordType = 'A'): Resolution {
  const conf = resolvConf(cluster, pod);
  const tries: Resolution['tries'] = [];
  const absolute = name.endsWith('.');
  const bare = name.replace(/\.$/, '');
  const candidates = absolute
    ? [bare]
    : bare.split('.').length - 1 >= conf.ndots
      ? [bare, ...conf.search.map((s) => `${bare}.${s}`)]
      : [...conf.search.map((s) => `${bare}.${s}`), bare];
  let last: DnsResult = { rcode: 'NXDOMAIN', answer: [] };
  for (const candidate of candidates) {
    const result = conf.nameserver === 'node' ? { rcode: 'NXDOMAIN' as const, answer: [], upstream: true } : lookup(cluster, candidate, type);
    tries.push({ name: candidate, rcode: result.rcode, ...(result.upstream ? { upstream: true } : {}) });
    last = result;
    if (result.rcode === 'NOERROR' && result.answer.length > 0) break;
  }
  return { ...last, tries };
}

/** What CoreDNS answers for one fully qualified name. */
export function lookup(cluster: Cluster, fqdn: string, type: RecordType, depth = 0): DnsResult {
  // Names match case-insensitively; answers carry the name as asked (CoreDNS: state.QName()).
  const owner = fqdn.replace(/\.$/, '');
  const name = owner.toLowerCase();
  const domain = cluster.settings.dnsDomain;
  // The hosts plugin comes first; without `fallthrough` it is the last word on every name.
  const hosts = cluster.settings.dnsHosts;
  const known = hosts.entries.filter((e) => e.name === name);
  if (known.length > 0) {
    if (type !== 'A') return { rcode: 'NOERROR', answer: [] };
    return { rcode: 'NOERROR', answer: known.map((e) => ({ name: `${name}.`, type: 'A', ttl: hosts.ttl, data: e.ip })) };
  }
  // plugin/hosts: "We want to send an NXDOMAIN, but because of /etc/hosts' setup we don't have
  // a SOA, so we make it SERVFAIL".
  if (hosts.block === 'final') return { rcode: 'SERVFAIL', answer: [] };
  if (!name.endsWith(`.${domain}`)) return forward(cluster, name, type);
  const labels = name.slice(0, -domain.length - 1).split('.');
  const zone = labels.at(-1);
  // `svc.cluster.local`, `pod.cluster.local` and a namespace under them exist without records of
  // their own: NODATA, not NXDOMAIN (CoreDNS handler_test.go "svc.cluster.local." and
  // "testns.svc.cluster.local.", handler_pod_insecure_test.go "podns.pod.cluster.local.").
  const nodata: DnsResult = { rcode: 'NOERROR', answer: [] };
  if ((zone === 'svc' || zone === 'pod') && (labels.length === 1 || (labels.length === 2 && namespaceExists(cluster, labels[0])))) return nodata;
  if (zone === 'pod' && labels.length === 3) return podRecord(owner, labels[0], type);
  if (zone !== 'svc') return { rcode: 'NXDOMAIN', answer: [] };
  const rest = labels.slice(0, -1);
  if (type === 'SRV' && rest.length === 4 && rest[0].startsWith('_') && rest[1].startsWith('_')) {
    return srv(cluster, owner, rest[0].slice(1), rest[1].slice(1), rest[2], rest[3]);
  }
  if (type === 'SRV' && rest.length === 2) return srv(cluster, owner, undefined, undefined, rest[0], rest[1]);
  if (rest.length === 2) return serviceRecord(cluster, owner, rest[0], rest[1], type, depth);
  if (rest.length === 3) return endpointRecord(cluster, owner, rest[0], rest[1], rest[2], type);
  return { rcode: 'NXDOMAIN', answer: [] };
}

/** A namespace CoreDNS knows: one that holds a Service or a pod (or kubeadm's own). */
function namespaceExists(cluster: Cluster, ns: string): boolean {
  return ['default', 'kube-system'].includes(ns) || cluster.services.some((s) => s.namespace === ns) || cluster.pods.some((p) => p.namespace === ns);
}

function domainOf(cluster: Cluster): string {
  return cluster.settings.dnsDomain;
}

/**
 * CoreDNS's forward plugin, for a name outside the cluster's zone: kubeadm's Corefile forwards
 * to `/etc/resolv.conf`, the CoreDNS pod's (dnsPolicy Default: the node's), whose resolver is
 * beyond the node LAN, outside this simulation: no answer comes, and after its timeout forward
 * answers SERVFAIL (plugin/forward/forward.go returns dns.RcodeServerFailure). So does a Corefile
 * without `forward` (plugin.NextOrFailure). A Corefile that forwards to the outside host gets
 * that host's answer: it resolves from its /etc/hosts, which (as for requests from outside)
 * points the Ingress hosts at the ingress controller, and answers NXDOMAIN for the rest.
 */
function forward(cluster: Cluster, name: string, type: RecordType): DnsResult {
  const servers = cluster.settings.dnsHosts.forward ?? ['/etc/resolv.conf'];
  const outside = servers.map((s) => cluster.externals.find((e) => e.ip === s)).find((e) => e !== undefined);
  if (!outside) return { rcode: 'SERVFAIL', answer: [], upstream: true, forwardedTo: { server: servers[0] ?? '', answered: false, name } };
  return { ...outsideAnswer(cluster, name, type), upstream: true, forwardedTo: { server: outside.ip, answered: true, name } };
}

/** What the outside host answers as a DNS server: its /etc/hosts (the Ingress hosts), NXDOMAIN for the rest. */
export function outsideAnswer(cluster: Cluster, fqdn: string, type: RecordType): DnsResult {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const known = connectAddress(cluster, { name, port: 80, path: '/', host: name });
  if (!known) return { rcode: 'NXDOMAIN', answer: [] };
  if (type !== 'A') return { rcode: 'NOERROR', answer: [] };
  return { rcode: 'NOERROR', answer: [{ name: `${name}.`, type: 'A', ttl: TTL, data: known.ip }] };
}

function findService(cluster: Cluster, svcName: string, ns: string): ServiceInfo | undefined {
  return cluster.services.find((s) => s.name === svcName && s.namespace === ns);
}

/** The ready endpoints CoreDNS publishes for a headless Service, one per address. */
function readyEndpoints(cluster: Cluster, svc: ServiceInfo): EndpointInfo[] {
  const seen = new Map<string, EndpointInfo>();
  for (const slice of cluster.endpointSlices) {
    if (slice.namespace !== svc.namespace || slice.serviceName !== svc.name) continue;
    for (const ep of slice.endpoints) if (ep.ready && !seen.has(ep.ip)) seen.set(ep.ip, ep);
  }
  return [...seen.values()];
}

/** The DNS name of an endpoint: the pod's hostname when its subdomain is this Service, else its dashed IP. */
function endpointLabel(cluster: Cluster, svc: ServiceInfo, ep: EndpointInfo): string {
  const pod = cluster.pods.find((p) => `pod/${p.namespace}/${p.name}` === ep.targetRef);
  if (pod?.hostname && pod.subdomain === svc.name) return pod.hostname;
  return ep.ip.replaceAll('.', '-');
}

function addressRecords(name: string, ips: string[], type: RecordType): DnsResult {
  if (type === 'AAAA') return { rcode: 'NOERROR', answer: [] }; // IPv4 only: NODATA, not NXDOMAIN
  return { rcode: 'NOERROR', answer: ips.map((ip) => ({ name: `${name}.`, type: 'A', ttl: TTL, data: ip })) };
}

function serviceRecord(cluster: Cluster, name: string, svcName: string, ns: string, type: RecordType, depth: number): DnsResult {
  const svc = findService(cluster, svcName, ns);
  if (!svc) return { rcode: 'NXDOMAIN', answer: [] };
  if (svc.type === 'ExternalName') {
    const target = (svc.externalName ?? '').toLowerCase().replace(/\.$/, '');
    // Only a name is answered: an IPv4-looking externalName is not a CNAME target (msg.Service
    // HostType says A), so findServices adds nothing and the name is NXDOMAIN
    // (plugin/kubernetes/kubernetes.go: `if t, _ := s.HostType(); t == dns.TypeCNAME`).
    if (target === '' || parseIp(target) !== undefined) return { rcode: 'NXDOMAIN', answer: [] };
    const cname: DnsRecord = { name: `${name}.`, type: 'CNAME', ttl: TTL, data: `${target}.` };
    // A direct loop (x CNAME x) and chains past maxCnameChainLength (7) are left out (plugin/backend_lookup.go).
    if (type === 'CNAME') return { rcode: 'NOERROR', answer: [cname] };
    if (target === name.toLowerCase() || depth > 7) return { rcode: 'NOERROR', answer: [] };
    const chased = lookup(cluster, target, type, depth + 1);
    if (target.endsWith(`.${domainOf(cluster)}`)) {
      // A target in the cluster's zone is chased here; the CNAME is kept only with records
      // behind it, else the answer is NODATA (backend_lookup.go A: `if len(nextRecords) > 0`).
      return chased.answer.length > 0 ? { rcode: 'NOERROR', answer: [cname, ...chased.answer] } : { rcode: 'NOERROR', answer: [] };
    }
    // Any other target goes through CoreDNS's own plugin chain again (plugin/pkg/upstream:
    // hosts, then forward); whatever that gives, the answer is the CNAME and its records, NOERROR.
    return { rcode: 'NOERROR', answer: [cname, ...chased.answer], upstream: true, ...(chased.forwardedTo ? { forwardedTo: chased.forwardedTo } : {}) };
  }
  if (svc.clusterIP === 'None') {
    const eps = readyEndpoints(cluster, svc);
    // No ready endpoint: the name does not exist (spec §2.4.1).
    if (eps.length === 0) return { rcode: 'NXDOMAIN', answer: [] };
    return addressRecords(name, eps.map((e) => e.ip), type);
  }
  return addressRecords(name, [svc.clusterIP], type);
}

function endpointRecord(cluster: Cluster, name: string, label: string, svcName: string, ns: string, type: RecordType): DnsResult {
  const svc = findService(cluster, svcName, ns);
  if (!svc || svc.clusterIP !== 'None') return { rcode: 'NXDOMAIN', answer: [] };
  // Two endpoints may share a hostname: the name answers both (handler_test.go "dup-name").
  const eps = readyEndpoints(cluster, svc).filter((e) => endpointLabel(cluster, svc, e) === label);
  return eps.length > 0 ? addressRecords(name, eps.map((e) => e.ip), type) : { rcode: 'NXDOMAIN', answer: [] };
}

/** `pods insecure`: a dashed IP answers with that IP, whether or not such a pod exists. */
function podRecord(name: string, dashed: string, type: RecordType): DnsResult {
  const ip = dashed.replaceAll('-', '.');
  return parseIp(ip) === undefined ? { rcode: 'NXDOMAIN', answer: [] } : addressRecords(name, [ip], type);
}

/**
 * SRV. `_port._proto.svc.ns.svc.<domain>` exists only for a named port with that protocol; the
 * Service's own name asked for SRV answers every port (findServices: an empty port or protocol
 * matches all). The weight is 100 split evenly over all the records of one priority, duplicates
 * included, and a record whose target and port repeat is left out (plugin/backend_lookup.go SRV,
 * isDuplicate).
 */
function srv(cluster: Cluster, name: string, portName: string | undefined, proto: string | undefined, svcName: string, ns: string): DnsResult {
  const svc = findService(cluster, svcName, ns);
  if (!svc || svc.type === 'ExternalName') return { rcode: 'NXDOMAIN', answer: [] };
  const ports = svc.ports.filter((p) => portName === undefined || (p.name === portName && p.protocol.toLowerCase() === proto));
  if (ports.length === 0) return { rcode: 'NXDOMAIN', answer: [] };
  const svcFqdn = `${svc.name}.${svc.namespace}.svc.${cluster.settings.dnsDomain}.`;
  const targets: { port: number; target: string }[] = [];
  if (svc.clusterIP !== 'None') for (const port of ports) targets.push({ port: port.port, target: svcFqdn });
  else {
    // Headless: one record per ready endpoint and port, with the endpoint's own port.
    const eps = cluster.endpointSlices
      .filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name)
      .flatMap((s) => s.endpoints)
      .filter((e) => e.ready && ports.some((p) => e.portName === p.name && e.protocol === p.protocol));
    for (const ep of eps) targets.push({ port: ep.port, target: `${endpointLabel(cluster, svc, ep)}.${svcFqdn}` });
  }
  if (targets.length === 0) return { rcode: 'NXDOMAIN', answer: [] };
  const weight = Math.max(1, Math.floor(100 / targets.length));
  const seen = new Set<string>();
  const answer: DnsRecord[] = [];
  for (const t of targets) {
    if (seen.has(`${t.target} ${t.port}`)) continue;
    seen.add(`${t.target} ${t.port}`);
    answer.push({ name: `${name}.`, type: 'SRV', ttl: TTL, data: `0 ${weight} ${t.port} ${t.target}` });
  }
  return { rcode: 'NOERROR', answer };
}
