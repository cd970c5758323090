/**
 * The rules other agents of a node write beside kube-proxy's, so that a node's iptables-save
 * shows what a real one does: the kubelet's hint and canary chains and its KUBE-FIREWALL
 * (kubernetes `pkg/kubelet/kubelet_network_linux.go`), kube-proxy's own canaries (iptables
 * mode's flush monitor), and flanneld's masquerade and forward rules
 * (flannel `pkg/trafficmngr/iptables/iptables.go`, `masqRules` and `forwardRules`).
 */
import type { ClusterSettings, NodeInfo } from './model';
import { declareChain, emptyTable, type Match, type Rule, type Table } from './netfilter/rules';

/** The localnet guard the kubelet writes (and kube-proxy's iptables mode writes identically). */
export const LOCALNET_RULE: Match[] = [
  { kind: 'comment', text: 'block incoming localnet connections' },
  { kind: 'dst', cidr: '127.0.0.0/8' },
  { kind: 'src', cidr: '127.0.0.0/8', negate: true },
  { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], negate: true },
];

/**
 * Adds the kubelet's and kube-proxy's bookkeeping chains and returns the mangle table they
 * live in. The kubelet always keeps KUBE-FIREWALL and its localnet guard on an IPv4 node
 * (v1.28 pkg/kubelet/kubelet_network_linux.go, syncIPTablesRules); kube-proxy's iptables mode
 * writes the identical chain into its own restore input only while localhost node ports are in
 * effect (kubeproxy/iptables.ts). Where kube-proxy did not, the chain on the node is the kubelet's.
 */
export function addAgentChains(nat: Table, filter: Table, mode: ClusterSettings['proxy']['mode']): Table {
  const mangle = emptyTable('mangle');
  declareChain(mangle, 'KUBE-IPTABLES-HINT', 'kubelet');
  for (const t of [mangle, nat, filter]) {
    declareChain(t, 'KUBE-KUBELET-CANARY', 'kubelet');
    if (mode === 'iptables') declareChain(t, 'KUBE-PROXY-CANARY', 'kube-proxy');
  }
  if (!filter.chains.some((c) => c.name === 'KUBE-FIREWALL')) {
    declareChain(filter, 'KUBE-FIREWALL', 'kubelet');
    filter.rules.push({ chain: 'KUBE-FIREWALL', matches: LOCALNET_RULE, target: { kind: 'DROP' }, owner: 'kubelet' });
  }
  // Prepended by the kubelet before kube-proxy started: below kube-proxy's own jumps (iptables
  // mode's kube-proxy ensures the same two jumps, so they are there already).
  const jumps = (chain: string) => filter.rules.some((r) => r.chain === chain && r.target?.kind === 'jump' && r.target.chain === 'KUBE-FIREWALL');
  for (const chain of ['INPUT', 'OUTPUT']) {
    if (!jumps(chain)) filter.rules.push({ chain, matches: [], target: { kind: 'jump', chain: 'KUBE-FIREWALL' }, owner: 'kubelet' });
  }
  return mangle;
}

/**
 * flanneld with `--ip-masq` (as kube-flannel.yml runs it): pod traffic leaving the cluster
 * network is masqueraded to the node, traffic inside it is not; kube-proxy's marked packets
 * are left to kube-proxy. Its jumps are appended, so they come after kube-proxy's.
 */
export function addFlannelRules(nat: Table, filter: Table, node: NodeInfo, settings: ClusterSettings): void {
  const network = settings.podSubnet;
  const lease = node.podCIDR;
  const masq: Match = { kind: 'comment', text: 'flanneld masq' };
  const fwd: Match = { kind: 'comment', text: 'flanneld forward' };
  const add = (table: Table, chain: string, matches: Match[], target: Rule['target']) => table.rules.push({ chain, matches, target, owner: 'flannel' });
  declareChain(nat, 'FLANNEL-POSTRTG', 'flannel');
  add(nat, 'POSTROUTING', [masq], { kind: 'jump', chain: 'FLANNEL-POSTRTG' });
  // trafficmngr.KubeProxyMark is a fixed "0x4000/0x4000", whatever kube-proxy's masqueradeBit.
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'mark', value: 0x4000, mask: 0x4000 }, masq], { kind: 'RETURN' });
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'src', cidr: lease }, { kind: 'dst', cidr: network }, masq], { kind: 'RETURN' });
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'src', cidr: network }, { kind: 'dst', cidr: lease }, masq], { kind: 'RETURN' });
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'src', cidr: network, negate: true }, { kind: 'dst', cidr: lease }, masq], { kind: 'RETURN' });
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'src', cidr: network }, { kind: 'dst', cidr: '224.0.0.0/4', negate: true }, masq], { kind: 'MASQUERADE', randomFully: true });
  add(nat, 'FLANNEL-POSTRTG', [{ kind: 'src', cidr: network, negate: true }, { kind: 'dst', cidr: network }, masq], { kind: 'MASQUERADE', randomFully: true });
  declareChain(filter, 'FLANNEL-FWD', 'flannel');
  add(filter, 'FORWARD', [fwd], { kind: 'jump', chain: 'FLANNEL-FWD' });
  add(filter, 'FLANNEL-FWD', [{ kind: 'src', cidr: network }, fwd], { kind: 'ACCEPT' });
  add(filter, 'FLANNEL-FWD', [{ kind: 'dst', cidr: network }, fwd], { kind: 'ACCEPT' });
}
