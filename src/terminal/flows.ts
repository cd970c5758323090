/**
 * The connections a traced request leaves in each node's conntrack table. Every node the first
 * packet of a connection crosses tracks it: the original tuple is the packet as it arrived, the
 * reply tuple the inverse of the packet as it left (after DNAT and SNAT), which is how
 * nf_conntrack stores NATed connections. The DNS query a pod sent first is a connection of its
 * own (UDP).
 */
import type { Hop, Trace } from '../engine/trace/types';
import type { TrackedFlow } from './types';

/** Flows per node name. */
export function flowsOf(trace: Trace): Record<string, TrackedFlow[]> {
  const out: Record<string, TrackedFlow[]> = {};
  const request = trace.hops.slice(0, trace.replyStart).filter((h) => h.at.startsWith('node/'));
  // One connection per protocol and client port: the DNS query, the request, a proxied leg.
  const groups = new Map<string, Hop[]>();
  for (const h of trace.hops.slice(0, trace.replyStart)) {
    if (!h.at.startsWith('node/')) continue;
    const key = `${h.at}|${h.before.proto}|${connectionOf(h, request)}`;
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }
  for (const [key, hops] of groups) {
    const node = key.split('|')[0].slice('node/'.length);
    const first = hops[0].before;
    const last = hops.at(-1)!.after;
    // An ICMP error (REJECT's port unreachable) is related to the refused connection, not one of its own.
    if (first.proto === 'icmp') continue;
    // No program of the terminal opens an SCTP association (podpath trace --protocol sctp does).
    if (first.proto === 'sctp') continue;
    const udp = first.proto === 'udp';
    const state: TrackedFlow['state'] = udp
      ? 'replied'
      : trace.outcome === 'served' || trace.outcome === 'http_error'
        ? 'replied'
        : trace.outcome === 'refused'
          ? 'reset'
          : 'unreplied';
    (out[node] ??= []).push({
      proto: first.proto,
      orig: { src: first.src, dst: first.dst, sport: first.sport, dport: first.dport },
      reply: { src: last.dst, dst: last.src, sport: last.dport, dport: last.sport },
      state,
    });
  }
  return out;
}

/** The client port that identifies a hop's connection, followed back through NAT by the first hop of each. */
function connectionOf(h: Hop, all: Hop[]): string {
  const origin = all.find((x) => x.at === h.at && x.before.proto === h.before.proto && (x.before.sport === h.before.sport || x.after.sport === h.before.sport));
  return String(origin?.before.sport ?? h.before.sport);
}

/** Remembers the newest flows first, a handful per node, as a table that is read soon after. */
export function mergeFlows(previous: Record<string, TrackedFlow[]> | undefined, added: Record<string, TrackedFlow[]>, keep = 8): Record<string, TrackedFlow[]> {
  const out: Record<string, TrackedFlow[]> = { ...(previous ?? {}) };
  for (const [node, flows] of Object.entries(added)) out[node] = [...flows, ...(out[node] ?? [])].slice(0, keep);
  return out;
}
