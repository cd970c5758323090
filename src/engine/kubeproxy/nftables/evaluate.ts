/**
 * Reading kube-proxy's nftables rules back: each rule's text (as kube-proxy writes it) parsed
 * into its matches and its statement, and matched against a packet. Only the expressions
 * kube-proxy's proxier.go writes are understood; anything else is reported, never guessed.
 */
import { cidrContains, parseCidr, parseIp } from '../../ip';
import type { NftSet, NftTable } from './model';

export type NftVerdict = { kind: 'jump' | 'goto'; chain: string } | { kind: 'return' | 'drop' | 'reject' | 'accept' };

/** One match of a rule (all must hold for the rule's statement to run). */
export type NftMatch =
  | { kind: 'ctstate'; state: string }
  | { kind: 'addr'; field: 'saddr' | 'daddr'; negate: boolean; values: string[] }
  | { kind: 'addrset'; field: 'saddr' | 'daddr'; negate: boolean; set: string }
  | { kind: 'fib'; field: 'saddr' | 'daddr'; type: 'local' }
  | { kind: 'iif'; name: string; negate: boolean; prefix: boolean };

/** What a rule does once its matches hold. */
export type NftStatement =
  | { kind: 'verdict'; verdict: NftVerdict }
  /** `ip daddr . meta l4proto . th dport vmap @m` (or `meta l4proto . th dport vmap @m`). */
  | { kind: 'vmap'; keys: ('daddr' | 'l4proto' | 'dport')[]; map: string }
  /** `numgen random mod N vmap { 0 : goto A , … }`. */
  | { kind: 'numgen'; mod: number; targets: { index: number; verdict: NftVerdict }[] }
  | { kind: 'markOr' | 'markXor'; value: number }
  | { kind: 'markZeroReturn'; value: number }
  | { kind: 'masquerade'; fullyRandom: boolean }
  | { kind: 'dnat'; proto: string; to: string }
  | { kind: 'update'; set: string };

export interface ParsedRule {
  matches: NftMatch[];
  statements: NftStatement[];
}

function verdictOf(words: string[], at: number): NftVerdict | undefined {
  const w = words[at];
  if (w === 'jump' || w === 'goto') return { kind: w, chain: words[at + 1] };
  if (w === 'return' || w === 'drop' || w === 'reject' || w === 'accept') return { kind: w };
  return undefined;
}

