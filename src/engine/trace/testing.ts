/**
 * For the path tests: a trace as plain lines that a reader can check against the kernel's
 * path, one per hop, and the address rewrites one per NAT.
 */
import type { Packet } from './packet';
import type { Hop, Trace } from './types';

/**
 * One hop as `WHERE KEY [CHAIN] [@PART]`: `node/node01 chainDnat KUBE-SEP-…`,
 * `node/node01 arrive @eth0`, `node/node02 vethToPod @veth/default/web-…`. PART is the
 * device the hop lights, when it is not the place itself, its netfilter block or its routes.
 */
export function step(hop: Hop): string {
  const key = hop.title.key.replace(/^hop\.|\.title$/g, '');
  const chain = hop.netfilter ? ` ${hop.netfilter.chain}` : '';
  const own = hop.element === hop.at || hop.element.endsWith('/netfilter') || hop.element.endsWith('/routes');
  const part = own ? '' : ` @${hop.element.startsWith(`${hop.at}/`) ? hop.element.slice(hop.at.length + 1) : hop.element}`;
  return `${hop.at} ${key}${chain}${part}`;
}

/** The request's hops and the reply's, each as `step` lines. */
export function steps(trace: Trace): { request: string[]; reply: string[] } {
  return { request: trace.hops.slice(0, trace.replyStart).map(step), reply: trace.hops.slice(trace.replyStart).map(step) };
}

const tuple = (p: Packet) => `${p.src}:${p.sport} > ${p.dst}:${p.dport}`;

/**
 * Every hop that rewrote an address or a port: `WHERE KEY before => after`. CoreDNS (or its
 * upstream) turning a question into its answer is a new packet, not a rewrite, and is left out.
 */
export function nats(trace: Trace): string[] {
  return trace.hops
    .filter((h) => h.title.key !== 'hop.dnsAnswer.title' && h.title.key !== 'hop.dnsUpstreamAnswer.title' && tuple(h.before) !== tuple(h.after))
    .map((h) => `${h.at} ${h.title.key.replace(/^hop\.|\.title$/g, '')} ${tuple(h.before)} => ${tuple(h.after)}`);
}

/** Every routing decision: `WHERE ROUTE` with the line `ip route` shows, as chosen. */
export function routes(trace: Trace): string[] {
  return trace.hops.filter((h) => h.route && h.route.chosen >= 0).map((h) => `${h.at} ${h.route!.lines[h.route!.chosen].trim()}`);
}
