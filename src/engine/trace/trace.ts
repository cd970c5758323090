/**
 * Stage 6: walks one connection's first packet from its source to the listening socket, and
 * the answer back, by evaluating the routes and netfilter rules the cluster build generated.
 * Nothing here knows about Services: a Service exists only as the rules kube-proxy wrote.
 *
 * Inside a node the order is the kernel's for a routed packet (net/ipv4/ip_input.c,
 * ip_forward.c, ip_output.c): conntrack, nat PREROUTING, the routing decision, filter FORWARD
 * (or INPUT for the node's own addresses), nat POSTROUTING, transmission.
 */
import { unenforcedPolicyNote } from '../netpol/traceNote';
import { addPolicyDecisions } from './policy';
import { NODE_LAN } from '../defaults';
import type { Cluster } from '../model';
import { Conntrack } from './conntrack';
import { addressesOf, Network } from './hosts';
import { resolveFromPod } from './dnsleg';
import { traceThroughForward, tracePortForward } from './portforward';
import { runningForward, type ForwardSocket } from '../portforward';
import { sourceAddress, sourceOf } from './source';
import type { Packet } from './packet';
import { routeOut } from './path';
import { makeDraw, mulberry32, validPick } from './random';
import type { Trace, TraceRequest } from './types';
import { isIngressController } from './ingress';
import { push, type End, type Walk } from './walk';
import { relayUserspaceAnswer, type RoundRobinState } from './userspace';
import { answerOf, nginxErrorPage, podAnswer, responseSummary } from '../images';

export interface Target {
  /** The address to connect to, when the URL gives one. */
  ip?: string;
  /** The host name, when the URL gives a name. */
  name?: string;
  port: number;
  path: string;
  /** The Host header curl sends. */
  host: string;
}

/** Parses `http://host[:port]/path`, `IP:PORT` or `IP` (port 80); host may be an IP or a name. */
export function parseTarget(to: string): Target | undefined {
  if (typeof to !== 'string') return undefined; // a saved request is data, whatever its type says
  const m = /^(?:http:\/\/)?([A-Za-z0-9][A-Za-z0-9.-]*)(?::(\d{1,5}))?(\/\S*)?$/.exec(to.trim());
  if (!m) return undefined;
  const port = m[2] ? Number(m[2]) : 80;
  if (port < 1 || port > 65535) return undefined;
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]);
  if (isIp && m[1].split('.').some((x) => Number(x) > 255)) return undefined;
  const host = m[2] ? `${m[1]}:${m[2]}` : m[1];
  return { ...(isIp ? { ip: m[1] } : { name: m[1].toLowerCase() }), port, path: m[3] ?? '/', host };
}

/**
 * Traces a request through the cluster. Never throws: a request that cannot be sent (a bad
 * target, source or pin) ends `unreachable` before the first hop, with a message saying why;
 * and should the walk itself fail, the trace ends `error` with the exception's text, keeping
 * the hops made so far. Anything can arrive here: a saved session or a shared link is data.
 */
export function traceRequest(cluster: Cluster, request: TraceRequest, state: TraceState = {}): Trace {
  const trace: Trace = {
    request,
    outcome: 'unreachable',
    outcomeMessage: { key: 'outcome.badTarget', params: { to: String(request.to) } },
    candidates: [],
    hops: [],
    replyStart: 0,
  };
  if (!validPick(request.pick)) {
    trace.outcomeMessage = { key: 'outcome.badPick', params: { pick: String(request.pick) } };
    return trace;
  }
  if (request.protocol !== undefined && !PROTOCOLS.includes(request.protocol)) {
    trace.outcomeMessage = { key: 'outcome.badProtocol', params: { protocol: String(request.protocol) } };
    return trace;
  }
  try {
    walkRequest(cluster, request, trace, state);
    addPolicyDecisions(cluster, trace);
    const note = unenforcedPolicyNote(cluster, trace);
    if (note) trace.policyNote = note;
  } catch (e) {
    trace.outcome = 'error';
    trace.outcomeMessage = { key: 'outcome.error', params: { error: e instanceof Error ? e.message : String(e) } };
    trace.replyStart = trace.hops.length;
  }
  return trace;
}

/**
 * What the kernel keeps between two requests: each node's `-m recent` lists (ClientIP session
 * affinity). Passing the same state to several traces makes them repeats (trace/repeat.ts).
 */
