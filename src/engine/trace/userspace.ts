/**
 * kube-proxy's userspace mode in the trace (≤ v1.25; kubeproxy/userspace/proxier.ts writes its
 * rules). The REDIRECT or DNAT of the KUBE-PORTALS-… / KUBE-NODEPORT-… chains brings the
 * connection to a port of the node itself, where the kube-proxy process listens: the client's
 * connection ends there. kube-proxy then dials the endpoint its LoadBalancerRR chose, a new
 * connection from the node's own address, and copies the bytes between the two
 * (kubernetes/kubernetes pkg/proxy/userspace/proxysocket.go, tcpProxySocket.ProxyLoop,
 * tryConnect and proxyTCP; roundrobin.go, LoadBalancerRR.NextEndpoint; at commit
 * 0096f4a4d137aa03ee1f5d168dadb325833b3a57).
 *
 * - Round-robin: each node's kube-proxy keeps, per Service port, the index of the next endpoint;
 *   a fresh one starts at the first (OnEndpointsAdd resets it to 0). Repeats that share a
 *   TraceState (repeat.ts) go on from where the last one left it.
 * - ClientIP affinity: the endpoint last used by the client's address, while its
 *   `timeoutSeconds` have not passed (they never pass between the repeats of a trace).
 * - A dial that fails (refused, unreachable, no answer) makes tryConnect ask for the next
 *   endpoint, affinity ignored, up to four tries (endpointDialTimeout's four timeouts).
 * - No endpoint, or every try failed: kube-proxy closes the connection it accepted
 *   (`inConn.Close()`): the client had its handshake and gets a FIN without a byte, curl's
 *   "(52) Empty reply from server". A UDP datagram just gets no answer.
 */
import type { UserspacePort } from '../model';
import { addressesOf, type SimHost } from './hosts';
import type { Packet } from './packet';
import { routeOut } from './path';
import { pinnedIndex } from './random';
import { sourceAddress } from './source';
import type { Candidate } from './types';
import { push, type End, type Walk } from './walk';

/** One node's LoadBalancerRR state for one Service port. */
export interface RoundRobin {
  /** The index of the next endpoint (balancerState.index). */
  index: number;
  /** ClientIP affinity: client address → the endpoint it was given (affinityPolicy.affinityMap). */
  affinity: Map<string, string>;
}

/** kube-proxy's LoadBalancerRR on every node, keyed `node|ns/name:port`: what repeats share. */
export type RoundRobinState = Map<string, RoundRobin>;

/** tryConnect's tries: one per entry of endpointDialTimeout (250ms, 500ms, 1s, 2s). */
const DIAL_TRIES = 4;

/** What kube-proxy did with a connection it accepted: its own connection to an endpoint, if any. */
export interface UserspaceHandoff {
  port: UserspacePort;
  /** The last of kube-proxy's connections to an endpoint (undefined: it had no endpoint to try). */
  inner?: End;
}

/**
 * The kube-proxy process on `host` accepts a connection (or a datagram) redirected to its proxy
 * port, and opens its own to an endpoint. Returns the end of the client's connection: the
 * node, with the answer kube-proxy sends back and, in `userspace`, its own connection.
 */
