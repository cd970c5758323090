/**
 * Runs a packet through a netfilter chain the way the kernel does (net/netfilter/x_tables.c
 * ipt_do_table): rules in order, the first whose matches all hold fires its target; a jump
 * pushes the chain, RETURN or the end of a user chain pops it, the end of a built-in chain
 * applies its policy. NAT targets record what they did; the caller applies them.
 */
import { inCidr } from '../ip';
import type { IpSet } from '../model';
import type { Packet } from '../trace/packet';
import type { Message } from '../types';
import { saveRule } from './render';
import type { Match, Rule, Table } from './rules';

export interface MatchResult {
  held: boolean;
  why: Message;
}

export interface RuleResult {
  rule: Rule;
  /** The rule as iptables-save prints it. */
  text: string;
  matched: boolean;
  /** Every match that was tested, in order; evaluation stops at the first that fails. */
  matches: MatchResult[];
  /** Set when the rule's statistic match drew a random number. */
  probability?: string;
}

export interface ChainVisit {
  table: Table['name'];
  chain: string;
  rules: RuleResult[];
  /** How the chain was left. */
  exit: { kind: 'jump'; chain: string } | { kind: 'return' } | { kind: 'policy'; policy: string } | { kind: 'verdict'; verdict: Verdict } | { kind: 'end' };
  /** The packet when it entered and when it left this chain. */
  before: Packet;
  after: Packet;
  /** True for the part of a chain evaluated after a jump into another chain returned. */
  resumed: boolean;
}

export type Verdict = 'ACCEPT' | 'DROP' | 'REJECT';

export interface EvalContext {
  /** The addresses of the host evaluating (for `-m addrtype --src-type/--dst-type LOCAL`). */
  localAddresses: string[];
  /** The interface the packet arrived on; undefined for packets the host made itself. */
  inInterface?: string;
  /** The interface the routing decision chose (FORWARD, OUTPUT, POSTROUTING), for `-o`. */
  outInterface?: string;
  /** conntrack state of the packet's connection. */
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  /** Whether the connection has been DNATed so far (conntrack's DNAT pseudo-state). */
  dnatted: boolean;
  /**
   * Decides a `-m statistic --mode random` match: true means "the random draw fell below p".
   * `index` is the rule's position among the statistic rules of its chain.
   */
  draw: (rule: Rule, probability: number, index: number) => boolean;
  /** This host's `-m recent` lists: list name → source addresses seen. Changed by `--set`. */
  recent?: Map<string, Set<string>>;
  /** This host's ipsets (kube-proxy's IPVS mode), for `-m set`. */
  ipsets?: IpSet[];
  /** The packet came in through a port of a bridge (from a pod's veth into cbr0), for `-m physdev`. */
  inBridge?: boolean;
  /**
   * Where REDIRECT sends the packet: the first address of the interface it came in on, or
   * 127.0.0.1 for a packet the host made itself (nf_nat_redirect_ipv4). Undefined when that
   * interface has no address: the kernel then drops the packet.
   */
  redirectAddress?: string;
}

export interface EvalResult {
  verdict: Verdict;
  packet: Packet;
  visits: ChainVisit[];
  /** The DNAT destination chosen, if any (`ip:port`); a REDIRECT's too. */
  dnat?: string;
  /** Set when a MASQUERADE target fired, with whether it asked for --random-fully. */
  masquerade?: { randomFully: boolean };
  /** The rule that decided the verdict, for DROP and REJECT. */
  decidedBy?: Rule;
}

const MAX_DEPTH = 64;

/** Evaluates the built-in `chain` of `table` for `packet`. */
export function evaluateHook(table: Table, chain: string, packet: Packet, ctx: EvalContext): EvalResult {
  const visits: ChainVisit[] = [];
  const state: EvalResult = { verdict: 'ACCEPT', packet: { ...packet }, visits };
  const outcome = walk(table, chain, state, ctx, 0);
  // Falling off the end of a built-in chain, or RETURN from it, applies the chain's policy.
  if (outcome !== 'stop') {
    const policy = table.chains.find((c) => c.name === chain)?.policy ?? 'ACCEPT';
    state.verdict = policy;
  }
  return state;
}

type Outcome = 'continue' | 'return' | 'stop';

const byChainCache = new WeakMap<Table, Map<string, Rule[]>>();

/** The rules of each chain, in order; built once per table, since a trace walks many chains. */
function rulesByChain(table: Table): Map<string, Rule[]> {
  let index = byChainCache.get(table);
  if (!index) {
    index = new Map();
    for (const rule of table.rules) {
      const list = index.get(rule.chain);
      if (list) list.push(rule);
      else index.set(rule.chain, [rule]);
    }
    byChainCache.set(table, index);
  }
  return index;
}

/**
 * The order the kernel tests a rule in: the IP header fields first (ip_packet_match: source,
 * destination, protocol), then the match modules in the order iptables-save lists them, the
 * protocol module carrying its --dport.
 */
