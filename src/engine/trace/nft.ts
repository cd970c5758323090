/**
 * The trace through kube-proxy's nftables table (kubeproxy/nftables/): at each netfilter hook,
 * the base chains of every table registered there run in priority order, and among equal
 * priorities the one registered LAST runs first. net/netfilter/core.c (torvalds/linux),
 * nf_hook_entries_grow: the new hook is inserted before the first existing one whose priority is
 * not lower than its own (`if (inserted || reg->priority > orig_ops[i]->priority)` copies the
 * old entry, else the new one goes in), and nf_hook_slow walks the array in order. NAT base
 * chains are kept the same way one level down: nf_nat_register_fn (net/netfilter/nf_nat_core.c)
 * puts each table's nat chain into the hook's own entries with nf_hook_entries_insert_raw, which
 * calls nf_hook_entries_grow, and nf_nat_inet_fn walks them until one binds a mapping.
 * (An older core.c, the linked list of nf_register_net_hook, broke on `reg->priority <
 * p->orig_ops->priority`, i.e. put an equal priority after; kernels with nf_hook_entries_grow
 * do the opposite.)
 *
 * The registration order modelled: the kubelet's and flanneld's iptables-nft tables (their
 * builtin chains: nat PREROUTING and OUTPUT at NF_IP_PRI_NAT_DST -100, POSTROUTING at
 * NF_IP_PRI_NAT_SRC 100, filter at NF_IP_PRI_FILTER 0) exist before kube-proxy starts and writes
 * its table, which is the order the lab loads them in (iptables-restore, then `nft -f`). So at
 * an equal priority kube-proxy's base chain runs before the iptables one:
 *
 * - prerouting: kube-proxy's filter-prerouting-pre-dnat (dstnat - 10), then its nat-prerouting
 *   (dstnat), then the iptables nat PREROUTING (dstnat) if kube-proxy's chains bound no NAT
 *   mapping: the first nat chain that binds one is the last consulted (nf_nat_inet_fn). A
 *   hostPort (portmap's CNI-HOSTPORT-DNAT) on a node port's number loses to the Service;
 * - output: filter-output-pre-dnat (-110), then nat-output and nat OUTPUT the same way;
 * - input, forward, output at priority 0: kube-proxy's filter chain, then the iptables one; an
 *   accept in one base chain lets the packet on to the next, a drop or reject ends it;
 * - postrouting (srcnat): kube-proxy's nat-postrouting, then the iptables nat POSTROUTING
 *   (flanneld's masquerade) unless kube-proxy's masqueraded.
 *
 * Where a real node may differ: the order is the order in which the base chains were created,
 * not the order of the tables. iptables-nft since Phil Sutter's "nft: Avoid pointless
 * table/chain creation" (netfilter-devel, 2020-09-23: nft_xt_builtin_init(h, table, chain)
 * creates only the builtin chain a command appends to) creates a builtin chain when a rule is
 * first added to it; older versions created every builtin chain of a table at once. The CNI
 * portmap plugin (containernetworking/plugins plugins/meta/portmap/portmap_iptables.go,
 * genToplevelDnatChain) adds its jump to nat PREROUTING and OUTPUT when the first pod with a
 * hostPort is set up; if nothing had put a rule in nat PREROUTING before, that base chain is
 * registered then, after kube-proxy's, and runs first: there the hostPort wins. Its nftables
 * backend (portmap_nftables.go) creates its own `cni_hostport` table, with nat prerouting and
 * output chains at dstnat, at the same moment, with the same effect. And any base chain deleted
 * and created again (its table deleted and re-created) goes to the front of its priority.
 *
 * Inside a chain, rules run in order, matches first, then their statements: a verdict map
 * lookup by `ip daddr . meta l4proto . th dport` whose element's verdict is followed, `numgen
 * random mod N vmap` drawing one of N endpoints (every one a candidate with its 1/N), `jump`
 * (the chain's end returns here), `goto` (it returns to whoever called this chain), `return`,
 * `drop`, `reject`, the mark, `dnat to` and `masquerade`, `update @affinity-…`. A base chain's
 * end applies its policy, accept.
 */
