/**
 * A large cluster drawn whole is 4,000 boxes of which none can be read (200 Service boxes 23 px
 * wide at 2,000 pods), and React Flow's own bookkeeping for them cost the page hundreds of
 * milliseconds per build. Above CONDENSE_PODS pods the canvas draws, on each node, the pods the
 * request touches and its first few, and in the Services band the Services the request
 * touches and the first few; a box says how many more there are (MoreNode). The engine, the
 * trace, the terminal and the request's lists keep the whole cluster.
 */
import type { Cluster, PodInfo, ServiceInfo, Trace } from '../engine';

/** From this many pods the canvas is condensed (a lesson has fewer than 20). */
export const CONDENSE_PODS = 300;
/** Pods drawn per node beside those the request touches; Services likewise. */
const PODS_PER_NODE = 4;
const SERVICES_SHOWN = 6;
/**
 * Past this many nodes (and CONDENSE_PODS pods) only the nodes the request touches and the
 * first NODES_SHOWN are drawn: 200 node boxes with their devices and pods held the page for a
 * second after each build of a 20,000-pod cluster, and no projector shows them.
 */
export const CONDENSE_NODES = 24;
const NODES_SHOWN = 8;

export interface Condensed {
  cluster: Cluster;
  /** Pods not drawn, by node name ('' for Pending pods, which have none). */
  hiddenPods: Map<string, number>;
  hiddenServices: number;
  /** Nodes not drawn, and the pods on them. */
  hiddenNodes: { nodes: number; pods: number };
}

/** What the request touches: the pods and Services its trace names (its hops' elements and the objects behind them). */
export function touched(trace: Trace): { pods: Set<string>; services: Set<string>; nodes: Set<string> } {
  const pods = new Set<string>();
  const services = new Set<string>();
  const nodes = new Set<string>();
  const from = /^pod\/([^/]+\/[^/]+)/.exec(trace.request.from);
  if (from) pods.add(from[1]);
  for (const hop of trace.hops) {
    const node = /^node\/([^/]+)/.exec(hop.element) ?? /^node\/([^/]+)/.exec(hop.at);
    if (node) nodes.add(node[1]);
    const pod = /^(?:pod|veth)\/([^/]+\/[^/]+)/.exec(hop.element);
    if (pod) pods.add(pod[1]);
    const svc = /^svc\/([^/]+\/[^/]+)/.exec(hop.element);
    if (svc) services.add(svc[1]);
    for (const p of hop.provenance) {
      const m = /^Service\/([^/]+\/[^/]+)$/.exec(p.object);
      if (m) services.add(m[1]);
    }
  }
  return { pods, services, nodes };
}

/** A key that changes only when what `condense` keeps changes (the canvas lays out again only then). */
export function touchedKey(trace: Trace): string {
  const { pods, services, nodes } = touched(trace);
  return `${[...pods].sort().join(',')}|${[...services].sort().join(',')}|${[...nodes].sort().join(',')}`;
}