export function evaluationOrder(rule: Rule): Match[] {
  const fixed = (['src', 'dst', 'in', 'out', 'proto'] as const).flatMap((k) => rule.matches.filter((m) => m.kind === k));
  const modules: Match[] = [];
  for (const m of rule.matches) {
    if (m.kind === 'src' || m.kind === 'dst' || m.kind === 'in' || m.kind === 'out' || m.kind === 'dport') continue;
    if (m.kind === 'proto') modules.push(...rule.matches.filter((x) => x.kind === 'dport'));
    else modules.push(m);
  }
  return [...fixed, ...modules];
}

function walk(table: Table, chain: string, state: EvalResult, ctx: EvalContext, depth: number): Outcome {
  const rules = rulesByChain(table).get(chain) ?? [];
  const policy = table.chains.find((c) => c.name === chain)?.policy;
  const open = (resumed: boolean): ChainVisit => {
    const v: ChainVisit = { table: table.name, chain, rules: [], exit: { kind: 'end' }, before: { ...state.packet }, after: state.packet, resumed };
    state.visits.push(v);
    return v;
  };
  const close = (v: ChainVisit, exit: ChainVisit['exit']) => {
    v.exit = exit;
    v.after = { ...state.packet };
  };
  let visit = open(false);
  for (const rule of rules) {
    const result: RuleResult = { rule, text: saveRule(rule), matched: true, matches: [] };
    visit.rules.push(result);
    for (const m of evaluationOrder(rule)) {
      const r = test(m, rule, state.packet, ctx, rules);
      if (!r) continue; // comments are not tests
      result.matches.push(r);
      if (m.kind === 'statistic') result.probability = m.probability;
      if (!r.held) {
        result.matched = false;
        break;
      }
    }
    if (!result.matched || !rule.target) continue;
    const t = rule.target;
    switch (t.kind) {
      case 'jump': {
        close(visit, { kind: 'jump', chain: t.chain });
        if (depth >= MAX_DEPTH) return 'stop';
        if (walk(table, t.chain, state, ctx, depth + 1) === 'stop') return 'stop';
        // Back from the callee: this chain goes on with its next rule.
        visit = open(true);
        continue;
      }
      case 'goto': {
        // The callee's end (or RETURN) returns past this chain, to the one that called it.
        close(visit, { kind: 'jump', chain: t.chain });
        if (depth >= MAX_DEPTH) return 'stop';
        return walk(table, t.chain, state, ctx, depth + 1) === 'stop' ? 'stop' : 'return';
      }
      case 'RETURN':
        close(visit, { kind: 'return' });
        return 'return';
      case 'MARK':
        state.packet.mark = t.op === 'or' ? state.packet.mark | t.value
          : t.op === 'xset' ? ((state.packet.mark & ~(t.mask ?? 0xffffffff)) ^ t.value) >>> 0
          : state.packet.mark ^ t.value;
        continue; // MARK does not end the traversal
      case 'DNAT': {
        const [ip, port] = t.to.split(':');
        state.packet.dst = ip;
        state.packet.dport = Number(port);
        state.dnat = t.to;
        close(visit, { kind: 'verdict', verdict: 'ACCEPT' });
        return 'stop'; // a NAT target ends the nat table with an accept
      }
      case 'REDIRECT': {
        if (ctx.redirectAddress === undefined) {
          // nf_nat_redirect_ipv4: an incoming interface without an IPv4 address: NF_DROP.
          state.verdict = 'DROP';
          state.decidedBy = rule;
          close(visit, { kind: 'verdict', verdict: 'DROP' });
          return 'stop';
        }
        state.packet.dst = ctx.redirectAddress;
        state.packet.dport = t.toPorts;
        state.dnat = `${ctx.redirectAddress}:${t.toPorts}`;
        close(visit, { kind: 'verdict', verdict: 'ACCEPT' });
        return 'stop';
      }
      case 'MASQUERADE':
        state.masquerade = { randomFully: t.randomFully === true };
        close(visit, { kind: 'verdict', verdict: 'ACCEPT' });
        return 'stop';
      case 'ACCEPT':
      case 'DROP':
      case 'REJECT':
        state.verdict = t.kind;
        if (t.kind !== 'ACCEPT') state.decidedBy = rule;
        close(visit, { kind: 'verdict', verdict: t.kind });
        return 'stop';
    }
  }
  close(visit, policy ? { kind: 'policy', policy } : { kind: 'end' });
  return policy ? 'continue' : 'return';
}

