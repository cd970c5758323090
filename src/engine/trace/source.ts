/**
 * Where a request starts: the outside host, a process in a pod, or a process on a node. A
 * hostNetwork pod's process runs in its node's network namespace, so it starts on the node.
 */
import type { PodInfo } from '../model';
import type { Message } from '../types';
import { addressesOf, type Network, type SimHost } from './hosts';
import type { TraceRequest } from './types';

export interface Source {
  kind: 'external' | 'pod' | 'node';
  /** The network namespace the packet leaves from. */
  host: SimHost;
  /** The pod whose process sends, for a pod source (also a hostNetwork one). */
  pod?: PodInfo;
  /** How the hops name the sender: the pod's or the node's name. */
  name: string;
}

export function sourceOf(net: Network, from: TraceRequest['from']): Source | Message {
  const bad: Message = { key: 'outcome.badSource', params: { from: String(from) } };
  if (typeof from !== 'string') return bad;
  if (from === 'external') {
    const host = net.hosts.find((h) => h.kind === 'external')!;
    return { kind: 'external', host, name: host.name };
  }
  const [kind, ...rest] = from.split('/');
  if (kind === 'node' && rest.length === 1) {
    const host = net.host(`node/${rest[0]}`);
    return host ? { kind: 'node', host, name: host.name } : bad;
  }
  if (kind !== 'pod' || rest.length < 1 || rest.length > 2) return bad;
  const [namespace, name] = rest.length === 2 ? rest : ['default', rest[0]];
  const pod = net.cluster.pods.find((p) => p.namespace === namespace && p.name === name);
  if (!pod) return bad;
  if (!pod.ip || !pod.node || pod.phase !== 'Running' || pod.status === 'CrashLoopBackOff') {
    return { key: 'outcome.sourceNotRunning', params: { pod: pod.name, status: pod.status ?? pod.phase } };
  }
  const host = pod.hostNetwork ? net.host(`node/${pod.node}`)! : net.host(`pod/${namespace}/${name}`)!;
  return { kind: 'pod', host, pod, name: pod.name };
}

/**
 * The source address the kernel picks for a new connection to `dst`: the `src` of the route
 * taken, else the primary address of its device (net/ipv4/route.c, inet_select_addr). A pod and
 * the outside host have one address; a node has several.
 */
export function sourceAddress(net: Network, host: SimHost, dst: string): string | undefined {
  // 127.0.0.0/8 is reached through lo, from the address itself (the kernel's local table).
  if (dst.startsWith('127.')) return dst;
  if (host.kind !== 'node') return addressesOf(host).find((a) => a !== '127.0.0.1');
  if (addressesOf(host).includes(dst)) return dst;
  const found = net.lookup(host, dst);
  if (!found) return undefined;
  if (found.route.src) return found.route.src;
  return host.interfaces.find((i) => i.name === found.route.dev)?.address?.split('/')[0];
}