const PROTOCOLS: unknown[] = ['tcp', 'udp', 'sctp'];

export interface TraceState {
  recent?: Map<string, Map<string, Set<string>>>;
  /** kube-proxy's round-robin and ClientIP affinity in userspace mode, per node and Service port. */
  roundRobin?: RoundRobinState;
}

function walkRequest(cluster: Cluster, request: TraceRequest, trace: Trace, state: TraceState): void {
  const net = new Network(cluster, cluster.lan ?? NODE_LAN);
  const rng = mulberry32(request.seed ?? 1);
  const walk: Walk = {
    net, hops: trace.hops, conntrack: new Conntrack(), rng, draw: makeDraw(rng, request.pick), candidates: trace.candidates, phase: 'request', recent: state.recent ?? new Map(), pick: request.pick,
    roundRobin: state.roundRobin ?? new Map(),
  };
  walk.forwards = socketsOf(cluster, request.forwards);
  const source = sourceOf(net, request.from);
  const target = parseTarget(request.to);
  if (request.portForward) {
    tracePortForward(walk, cluster, request.portForward, trace);
    return;
  }
  if (!target) return;
  if ('key' in source) {
    trace.outcomeMessage = source;
    return;
  }
  const client = source.host;
  // Outside the cluster, names are the teacher's /etc/hosts (or --connect); inside, cluster DNS.
  // Every machine's and image's /etc/hosts says localhost is 127.0.0.1 (`curl localhost:8080`
  // through a kubectl port-forward): no DNS question is asked.
  const resolved = target.name === 'localhost' && !request.connect
    ? { address: { ip: '127.0.0.1', port: target.port, via: 'localhost' } }
    : target.ip || request.connect || source.kind === 'external'
    ? { address: connectAddress(cluster, target, request.connect) }
    : resolveFromPod(walk, source, target.name!);
  const address = 'address' in resolved ? resolved.address : resolved.ip ? { ip: resolved.ip, port: target.port, via: 'dns' } : undefined;
  // The resolver's hops, if any, were all the request had: no reply follows them.
  trace.replyStart = walk.hops.length;
  if (!address) {
    // curl: (6) Could not resolve host
    trace.outcomeMessage = ('message' in resolved && resolved.message) || { key: 'outcome.noResolve', params: { name: target.name ?? request.to } };
    return;
  }
  const src = sourceAddress(net, client, address.ip);
  if (!src) {
    trace.outcomeMessage = { key: 'outcome.unreachable', params: { dst: `${address.ip}:${address.port}` } };
    return;
  }

  const sport = 32768 + Math.floor(rng() * (60999 - 32768 + 1)); // Linux ip_local_port_range
  const proto = request.protocol ?? 'tcp';
  const syn: Packet = proto === 'tcp'
    ? { src, dst: address.ip, ttl: 64, proto, sport, dport: address.port, flags: 'SYN', mark: 0, http: { method: 'GET', host: target.host, path: target.path } }
    // A UDP datagram or an SCTP INIT carries no HTTP: the probe only asks whether it gets through.
    : { src, dst: address.ip, ttl: 64, proto, sport, dport: address.port, flags: proto === 'sctp' ? 'INIT' : '', mark: 0 };
  const sendKey = proto !== 'tcp' ? 'sendProto' : source.kind === 'external' ? (target.name ? 'sendNamed' : 'send') : source.kind === 'pod' ? 'sendPod' : 'sendNode';
  walk.origin = syn;
  push(walk, client.id, client.id, 'send', sendKey, syn, syn,
    { src: `${syn.src}:${syn.sport}`, dst: `${syn.dst}:${syn.dport}`, url: request.to, name: target.name ?? '', via: address.via, who: source.name, proto });
  const first = routeOut(walk, client, syn, true);
  // A running kubectl port-forward took the connection: it streams it on to its pod.
  if (first.forward && first.host) return traceThroughForward(walk, cluster, first, first.forward, trace);
  let end = first;
  // An ingress controller opens its own connection to the chosen pod.
  const upstream = first.proxy?.to && first.host ? proxyLeg(walk, first) : undefined;
  if (upstream) end = upstream;
  // kube-proxy's userspace mode took the connection: its own connection to an endpoint is what
  // the server saw (trace/userspace.ts).
  const viaUserspace = first.userspace;
  if (viaUserspace?.inner?.outcome === 'served') end = viaUserspace.inner;
  trace.outcome = end.outcome;
  trace.replyStart = walk.hops.length;
  const servedPod = end.servedPod ?? end.host?.pod;
  if (first.proxy?.status) {
    trace.outcome = 'http_error';
    trace.httpStatus = first.proxy.status;
    trace.response = controllerError(first.proxy.status);
    trace.outcomeMessage = { key: 'outcome.http_error', params: { status: first.proxy.status } };
  } else if (end.outcome === 'served' && servedPod && proto !== 'tcp') {
    trace.servedBy = { namespace: servedPod.namespace, pod: servedPod.name, node: servedPod.node!, ip: servedPod.ip!, port: end.packet.dport };
    trace.sourceIpSeen = end.packet.src;
    trace.outcomeMessage = { key: 'outcome.served', params: { pod: servedPod.name, ip: `${servedPod.ip}:${end.packet.dport}`, src: end.packet.src } };
  } else if (end.outcome === 'served' && servedPod) {
    const pod = servedPod;
    trace.servedBy = { namespace: pod.namespace, pod: pod.name, node: pod.node!, ip: pod.ip!, port: end.packet.dport };
    trace.sourceIpSeen = end.packet.src;
    // The program answers as its image does (images/): nginx's welcome page, Tomcat's 404…
    const answer = podAnswer(pod, end.packet.dport, syn.http?.path ?? '/', end.packet.src);
    trace.httpStatus = answer.status;
    trace.response = responseSummary(answer);
    trace.outcomeMessage = { key: 'outcome.served', params: { pod: pod.name, ip: `${pod.ip}:${end.packet.dport}`, src: end.packet.src } };
  } else if (end.outcome === 'served' && end.daemon && end.host) {
    trace.servedBy = { process: end.daemon, node: end.host.name, ip: end.packet.dst, port: end.packet.dport };
    trace.sourceIpSeen = end.packet.src;
    trace.outcomeMessage = { key: 'outcome.servedDaemon', params: { process: end.daemon, node: end.host.name, ip: `${end.packet.dst}:${end.packet.dport}`, src: end.packet.src } };
  } else if (end.outcome === 'served' && end.host?.kind === 'external') {
    // A server outside the cluster (seed 000: nginx on the VMware host, behind hand-written Endpoints).
    trace.servedBy = { external: `${end.packet.dst}:${end.packet.dport}` };
    trace.sourceIpSeen = end.packet.src;
    trace.httpStatus = 200;
    trace.response = responseSummary(answerOf({ kind: 'nginx', image: 'nginx:1.26', binds: [] }, { path: syn.http?.path ?? '/', hostname: end.host.name, pod: '-', namespace: '-', node: '-', port: end.packet.dport, host: end.packet.dst, from: end.packet.src }));
    trace.outcomeMessage = { key: 'outcome.servedExternal', params: { host: end.host.name, ip: `${end.packet.dst}:${end.packet.dport}`, src: end.packet.src } };
  } else if (viaUserspace) {
    // kube-proxy accepted the connection and closed it: it had no endpoint, or none answered.
    trace.outcomeMessage = {
      key: proto === 'tcp' ? 'outcome.usClosed' : 'outcome.usNoAnswer',
      params: { service: viaUserspace.port.servicePort, node: first.host!.name, dst: `${syn.dst}:${syn.dport}`, endpoints: viaUserspace.port.endpoints.length },
    };
  } else {
    trace.outcomeMessage = { key: `outcome.${end.outcome}`, params: { dst: `${end.packet.dst}:${end.packet.dport}` } };
  }
  walk.phase = 'reply';
  if (viaUserspace) relayUserspaceAnswer(walk, first);
  if (upstream?.answer && upstream.host) {
    routeOut(walk, upstream.host, upstream.answer, true);
    const at = `pod/${first.proxy!.controller.namespace}/${first.proxy!.controller.name}`;
    const flags = upstream.answer.flags;
    push(walk, at, at, 'proxy', flags === 'SYN,ACK' ? 'ingressRelay' : 'ingress502', first.packet, first.packet, { status: flags === 'SYN,ACK' ? 200 : 502 });
    if (flags !== 'SYN,ACK') {
      // nginx answers 502 Bad Gateway when the upstream refuses the connection.
      trace.outcome = 'http_error';
      trace.httpStatus = 502;
      trace.response = controllerError(502);
      trace.outcomeMessage = { key: 'outcome.http_error', params: { status: 502 } };
    }
  }
  if (first.answer && first.host) {
    const back = routeOut(walk, first.host, first.answer, true);
    if (back.outcome !== 'served' && (trace.outcome === 'served' || trace.outcome === 'refused')) {
      // The server answered, but the answer never reaches the client: curl times out.
      trace.outcome = 'dropped';
      trace.outcomeMessage = { key: 'outcome.replyLost', params: { at: walk.hops.at(-1)!.at, dst: `${first.answer.dst}:${first.answer.dport}` } };
    }
  }
}