/** Parses one of kube-proxy's rule texts; throws on anything it does not write. */
export function parseNftRule(text: string): ParsedRule {
  const w = text.trim().split(/\s+/);
  const matches: NftMatch[] = [];
  const statements: NftStatement[] = [];
  let i = 0;
  const fail = (): never => {
    throw new Error(`nftables: cannot read rule "${text}" at "${w.slice(i).join(' ')}"`);
  };
  while (i < w.length) {
    const rest = w.slice(i).join(' ');
    if (rest.startsWith('ct state ')) {
      matches.push({ kind: 'ctstate', state: w[i + 2] });
      i += 3;
    } else if (rest.startsWith('ip daddr . meta l4proto . th dport vmap @')) {
      statements.push({ kind: 'vmap', keys: ['daddr', 'l4proto', 'dport'], map: w[i + 9].slice(1) });
      i += 10;
    } else if (rest.startsWith('meta l4proto . th dport vmap @')) {
      statements.push({ kind: 'vmap', keys: ['l4proto', 'dport'], map: w[i + 6].slice(1) });
      i += 7;
    } else if (w[i] === 'ip' && (w[i + 1] === 'saddr' || w[i + 1] === 'daddr')) {
      const field = w[i + 1] as 'saddr' | 'daddr';
      i += 2;
      const negate = w[i] === '!=';
      if (negate) i++;
      if (w[i].startsWith('@')) {
        matches.push({ kind: 'addrset', field, negate, set: w[i].slice(1) });
        i++;
      } else if (w[i] === '{') {
        const end = w.indexOf('}', i);
        if (end < 0) fail();
        const values = w.slice(i + 1, end).join(' ').split(',').map((v) => v.trim()).filter(Boolean);
        matches.push({ kind: 'addr', field, negate, values });
        i = end + 1;
      } else {
        matches.push({ kind: 'addr', field, negate, values: [w[i]] });
        i++;
      }
    } else if (w[i] === 'fib' && w[i + 2] === 'type' && w[i + 3] === 'local') {
      matches.push({ kind: 'fib', field: w[i + 1] as 'saddr' | 'daddr', type: 'local' });
      i += 4;
    } else if (w[i] === 'iif' || w[i] === 'iifname') {
      const negate = w[i + 1] === '!=';
      const name = w[i + (negate ? 2 : 1)].replaceAll('"', '');
      matches.push({ kind: 'iif', name: name.replace(/\*$/, ''), negate, prefix: name.endsWith('*') });
      i += negate ? 3 : 2;
    } else if (rest.startsWith('numgen random mod ')) {
      const mod = Number(w[i + 3]);
      if (w[i + 4] !== 'vmap' || w[i + 5] !== '{') fail();
      const end = w.indexOf('}', i);
      const body = w.slice(i + 6, end).join(' ');
      const targets = body.split(',').map((e) => e.trim().split(/\s+/)).map((p) => ({ index: Number(p[0]), verdict: verdictOf(p, 2) ?? fail() }));
      statements.push({ kind: 'numgen', mod, targets });
      i = end + 1;
    } else if (rest.startsWith('mark set mark or ')) {
      statements.push({ kind: 'markOr', value: Number(w[i + 4]) });
      i += 5;
    } else if (rest.startsWith('mark set mark xor ')) {
      statements.push({ kind: 'markXor', value: Number(w[i + 4]) });
      i += 5;
    } else if (rest.startsWith('mark and ') && w[i + 3] === '==' && w[i + 4] === '0' && w[i + 5] === 'return') {
      statements.push({ kind: 'markZeroReturn', value: Number(w[i + 2]) });
      i += 6;
    } else if (w[i] === 'masquerade') {
      statements.push({ kind: 'masquerade', fullyRandom: w[i + 1] === 'fully-random' });
      i += w[i + 1] === 'fully-random' ? 2 : 1;
    } else if (rest.startsWith('meta l4proto ') && w[i + 3] === 'dnat' && w[i + 4] === 'to') {
      statements.push({ kind: 'dnat', proto: w[i + 2], to: w[i + 5] });
      i += 6;
    } else if (w[i] === 'update' && w[i + 1].startsWith('@') && rest.includes('{ ip saddr }')) {
      statements.push({ kind: 'update', set: w[i + 1].slice(1) });
      i += 6;
    } else {
      const verdict = verdictOf(w, i);
      if (!verdict) fail();
      statements.push({ kind: 'verdict', verdict: verdict! });
      i += verdict!.kind === 'jump' || verdict!.kind === 'goto' ? 2 : 1;
    }
  }
  return { matches, statements };
}

/** What a match is checked against. */
export interface NftPacketView {
  saddr: string;
  daddr: string;
  proto: string;
  dport: number;
  /** The node's own addresses (`fib … type local`). */
  nodeIPs: string[];
  /** The interface the packet came in by, for `iif`/`iifname`. */
  iif?: string;
  /** Addresses each affinity set holds now (`ip saddr @affinity-…`). */
  dynamic?: Map<string, Set<string>>;
}

function addrMatches(ip: string, value: string): boolean {
  const n = parseIp(ip);
  if (n === undefined) return false;
  if (value.includes('/')) {
    const c = parseCidr(value);
    return c !== undefined && cidrContains(c, n);
  }
  return parseIp(value) === n;
}

/** Whether a set holds the address (interval-free sets of addresses, as kube-proxy's are). */
export function setHolds(set: NftSet | undefined, ip: string, dynamic?: Map<string, Set<string>>): boolean {
  if (!set) return false;
  if (set.flags?.includes('dynamic')) return dynamic?.get(set.name)?.has(ip) ?? false;
  return set.elements.some((e) => e.key.length === 1 && addrMatches(ip, e.key[0]));
}

