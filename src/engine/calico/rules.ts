/**
 * felix's iptables rules on a node (iptables dataplane, Calico v3.29.7 @82fd18c2), as structured
 * rules like kube-proxy's, so iptables-save shows them and the trace evaluates them:
 *
 * - filter (felix/rules/static.go StaticFilterForwardChains, StaticFilterForwardAppendRules):
 *   FORWARD jumps first to cali-FORWARD, which clears felix's mark bits and dispatches by
 *   interface: in by `cali+` to cali-from-wl-dispatch, out by `cali+` to cali-to-wl-dispatch.
 *   FORWARD ends with "Policy explicitly accepted packet." (ACCEPT on 0x10000) and sets 0x10000.
 * - the dispatch chains (felix/rules/dispatch.go) `-g` (goto) each pod's chain by its interface:
 *   cali-fw-<iface> for what leaves the pod (its egress), cali-tw-<iface> for what enters it
 *   (its ingress), then drop an "Unknown interface".
 * - each endpoint chain (felix/rules/endpoints.go endpointIptablesChain): conntrack first
 *   (RELATED,ESTABLISHED ACCEPT, INVALID DROP), clear the accept and pass marks, then, only where
 *   some policy applies in that direction, "Start of tier default", a jump to each policy's
 *   chain with "Return if policy accepted", and "Drop if no policies passed packet"; then the
 *   profiles (the namespace's kns.<ns>, which allows, and the service account's ksa.<ns>.<sa>)
 *   with "Return if profile accepted", and "Drop if no profiles matched".
 * - policy chains cali-pi-… / cali-po-… (felix/rules/policy.go PolicyChainName: the tier and the
 *   policy's "<ns>/knp.default.<name>", shortened by hashutils.GetLengthLimitedID): each allow
 *   rule sets 0x10000 and returns.
 * - nat (static.go StaticNATPostroutingChains, nat.go NATOutgoingChain): cali-POSTROUTING, and
 *   cali-nat-outgoing masquerades what leaves the pools with natOutgoing for outside them.
 *
 * Left out: the raw and mangle chains, cali-INPUT/cali-OUTPUT (host endpoints, failsafes, workload
 * to host), the `cali:<hash>` id felix adds to each rule's comment, dispatch trees for many pods,
 * policy groups (two policies with the same selector share a cali-gi- chain), and IPIP's
 * `--limit-iface-out` tunnel masquerade. Traffic from the pod's own node leaves by OUTPUT and is
 * not policed, as felix does not ("We don't currently police host -> endpoint").
 */
import type { Interface, IpSet, NamespaceInfo, NodeInfo, PodInfo } from '../model';
import { declareChain, type Match, type Rule, type Table, type Target } from '../netfilter/rules';
import type { CalicoPool } from '../cni/choice';
import type { LabelSelector, NetworkPolicyInfo, PolicyPeer, PolicyPort, PolicyRule } from '../netpol/types';
import { selectorMatches } from '../netpol/evaluate';
import { lengthLimitedId } from './names';
import { base64RawUrl, sha224Bytes, utf8 } from '../sha';

/** felix's mark bits with the default IptablesMarkMask 0xffff0000 (config: MarkAccept, MarkPass, two scratch bits). */
export const MARK_ACCEPT = 0x10000;
export const MARK_PASS = 0x20000;
const ALL_MARKS = 0xf0000;

export interface FelixInput {
  node: NodeInfo;
  /** The pods on this node. */
  pods: PodInfo[];
  pools: CalicoPool[];
  interfaces: Interface[];
  /** Every pod, policy and namespace of the cluster (for the selector ipsets). */
  allPods?: PodInfo[];
  policies?: NetworkPolicyInfo[];
  namespaces?: NamespaceInfo[];
}

/** The chain of one policy in one direction: `cali-pi-` or `cali-po-`, then tier/ns/knp.default.name, shortened. */
export function policyChainName(dir: 'in' | 'out', policy: Pick<NetworkPolicyInfo, 'namespace' | 'name'>): string {
  return lengthLimitedId(dir === 'in' ? 'cali-pi-' : 'cali-po-', `default/${policy.namespace}/knp.default.${policy.name}`);
}