/**
 * The listening sockets of the forwards left running. One that could not start (its pod gone,
 * a bad port) listens nowhere, as kubectl exited with its error; anything else in the list is
 * data from a saved session and is skipped the same way.
 */
function socketsOf(cluster: Cluster, forwards: TraceRequest['forwards']): ForwardSocket[] {
  if (!Array.isArray(forwards)) return [];
  return forwards.flatMap((f) => {
    const on = f?.on;
    if (on !== 'external' && !(typeof on === 'string' && on.startsWith('node/') && cluster.nodes.some((n) => `node/${n.name}` === on))) return [];
    const running = runningForward(cluster, f);
    return 'error' in running ? [] : running.sockets;
  });
}

/** The ingress controller's own error page (server_tokens off: the tail says `nginx`). */
function controllerError(status: number): Trace['response'] {
  const reason = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' }[status] ?? 'Error';
  return responseSummary({ status, reason, headers: [], body: nginxErrorPage(status, reason) });
}

/** The second connection: from the controller's network namespace to the chosen endpoint. */
function proxyLeg(walk: Walk, first: End): End {
  const controller = first.proxy!.controller;
  const to = first.proxy!.to!;
  const from = controller.hostNetwork ? first.host! : walk.net.host(`pod/${controller.namespace}/${controller.name}`) ?? first.host!;
  const packet: Packet = {
    src: controller.ip ?? addressesOf(from)[0], dst: to.ip, ttl: 64, proto: 'tcp',
    sport: 32768 + Math.floor(walk.rng() * 28232), dport: to.port, flags: 'SYN', mark: 0, http: first.packet.http,
  };
  return routeOut(walk, from, packet, true);
}

