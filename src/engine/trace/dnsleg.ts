/**
 * Name resolution from a pod, as it really happens before curl connects: the stub resolver
 * reads /etc/resolv.conf, walks the search list, and sends a UDP query to the nameserver, the
 * kube-dns Service's cluster IP. That query crosses the node's kube-proxy rules like any other
 * packet, reaches a CoreDNS pod, and the answer comes back through conntrack.
 */
import { resolvConf, resolve } from '../dns';
import type { Message } from '../types';
import { routeOut } from './path';
import { makeDraw } from './random';
import type { Source } from './source';
import { push, type Walk } from './walk';

export interface Resolved {
  ip?: string;
  /** Why the name did not resolve, as curl says it. */
  message?: Message;
}

export function resolveFromPod(walk: Walk, source: Source, name: string): Resolved {
  const cluster = walk.net.cluster;
  const noResolve: Message = { key: 'outcome.noResolve', params: { name } };
  // A node, or a pod on the node's resolver (dnsPolicy Default, or hostNetwork with ClusterFirst):
  // cluster names mean nothing to the node's upstream resolver.
  if (!source.pod) return { message: noResolve };
  const conf = resolvConf(cluster, source.pod);
  if (conf.nameserver === 'node') return { message: { key: 'outcome.noResolveNode', params: { name, pod: source.pod.name } } };
  const resolution = resolve(cluster, source.pod, name, 'A');
  const asked = resolution.tries.at(-1)!;
  const a = resolution.answer.find((r) => r.type === 'A');
  const client = source.host;
  const src = source.pod.ip!;
  const question = { name: asked.name, type: 'A' };
  const query = {
    src, dst: conf.nameserver, ttl: 64, proto: 'udp' as const, sport: 32768 + Math.floor(walk.rng() * 28232), dport: 53, flags: '' as const, mark: 0, dns: question,
  };
  push(walk, client.id, client.id, 'dns', 'dnsResolve', query, query, {
    name, ndots: conf.ndots, search: conf.search.join(' '), nameserver: conf.nameserver,
    tries: resolution.tries.map((t) => `${t.name} (${t.upstream ? 'upstream' : t.rcode})`).join(', '),
  });
  if (asked.upstream) return { message: { key: 'outcome.noResolveUpstream', params: { name: asked.name, domain: cluster.settings.dnsDomain } } };

  // The query is its own connection: its CoreDNS pick is not the endpoint the user pinned, and
  // its candidates are not the request's.
  const { draw, candidates, pick } = walk;
  walk.draw = makeDraw(walk.rng, undefined);
  walk.pick = undefined;
  walk.candidates = [];
  const end = routeOut(walk, client, query, true);
  if (end.answer && end.host) {
    walk.returning = true;
    routeOut(walk, end.host, end.answer, true);
    walk.returning = false;
  }
  walk.draw = draw;
  walk.pick = pick;
  walk.candidates = candidates;
  if (end.outcome !== 'served') return { message: { key: 'outcome.dnsFailed', params: { name, server: conf.nameserver } } };
  return a ? { ip: a.data } : { message: noResolve };
}