/** A profile's chain: `cali-pri-` / `cali-pro-` and the profile name (kns.<ns>, ksa.<ns>.<sa>). */
export function profileChainName(dir: 'in' | 'out', profile: string): string {
  return lengthLimitedId(dir === 'in' ? 'cali-pri-' : 'cali-pro-', profile);
}

/** The endpoint chain of a pod's interface. */
export function endpointChainName(dir: 'tw' | 'fw', iface: string): string {
  return lengthLimitedId(`cali-${dir}-`, iface);
}

const comment = (text: string): Match => ({ kind: 'comment', text });
const markSet = (bit: number): Match => ({ kind: 'mark', value: bit, mask: bit });
const markClear = (bit: number): Match => ({ kind: 'mark', value: 0, mask: bit });
const setMark = (bit: number): Target => ({ kind: 'MARK', op: 'xset', value: bit, mask: bit });
const clearMark = (bits: number): Target => ({ kind: 'MARK', op: 'xset', value: 0, mask: bits });

/** The policies that select the pod, per direction, in felix's order (order 1000 for all, then name). */
export function endpointPolicies(pod: PodInfo, policies: NetworkPolicyInfo[]): { ingress: NetworkPolicyInfo[]; egress: NetworkPolicyInfo[] } {
  const mine = policies
    .filter((p) => p.namespace === pod.namespace && selectorMatches(p.podSelector, pod.labels))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ingress: mine.filter((p) => p.policyTypes.includes('Ingress')), egress: mine.filter((p) => p.policyTypes.includes('Egress')) };
}