export function matchHolds(table: NftTable, m: NftMatch, p: NftPacketView): boolean {
  switch (m.kind) {
    case 'ctstate':
      return m.state === 'new';
    case 'addr': {
      const ip = m.field === 'saddr' ? p.saddr : p.daddr;
      const any = m.values.some((v) => addrMatches(ip, v));
      return m.negate ? !any : any;
    }
    case 'addrset': {
      const ip = m.field === 'saddr' ? p.saddr : p.daddr;
      const held = setHolds(table.sets.get(m.set), ip, p.dynamic);
      return m.negate ? !held : held;
    }
    case 'fib':
      return p.nodeIPs.includes(m.field === 'saddr' ? p.saddr : p.daddr);
    case 'iif': {
      const on = p.iif !== undefined && (m.prefix ? p.iif.startsWith(m.name) : p.iif === m.name);
      return m.negate ? !on : on;
    }
  }
}

/** The element of a verdict map the packet's `daddr . l4proto . dport` (or `l4proto . dport`) selects. */
export function vmapLookup(table: NftTable, stmt: Extract<NftStatement, { kind: 'vmap' }>, p: NftPacketView) {
  const map = table.sets.get(stmt.map);
  const key = stmt.keys.map((k) => (k === 'daddr' ? p.daddr : k === 'l4proto' ? p.proto : String(p.dport)));
  return map?.elements.find((e) => e.key.length === key.length && e.key.every((part, i) => part === key[i]));
}

/** The value of a verdict map element (`goto service-…`, `drop`) as a verdict. */
export function elementVerdict(value: string[] | undefined): NftVerdict | undefined {
  return value ? verdictOf(value.join(' ').split(/\s+/), 0) : undefined;
}

/**
 * Upstream's test tracer (helpers_test.go runChain): runs a chain; a jump to mark-for-masquerade
 * only marks; every branch of a numgen vmap is followed; a DNAT, drop or reject ends the packet
 * and is recorded. Returns whether the packet was ended.
 */
export function runChainForTest(table: NftTable, chainName: string, p: NftPacketView, state: { outputs: string[]; masq: boolean }): boolean {
  const chain = table.chains.get(chainName);
  if (!chain) throw new Error(`unknown chain ${chainName}`);
  const follow = (v: NftVerdict): boolean | 'next' | 'return' => {
    switch (v.kind) {
      case 'jump':
      case 'goto':
        if (v.kind === 'jump' && v.chain === 'mark-for-masquerade') {
          state.masq = true;
          return 'next';
        }
        if (runChainForTest(table, v.chain, p, state)) return true;
        return v.kind === 'goto' ? 'return' : 'next';
      case 'drop':
      case 'reject':
        state.outputs.push(v.kind.toUpperCase());
        return true;
      case 'accept':
        state.outputs.push('ACCEPT');
        return true;
      case 'return':
        return 'return';
    }
  };
  for (const rule of chain.rules) {
    const parsed = parseNftRule(rule.text);
    if (!parsed.matches.every((m) => matchHolds(table, m, p))) continue;
    for (const stmt of parsed.statements) {
      let r: boolean | 'next' | 'return' = 'next';
      if (stmt.kind === 'verdict') r = follow(stmt.verdict);
      else if (stmt.kind === 'vmap') {
        const element = vmapLookup(table, stmt, p);
        const v = element && elementVerdict(element.value);
        if (!v) break;
        r = follow(v);
      } else if (stmt.kind === 'numgen') {
        for (const t of stmt.targets) if (t.verdict.kind === 'jump' || t.verdict.kind === 'goto') runChainForTest(table, t.verdict.chain, p, state);
        return true;
      } else if (stmt.kind === 'dnat') {
        state.outputs.push(stmt.to);
        return true;
      }
      if (r === true) return true;
      if (r === 'return') return false;
    }
  }
  return false;
}
