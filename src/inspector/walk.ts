/**
 * The netfilter walk that led to a hop: the run of netfilter steps (chains, filter verdicts,
 * IPVS, NAT by conntrack) the packet went through on one host, in one direction, without a
 * route lookup or a wire in between. For a hop that is not netfilter, the walk that came
 * last before it on the same host: the DNAT behind the route lookup that follows it.
 */
import type { Hop, RuleLine } from '../engine';

const NETFILTER_KINDS: Hop['kind'][] = ['chain', 'filter', 'ipvs', 'conntrack'];

export const isNetfilterHop = (h: Hop) => NETFILTER_KINDS.includes(h.kind);

export interface Walk {
  /** Hop indexes, in order. */
  steps: number[];
  /** True when the walk ended before the hop (the hop is not part of it). */
  before: boolean;
}

export function walkTo(hops: Hop[], index: number): Walk | undefined {
  const hop = hops[index];
  if (!hop) return undefined;
  let end = index;
  if (!isNetfilterHop(hop)) {
    end = index - 1;
    while (end >= 0 && hops[end].at === hop.at && hops[end].phase === hop.phase && !isNetfilterHop(hops[end])) end--;
    if (end < 0 || hops[end].at !== hop.at || hops[end].phase !== hop.phase) return undefined;
  }
  let start = end;
  while (start > 0 && isNetfilterHop(hops[start - 1]) && hops[start - 1].at === hops[end].at && hops[start - 1].phase === hops[end].phase) start--;
  const steps: number[] = [];
  for (let i = start; i <= end; i++) steps.push(i);
  return { steps, before: end !== index };
}

/** kube-proxy's table in its nftables mode, as the trace names it. */
export const NFT_TABLE = 'ip kube-proxy';

export const isNftHop = (h: Hop) => h.netfilter?.table === NFT_TABLE;

/**
 * A step's short name: the chain (`KUBE-SVC-…`), the hook for filter verdicts, `IPVS`, or
 * `conntrack`; kube-proxy's nftables chains (filter ones included) as `nftables` and the chain.
 */
export function stepName(h: Hop): string {
  if (h.kind === 'ipvs') return 'IPVS';
  if (h.kind === 'conntrack') return 'conntrack';
  if (isNftHop(h)) return `nftables ${h.netfilter!.chain}`;
  if (h.kind === 'filter') return `filter ${h.netfilter?.hook ?? ''}`.trim();
  return h.netfilter ? `${h.netfilter.table} ${h.netfilter.chain}` : String(h.title.key);
}

/**
 * A step's outcome without the table and chain its name already says: `filter FORWARD: ACCEPT`,
 * `filter prerouting (ip kube-proxy filter-prerouting-pre-dnat): ACCEPT` and `ip kube-proxy
 * services → service-…` become `ACCEPT`, `ACCEPT` and `service-…` (both languages' colons).
 */
export function stepOutcome(title: string): string {
  return title.replace(/^(?:(?:nat|filter|mangle) [^\s:：]+(?: \([^)]*\))?|ip kube-proxy [^\s:：]+)(?:: |：| → )?/, '');
}

/** An element of a set or map that a rule looked up and found (an nftables rule). */
export interface NftLookup {
  kind: 'set' | 'map';
  set: string;
  /** The element's key, as the set lists it (`10.96.0.10 . udp . 53`). */
  key: string;
  /** A verdict map's value (`goto service-…`). */
  value?: string;
}

/**
 * The elements a rule found in kube-proxy's sets and maps, read from the trace's reasons: a
 * verdict map lookup that held, an address that is (or, negated, was found though the rule
 * wanted it not to be) in a set.
 */
export function nftLookups(rule: RuleLine): NftLookup[] {
  const out: NftLookup[] = [];
  for (const m of rule.matches) {
    const p = m.why.params ?? {};
    if (m.why.key === 'match.nftVmap.held') out.push({ kind: 'map', set: String(p.map), key: String(p.key), value: String(p.verdict) });
    const found = (m.why.key === 'match.nftSet.held') !== (Number(p.negated) === 1);
    if (m.why.key.startsWith('match.nftSet.') && found) out.push({ kind: 'set', set: String(p.set), key: String(p.ip) });
  }
  return out;
}

/** Runs shorter than this are shown rule by rule. */
export const FOLD_RUN = 4;

export type RuleRow<R> = { kind: 'rule'; rule: R; position: number } | { kind: 'fold'; rules: R[]; position: number };

/**
 * The rules a chain tested, with each run of at least FOLD_RUN rules that did not match (and
 * are not kept, e.g. the ones written from the object in focus) folded into one row: on a
 * cluster with 200 Services, KUBE-SERVICES tests some 400 ClusterIP rules before the one that
 * matched. `position` is the rule's 1-based place in the chain, as `iptables -L --line-numbers`
 * counts it.
 */
export function foldRules<R extends { matched: boolean }>(rules: R[], keep: (r: R) => boolean = () => false): RuleRow<R>[] {
  const rows: RuleRow<R>[] = [];
  let run: R[] = [];
  const flush = (end: number) => {
    const position = end - run.length + 1;
    if (run.length >= FOLD_RUN) rows.push({ kind: 'fold', rules: run, position });
    else run.forEach((rule, i) => rows.push({ kind: 'rule', rule, position: position + i }));
    run = [];
  };
  rules.forEach((rule, i) => {
    if (!rule.matched && !keep(rule)) {
      run.push(rule);
      return;
    }
    flush(i);
    rows.push({ kind: 'rule', rule, position: i + 1 });
  });
  flush(rules.length);
  return rows;
}