/** Adds felix's chains to the node's nat and filter tables; returns the ipsets they match on. */
export function addCalicoRules(nat: Table, filter: Table, input: FelixInput): { ipsets: IpSet[] } {
  const sets = new IpSets();
  const add = (table: Table, chain: string, matches: Match[], target?: Target, provenance?: Rule['provenance']) => {
    table.rules.push({ chain, matches, ...(target ? { target } : {}), owner: 'felix', ...(provenance ? { provenance } : {}) });
  };
  const insertFirst = (table: Table, chain: string, target: Target) => {
    const at = table.rules.findIndex((r) => r.chain === chain);
    const rule: Rule = { chain, matches: [], target, owner: 'felix' };
    if (at < 0) table.rules.push(rule);
    else table.rules.splice(at, 0, rule);
  };

  // nat: felix inserts its jumps at the top of the built-in chains.
  for (const [builtin, own] of [['PREROUTING', 'cali-PREROUTING'], ['OUTPUT', 'cali-OUTPUT'], ['POSTROUTING', 'cali-POSTROUTING']]) {
    declareChain(nat, own, 'felix');
    insertFirst(nat, builtin, { kind: 'jump', chain: own });
  }
  for (const c of ['cali-fip-dnat', 'cali-fip-snat', 'cali-nat-outgoing']) declareChain(nat, c, 'felix');
  add(nat, 'cali-PREROUTING', [], { kind: 'jump', chain: 'cali-fip-dnat' });
  add(nat, 'cali-OUTPUT', [], { kind: 'jump', chain: 'cali-fip-dnat' });
  add(nat, 'cali-POSTROUTING', [], { kind: 'jump', chain: 'cali-fip-snat' });
  add(nat, 'cali-POSTROUTING', [], { kind: 'jump', chain: 'cali-nat-outgoing' });
  const masqPools = input.pools.filter((p) => p.natOutgoing === 'Enabled').map((p) => p.cidr);
  sets.add({ name: 'cali40all-ipam-pools', type: 'hash:net', comment: '', entries: input.pools.map((p) => p.cidr) });
  sets.add({ name: 'cali40masq-ipam-pools', type: 'hash:net', comment: '', entries: masqPools });
  if (masqPools.length > 0) {
    add(nat, 'cali-nat-outgoing', [{ kind: 'set', name: 'cali40masq-ipam-pools', flags: 'src' }, { kind: 'set', name: 'cali40all-ipam-pools', flags: 'dst', negate: true }],
      { kind: 'MASQUERADE', randomFully: true }, input.pools.find((p) => p.natOutgoing === 'Enabled')?.provenance);
  }

  // filter FORWARD: felix's jump first, its accept rules last.
  for (const c of ['cali-FORWARD', 'cali-from-hep-forward', 'cali-to-hep-forward', 'cali-cidr-block', 'cali-from-wl-dispatch', 'cali-to-wl-dispatch']) declareChain(filter, c, 'felix');
  insertFirst(filter, 'FORWARD', { kind: 'jump', chain: 'cali-FORWARD' });
  add(filter, 'FORWARD', [comment('Policy explicitly accepted packet.'), markSet(MARK_ACCEPT)], { kind: 'ACCEPT' });
  add(filter, 'FORWARD', [], setMark(MARK_ACCEPT));
  add(filter, 'cali-FORWARD', [], clearMark(ALL_MARKS & ~MARK_ACCEPT));
  add(filter, 'cali-FORWARD', [markClear(MARK_ACCEPT)], { kind: 'jump', chain: 'cali-from-hep-forward' });
  add(filter, 'cali-FORWARD', [{ kind: 'in', iface: 'cali+' }], { kind: 'jump', chain: 'cali-from-wl-dispatch' });
  add(filter, 'cali-FORWARD', [{ kind: 'out', iface: 'cali+' }], { kind: 'jump', chain: 'cali-to-wl-dispatch' });
  add(filter, 'cali-FORWARD', [], { kind: 'jump', chain: 'cali-to-hep-forward' });
  add(filter, 'cali-FORWARD', [], { kind: 'jump', chain: 'cali-cidr-block' });

  const endpoints = input.pods.filter((p) => p.hostVeth && p.ip && !p.hostNetwork).sort((a, b) => (a.hostVeth! < b.hostVeth! ? -1 : 1));
  for (const pod of endpoints) add(filter, 'cali-from-wl-dispatch', [{ kind: 'in', iface: pod.hostVeth! }], { kind: 'goto', chain: endpointChainName('fw', pod.hostVeth!) });
  add(filter, 'cali-from-wl-dispatch', [comment('Unknown interface')], { kind: 'DROP' });
  for (const pod of endpoints) add(filter, 'cali-to-wl-dispatch', [{ kind: 'out', iface: pod.hostVeth! }], { kind: 'goto', chain: endpointChainName('tw', pod.hostVeth!) });
  add(filter, 'cali-to-wl-dispatch', [comment('Unknown interface')], { kind: 'DROP' });

  const policies = input.policies ?? [];
  const ctx = { allPods: input.allPods ?? input.pods, namespaces: input.namespaces ?? [], sets };
  const rendered = new Set<string>();
  const profiles = new Set<string>();
  for (const pod of endpoints) {
    const applied = endpointPolicies(pod, policies);
    const nsProfile = `kns.${pod.namespace}`;
    const saProfile = `ksa.${pod.namespace}.default`;
    for (const [dir, pfx, list] of [['in', 'tw', applied.ingress], ['out', 'fw', applied.egress]] as const) {
      const chain = endpointChainName(pfx, pod.hostVeth!);
      declareChain(filter, chain, 'felix');
      add(filter, chain, [{ kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] }], { kind: 'ACCEPT' });
      add(filter, chain, [{ kind: 'conntrack', states: ['INVALID'] }], { kind: 'DROP' });
      add(filter, chain, [], clearMark(MARK_ACCEPT | MARK_PASS));
      if (dir === 'out') {
        // AllowVXLANPacketsFromWorkloads / AllowIPIPPacketsFromWorkloads default false.
        add(filter, chain, [{ kind: 'proto', proto: 'udp' }, comment('Drop VXLAN encapped packets originating in workloads'), { kind: 'multiport', ports: [4789] }], { kind: 'DROP' });
        add(filter, chain, [{ kind: 'proto', proto: 'ipv4', bare: true }, comment('Drop IPinIP encapped packets originating in workloads')], { kind: 'DROP' });
      }
      if (list.length > 0) {
        add(filter, chain, [comment('Start of tier default')], clearMark(MARK_PASS));
        for (const policy of list) {
          const target = policyChainName(dir, policy);
          add(filter, chain, [markClear(MARK_PASS)], { kind: 'jump', chain: target }, policy.provenance);
          add(filter, chain, [comment('Return if policy accepted'), markSet(MARK_ACCEPT)], { kind: 'RETURN' }, policy.provenance);
          if (!rendered.has(target)) {
            rendered.add(target);
            declareChain(filter, target, 'felix');
            renderPolicy(filter, target, dir, policy, ctx);
          }
        }
        add(filter, chain, [comment('Drop if no policies passed packet'), markClear(MARK_PASS)], { kind: 'DROP' }, list[0].provenance);
      }
      for (const profile of [nsProfile, saProfile]) {
        const target = profileChainName(dir, profile);
        add(filter, chain, [], { kind: 'jump', chain: target });
        add(filter, chain, [comment('Return if profile accepted'), markSet(MARK_ACCEPT)], { kind: 'RETURN' });
        if (!profiles.has(target)) {
          profiles.add(target);
          declareChain(filter, target, 'felix');
          // The namespace profile allows everything (libcalico-go's kns.<ns> has one Allow rule
          // each way); the service-account profile only carries labels.
          if (profile === nsProfile) add(filter, target, [], setMark(MARK_ACCEPT));
        }
      }
      add(filter, chain, [comment('Drop if no profiles matched')], { kind: 'DROP' });
    }
  }
  return { ipsets: sets.list() };
}

