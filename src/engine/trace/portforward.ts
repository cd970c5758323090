/**
 * `kubectl port-forward`: no Service and no kube-proxy rule is involved. kubectl asks the API
 * server for a stream (POST …/pods/NAME/portforward, upgraded to SPDY or WebSocket over HTTPS),
 * the API server opens a stream to the kubelet of the pod's node, and the kubelet has the
 * container runtime dial the port from inside the pod's own network namespace, on 127.0.0.1.
 * Each of those three connections is walked like any other packet.
 *
 * Two ways in: a `portForward` request (the command itself, run on the workstation: the trace
 * starts at kubectl), and a request to the local address of a forward left running
 * (`forwards`): the client's connection reaches kubectl's listening socket (path.ts,
 * acceptByForward) and the streams go on from the machine kubectl runs on (article 003:
 * master01, `--address 0.0.0.0`, and node01's `curl 10.0.0.30:8080`).
 * kubectl: staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go; the listener and
 * the streams: staging/src/k8s.io/client-go/tools/portforward/portforward.go (getListener,
 * handleConnection); the kubelet's side: pkg/kubelet/cri/streaming/portforward.
 */
import { portForward, type ForwardSocket } from '../portforward';
import type { Cluster, PodInfo } from '../model';
import { addressesOf, type SimHost } from './hosts';
import type { Packet } from './packet';
import { routeOut } from './path';
import { sourceAddress } from './source';
import type { Trace, TraceRequest } from './types';
import { push, type End, type Walk } from './walk';
import { podAnswer, responseSummary } from '../images';

/** What a forward needs to reach its pod: the pod, its namespace, the ports. */
interface Stream {
  pod: PodInfo;
  namespace: string;
  local: number;
  remote: number;
  command: string;
}

export function tracePortForward(walk: Walk, cluster: Cluster, request: Required<Pick<TraceRequest, 'portForward'>>['portForward'], trace: Trace): void {
  const client = walk.net.hosts.find((h) => h.kind === 'external')!;
  const command = `kubectl port-forward ${request.target} ${request.ports}${request.namespace ? ` -n ${request.namespace}` : ''}`;
  const forward = portForward(cluster, request.target, request.ports, request.namespace);
  if ('error' in forward) {
    trace.outcomeMessage = { key: 'outcome.kubectlError', params: { command, error: forward.error } };
    return;
  }
  const stream: Stream = { pod: forward.pod, namespace: forward.namespace, local: forward.local, remote: forward.remote, command };
  const ends = streamToPod(walk, cluster, client, stream, (legA) => {
    push(walk, client.id, client.id, 'send', 'pfKubectl', legA, legA, { command, pod: forward.pod.name, remote: forward.remote, output: forward.output.trim() });
  });
  finish(walk, trace, ends, stream);
}

/**
 * The client's connection was taken by a running forward's socket on `host` (`first`): kubectl
 * streams it to the pod. The outcome is the pod's answer (or kubectl's error); the replies come
 * back innermost first, then kubectl's answer to the client.
 */
export function traceThroughForward(walk: Walk, cluster: Cluster, first: End, socket: ForwardSocket, trace: Trace): void {
  const host = first.host!;
  const stream: Stream = { pod: socket.pod, namespace: socket.namespace, local: socket.local, remote: socket.remote, command: socket.command };
  const ends = streamToPod(walk, cluster, host, stream, (legA) => {
    push(walk, host.id, host.id, 'send', 'pfStream', legA, legA, { pod: socket.pod.name, remote: socket.remote, api: `${legA.dst}:${legA.dport}`, path: legA.http?.path ?? '', where: host.name });
  });
  finish(walk, trace, ends, stream, first);
}

/**
 * The three connections, as far as they get: kubectl (on `from`) → the API server :6443 → the
 * kubelet :10250 → 127.0.0.1:REMOTE inside the pod. `announce` pushes the hop that opens the first.
 */
