/**
 * The netfilter walk that led to a hop: the run of netfilter steps (chains, filter verdicts,
 * IPVS, NAT by conntrack) the packet went through on one host, in one direction, without a
 * route lookup or a wire in between. For a hop that is not netfilter, the walk that came
 * last before it on the same host: the DNAT behind the route lookup that follows it.
 */
import type { Hop } from '../engine';

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

/** A step's short name: the chain (`KUBE-SVC-…`), the hook for filter verdicts, `IPVS`, or `conntrack`. */
export function stepName(h: Hop): string {
  if (h.kind === 'ipvs') return 'IPVS';
  if (h.kind === 'conntrack') return 'conntrack';
  if (h.kind === 'filter') return `filter ${h.netfilter?.hook ?? ''}`.trim();
  return h.netfilter ? `${h.netfilter.table} ${h.netfilter.chain}` : String(h.title.key);
}