/** The ipsets felix keeps for selectors and named ports, by name. */
class IpSets {
  private readonly byName = new Map<string, IpSet>();
  add(set: IpSet): string {
    if (!this.byName.has(set.name)) this.byName.set(set.name, set);
    return set.name;
  }
  list(): IpSet[] {
    return [...this.byName.values()];
  }
}

interface RenderCtx {
  allPods: PodInfo[];
  namespaces: NamespaceInfo[];
  sets: IpSets;
}

/** A label selector as a Calico selector expression (libcalico-go conversion's form). */
function selectorText(s: LabelSelector): string {
  const parts = Object.keys(s.matchLabels).sort().map((k) => `${k} == '${s.matchLabels[k]}'`);
  for (const e of s.matchExpressions) {
    const vals = `{${e.values.map((v) => `'${v}'`).join(', ')}}`;
    parts.push(e.operator === 'In' ? `${e.key} in ${vals}` : e.operator === 'NotIn' ? `${e.key} not in ${vals}` : e.operator === 'Exists' ? `has(${e.key})` : `! has(${e.key})`);
  }
  return parts.join(' && ');
}

/**
 * The ipset id felix gives a selector: `cali40` and `s:` and a hash. Felix hashes its canonical
 * selector; Podpath hashes its own rendering of the converted selector (same shape, a different
 * string), SHA-224 in base64url like felix's selector UniqueID.
 */
function setName(kind: 's' | 'n', text: string): string {
  return `cali40${kind}:${base64RawUrl(sha224Bytes(utf8(text))).slice(0, 23)}`;
}

/** The pods a peer selects, for the peer's ipset. */
function peerPods(peer: PolicyPeer, policy: NetworkPolicyInfo, ctx: RenderCtx): PodInfo[] {
  return ctx.allPods.filter((pod) => {
    if (!pod.ip || pod.hostNetwork) return false;
    if (peer.namespaceSelector) {
      const labels = ctx.namespaces.find((n) => n.name === pod.namespace)?.labels ?? { 'kubernetes.io/metadata.name': pod.namespace };
      if (!selectorMatches(peer.namespaceSelector, labels)) return false;
    } else if (pod.namespace !== policy.namespace) return false;
    return !peer.podSelector || selectorMatches(peer.podSelector, pod.labels);
  });
}

function peerText(peer: PolicyPeer, policy: NetworkPolicyInfo): string {
  const ns = peer.namespaceSelector ? selectorText(peer.namespaceSelector) : `projectcalico.org/namespace == '${policy.namespace}'`;
  const pods = peer.podSelector ? selectorText(peer.podSelector) : 'all()';
  return `${pods} && ${ns}`;
}

