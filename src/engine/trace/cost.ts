/**
 * What a kube-proxy mode costs, read off what the engine built and walked, never written by
 * hand: per packet, the work the node that translates the Service address does for the
 * connection's first packet (later packets follow conntrack, in every mode); per Service, the
 * objects kube-proxy writes on a node for it.
 *
 * Per packet, on that node, from the trace's hops there (one contiguous run of request hops):
 * - rules: each rule of kube-proxy's that the packet was tested against, in nat and in filter
 *   (iptables rules kube-proxy wrote, or any rule of its `ip kube-proxy` table); a rule counts
 *   once per test, matched or not. The kubelet's, flanneld's and the CNI plugin's rules at the
 *   same hooks are left out: they are there in every mode.
 * - lookups, each one hash, bitmap or map probe whatever the number of Services:
 *   `ipvs` the virtual-server table (ip_vs_service_find, one per IPVS hop), `ipset` each
 *   `-m set` match tested, `nft` each named set or map probed (`@service-ips`,
 *   `@nodeport-ips`…) and each anonymous verdict map (`numgen random mod N vmap { … }`),
 *   `recent` each `-m recent` list probed (iptables' session affinity). An nft `ip daddr { CIDR }`
 *   of one element is counted as the comparison the rule reads as, not as a lookup.
 * - connections: the client's, plus each one kube-proxy's userspace proxy dials to an endpoint
 *   (kubernetes pkg/proxy/userspace/proxysocket.go, tryConnect, v1.25).
 * - proxySockets: the sockets kube-proxy's process holds for the connection: the one it accepted
 *   and the one it dialed, between which proxyTCP runs a copy loop per direction (io.Copy).
 *
 * Per Service: the node's kube-proxy objects with one more Service like it (same spec and
 * endpoints, addresses allocated anew) and without, the difference counted.
 */
import { buildCluster } from '../build';
import type { Cluster, NodeDataplane } from '../model';
import { saveRule } from '../netfilter/render';
import { parseManifests } from '../parse';
import { stringify } from 'yaml';
import type { Hop, Trace } from './types';

/** The work of one connection's first packet on the node that translates the Service address. */
export interface PacketCost {
  /** The node: where the DNAT, the IPVS schedule or the userspace proxy's accept happened. */
  node: string;
  rules: { nat: number; filter: number };
  lookups: { ipvs: number; ipset: number; nft: number; recent: number };
  connections: number;
  proxySockets: number;
}

/** The hops that translate a Service address: the first one names the node that does it. */
const TRANSLATIONS = new Set([
  'hop.chainDnat.title', 'hop.chainRedirect.title', 'hop.ipvsSchedule.title', 'hop.ipvsSchedulePersistent.title', 'hop.ipvsNoDest.title', 'hop.usAccept.title',
]);
const DIALS = new Set(['hop.usConnect.title', 'hop.usConnectRetry.title', 'hop.usConnectAffinity.title']);

/** kube-proxy wrote it: no owner, or the canary chains its flush monitor makes (netfilter/rules.ts). */
const ownedByKubeProxy = (owner: string | undefined) => owner === undefined || owner === 'kube-proxy';

/** Every iptables rule of kube-proxy's on the node, as `iptables-save` prints it, by table. */
function kubeProxyRules(dp: NodeDataplane): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of dp.tables) out.set(t.name, new Set(t.rules.filter((r) => ownedByKubeProxy(r.owner)).map(saveRule)));
  return out;
}

/**
 * The cost of the trace's first packet on the node that translated the Service address, or
 * undefined when no hop of the request did (a pod's own address, a hostNetwork port).
 */
