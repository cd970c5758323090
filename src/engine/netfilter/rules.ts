/**
 * Netfilter rules as structured data: the one truth that is rendered as `iptables-save`
 * text, evaluated by the trace, and loaded into real kernels by the lab.
 *
 * Matches are kept in the order kube-proxy writes them, because `iptables-restore` input
 * shows them in that order, while `iptables-save` reorders them (see render.ts).
 */
import type { Provenance } from '../types';

export type Proto = 'tcp' | 'udp' | 'sctp';

export type Match =
  | { kind: 'comment'; text: string }
  /**
   * `-m tcp -p tcp`: the protocol and its match module, written together by kube-proxy. `bare`
   * is a plain `-p tcp`; iptables then loads the module only for a `--dport`.
   */
  | { kind: 'proto'; proto: Proto | 'ipv4'; bare?: boolean }
  | { kind: 'src'; cidr: string; negate?: boolean }
  | { kind: 'dst'; cidr: string; negate?: boolean }
  /** `-i NAME`: the interface the packet came in on; a trailing `+` matches a prefix. */
  | { kind: 'in'; iface: string; negate?: boolean }
  /** `-o NAME`: the interface the packet leaves by (felix's `-o cali+`); a trailing `+` matches a prefix. */
  | { kind: 'out'; iface: string; negate?: boolean }
  /** `--dport`: an option of the protocol module above. */
  | { kind: 'dport'; port: number }
  /** `-m multiport --dports A,B`. */
  | { kind: 'multiport'; ports: number[]; ranges?: { from: number; to: number }[] }
  | { kind: 'addrtype'; dir: 'src' | 'dst'; type: 'LOCAL'; negate?: boolean }
  | { kind: 'mark'; value: number; mask: number; negate?: boolean }
  /** `-m statistic --mode random --probability P`, P as kube-proxy prints it (10 decimals). */
  | { kind: 'statistic'; probability: string }
  /**
   * `-m recent`: `set` records the packet's source address in the list `name`; `rcheck` holds
   * when the source is in the list and was seen within `seconds` (session affinity).
   */
  | { kind: 'recent'; name: string; op: 'set' | 'rcheck'; seconds?: number }
  /**
   * `-m conntrack --ctstate S`, or with `module: 'state'` the older `-m state --state S` that
   * kube-proxy's userspace mode wrote (the same kernel match, xt_conntrack, under its alias).
   */
  | { kind: 'conntrack'; states: string[]; negate?: boolean; module?: 'state' }
  /**
   * `-m set --match-set NAME dst,dst`: the packet's fields, in the order `flags` names them
   * (`src`/`dst` address, then ports), form an entry of the ipset NAME (IPVS mode's sets).
   */
  | { kind: 'set'; name: string; flags: string; negate?: boolean }
  /** `-m physdev ! --physdev-is-in`: whether the packet entered through a bridge port (br_netfilter). */
  | { kind: 'physdev'; isIn: true; negate?: boolean };

export type Target =
  | { kind: 'jump'; chain: string }
  /** `-g CHAIN`: like a jump, but the chain's end returns to the chain that called this one (felix's dispatch). */
  | { kind: 'goto'; chain: string }
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'REJECT' }
  | { kind: 'MASQUERADE'; randomFully?: boolean }
  | { kind: 'DNAT'; to: string }
  /**
   * `-j REDIRECT --to-ports N`: a DNAT to the host itself, port N; the address is the first one
   * of the interface the packet came in on, 127.0.0.1 for the host's own packets
   * (net/netfilter/nf_nat_redirect.c, nf_nat_redirect_ipv4). kube-proxy's userspace mode.
   */
  | { kind: 'REDIRECT'; toPorts: number }
  /** `xset` is `--set-xmark value/mask`: clear the mask's bits, then xor the value (felix's marks). */
  | { kind: 'MARK'; op: 'or' | 'xor' | 'xset'; value: number; mask?: number };

export interface Rule {
  chain: string;
  /** Who wrote the rule: kube-proxy when absent, else the CNI plugin (portmap), the kubelet or flanneld. */
  owner?: Owner;
  matches: Match[];
  /** A rule without a target only counts packets (kube-proxy's KUBE-FW "will be dropped" note). */
  target?: Target;
  /** The YAML object that made kube-proxy write this rule. */
  provenance?: Provenance;
}

/**
 * The programs besides kube-proxy's iptables-restore that write rules on a node; `kube-proxy`
 * marks the canary chains its flush monitor creates outside that input.
 */
export type Owner = 'cni' | 'kubelet' | 'flannel' | 'kube-proxy' | 'felix';

export interface Chain {
  name: string;
  owner?: Owner;
  /** Built-in chains have a policy; user chains do not. */
  policy?: 'ACCEPT' | 'DROP';
}

export interface Table {
  name: 'nat' | 'filter' | 'mangle';
  chains: Chain[];
  rules: Rule[];
}

/** Built-in chains of each table, in the order the kernel lists them. */
export const BUILTIN_CHAINS: Record<Table['name'], string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
};

export function emptyTable(name: Table['name']): Table {
  return { name, chains: BUILTIN_CHAINS[name].map((c) => ({ name: c, policy: 'ACCEPT' })), rules: [] };
}

/** The chain names of each table, so declaring stays O(1) with thousands of Services. */
const declared = new WeakMap<Table, Set<string>>();

/** Adds a user chain once, keeping the order of first declaration. */
export function declareChain(table: Table, name: string, owner?: Chain['owner']): void {
  let names = declared.get(table);
  if (!names) declared.set(table, (names = new Set(table.chains.map((c) => c.name))));
  if (names.has(name)) return;
  names.add(name);
  table.chains.push(owner ? { name, owner } : { name });
}

export function rulesOf(table: Table, chain: string): Rule[] {
  return table.rules.filter((r) => r.chain === chain);
}
