/**
 * The same request sent again by the same client. Each repeat is a new connection (a new
 * source port, new random draws), but the kernel remembers what kube-proxy's ClientIP session
 * affinity asked it to: the KUBE-SEP chain's `-m recent --set` put the client's address on the
 * endpoint's list, and the KUBE-SVC chain's `-m recent --rcheck --seconds T --reap` rules,
 * tried before the random ones, send it back to that endpoint while the entry is fresh
 * (kubernetes v1.28 pkg/proxy/iptables/proxier.go, writeServiceToEndpointRules; the
 * kernel's xt_recent). Without affinity, each repeat draws again.
 */
import type { Cluster } from '../model';
import { traceRequest, type TraceState } from './trace';
import type { Trace, TraceRequest } from './types';

/**
 * `request` and `count - 1` repeats of it: seeds `seed`, `seed + 1`… The pin, if any, holds for
 * the first request only; a real client cannot choose, and neither can its repeats.
 */
export function repeatsOf(request: TraceRequest, count: number): TraceRequest[] {
  const seed = request.seed ?? 1;
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return request;
    const { pick: _pick, ...rest } = request;
    return { ...rest, seed: seed + i };
  });
}

/**
 * Traces `requests` one after the other on the same nodes: each sees the `recent` lists the
 * earlier ones left, and in userspace mode where each kube-proxy's round-robin stands.
 */
export function traceRepeated(cluster: Cluster, requests: TraceRequest[]): Trace[] {
  const state: TraceState = { recent: new Map(), roundRobin: new Map() };
  return requests.map((request) => traceRequest(cluster, request, state));
}

/**
 * Whether kube-proxy's affinity rule rather than the draw sent this trace to its endpoint:
 * `--rcheck` in iptables mode, `ip saddr @affinity-…` in nftables mode.
 */
export function sentByAffinity(trace: Trace): boolean {
  // In userspace mode it is kube-proxy's own LoadBalancerRR that remembers the client (trace/userspace.ts).
  if (trace.hops.some((h) => h.title.key === 'hop.usConnectAffinity.title')) return true;
  return trace.hops.some((h) => h.netfilter?.rules.some((r) => r.matched && (r.text.includes('--rcheck') || r.text.startsWith('ip saddr @affinity-'))));
}