import type { NftChain, NftElement, NftTable } from '../kubeproxy/nftables/model';
import {
  elementVerdict, matchHolds, parseNftRule, vmapLookup, type NftMatch, type NftPacketView, type NftVerdict,
} from '../kubeproxy/nftables/evaluate';
import type { EvalResult } from '../netfilter/evaluate';
import type { Rule } from '../netfilter/rules';
import type { Message, Provenance } from '../types';
import { addressesOf, type SimHost } from './hosts';
import type { Packet } from './packet';
import { pinnedIndex } from './random';
import type { Candidate, Hop, RuleLine } from './types';
import { elementOf, push, type Walk } from './walk';

type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** The iptables-nft builtin chains' priorities (include/uapi/linux/netfilter_ipv4.h). */
const NF_IP_PRI_NAT_DST = -100;
const NF_IP_PRI_FILTER = 0;
const NF_IP_PRI_NAT_SRC = 100;
/** The iptables nat table's chain at each hook (it has none at forward): DNAT before routing, SNAT after. */
const IPTABLES_NAT_PRIORITY: Partial<Record<HookName, number>> = {
  PREROUTING: NF_IP_PRI_NAT_DST, OUTPUT: NF_IP_PRI_NAT_DST, INPUT: NF_IP_PRI_NAT_SRC, POSTROUTING: NF_IP_PRI_NAT_SRC,
};

/** kube-proxy's base chains by hook, as the table declares them (type, hook, priority). */
function baseChains(table: NftTable, hook: string, type: 'filter' | 'nat'): NftChain[] {
  return [...table.chains.values()]
    .filter((c) => c.base && c.base.hook === hook.toLowerCase() && c.base.type === type)
    .sort((a, b) => a.base!.priority - b.base!.priority);
}

/** One chain as the walk went through it: each rule tested, and how it was left. */
export interface NftVisit {
  chain: string;
  rules: RuleLine[];
  exit:
    | { kind: 'jump' | 'goto'; chain: string; rule: string }
    | { kind: 'return' | 'end' | 'policy' }
    | { kind: 'drop' | 'reject' | 'accept'; rule: string }
    | { kind: 'dnat'; to: string; rule: string }
    | { kind: 'masquerade'; rule: string };
  before: Packet;
  after: Packet;
  /** The numgen draw in this chain: every endpoint with its chance, and the one drawn. */
  candidates?: Candidate[];
  chosen?: number;
}

interface RunState {
  packet: Packet;
  visits: NftVisit[];
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  dnat?: string;
  masquerade?: { randomFully: boolean };
  decidedBy?: Rule;
  /** A NAT statement ran: the hook's later nat chains are not consulted. */
  natBound: boolean;
}

const msg = (key: string, params: Record<string, string | number>): Message => ({ key, params });

/** Why a match held or failed, in the words of the iptables trace where they are the same. */
function why(m: NftMatch, p: NftPacketView, held: boolean, ctState: string): Message {
  const h = held ? 'held' : 'failed';
  switch (m.kind) {
    case 'ctstate':
      return msg(`match.ctstate.${h}`, { got: ctState, want: m.state.toUpperCase(), negated: 0 });
    case 'addr':
      return msg(`match.${m.field === 'saddr' ? 'src' : 'dst'}.${h}`, {
        ip: m.field === 'saddr' ? p.saddr : p.daddr, cidr: m.values.length === 1 ? m.values[0] : `{ ${m.values.join(', ')} }`, negated: m.negate ? 1 : 0,
      });
    case 'addrset':
      return msg(`match.nftSet.${h}`, { ip: m.field === 'saddr' ? p.saddr : p.daddr, set: m.set, negated: m.negate ? 1 : 0 });
    case 'fib':
      return msg(`match.addrtype.${m.field === 'saddr' ? 'src' : 'dst'}.${h}`, { ip: m.field === 'saddr' ? p.saddr : p.daddr, negated: 0 });
    case 'iif':
      return msg(`match.in.${h}`, { dev: p.iif ?? '-', iface: m.prefix ? `${m.name}*` : m.name, negated: m.negate ? 1 : 0 });
  }
}