function test(m: Match, rule: Rule, p: Packet, ctx: EvalContext, chainRules: Rule[]): MatchResult | undefined {
  const neg = 'negate' in m && m.negate === true;
  const result = (held: boolean, key: string, params: Record<string, string | number>): MatchResult => ({
    held: neg ? !held : held,
    why: { key: `match.${key}.${(neg ? !held : held) ? 'held' : 'failed'}`, params: { ...params, negated: neg ? 1 : 0 } },
  });
  switch (m.kind) {
    case 'comment':
      return undefined;
    case 'proto':
      return result(p.proto === m.proto, 'proto', { want: m.proto, got: p.proto });
    case 'src':
      return result(inCidr(p.src, m.cidr), 'src', { cidr: m.cidr, ip: p.src });
    case 'dst':
      return result(inCidr(p.dst, m.cidr), 'dst', { cidr: m.cidr, ip: p.dst });
    case 'in': {
      const dev = ctx.inInterface ?? '';
      const held = m.iface.endsWith('+') ? dev.startsWith(m.iface.slice(0, -1)) && dev !== '' : dev === m.iface;
      return result(held, 'in', { iface: m.iface, dev: dev || '-' });
    }
    case 'out': {
      const dev = ctx.outInterface ?? '';
      const held = m.iface.endsWith('+') ? dev.startsWith(m.iface.slice(0, -1)) && dev !== '' : dev === m.iface;
      return result(held, 'out', { iface: m.iface, dev: dev || '-' });
    }
    case 'dport':
      return result(p.dport === m.port, 'dport', { want: m.port, got: p.dport });
    case 'multiport': {
      const held = m.ports.includes(p.dport) || (m.ranges ?? []).some((r) => p.dport >= r.from && p.dport <= r.to);
      const want = [...m.ports.map(String), ...(m.ranges ?? []).map((r) => `${r.from}:${r.to}`)].join(',');
      return result(held, 'dport', { want, got: p.dport });
    }
    case 'addrtype': {
      const ip = m.dir === 'dst' ? p.dst : p.src;
      return result(ctx.localAddresses.includes(ip), `addrtype.${m.dir}`, { ip });
    }
    case 'mark':
      return result((p.mark & m.mask) === m.value, 'mark', { want: `0x${m.value.toString(16)}`, got: `0x${p.mark.toString(16)}` });
    case 'statistic': {
      const index = chainRules.filter((r) => r.matches.some((x) => x.kind === 'statistic')).indexOf(rule);
      const held = ctx.draw(rule, Number(m.probability), index);
      return result(held, 'statistic', { p: m.probability });
    }
    case 'recent': {
      const list = ctx.recent?.get(m.name);
      if (m.op === 'set') {
        if (ctx.recent) ctx.recent.set(m.name, new Set([...(list ?? []), p.src]));
        return result(true, 'recent.set', { list: m.name, ip: p.src });
      }
      return result(!!list?.has(p.src), 'recent.rcheck', { list: m.name, ip: p.src, seconds: m.seconds ?? 0 });
    }
    case 'set': {
      const set = ctx.ipsets?.find((x) => x.name === m.name);
      const entry = setEntry(set, m.flags, p);
      return result(!!set && entry !== undefined && inSet(set, entry), 'set', { set: m.name, entry: entry ?? '' });
    }
    case 'physdev':
      return result(ctx.inBridge === true, 'physdev', { dev: ctx.inInterface ?? '-' });
    case 'conntrack': {
      const states = new Set<string>([ctx.ctState]);
      if (ctx.dnatted) states.add('DNAT');
      const held = m.states.some((s) => states.has(s));
      return result(held, 'ctstate', { want: m.states.join(','), got: [...states].join(',') });
    }
  }
}

/**
 * The entry a packet makes for an ipset lookup: the fields `flags` names (`dst,dst` is the
 * destination address, then the destination port), in the set type's layout (ipset's
 * `hash:ip,port` stores `10.96.0.1,tcp:443`; `bitmap:port` just `30080`).
 */
function setEntry(set: IpSet | undefined, flags: string, p: Packet): string | undefined {
  if (!set) return undefined;
  const side = flags.split(',');
  const addr = (i: number) => (side[i] === 'src' ? p.src : p.dst);
  const port = (i: number) => `${p.proto}:${side[i] === 'src' ? p.sport : p.dport}`;
  switch (set.type) {
    case 'hash:ip':
    case 'hash:net':
      return addr(0);
    case 'bitmap:port':
      return String(side[0] === 'src' ? p.sport : p.dport);
    case 'hash:ip,port':
      return `${addr(0)},${port(1)}`;
    case 'hash:ip,port,ip':
    case 'hash:ip,port,net':
      return `${addr(0)},${port(1)},${addr(2)}`;
  }
}

const members = new WeakMap<IpSet, Set<string>>();

function inSet(set: IpSet, entry: string): boolean {
  if (set.type === 'hash:ip,port,net') {
    // The third field is a network: the packet's address must fall inside it.
    const at = entry.lastIndexOf(',');
    const head = entry.slice(0, at + 1);
    const ip = entry.slice(at + 1);
    return set.entries.some((e) => e.startsWith(head) && inCidr(ip, e.slice(head.length)));
  }
  // hash:net: the address must fall inside one of the networks (felix's cali40… sets).
  if (set.type === 'hash:net') return set.entries.some((e) => inCidr(entry, e));
  let index = members.get(set);
  if (!index) members.set(set, (index = new Set(set.entries)));
  return index.has(entry);
}