export function condense(cluster: Cluster, trace: Trace): Condensed {
  if (cluster.pods.length < CONDENSE_PODS) return { cluster, hiddenPods: new Map(), hiddenServices: 0, hiddenNodes: { nodes: 0, pods: 0 } };
  const keep = touched(trace);
  // The nodes drawn: those the request crosses or whose pods it touches, then the first ones.
  let nodes = cluster.nodes;
  const hiddenNodes = { nodes: 0, pods: 0 };
  if (cluster.nodes.length > CONDENSE_NODES) {
    const wanted = new Set(keep.nodes);
    for (const pod of cluster.pods) if (pod.node && keep.pods.has(`${pod.namespace}/${pod.name}`)) wanted.add(pod.node);
    let first = 0;
    nodes = cluster.nodes.filter((n) => wanted.has(n.name) || first++ < NODES_SHOWN);
    hiddenNodes.nodes = cluster.nodes.length - nodes.length;
  }
  const drawn = new Set(nodes.map((n) => n.name));
  const shownOn = new Map<string, number>();
  const hiddenPods = new Map<string, number>();
  const pods: PodInfo[] = [];
  for (const pod of cluster.pods) {
    if (pod.node && !drawn.has(pod.node)) {
      hiddenNodes.pods++;
      continue;
    }
    const node = pod.node ?? '';
    const n = shownOn.get(node) ?? 0;
    if (keep.pods.has(`${pod.namespace}/${pod.name}`) || n < PODS_PER_NODE) {
      pods.push(pod);
      shownOn.set(node, n + 1);
    } else hiddenPods.set(node, (hiddenPods.get(node) ?? 0) + 1);
  }
  const services: ServiceInfo[] = [];
  let hiddenServices = 0;
  for (const svc of cluster.services) {
    if (keep.services.has(`${svc.namespace}/${svc.name}`) || services.length < SERVICES_SHOWN) services.push(svc);
    else hiddenServices++;
  }
  // Not spread: the page's cluster has lazy fields (worker/pack.ts); every field is read once here.
  const out = Object.create(Object.getPrototypeOf(cluster) as object) as Cluster;
  Object.defineProperties(out, Object.getOwnPropertyDescriptors(cluster));
  Object.defineProperty(out, 'pods', { value: pods, enumerable: true });
  Object.defineProperty(out, 'services', { value: services, enumerable: true });
  Object.defineProperty(out, 'nodes', { value: nodes, enumerable: true });
  return { cluster: out, hiddenPods, hiddenServices, hiddenNodes };
}

/** A box of the condensed canvas: how many pods (on a node, or Pending) or Services are not drawn. */
export interface MoreBox {
  id: string;
  parentId?: string;
  x: number;
  y: number;
  w: number;
  what: 'pods' | 'services' | 'nodes';
  count: number;
  /** For nodes: the pods on them. */
  pods?: number;
}

interface Placed {
  id: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
  parentId?: string;
}

export const MORE_H = 22;

/** Where the "N more" boxes go in the laid-out picture: at the foot of each node's box, after the Services band, under the Pending row. */
export function moreBoxes(condensed: Condensed, placed: Placed[]): MoreBox[] {
  const out: MoreBox[] = [];
  const byId = new Map(placed.map((n) => [n.id, n]));
  for (const [node, count] of condensed.hiddenPods) {
    const box = byId.get(`node/${node}`);
    if (node === '' || !box) continue;
    const w = box.width ?? 300;
    out.push({ id: `more/pods/${node}`, parentId: box.id, x: 14, y: (box.height ?? 0) - MORE_H - 4, w: w - 28, what: 'pods', count });
  }
  const top = placed.filter((n) => !n.parentId);
  const pending = condensed.hiddenPods.get('') ?? 0;
  if (pending > 0) {
    const bottom = Math.max(0, ...top.map((n) => n.position.y + (n.height ?? 0)));
    out.push({ id: 'more/pods/pending', x: 0, y: bottom + 16, w: 320, what: 'pods', count: pending });
  }
  if (condensed.hiddenNodes.nodes > 0) {
    const nodeBoxes = top.filter((n) => /^node\/[^/]+$/.test(n.id));
    const right = Math.max(0, ...nodeBoxes.map((n) => n.position.x + (n.width ?? 0)));
    const y = Math.min(...nodeBoxes.map((n) => n.position.y));
    out.push({ id: 'more/nodes', x: right + 16, y: Number.isFinite(y) ? y : 0, w: 280, what: 'nodes', count: condensed.hiddenNodes.nodes, pods: condensed.hiddenNodes.pods });
  }
  if (condensed.hiddenServices > 0) {
    const band = top.filter((n) => n.id.startsWith('svc/') || n.id.startsWith('ingress/'));
    const right = Math.max(0, ...band.map((n) => n.position.x + (n.width ?? 0)));
    out.push({ id: 'more/services', x: right + 16, y: 0, w: 240, what: 'services', count: condensed.hiddenServices });
  }
  return out;
}