const verdictText = (v: NftVerdict) => (v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind);
const elementText = (e: NftElement) => `${e.key.join(' . ')}${e.value ? ` : ${e.value.join(' . ')}` : ''}`;

/** The endpoint a numgen target's chain DNATs to. */
function endpointOf(table: NftTable, chain: string): { ip: string; port: number } {
  const dnat = table.chains.get(chain)?.rules.map((r) => /dnat to (\S+):(\d+)$/.exec(r.text)).find((m) => m);
  return dnat ? { ip: dnat[1], port: Number(dnat[2]) } : { ip: '', port: 0 };
}

/**
 * Runs one base chain (and every chain it jumps or goes to). Returns false when the packet's
 * path ended (a verdict other than continue, or a NAT statement).
 */
function runBase(walk: Walk, host: SimHost, table: NftTable, base: NftChain, state: RunState, ctx: { ctState: string; iif?: string }): boolean {
  if (!walk.recent.has(host.id)) walk.recent.set(host.id, new Map());
  const dynamic = walk.recent.get(host.id)!;
  const view = (): NftPacketView => ({
    saddr: state.packet.src, daddr: state.packet.dst, proto: state.packet.proto, dport: state.packet.dport, nodeIPs: addressesOf(host), iif: ctx.iif, dynamic,
  });
  // The call stack: each frame is a chain and the rule to resume at. A chain gets a visit of
  // its own each time the walk enters or comes back to it (as the iptables trace shows them).
  // `via`: the verdict map element that sent the walk into this chain (reject-chain's reason).
  type Via = { text: string; comment?: string; provenance?: Provenance };
  type Frame = { chain: NftChain; at: number; visit: NftVisit; via?: Via };
  const visitOf = (chain: NftChain): NftVisit => {
    const visit: NftVisit = { chain: chain.name, rules: [], exit: { kind: 'end' }, before: { ...state.packet }, after: state.packet };
    state.visits.push(visit);
    return visit;
  };
  const leave = (frame: Frame, exit: NftVisit['exit']) => {
    frame.visit.exit = exit;
    frame.visit.after = { ...state.packet };
  };
  const stack: Frame[] = [{ chain: base, at: 0, visit: visitOf(base) }];
  /** Back from a chain: its caller, if any, goes on with a visit of its own. */
  const pop = () => {
    stack.pop();
    const caller = stack[stack.length - 1];
    if (caller) caller.visit = visitOf(caller.chain);
  };
  const end = (verdict: 'DROP' | 'REJECT', rule: string, comment: string | undefined, provenance: Provenance | undefined) => {
    state.verdict = verdict;
    state.decidedBy = { chain: base.name, matches: [{ kind: 'comment', text: comment ?? rule }], target: { kind: verdict }, provenance };
    return false;
  };
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const { chain } = frame;
    if (frame.at >= chain.rules.length) {
      // The end of a chain: a base chain's policy (accept), else back to the caller.
      leave(frame, { kind: chain.base ? 'policy' : 'end' });
      pop();
      continue;
    }
    const rule = chain.rules[frame.at++];
    const parsed = parseNftRule(rule.text);
    const p = view();
    const matches: RuleLine['matches'] = [];
    let held = true;
    for (const m of parsed.matches) {
      const ok = matchHolds(table, m, p);
      matches.push({ held: ok, why: why(m, p, ok, ctx.ctState) });
      if (!ok) {
        held = false;
        break;
      }
    }
    const line: RuleLine = { text: `${rule.text}${rule.comment !== undefined ? ` comment "${rule.comment}"` : ''}`, matched: held, matches, provenance: rule.provenance };
    frame.visit.rules.push(line);
    if (!held) continue;
    // The statements, in order; a verdict ends the rule.
    let verdict: NftVerdict | undefined;
    let verdictSource: Via = { text: line.text, comment: rule.comment, provenance: rule.provenance };
    let fromMap = false;
    for (const s of parsed.statements) {
      if (s.kind === 'verdict') {
        verdict = s.verdict;
        break;
      }
      if (s.kind === 'vmap') {
        const element = vmapLookup(table, s, p);
        const key = s.keys.map((k) => (k === 'daddr' ? p.daddr : k === 'l4proto' ? p.proto : String(p.dport))).join(' . ');
        const v = element && elementVerdict(element.value);
        matches.push(v ? { held: true, why: msg('match.nftVmap.held', { key, map: s.map, verdict: verdictText(v) }) } : { held: false, why: msg('match.nftVmap.failed', { key, map: s.map }) });
        if (!v || !element) {
          line.matched = false;
          break;
        }
        if (element.provenance) line.provenance = element.provenance;
        verdictSource = { text: `${line.text} (@${s.map} ${elementText(element)})`, comment: element.comment, provenance: element.provenance ?? rule.provenance };
        fromMap = true;
        verdict = v;
        break;
      }
      if (s.kind === 'numgen') {
        const mod = s.mod;
        const index = walk.pick !== undefined ? pinnedIndex(walk.pick, mod) : Math.floor(walk.rng() * mod);
        const target = s.targets.find((t) => t.index === index) ?? s.targets[s.targets.length - 1];
        frame.visit.candidates = s.targets.map((t) => {
          const chainName = t.verdict.kind === 'jump' || t.verdict.kind === 'goto' ? t.verdict.chain : '';
          return { ...endpointOf(table, chainName), probability: 1 / mod, chain: chainName };
        });
        frame.visit.chosen = s.targets.indexOf(target);
        matches.push({ held: true, why: msg('match.nftNumgen.held', { mod, index: target.index, verdict: verdictText(target.verdict) }) });
        verdict = target.verdict;
        break;
      }
      if (s.kind === 'markOr') state.packet = { ...state.packet, mark: (state.packet.mark | s.value) >>> 0 };
      else if (s.kind === 'markXor') state.packet = { ...state.packet, mark: (state.packet.mark ^ s.value) >>> 0 };
      else if (s.kind === 'markZeroReturn') {
        const zero = (state.packet.mark & s.value) === 0;
        matches.push({ held: zero, why: msg(`match.nftMarkZero.${zero ? 'held' : 'failed'}`, { got: `0x${state.packet.mark.toString(16)}`, want: `0x${s.value.toString(16)}` }) });
        if (zero) {
          verdict = { kind: 'return' };
          break;
        }
        // `meta mark & M == 0` is the rule's match, written before its verdict: a mark that has
        // the bit does not match the rule, which then does nothing (the next rule masquerades).
        line.matched = false;
        break;
      } else if (s.kind === 'update') {
        const set = dynamic.get(s.set) ?? new Set<string>();
        set.add(state.packet.src);
        dynamic.set(s.set, set);
      } else if (s.kind === 'dnat') {
        const [ip, port] = s.to.split(':');
        state.packet = { ...state.packet, dst: ip, dport: Number(port) };
        state.dnat = s.to;
        state.natBound = true;
        leave(frame, { kind: 'dnat', to: s.to, rule: line.text });
        return false;
      } else if (s.kind === 'masquerade') {
        state.masquerade = { randomFully: s.fullyRandom };
        state.natBound = true;
        leave(frame, { kind: 'masquerade', rule: line.text });
        return false;
      }
    }
    if (!verdict) continue;
    switch (verdict.kind) {
      case 'accept':
        leave(frame, { kind: 'accept', rule: line.text });
        return true;
      case 'drop':
      case 'reject':
        leave(frame, { kind: verdict.kind, rule: line.text });
        // A bare `reject` in reject-chain stands for the map element that sent the packet there.
        if (!fromMap && rule.comment === undefined && frame.via) verdictSource = frame.via;
        return end(verdict.kind === 'drop' ? 'DROP' : 'REJECT', verdictSource.text, verdictSource.comment, verdictSource.provenance);
      case 'return':
        // Back to the caller (for a chain entered by goto, the caller of the chain that went there).
        leave(frame, { kind: 'return' });
        pop();
        continue;
      case 'jump':
      case 'goto': {
        const next = table.chains.get(verdict.chain);
        if (!next) throw new Error(`nftables: no chain ${verdict.chain}`);
        leave(frame, { kind: verdict.kind, chain: verdict.chain, rule: line.text });
        // goto: this chain is done; the called chain's end returns to our caller.
        if (verdict.kind === 'goto') stack.pop();
        stack.push({ chain: next, at: 0, visit: visitOf(next), ...(fromMap ? { via: verdictSource } : {}) });
        continue;
      }
    }
  }
  return true;
}

