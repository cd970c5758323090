/** The state of one trace while it walks, and the helpers every stage of the walk shares. */
import type { PodInfo } from '../model';
import type { RoundRobinState, UserspaceHandoff } from './userspace';
import type { ForwardSocket } from '../portforward';
import type { Conntrack, ConnEntry } from './conntrack';
import type { Network, SimHost } from './hosts';
import type { Packet } from './packet';
import type { makeDraw } from './random';
import type { Candidate, Hop, Outcome } from './types';

export const MAX_HOPS = 300;

export interface Walk {
  net: Network;
  hops: Hop[];
  conntrack: Conntrack;
  rng: () => number;
  draw: ReturnType<typeof makeDraw>;
  candidates: Candidate[];
  phase: Hop['phase'];
  /** An answer travelling back to the side that asked (the reply, or a DNS answer on the way). */
  returning?: boolean;
  /** The endpoint the user pinned (1-based), for every choice the walk makes. */
  pick?: number;
  /** The first packet of the connection as the client sent it: its reply must come from where it went. */
  origin?: Packet;
  /** Each node's `-m recent` lists (session affinity), kept across the walk. */
  recent: Map<string, Map<string, Set<string>>>;
  /** The listening sockets of the `kubectl port-forward` processes left running (request.forwards). */
  forwards?: ForwardSocket[];
  /** Each node's kube-proxy round-robin state, in userspace mode (trace/userspace.ts), kept across repeats. */
  roundRobin: RoundRobinState;
}

/** How a walk ended: where, with which packet, and the answer the far end sends, if any. */
export interface End {
  outcome: Outcome;
  host?: SimHost;
  packet: Packet;
  answer?: Packet;
  /** The pod that answered, when it is not `host` itself (a hostNetwork pod on a node). */
  servedPod?: PodInfo;
  /** A node process that answered (the kubelet, the API server), not a pod. */
  daemon?: string;
  /** Set when the answering pod is an ingress controller that proxies the request on. */
  proxy?: Proxy;
  /** Set when a running `kubectl port-forward` took the connection: it streams it on to its pod. */
  forward?: ForwardSocket;
  /** Set when kube-proxy's userspace proxy took the connection: its own connection to an endpoint. */
  userspace?: UserspaceHandoff;
}

/** Where an ingress controller sends a request: an endpoint, or an HTTP error of its own. */
export interface Proxy {
  to?: { ip: string; port: number };
  status?: number;
  controller: PodInfo;
}

export function push(
  walk: Walk, at: string, element: string, kind: Hop['kind'], key: string,
  before: Packet, after: Packet, params: Record<string, string | number> = {}, extra: Partial<Hop> = {},
): void {
  walk.hops.push({
    index: walk.hops.length, phase: walk.phase, at, element, kind,
    title: { key: `hop.${key}.title`, params }, explain: { key: `hop.${key}.explain`, params },
    before: { ...before }, after: { ...after }, provenance: [], ...extra,
  });
}

/** The canvas element for a part of a host. */
export function elementOf(host: SimHost, part: 'eth0' | 'cbr0' | 'netfilter' | 'routes' | string): string {
  if (host.kind === 'node') return `${host.id}/${part}`;
  if (host.kind === 'pod') return part === 'eth0' ? `${host.id}/eth0` : host.id;
  return host.id;
}

/** Per-node state of one packet's pass: the conntrack entry it made or matched. */
export interface Pass {
  created?: ConnEntry;
  reply?: ConnEntry;
  /** The interface the packet came in on (for `-i` matches). */
  inDev?: string;
  /** IPVS took the packet and sends it on: it leaves through LOCAL_OUT (filter OUTPUT), not FORWARD. */
  ipvs?: boolean;
}

