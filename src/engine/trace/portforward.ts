/**
 * `kubectl port-forward`: no Service and no kube-proxy rule is involved. kubectl on the
 * workstation asks the API server (a stream upgraded over HTTPS), the API server opens a stream
 * to the kubelet of the pod's node, and the kubelet has the container runtime dial the port
 * from inside the pod's own network namespace, on 127.0.0.1. Each of those three connections is
 * walked like any other packet.
 */
import { portForward } from '../portforward';
import type { Cluster } from '../model';
import { addressesOf } from './hosts';
import type { Packet } from './packet';
import { routeOut } from './path';
import type { Trace, TraceRequest } from './types';
import { push, type End, type Walk } from './walk';
import { podAnswer, responseSummary } from '../images';

export function tracePortForward(walk: Walk, cluster: Cluster, request: Required<Pick<TraceRequest, 'portForward'>>['portForward'], trace: Trace): void {
  const client = walk.net.hosts.find((h) => h.kind === 'external')!;
  const command = `kubectl port-forward ${request.target} ${request.ports}${request.namespace ? ` -n ${request.namespace}` : ''}`;
  const forward = portForward(cluster, request.target, request.ports, request.namespace);
  if ('error' in forward) {
    trace.outcomeMessage = { key: 'outcome.kubectlError', params: { command, error: forward.error } };
    return;
  }
  const { pod, namespace, remote } = forward;
  const apiserver = cluster.nodes.find((n) => n.controlPlane) ?? cluster.nodes[0];
  const apiHost = walk.net.host(`node/${apiserver.name}`)!;
  const podNode = cluster.nodes.find((n) => n.name === pod.node)!;
  const api = `/api/v1/namespaces/${namespace}/pods/${pod.name}/portforward`;
  const connect = (src: string, dst: string, dport: number, path: string): Packet => ({
    src, dst, ttl: 64, proto: 'tcp', sport: 32768 + Math.floor(walk.rng() * 28232), dport, flags: 'SYN', mark: 0, http: { method: 'POST', host: `${dst}:${dport}`, path },
  });

  const legA = connect(addressesOf(client)[0], apiserver.ip, 6443, api);
  push(walk, client.id, client.id, 'send', 'pfKubectl', legA, legA, { command, pod: pod.name, remote, output: forward.output.trim() });
  const ends: { end: End }[] = [];
  const a = routeOut(walk, client, legA, true);
  ends.push({ end: a });
  if (a.outcome !== 'served') return finish(walk, trace, ends, a);

  const legB = connect(apiserver.ip, podNode.ip, 10250, `/portForward/${namespace}/${pod.name}`);
  push(walk, apiHost.id, apiHost.id, 'send', 'pfApiserver', legB, legB, { node: podNode.name, pod: pod.name });
  const b = routeOut(walk, apiHost, legB, true);
  ends.push({ end: b });
  if (b.outcome !== 'served') return finish(walk, trace, ends, b);

  // The runtime enters the pod's network namespace (the node's own for a hostNetwork pod).
  const inside = pod.hostNetwork ? walk.net.host(`node/${pod.node}`)! : walk.net.host(`pod/${namespace}/${pod.name}`)!;
  const legC: Packet = { src: '127.0.0.1', dst: '127.0.0.1', ttl: 64, proto: 'tcp', sport: 32768 + Math.floor(walk.rng() * 28232), dport: remote, flags: 'SYN', mark: 0 };
  push(walk, inside.id, inside.id, 'send', 'pfKubelet', legC, legC, { pod: pod.name, port: remote, node: podNode.name });
  const c = routeOut(walk, inside, legC, true);
  ends.push({ end: c });
  finish(walk, trace, ends, c);
  if (c.outcome === 'served') {
    trace.servedBy = { namespace, pod: pod.name, node: podNode.name, ip: pod.ip!, port: remote };
    trace.sourceIpSeen = '127.0.0.1';
    // The program answers as its image does (images/): the forwarded tomcat's 404 (article 003).
    const answer = podAnswer(pod, remote, /^[a-z]+:\/\/[^/]+(\/[^?#]*)/i.exec(trace.request.to)?.[1] ?? '/', '127.0.0.1');
    trace.httpStatus = answer.status;
    trace.response = responseSummary(answer);
    trace.outcomeMessage = { key: 'outcome.servedForward', params: { pod: pod.name, port: remote, local: forward.local } };
  } else {
    // What kubectl prints when the runtime's dial inside the pod is refused.
    trace.outcomeMessage = {
      key: 'outcome.kubectlError',
      params: { command, error: `an error occurred forwarding ${forward.local} -> ${remote}: … dial tcp4 127.0.0.1:${remote}: connect: connection refused` },
    };
  }
}

/** The outcome, then every answer on its way back, innermost connection first. */
function finish(walk: Walk, trace: Trace, ends: { end: End }[], last: End): void {
  trace.outcome = last.outcome;
  if (last.outcome !== 'served') trace.outcomeMessage = { key: `outcome.${last.outcome}`, params: { dst: `${last.packet.dst}:${last.packet.dport}` } };
  trace.replyStart = walk.hops.length;
  walk.phase = 'reply';
  for (const { end } of [...ends].reverse()) if (end.answer && end.host) routeOut(walk, end.host, end.answer, true);
}