export function acceptByUserspace(walk: Walk, host: SimHost, p: Packet, port: UserspacePort): End {
  const provenance = port.provenance ? [port.provenance] : [];
  push(walk, host.id, host.id, 'deliver', 'usAccept', p, p,
    { port: port.proxyPort, service: port.servicePort, src: `${p.src}:${p.sport}`, node: host.name, proto: port.protocol }, { provenance });
  const back: Packet = { src: p.dst, dst: p.src, ttl: 64, proto: p.proto, sport: p.dport, dport: p.sport, flags: p.proto === 'tcp' ? 'SYN,ACK' : '', mark: 0 };
  const endpoints = port.endpoints;
  if (endpoints.length === 0) {
    push(walk, host.id, host.id, 'refuse', p.proto === 'tcp' ? 'usNoEndpoints' : 'usNoEndpointsUdp', p, p, { service: port.servicePort, node: host.name }, { provenance });
    return closed(host, p, back, port);
  }
  const rr = roundRobinOf(walk, host, port);
  const clientIp = p.src;
  const candidates: Candidate[] = endpoints.map((ep) => {
    const [ip, epPort] = splitHostPort(ep);
    const pod = walk.net.cluster.pods.find((x) => x.ip === ip && !x.hostNetwork);
    // Over a round of connections each endpoint gets one: a share of 1/n, taken in turn.
    return { ...(pod ? { namespace: pod.namespace, pod: pod.name, node: pod.node } : {}), ip, port: epPort, probability: 1 / endpoints.length, chain: ep };
  });
  if (walk.candidates.length === 0) walk.candidates.push(...candidates);
  let affinityReset = false;
  let inner: End | undefined;
  for (let attempt = 0; attempt < DIAL_TRIES; attempt++) {
    const { index, reason } = nextEndpoint(walk, rr, port, clientIp, affinityReset, attempt);
    const endpoint = endpoints[index];
    const [ip, epPort] = splitHostPort(endpoint);
    // net.DialTimeout from the node's network namespace: the kernel picks the source address of
    // the route to the endpoint (the node's, or the bridge's for a pod on this node).
    const src = sourceAddress(walk.net, host, ip) ?? addressesOf(host)[0];
    const leg: Packet = {
      src, dst: ip, ttl: 64, proto: p.proto, sport: 32768 + Math.floor(walk.rng() * 28232), dport: epPort,
      flags: p.proto === 'tcp' ? 'SYN' : p.flags, mark: 0,
      ...(p.http ? { http: p.http } : {}), ...(p.dns ? { dns: { ...p.dns } } : {}),
    };
    push(walk, host.id, host.id, 'send', reason, leg, leg, {
      service: port.servicePort, to: endpoint, src: `${leg.src}:${leg.sport}`, client: `${p.src}:${p.sport}`, node: host.name,
      nth: index + 1, count: endpoints.length, attempt: attempt + 1, proto: port.protocol,
    }, { candidates, chosen: index, provenance: port.provenance ? [port.provenance] : [] });
    inner = routeOut(walk, host, leg, true);
    if (inner.outcome === 'served') break;
    affinityReset = true;
    if (attempt + 1 < DIAL_TRIES) {
      push(walk, host.id, host.id, 'proxy', 'usDialFailed', leg, leg, { to: endpoint, outcome: inner.outcome, service: port.servicePort, node: host.name });
    }
  }
  if (inner?.outcome !== 'served') {
    push(walk, host.id, host.id, 'refuse', p.proto === 'tcp' ? 'usGaveUp' : 'usGaveUpUdp', p, p, { service: port.servicePort, tries: DIAL_TRIES, node: host.name });
    return closed(host, p, back, port, inner);
  }
  // kube-proxy copies the endpoint's bytes into the client's connection: a DNS answer stays one.
  const answer: Packet = inner.answer?.dns ? { ...back, dns: inner.answer.dns } : back;
  return { outcome: 'served', host, packet: p, answer, userspace: { port, inner } };
}

/** kube-proxy closes the client's connection: TCP had its handshake (then a FIN), UDP gets nothing. */
function closed(host: SimHost, p: Packet, back: Packet, port: UserspacePort, inner?: End): End {
  return p.proto === 'tcp'
    ? { outcome: 'refused', host, packet: p, answer: back, userspace: { port, inner } }
    : { outcome: 'dropped', host, packet: p, userspace: { port, inner } };
}

function roundRobinOf(walk: Walk, host: SimHost, port: UserspacePort): RoundRobin {
  const key = `${host.name}|${port.servicePort}/${port.protocol}`;
  let rr = walk.roundRobin.get(key);
  if (!rr) walk.roundRobin.set(key, (rr = { index: 0, affinity: new Map() }));
  return rr;
}

/**
 * LoadBalancerRR.NextEndpoint: the client's endpoint under ClientIP affinity (unless reset
 * after a failed dial), else the one at the index, which moves on. A pin (`--pick`) stands for
 * the history that would have brought the index there.
 */
function nextEndpoint(walk: Walk, rr: RoundRobin, port: UserspacePort, clientIp: string, affinityReset: boolean, attempt: number): { index: number; reason: string } {
  const n = port.endpoints.length;
  const sticky = port.sessionAffinity === 'ClientIP';
  if (sticky && !affinityReset) {
    const known = rr.affinity.get(clientIp);
    const at = known === undefined ? -1 : port.endpoints.indexOf(known);
    if (at >= 0) return { index: at, reason: 'usConnectAffinity' };
  }
  if (walk.pick !== undefined && attempt === 0) rr.index = pinnedIndex(walk.pick, n);
  const index = rr.index % n;
  rr.index = (index + 1) % n;
  if (sticky) rr.affinity.set(clientIp, port.endpoints[index]);
  return { index, reason: attempt > 0 ? 'usConnectRetry' : 'usConnect' };
}

/**
 * The answers of a connection kube-proxy took, on their way back: the endpoint's to the node
 * (kube-proxy's own connection), kube-proxy copying it into the client's connection; the
 * caller then walks `end.answer` from the node to the client.
 */
export function relayUserspaceAnswer(walk: Walk, end: End): void {
  const inner = end.userspace?.inner;
  if (!inner || inner.outcome !== 'served' || !inner.answer || !inner.host) return;
  if (inner.userspace) relayUserspaceAnswer(walk, inner);
  routeOut(walk, inner.host, inner.answer, true);
  const host = end.host!;
  push(walk, host.id, host.id, 'proxy', 'usRelay', end.answer ?? end.packet, end.answer ?? end.packet,
    { service: end.userspace!.port.servicePort, from: `${inner.packet.dst}:${inner.packet.dport}`, to: `${end.packet.src}:${end.packet.sport}`, node: host.name });
}

function splitHostPort(ep: string): [string, number] {
  const at = ep.lastIndexOf(':');
  return [ep.slice(0, at), Number(ep.slice(at + 1))];
}