/** The hops of one nft base chain's run: one per chain of a nat base chain, one for a filter base chain. */
function pushHops(walk: Walk, host: SimHost, table: NftTable, base: NftChain, visits: NftVisit[], verdict: 'ACCEPT' | 'DROP' | 'REJECT', before: Packet, after: Packet): void {
  const element = elementOf(host, 'netfilter');
  const name = `${table.family} ${table.name}`;
  const hook = base.base!.hook;
  const provenanceOf = (v: NftVisit) => v.rules.filter((r) => r.matched && r.provenance).map((r) => r.provenance!);
  if (base.base!.type === 'filter') {
    const rules = visits.flatMap((v) => v.rules);
    push(walk, host.id, element, 'filter', verdict === 'ACCEPT' ? 'filter' : 'filterStop', before, after,
      { hook: `${hook} (${name} ${base.name})`, verdict, chains: visits.map((v) => v.chain).filter((c, i, a) => a.indexOf(c) === i).join(' → ') },
      { netfilter: { table: name, chain: base.name, hook, rules }, provenance: visits.flatMap(provenanceOf) });
    return;
  }
  for (const visit of visits) {
    const fired = visit.rules.findLast((r) => r.matched);
    const extra: Partial<Hop> = { netfilter: { table: name, chain: visit.chain, hook, rules: visit.rules }, provenance: fired?.provenance ? [fired.provenance] : [] };
    if (visit.candidates) {
      const candidates = visit.candidates.map((c) => withPod(walk, c));
      extra.candidates = candidates;
      extra.chosen = visit.chosen;
      if (walk.candidates.length === 0) walk.candidates.push(...candidates);
    }
    const params: Record<string, string | number> = { table: name, chain: visit.chain, hook };
    let key = 'chainEnd';
    const exit = visit.exit;
    if (exit.kind === 'jump' || exit.kind === 'goto') {
      key = 'chainJump';
      params.to = exit.chain;
      params.rule = exit.rule;
    } else if (exit.kind === 'return') key = 'chainReturn';
    else if (exit.kind === 'policy') key = 'chainPolicy';
    else if (exit.kind === 'dnat') {
      key = 'chainDnat';
      params.to = exit.to;
    } else if (exit.kind === 'masquerade') {
      key = visit.before.mark !== visit.after.mark ? 'chainMasq' : 'chainMasqRule';
      params.rule = exit.rule;
    }
    if (visit.before.mark !== visit.after.mark && key === 'chainEnd') {
      key = 'chainMark';
      params.mark = `0x${visit.after.mark.toString(16)}`;
    } else if (visit.before.mark !== visit.after.mark) params.mark = `0x${visit.after.mark.toString(16)}`;
    push(walk, host.id, element, 'chain', key, visit.before, visit.after, params, extra);
  }
}