/**
 * One policy's chain: a Calico rule per (port entry × peer) of each k8s rule (libcalico-go
 * k8sRuleToCalico), each rendered as felix's match then `MARK --set-xmark 0x10000/0x10000` and
 * "return if accepted".
 */
function renderPolicy(filter: Table, chain: string, dir: 'in' | 'out', policy: NetworkPolicyInfo, ctx: RenderCtx): void {
  const rules = dir === 'in' ? policy.ingress : policy.egress;
  const side = dir === 'in' ? 'src' : 'dst';
  for (const rule of rules) {
    const ports: (PolicyPort | undefined)[] = rule.ports.length > 0 ? rule.ports : [undefined];
    const peers: (PolicyPeer | undefined)[] = rule.peers.length > 0 ? rule.peers : [undefined];
    for (const port of ports) {
      for (const peer of peers) {
        const matches = [...protoMatches(port), ...peerMatches(peer, side, policy, ctx), ...portMatches(port, policy, rule, dir, ctx, peer)];
        filter.rules.push({ chain, matches, target: setMark(MARK_ACCEPT), owner: 'felix', ...(rule.provenance ? { provenance: rule.provenance } : {}) });
        filter.rules.push({ chain, matches: [markSet(MARK_ACCEPT), comment('Return if policy accepted')], target: { kind: 'RETURN' }, owner: 'felix', ...(rule.provenance ? { provenance: rule.provenance } : {}) });
      }
    }
  }
}

function protoMatches(port: PolicyPort | undefined): Match[] {
  if (!port) return [];
  return [{ kind: 'proto', proto: port.protocol.toLowerCase() as 'tcp' | 'udp' | 'sctp', bare: true }];
}

function peerMatches(peer: PolicyPeer | undefined, side: 'src' | 'dst', policy: NetworkPolicyInfo, ctx: RenderCtx): Match[] {
  if (!peer) return [];
  if (peer.ipBlock) {
    const out: Match[] = [{ kind: side, cidr: peer.ipBlock.cidr }];
    for (const e of peer.ipBlock.except) out.push({ kind: side, cidr: e, negate: true });
    return out;
  }
  const name = ctx.sets.add({
    name: setName('s', peerText(peer, policy)), type: 'hash:net', comment: '',
    entries: peerPods(peer, policy, ctx).map((p) => `${p.ip}/32`),
  });
  return [{ kind: 'set', name, flags: side }];
}

function portMatches(port: PolicyPort | undefined, policy: NetworkPolicyInfo, rule: PolicyRule, dir: 'in' | 'out', ctx: RenderCtx, peer: PolicyPeer | undefined): Match[] {
  if (!port || port.port === undefined) return [];
  if (typeof port.port === 'number') {
    return [{ kind: 'multiport', ports: port.endPort ? [] : [port.port], ...(port.endPort ? { ranges: [{ from: port.port, to: port.endPort }] } : {}) }];
  }
  // A named port: the (address, protocol:port) of every pod the name resolves on, as felix's
  // named-port ipset: the selected pods for ingress, the peer's pods for egress.
  const name = port.port;
  const targets = dir === 'in'
    ? ctx.allPods.filter((p) => p.namespace === policy.namespace && selectorMatches(policy.podSelector, p.labels))
    : peer && !peer.ipBlock ? peerPods(peer, policy, ctx) : ctx.allPods;
  const proto = port.protocol.toLowerCase();
  const entries = targets.filter((p) => p.ip && !p.hostNetwork).flatMap((p) =>
    p.ports.filter((c) => c.name === name && c.protocol === port.protocol).map((c) => `${p.ip},${proto}:${c.containerPort}`));
  const set = ctx.sets.add({ name: setName('n', `${dir}/${policy.namespace}/${policy.name}/${rule.peers.indexOf(peer!)}/${name}/${port.protocol}`), type: 'hash:ip,port', comment: '', entries });
  return [{ kind: 'set', name: set, flags: 'dst,dst' }];
}