/**
 * Where curl connects. An IP in the URL is used as is; `--connect` overrides a name. Otherwise
 * the outside host's /etc/hosts is assumed to map Ingress hosts to the ingress controller, as
 * teachers set it up for the class: a node running it (hostNetwork), or its Service.
 */
export function connectAddress(cluster: Cluster, target: Target, connect?: string): { ip: string; port: number; via: string } | undefined {
  if (target.ip) return { ip: target.ip, port: target.port, via: '' };
  if (connect) {
    const [ip, port] = connect.split(':');
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? { ip, port: port ? Number(port) : target.port, via: 'connect' } : undefined;
  }
  const known = cluster.ingresses.some((i) => i.rules.some((r) => r.host === target.name || (r.host.startsWith('*.') && target.name!.endsWith(r.host.slice(1)))));
  if (!known) return undefined;
  const controller = cluster.pods.find((p) => isIngressController(p) && p.phase === 'Running' && p.status !== 'CrashLoopBackOff' && p.ip);
  if (!controller) return undefined;
  if (controller.hostNetwork) return { ip: controller.ip!, port: target.port, via: 'hosts' };
  const svc = cluster.services.find((s) => s.namespace === controller.namespace && s.selector && Object.entries(s.selector).every(([k, v]) => controller.labels[k] === v));
  const http = svc?.ports.find((p) => p.port === 80 || p.name === 'http');
  if (svc && http && svc.loadBalancerIPs[0]) return { ip: svc.loadBalancerIPs[0], port: http.port, via: 'hosts' };
  const worker = cluster.nodes.find((n) => !n.controlPlane) ?? cluster.nodes[0];
  if (svc && http?.nodePort && worker) return { ip: worker.ip, port: http.nodePort, via: 'hosts' };
  return undefined;
}
