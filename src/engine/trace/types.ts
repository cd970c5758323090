/** What a trace is made of: hops, candidates, an outcome. Plain data, printable as JSON. */
import type { Message, Provenance } from '../types';
import type { Packet } from './packet';
import type { PolicyDecision } from './policy';

export interface TraceRequest {
  /**
   * `external` (the outside host), `pod/NS/NAME` (or `pod/NAME` in default), or `node/NAME`: a
   * process there opens the connection, in that pod's or node's network namespace.
   */
  from: 'external' | `pod/${string}` | `node/${string}`;
  /** `http://HOST[:PORT]/path` or `IP:PORT`; HOST may be a name (then it is the Host header). */
  to: string;
  /** Where to connect when `to` names a host: `IP` or `IP:PORT` (curl's `--connect-to`). */
  connect?: string;
  /** Seeds the random draws (source port, `-m statistic`); the same seed gives the same trace. */
  seed?: number;
  /** Pins the endpoint: the K-th candidate (1-based) in kube-proxy's order. */
  pick?: number;
  /**
   * The transport: TCP (curl's, the default), or a UDP datagram or an SCTP INIT (as the
   * upstream NetworkPolicy e2e tests probe, `agnhost connect --protocol=udp|sctp`).
   */
  protocol?: 'tcp' | 'udp' | 'sctp';
  /**
   * `kubectl port-forward TARGET PORTS [-n NAMESPACE]` from the outside host, instead of a
   * request to `to`: TARGET is `pod/NAME`, `deployment/NAME`, `service/NAME`… and PORTS
   * `[LOCAL:]REMOTE`.
   */
  portForward?: { target: string; ports: string; namespace?: string };
  /**
   * `kubectl port-forward` processes left running (article 003: on master01, `--address
   * 0.0.0.0`). Each listens on its machine; a request whose connection reaches one of their
   * sockets goes on through kubectl, the API server and the kubelet into the pod.
   */
  forwards?: RunningForward[];
}

/**
 * A `kubectl port-forward TARGET PORTS... [-n NS] [--address ADDR,...]` still running: plain
 * data (it crosses into the engine's Web Worker and into saved sessions), resolved against the
 * cluster at each trace, as kubectl resolved it when it started.
 */
export interface RunningForward {
  /** Where kubectl runs: `external` (the workstation) or `node/NAME` (a node with a kubeconfig). */
  on: 'external' | `node/${string}`;
  /** TYPE/NAME as typed: `pod/NAME` (or NAME), `deployment/NAME`, `service/NAME`… */
  target: string;
  /** `[LOCAL:]REMOTE`, one per port given. */
  ports: string[];
  namespace?: string;
  /** `--address` values (IPs or `localhost`); `localhost` when absent, kubectl's default. */
  addresses?: string[];
  /**
   * The command as typed, when `target` and `ports` are what kubectl resolved it to when it
   * started (the pod it chose, the pod's port numbers): kubectl picks the pod once.
   */
  command?: string;
}

export type HopKind =
  | 'send'
  | 'dns'
  | 'wire'
  | 'arrive'
  | 'chain'
  | 'filter'
  | 'route'
  | 'bridge'
  | 'veth'
  | 'conntrack'
  | 'ipvs'
  | 'deliver'
  | 'proxy'
  | 'refuse'
  | 'drop'
  | 'unreachable';

export interface RuleLine {
  text: string;
  matched: boolean;
  /** The matches tested, with why each held or failed. */
  matches: { held: boolean; why: Message }[];
  provenance?: Provenance;
}

export interface Candidate {
  namespace?: string;
  pod?: string;
  node?: string;
  ip: string;
  port: number;
  /** The chance of this endpoint for a new connection, 0..1. */
  probability: number;
  /** The KUBE-SEP chain that DNATs to it; in IPVS mode the real server, `-> ip:port`. */
  chain: string;
}

export interface Hop {
  index: number;
  phase: 'request' | 'reply';
  /** Coarse place: `external/client`, `lan`, `node/node01`, `pod/default/web-…`. */
  at: string;
  /** The canvas element this hop highlights (a node, a device, a veth edge). */
  element: string;
  kind: HopKind;
  title: Message;
  explain: Message;
  before: Packet;
  after: Packet;
  /** For netfilter hops: the table, the chain and each rule tested. */
  netfilter?: { table: string; chain: string; hook?: string; rules: RuleLine[] };
  /** For route hops: the routing table as `ip route` prints it, and the line chosen. */
  route?: { lines: string[]; chosen: number };
  /** Where load balancing chose: every endpoint with its probability, and the one taken. */
  candidates?: Candidate[];
  chosen?: number;
  /** The conntrack entry created or used, as `conntrack -L` prints it. */
  conntrack?: string;
  /** For IPVS hops: the virtual server and its real servers as ipvsadm lists them, and the one taken (-1: none). */
  ipvs?: { service: string; reals: string[]; chosen: number };
  provenance: Provenance[];
  /** Where felix's endpoint chains ran (Calico): each one's NetworkPolicy verdict (policy.ts). */
  policy?: PolicyDecision[];
}

/**
 * How a trace ends. The first five are the network's answers; `error` is Podpath's own failure
 * while walking (a bug), kept apart so that it is never taken for something the network did.
 */
export type Outcome = 'served' | 'refused' | 'dropped' | 'http_error' | 'unreachable' | 'error';

export interface Trace {
  request: TraceRequest;
  outcome: Outcome;
  outcomeMessage: Message;
  servedBy?: { namespace: string; pod: string; node: string; ip: string; port: number } | { external: string } | { process: string; node: string; ip: string; port: number };
  candidates: Candidate[];
  /** The source address the server saw. */
  sourceIpSeen?: string;
  httpStatus?: number;
  /** What the server sent back: its status line and the first bytes of the body (images/). */
  response?: { statusLine: string; firstBytes: string };
  /**
   * On a plugin that enforces no NetworkPolicy (flannel): the policy that would have cut this
   * served connection, said plainly (netpol/traceNote.ts).
   */
  policyNote?: Message;
  hops: Hop[];
  /** The index of the first reply hop, or hops.length when there is no reply. */
  replyStart: number;
}