export function packetCost(cluster: Cluster, trace: Trace): PacketCost | undefined {
  const hops = trace.hops.slice(0, trace.replyStart);
  const at = hops.findIndex((h) => TRANSLATIONS.has(h.title.key));
  if (at < 0) return undefined;
  const place = hops[at].at;
  let first = at;
  while (first > 0 && hops[first - 1].at === place) first--;
  let last = at;
  while (last + 1 < hops.length && hops[last + 1].at === place) last++;
  const run = hops.slice(first, last + 1);
  const node = place.replace(/^node\//, '');
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  const owned = dp ? kubeProxyRules(dp) : new Map<string, Set<string>>();
  const cost: PacketCost = { node, rules: { nat: 0, filter: 0 }, lookups: { ipvs: 0, ipset: 0, nft: 0, recent: 0 }, connections: 1, proxySockets: 0 };
  for (const hop of run) {
    if (hop.kind === 'ipvs') cost.lookups.ipvs++;
    if (DIALS.has(hop.title.key)) {
      cost.connections++;
      cost.proxySockets++;
    }
    if (hop.title.key === 'hop.usAccept.title') cost.proxySockets++;
    countRules(hop, owned, cost);
  }
  return cost;
}

/** The rules of kube-proxy's a netfilter hop tested, and the lookups their matches made. */
function countRules(hop: Hop, owned: Map<string, Set<string>>, cost: PacketCost): void {
  const nf = hop.netfilter;
  if (!nf) return;
  // A hop of kube-proxy's own nftables table (`ip kube-proxy`) holds its rules only.
  const ours = nf.table.startsWith('ip ') ? () => true : (text: string) => owned.get(nf.table)?.has(text) ?? false;
  // iptables' filter hops and nft's filter base chains are 'filter' hops; nat chains are 'chain' hops.
  const kind = hop.kind === 'filter' ? 'filter' : 'nat';
  for (const line of nf.rules) {
    if (!ours(line.text)) continue;
    cost.rules[kind]++;
    for (const m of line.matches) {
      const key = m.why.key;
      if (key.startsWith('match.set.')) cost.lookups.ipset++;
      else if (key.startsWith('match.nftSet.') || key.startsWith('match.nftVmap.') || key.startsWith('match.nftNumgen.')) cost.lookups.nft++;
      else if (key.startsWith('match.recent.rcheck.')) cost.lookups.recent++;
    }
  }
}

/** What kube-proxy writes on one node for one Service (counts; zero where the mode has none). */
export interface ServiceCost {
  node: string;
  /** iptables rules (nat and filter), or the rules of the `ip kube-proxy` table. */
  rules: number;
  /** iptables chains of kube-proxy's (`KUBE-SVC-…`, `KUBE-SEP-…`), or the table's chains. */
  chains: number;
  /** Entries of kube-proxy's ipsets (IPVS mode), or elements of its nft sets and maps. */
  elements: number;
  /** nft sets and maps of its own (a Service with ClientIP affinity has one per endpoint), or ipsets. */
  sets: number;
  /** IPVS: virtual servers (`ipvsadm -Ln`'s TCP lines), their real servers, the addresses on kube-ipvs0. */
  virtualServers: number;
  realServers: number;
  addresses: number;
  /** Userspace mode: the ports kube-proxy's own process listens on. */
  proxyPorts: number;
}

type Counts = Omit<ServiceCost, 'node'>;

/** kube-proxy's objects on one node, in whichever mode wrote them. */
function countObjects(cluster: Cluster, node: string): Counts | undefined {
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  if (!dp) return undefined;
  const c: Counts = { rules: 0, chains: 0, elements: 0, sets: 0, virtualServers: 0, realServers: 0, addresses: 0, proxyPorts: 0 };
  for (const t of dp.tables) {
    c.rules += t.rules.filter((r) => ownedByKubeProxy(r.owner)).length;
    // User chains only (a built-in chain has a policy and is there in every mode).
    c.chains += t.chains.filter((ch) => !ch.policy && ownedByKubeProxy(ch.owner)).length;
  }
  if (dp.nftables) {
    for (const ch of dp.nftables.chains.values()) c.rules += ch.rules.length;
    c.chains += dp.nftables.chains.size;
    for (const s of dp.nftables.sets.values()) c.elements += s.elements.length;
    c.sets += dp.nftables.sets.size;
  }
  if (dp.ipvs) {
    c.elements += dp.ipvs.ipsets.reduce((n, s) => n + s.entries.length, 0);
    c.sets += dp.ipvs.ipsets.length;
    c.virtualServers = dp.ipvs.virtualServers.length;
    c.realServers = dp.ipvs.virtualServers.reduce((n, v) => n + v.reals.length, 0);
  }
  c.addresses = dp.interfaces.filter((i) => i.name === 'kube-ipvs0').reduce((n, i) => n + (i.extraAddresses?.length ?? 0), 0);
  c.proxyPorts = dp.userspace?.ports.length ?? 0;
  return c;
}

/**
 * The YAML with one more Service like `namespace/name`: the same spec and selector (so the same
 * endpoints), under the name `NAME-2`, without the addresses and ports the API server allocated
 * or the user pinned (clusterIP, nodePort, healthCheckNodePort, status), which it allocates anew.
 * Undefined when the YAML has no such Service.
 */
export function withOneMore(yaml: string, service: string): string | undefined {
  const [namespace, name] = service.includes('/') ? service.split('/', 2) : ['default', service];
  const found = parseManifests(yaml).objects.find((o) => o.kind === 'Service' && o.name === name && (o.namespace ?? 'default') === namespace);
  if (!found) return undefined;
  const body = structuredClone(found.body) as { metadata?: Record<string, unknown>; spec?: Record<string, unknown>; status?: unknown };
  body.metadata = { ...body.metadata, name: `${name}-2` };
  delete body.status;
  if (body.spec) {
    for (const field of ['clusterIP', 'clusterIPs', 'healthCheckNodePort', 'loadBalancerIP']) delete body.spec[field];
    if (Array.isArray(body.spec.ports)) body.spec.ports = body.spec.ports.map((p: unknown) => ({ ...(p as Record<string, unknown>), nodePort: undefined }));
  }
  return `${yaml.endsWith('\n') ? yaml : `${yaml}\n`}---\n${stringify(body)}`;
}

/**
 * What kube-proxy writes on `node` for one Service like `namespace/name` of `yaml`: the node's
 * objects with one more such Service, less those without it. One more, rather than this one
 * less: a mode writes some objects once for the first Service of a kind (IPVS mode's
 * `KUBE-NODE-PORT` rule matches a set of every node port), and those are not what each further
 * Service costs. Undefined when the YAML has no such Service, or the node is unknown.
 */
export function serviceCost(yaml: string, service: string, node: string): ServiceCost | undefined {
  const more = withOneMore(yaml, service);
  if (more === undefined) return undefined;
  const a = countObjects(buildCluster(more), node);
  const b = countObjects(buildCluster(yaml), node);
  if (!a || !b) return undefined;
  const diff = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - b[k as keyof Counts]])) as Counts;
  return { node, ...diff };
}