function withPod(walk: Walk, c: Candidate): Candidate {
  const pod = walk.net.cluster.pods.find((p) => p.ip === c.ip);
  return pod ? { ...c, namespace: pod.namespace, pod: pod.name, node: pod.node } : c;
}

/** Runs kube-proxy's base chains of one type at one hook, before or after the iptables part as the priorities say. */
function runNftBases(walk: Walk, host: SimHost, table: NftTable, bases: NftChain[], state: RunState, ctx: { ctState: string; iif?: string }, natHook: boolean): void {
  for (const base of bases) {
    if (state.verdict !== 'ACCEPT') return;
    if (natHook && base.base!.type === 'nat' && state.natBound) return;
    // conntrack's view: a reply, or any packet after the first, is not `ct state new`.
    const before = { ...state.packet };
    const visits: NftVisit[] = [];
    const inner: RunState = { ...state, visits };
    runBase(walk, host, table, base, inner, ctx);
    Object.assign(state, { packet: inner.packet, verdict: inner.verdict, dnat: inner.dnat ?? state.dnat, masquerade: inner.masquerade ?? state.masquerade, decidedBy: inner.decidedBy ?? state.decidedBy, natBound: inner.natBound });
    state.visits.push(...visits);
    pushHops(walk, host, table, base, visits, inner.verdict, before, inner.packet);
  }
}

