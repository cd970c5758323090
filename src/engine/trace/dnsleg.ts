/**
 * Name resolution from a pod, as it really happens before curl connects: the stub resolver
 * reads /etc/resolv.conf, walks the search list, and sends a UDP query to the nameserver, the
 * kube-dns Service's cluster IP. That query crosses the node's kube-proxy rules like any other
 * packet, reaches a CoreDNS pod, and the answer comes back through conntrack.
 */
import { resolvConf, resolve } from '../dns';
import type { Message } from '../types';
import type { Packet } from './packet';
import { routeOut } from './path';
import { makeDraw } from './random';
import type { Source } from './source';
import { relayUserspaceAnswer } from './userspace';
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
  // Each try is its own query from a new socket (glibc's res_send closes it after every query
  // without RES_STAYOPEN, so the next one gets a new ephemeral port).
  const queryFor = (asking: string): Packet => ({
    src, dst: conf.nameserver, ttl: 64, proto: 'udp', sport: 32768 + Math.floor(walk.rng() * 28232), dport: 53, flags: '', mark: 0, dns: { name: asking, type: 'A' },
  });
  let query = queryFor(resolution.tries[0].name);
  push(walk, client.id, client.id, 'dns', 'dnsResolve', query, query, {
    name, ndots: conf.ndots, search: conf.search.join(' '), nameserver: conf.nameserver,
    tries: resolution.tries.map((t) => `${t.name} (${t.rcode})`).join(', '),
  });

  // The query is its own connection: its CoreDNS pick is not the endpoint the user pinned, and
  // its candidates are not the request's.
  const { draw, candidates, pick } = walk;
  walk.draw = makeDraw(walk.rng, undefined);
  walk.pick = undefined;
  walk.candidates = [];
  let failed = false;
  // Every name of the search list is a query of its own, walked as packets: to kube-dns's cluster
  // IP, through kube-proxy's rules to a CoreDNS pod, and its answer back; an NXDOMAIN (or a
  // NODATA, or a SERVFAIL) sends the resolver on to the next name (glibc res_query.c
  // __res_context_search: HOST_NOT_FOUND, NO_DATA and SERVFAIL "keep trying").
  for (const [i, t] of resolution.tries.entries()) {
    if (i > 0) {
      query = queryFor(t.name);
      const previous = resolution.tries[i - 1];
      push(walk, client.id, client.id, 'dns', 'dnsNext', query, query, { name: t.name, previous: previous.name, rcode: previous.rcode });
    }
    const end = routeOut(walk, client, query, true);
    if (end.answer && end.host) {
      walk.returning = true;
      // In userspace mode kube-proxy asked CoreDNS itself: that answer comes back to it first.
      relayUserspaceAnswer(walk, end);
      routeOut(walk, end.host, end.answer, true);
      walk.returning = false;
    }
    if (end.outcome !== 'served') {
      failed = true;
      break;
    }
  }
  walk.draw = draw;
  walk.pick = pick;
  walk.candidates = candidates;
  if (failed) return { message: { key: 'outcome.dnsFailed', params: { name, server: conf.nameserver } } };
  if (a) return { ip: a.data };
  // CoreDNS's forward plugin got no answer from its upstream: SERVFAIL (dns.ts forward).
  if (asked.rcode === 'SERVFAIL') return { message: { key: 'outcome.noResolveUpstream', params: { name: asked.name, server: resolution.forwardedTo?.server ?? '' } } };
  // An ExternalName's CNAME whose target has no address from the upstream: curl has nothing to connect to.
  const cname = resolution.answer.find((r) => r.type === 'CNAME');
  if (cname) return { message: { key: 'outcome.noResolveCname', params: { name, target: cname.data.replace(/\.$/, '') } } };
  return { message: noResolve };
}