function streamToPod(walk: Walk, cluster: Cluster, from: SimHost, stream: Stream, announce: (legA: Packet) => void): End[] {
  const { pod, namespace, remote } = stream;
  const apiserver = cluster.nodes.find((n) => n.controlPlane) ?? cluster.nodes[0];
  const apiHost = walk.net.host(`node/${apiserver.name}`)!;
  const podNode = cluster.nodes.find((n) => n.name === pod.node)!;
  const api = `/api/v1/namespaces/${namespace}/pods/${pod.name}/portforward`;
  const connect = (src: string, dst: string, dport: number, path: string): Packet => ({
    src, dst, ttl: 64, proto: 'tcp', sport: 32768 + Math.floor(walk.rng() * 28232), dport, flags: 'SYN', mark: 0, http: { method: 'POST', host: `${dst}:${dport}`, path },
  });
  // kubeadm's kubeconfig names the API server by its advertise address, the control plane's IP.
  const legA = connect(sourceAddress(walk.net, from, apiserver.ip) ?? addressesOf(from)[0], apiserver.ip, 6443, api);
  announce(legA);
  const ends: End[] = [];
  const a = routeOut(walk, from, legA, true);
  ends.push(a);
  if (a.outcome !== 'served') return ends;

  const legB = connect(apiserver.ip, podNode.ip, 10250, `/portForward/${namespace}/${pod.name}`);
  push(walk, apiHost.id, apiHost.id, 'send', 'pfApiserver', legB, legB, { node: podNode.name, pod: pod.name });
  const b = routeOut(walk, apiHost, legB, true);
  ends.push(b);
  if (b.outcome !== 'served') return ends;

  // The runtime enters the pod's network namespace (the node's own for a hostNetwork pod).
  const inside = pod.hostNetwork ? walk.net.host(`node/${pod.node}`)! : walk.net.host(`pod/${namespace}/${pod.name}`)!;
  const legC: Packet = { src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, proto: 'tcp', sport: 32768 + Math.floor(walk.rng() * 28232), dport: remote, flags: 'SYN', mark: 0 };
  push(walk, inside.id, inside.id, 'send', 'pfKubelet', legC, legC, { pod: pod.name, port: remote, node: podNode.name });
  ends.push(routeOut(walk, inside, legC, true));
  return ends;
}

/** The outcome, then every answer on its way back, innermost connection first, then the client's. */
function finish(walk: Walk, trace: Trace, ends: End[], stream: Stream, client?: End): void {
  const last = ends.at(-1)!;
  const reached = ends.length === 3;
  trace.outcome = last.outcome;
  if (last.outcome !== 'served') trace.outcomeMessage = { key: `outcome.${last.outcome}`, params: { dst: `${last.packet.dst}:${last.packet.dport}` } };
  if (reached && last.outcome === 'served') {
    const { pod, namespace, remote } = stream;
    trace.servedBy = { namespace, pod: pod.name, node: pod.node!, ip: pod.ip!, port: remote };
    trace.sourceIpSeen = '127.0.0.1';
    // The program answers as its image does (images/): the forwarded tomcat's 404 (article 003).
    const answer = podAnswer(pod, remote, /^(?:[a-z]+:\/\/)?[^/]+(\/[^?#]*)/i.exec(trace.request.to)?.[1] ?? '/', '127.0.0.1');
    trace.httpStatus = answer.status;
    trace.response = responseSummary(answer);
    trace.outcomeMessage = client
      ? { key: 'outcome.servedRunningForward', params: { pod: pod.name, port: remote, local: stream.local, where: client.host!.name, listen: `${client.packet.dst}:${client.packet.dport}` } }
      : { key: 'outcome.servedForward', params: { pod: pod.name, port: remote, local: stream.local } };
  } else if (reached) {
    // What kubectl prints when the runtime's dial inside the pod is refused (portforward.go's
    // handleConnection: "an error occurred forwarding %d -> %d: %v"); it then closes the
    // client's connection without a byte: curl says "(52) Empty reply from server".
    trace.outcomeMessage = {
      key: 'outcome.kubectlError',
      params: { command: stream.command, error: `an error occurred forwarding ${stream.local} -> ${stream.remote}: … dial tcp4 127.0.0.1:${stream.remote}: connect: connection refused` },
    };
  }
  trace.replyStart = walk.hops.length;
  walk.phase = 'reply';
  for (const end of [...ends].reverse()) if (end.answer && end.host) routeOut(walk, end.host, end.answer, true);
  if (client?.answer && client.host) {
    const back = routeOut(walk, client.host, client.answer, true);
    if (back.outcome !== 'served' && trace.outcome === 'served') {
      trace.outcome = 'dropped';
      trace.outcomeMessage = { key: 'outcome.replyLost', params: { at: walk.hops.at(-1)!.at, dst: `${client.answer.dst}:${client.answer.dport}` } };
    }
  }
}