/**
 * A hook on a node whose kube-proxy runs in nftables mode: the iptables chains the walk asked
 * for (`iptables`, which records its own hops) and kube-proxy's base chains at the same hook,
 * in the kernel's order. The result is what the walk needs of the whole hook.
 */
export function runNftHook(
  walk: Walk, host: SimHost, table: NftTable, tableName: 'nat' | 'filter', hook: string, packet: Packet, ctState: 'NEW' | 'ESTABLISHED',
  inInterface: string | undefined, iptables: (packet: Packet) => EvalResult,
): EvalResult {
  const h = hook as HookName;
  const ctx = { ctState, iif: inInterface };
  const state: RunState = { packet, visits: [], verdict: 'ACCEPT', natBound: false };
  const result = (): EvalResult => ({
    verdict: state.verdict, packet: state.packet, visits: [], ...(state.dnat ? { dnat: state.dnat } : {}),
    ...(state.masquerade ? { masquerade: state.masquerade } : {}), ...(state.decidedBy ? { decidedBy: state.decidedBy } : {}),
  });
  const filters = baseChains(table, h, 'filter');
  if (tableName === 'nat') {
    // Before DNAT: kube-proxy's pre-DNAT filter chains (loadBalancerSourceRanges).
    runNftBases(walk, host, table, filters.filter((c) => c.base!.priority < NF_IP_PRI_NAT_DST), state, ctx, true);
    if (state.verdict !== 'ACCEPT') return result();
    // kube-proxy's nat chains at the iptables nat chain's priority or lower run first (registered
    // after it), then the iptables one if no chain bound a mapping yet, then any of kube-proxy's
    // at a higher priority.
    const iptPriority = IPTABLES_NAT_PRIORITY[h] ?? NF_IP_PRI_NAT_DST;
    const nat = baseChains(table, h, 'nat');
    runNftBases(walk, host, table, nat.filter((c) => c.base!.priority <= iptPriority), state, ctx, true);
    if (!state.natBound) {
      const ipt = iptables(state.packet);
      state.packet = ipt.packet;
      if (ipt.dnat || ipt.masquerade) {
        state.natBound = true;
        state.dnat = ipt.dnat;
        state.masquerade = ipt.masquerade;
      }
    }
    runNftBases(walk, host, table, nat.filter((c) => c.base!.priority > iptPriority), state, ctx, true);
    return result();
  }
  // The filter hooks: kube-proxy's chains from dstnat on (the earlier ones ran with the nat
  // part) up to the iptables filter chain's priority, then the iptables chain, then the rest.
  const after = filters.filter((c) => c.base!.priority >= NF_IP_PRI_NAT_DST);
  runNftBases(walk, host, table, after.filter((c) => c.base!.priority <= NF_IP_PRI_FILTER), state, ctx, false);
  if (state.verdict !== 'ACCEPT') return result();
  const ipt = iptables(state.packet);
  if (ipt.verdict !== 'ACCEPT') return ipt;
  state.packet = ipt.packet;
  runNftBases(walk, host, table, after.filter((c) => c.base!.priority > NF_IP_PRI_FILTER), state, ctx, false);
  return result();
}
