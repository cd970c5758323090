/**
 * Injected randomness: a seeded generator for the draws the kernel would make, and the view of
 * a load-balancing chain as a list of candidates with their probabilities.
 */
import type { Rule, Table } from '../netfilter/rules';
import type { Candidate } from './types';

/** mulberry32: a small, well-distributed 32-bit PRNG; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The endpoints a KUBE-SVC/KUBE-SVL chain spreads over. Rule i fires with probability p_i when
 * reached, so its endpoint's share is p_i × Π(1 − p_j) over the rules before it: 1/n each.
 */
export function candidatesOf(nat: Table, chain: string): Candidate[] {
  // The load-balancing rules; affinity's `-m recent --rcheck` rules come before them and only
  // send back clients already seen.
  const rules = nat.rules.filter(
    (r) => r.chain === chain && r.target?.kind === 'jump' && r.target.chain.startsWith('KUBE-SEP-') && !r.matches.some((m) => m.kind === 'recent'),
  );
  let remaining = 1;
  return rules.map((rule) => {
    const stat = rule.matches.find((m) => m.kind === 'statistic');
    const p = stat ? Number(stat.probability) : 1;
    const share = remaining * p;
    remaining -= share;
    const sep = (rule.target as { chain: string }).chain;
    const dnat = nat.rules.find((r) => r.chain === sep && r.target?.kind === 'DNAT');
    const to = dnat?.target?.kind === 'DNAT' ? dnat.target.to : '';
    const [ip, port] = to.split(':');
    return { ip, port: Number(port), probability: share, chain: sep };
  });
}

/**
 * The statistic-match decision. With `pick` set, the K-th endpoint is taken: the statistic
 * rules before it fail and its own holds. Otherwise each rule draws from the seeded generator,
 * as the kernel's prandom does.
 */
export function makeDraw(rng: () => number, pick: number | undefined): (rule: Rule, p: number, index: number) => boolean {
  // A pin past the last rule fails every statistic match: the last rule, which has none, takes
  // the packet. pinnedIndex says the same for the choices made without rules.
  return (_rule, p, index) => (pick !== undefined ? index === pick - 1 : rng() < p);
}

/**
 * Whether a requested pin can be honoured at all: the K-th candidate, K a whole number from 1.
 * `podpath trace --pick` refuses anything else before it traces; a saved or shared request
 * can still carry it, and traceRequest refuses it the same way.
 */
export function validPick(pick: number | undefined): boolean {
  return pick === undefined || (Number.isSafeInteger(pick) && pick >= 1);
}

/**
 * The 0-based candidate a valid pin takes among `count`: the K-th, or the last when there are
 * fewer than K, as kube-proxy's chain does (its last rule has no statistic match) and as
 * `podpath trace` warns ("the last one was taken").
 */
export function pinnedIndex(pick: number, count: number): number {
  return Math.min(pick, count) - 1;
}
