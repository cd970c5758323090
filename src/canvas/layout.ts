/**
 * Layout as a pure function of the cluster, drawn like the articles' diagrams: the outside
 * host on top, the node LAN, the Services as a virtual band, then one column per node holding
 * eth0, the netfilter block, the routing table, cbr0 and the pods. Stable across edits: a
 * node's column depends only on the nodes before it and its own pod count.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Cluster, IngressInfo, NodeDataplane, PodInfo, ServiceInfo } from '../engine';
import type { ClusterSettings } from '../engine/model';
import { tableSummary } from '../worker/pack';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type DiagramNodeData =
  | { kind: 'external'; name: string; ip: string }
  | { kind: 'lan'; cidr: string }
  | { kind: 'service'; service: ServiceInfo; proxyMode: ClusterSettings['proxy']['mode'] }
  | { kind: 'ingress'; ingress: IngressInfo }
  | { kind: 'node'; name: string; ip: string; controlPlane: boolean; podCIDR: string }
  | { kind: 'device'; device: 'eth0' | 'cbr0' | 'flannel.1' | 'vxlan.calico' | 'tunl0' | (string & {}); address: string; owner: string }
  | { kind: 'netfilter'; node: string; /** Undefined while a large cluster's tables are still being made. */ natRules: number | undefined; proxyMode: ClusterSettings['proxy']['mode']; virtualServers: number }
  | { kind: 'routes'; node: string; routes: string[] }
  | { kind: 'pod'; pod: PodInfo; /** Its workload's latest edit was refused: it runs the version accepted before. */ kept?: boolean }
  | { kind: 'podEth0'; pod: PodInfo };

/** A box's connection points: top, bottom (down and up for the veths), right and left. */
export type HandleId = 't' | 'b' | 'up' | 'down' | 'right' | 'left';
/** In the order the boxes render them. */
export const HANDLE_IDS: readonly HandleId[] = ['t', 'b', 'up', 'down', 'right', 'left'];

/**
 * `handles`: the connection points this box's edges use, the only ones it renders. Six on every
 * box were 160 React Flow handles on a lesson, each subscribed to its store: a seventh of the
 * first picture's time (npm run bench, canvas with boxes).
 */
export type DiagramNode = Node<DiagramNodeData & { handles?: HandleId[] } & Record<string, unknown>>;

/** An edge as the layout makes it: both of its handles named, so each box can render just those. */
type Link = Edge & { sourceHandle: HandleId; targetHandle: HandleId };

export interface Diagram {
  nodes: DiagramNode[];
  edges: Edge[];
  /** Where the packet stands on every element a hop can point at: the box's top edge, near its right end. */
  anchors: Record<string, { x: number; y: number }>;
}

const POD_W = 168;
const POD_H = 78;
const POD_GAP = 14;
const PODS_PER_ROW = 2;
const NODE_MIN_W = 2 * POD_W + 3 * POD_GAP;
const NODE_GAP = 40;
/**
 * The room above every box: the packet stands on a box's top edge with its address label above
 * it, and the label (about 20 px high, 34 px up) must fall in empty space, not on the text of
 * the box above (issue 13).
 */
const LABEL_ROOM = 40;
/** The node box's head (its name, role and podCIDR, one line): the packet's label at eth0 stands below it, not on it. */
const NODE_HEAD = 30;
/** Between rows of pods: the next row's eth0 and its packet label below the row above. */
const POD_ROW_GAP = 60;
/** Routes are shown whole (they are the point of the pod-network lesson): 10 px mono, about 6.1 px a character. */
const ROUTE_CHAR = 6.1;
const ROUTE_LINE = 14;
const NETFILTER_MIN_W = 160;

function nodeWidth(pods: number, routes: string[]): number {
  const cols = Math.min(Math.max(pods, 1), PODS_PER_ROW);
  const forPods = Math.max(NODE_MIN_W, cols * POD_W + (cols + 1) * POD_GAP);
  return Math.max(forPods, 14 * 3 + NETFILTER_MIN_W + routesWidth(routes));
}

const routesWidth = (routes: string[]) => Math.ceil(Math.max(0, ...routes.map((r) => r.length)) * ROUTE_CHAR) + 24;
const routesHeight = (routes: string[]) => Math.max(80, 30 + routes.length * ROUTE_LINE + 8);
/**
 * A route as the box shows it: `ip route`'s words, shortened where they say nothing here (the
 * LAN's `dev eth0`, proto and scope), kept where they are the point: the tunnel a route goes
 * over (flannel.1, tunl0, vxlan.calico) and Calico's blackhole for a node's own block.
 */
const routeLine = (r: NodeDataplane['routes'][number]) =>
  r.type === 'blackhole' ? `blackhole ${r.dst}` : r.via ? `${r.dst} via ${r.via}${r.dev && r.dev !== 'eth0' ? ` dev ${r.dev}` : ''}` : `${r.dst} dev ${r.dev}`;
const routeLines = (dp: NodeDataplane | undefined) => (dp?.routes ?? []).map(routeLine);

/** Names an element for screen readers (translated by the caller). */
export type Describe = (data: DiagramNodeData) => string;

export function layoutCluster(cluster: Cluster, describe?: Describe): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: Link[] = [];
  const anchors: Diagram['anchors'] = {};
  const add = (id: string, type: string, box: Box, data: DiagramNodeData, parentId?: string, abs?: { x: number; y: number }) => {
    nodes.push({
      id, type, data: data as DiagramNode['data'], position: { x: box.x, y: box.y }, ariaLabel: describe?.(data),
      width: box.w, height: box.h, style: { width: box.w, height: box.h },
      ...(parentId ? { parentId, extent: 'parent' as const } : {}),
      draggable: false, selectable: true, connectable: false,
    });
    const origin = abs ?? { x: 0, y: 0 };
    // The packet sits on the box's top edge, near its right end, with its label above: beside
    // the text it explains, never on it (issue 13).
    anchors[id] = { x: origin.x + box.x + Math.max(box.w / 2, box.w - 18), y: origin.y + box.y };
  };

  let x = 0;
  const columns = cluster.nodes.map((n) => {
    // Pods with a veth first, hostNetwork ones (kube-proxy, the CNI's daemon, static pods)
    // after: their rows have no veth to cross, so no veth line runs over a pod.
    const here = cluster.pods.filter((p) => p.node === n.name);
    const pods = [...here.filter((p) => !p.hostNetwork), ...here.filter((p) => p.hostNetwork)];
    const dp = cluster.nodeDataplanes.find((d) => d.node === n.name);
    const routes = routeLines(dp);
    const w = nodeWidth(pods.length, routes);
    const col = { node: n, pods, x, w, dp, routes };
    x += w + NODE_GAP;
    return col;
  });
  const totalW = Math.max(x - NODE_GAP, 600);

  // Services and Ingresses share the virtual band: neither is a place a packet stops at.
  const virtual = cluster.services.length + cluster.ingresses.length;
  const boxW = Math.min(360, (totalW - 16 * (virtual - 1)) / Math.max(1, virtual));
  // A box grows with its lines: title, one per port (or Ingress path), LB and external IPs, the note.
  const svcH = (svc: ServiceInfo) =>
    46 + 15 * (svc.ports.length + (svc.type === 'LoadBalancer' || svc.type === 'ExternalName' ? 1 : 0) + (svc.externalIPs.length > 0 ? 1 : 0));
  const ingressH = (ing: IngressInfo) => 46 + 15 * (ing.rules.reduce((n, r) => n + r.paths.length, 0) + (ing.defaultBackend ? 1 : 0));
  const bandH = Math.max(74, ...cluster.services.map(svcH), ...cluster.ingresses.map(ingressH));
  // Top to bottom: the virtual band (Services exist only as rules, on no wire), the outside
  // hosts, the LAN, the nodes. So the LAN's lines to the nodes cross no Service's text.
  const TOP = { services: 0, external: bandH + LABEL_ROOM, lan: bandH + LABEL_ROOM + 64 + 36 };
  cluster.services.forEach((svc, i) => {
    add(`svc/${svc.namespace}/${svc.name}`, 'service', { x: i * (boxW + 16), y: TOP.services, w: boxW, h: svcH(svc) }, { kind: 'service', service: svc, proxyMode: cluster.settings.proxy.mode });
  });
  cluster.ingresses.forEach((ing, i) => {
    const x = (cluster.services.length + i) * (boxW + 16);
    add(`ingress/${ing.namespace}/${ing.name}`, 'ingress', { x, y: TOP.services, w: boxW, h: ingressH(ing) }, { kind: 'ingress', ingress: ing });
  });
  cluster.externals.forEach((e, i) => {
    add(`external/${e.name}`, 'external', { x: totalW / 2 - 90 + i * 200, y: TOP.external, w: 180, h: 64 }, { kind: 'external', name: e.name, ip: e.ip });
  });
  add('lan', 'lan', { x: 0, y: TOP.lan, w: totalW, h: 34 }, { kind: 'lan', cidr: cluster.lan ?? '192.168.255.0/24' });
  for (const e of cluster.externals) edges.push(wire(`wire/external/${e.name}`, `external/${e.name}`, 'lan'));
  const nodesTop = TOP.lan + 34 + LABEL_ROOM;

  let nodesBottom = nodesTop;
  for (const col of columns) {
    const { node, pods, w, routes } = col;
    const id = `node/${node.name}`;
    const rows = Math.ceil(Math.max(pods.length, 1) / PODS_PER_ROW);
    // Inside the node, top to bottom with LABEL_ROOM between: the node's head (name, role,
    // podCIDR), eth0, netfilter and the routes, cbr0, the pods (each with its eth0 on its top edge).
    const eth0Y = NODE_HEAD + LABEL_ROOM;
    const tablesY = eth0Y + 40 + LABEL_ROOM;
    const tablesH = routesHeight(routes);
    const dp = col.dp!;
    // flannel's pods hang off the cbr0 bridge; Calico's veths are routed, with no bridge: each
    // pod's veth runs straight to the node's routing table (its /32 route).
    const bridge = dp.interfaces.find((i) => i.name === 'cbr0');
    const cbr0Y = tablesY + tablesH + LABEL_ROOM;
    const podsY = (bridge ? cbr0Y + 40 + LABEL_ROOM : cbr0Y) + 16;
    const h = podsY + rows * (POD_H + POD_ROW_GAP) - POD_ROW_GAP + 30;
    nodesBottom = Math.max(nodesBottom, nodesTop + h);
    const abs = { x: col.x, y: nodesTop };
    add(id, 'k8snode', { x: col.x, y: nodesTop, w, h }, { kind: 'node', name: node.name, ip: node.ip, controlPlane: node.controlPlane, podCIDR: node.podCIDR });
    const { natRules, virtualServers } = tableSummary(dp);
    // The tunnel device (flannel.1, Calico's vxlan.calico or tunl0), beside eth0 whose packets it travels in.
    const vtep = dp.interfaces.find((i) => i.kind === 'vxlan' || i.kind === 'ipip');
    add(`${id}/eth0`, 'device', { x: vtep ? w / 2 - 150 : w / 2 - 70, y: eth0Y, w: 140, h: 40 }, { kind: 'device', device: 'eth0', address: node.ip, owner: node.name }, id, abs);
    const routesW = Math.max((w - 3 * 14) / 2, routesWidth(routes));
    const nfW = w - 3 * 14 - routesW;
    add(`${id}/netfilter`, 'netfilter', { x: 14, y: tablesY, w: nfW, h: tablesH }, { kind: 'netfilter', node: node.name, natRules, proxyMode: cluster.settings.proxy.mode, virtualServers }, id, abs);
    add(`${id}/routes`, 'routes', { x: 28 + nfW, y: tablesY, w: routesW, h: tablesH }, { kind: 'routes', node: node.name, routes }, id, abs);
    if (vtep) {
      add(`${id}/${vtep.name}`, 'device', { x: w / 2 + 10, y: eth0Y, w: 140, h: 40 }, { kind: 'device', device: vtep.name, address: vtep.address ?? '', owner: node.name }, id, abs);
      edges.push(inner(`${id}/vtep`, `${id}/eth0`, `${id}/${vtep.name}`, true));
    }
    if (bridge) add(`${id}/cbr0`, 'device', { x: w / 2 - 80, y: cbr0Y, w: 160, h: 40 }, { kind: 'device', device: 'cbr0', address: bridge.address ?? '', owner: node.name }, id, abs);
    edges.push(wire(`wire/${id}`, 'lan', `${id}/eth0`));
    edges.push(inner(`${id}/in`, `${id}/eth0`, `${id}/netfilter`));
    edges.push(inner(`${id}/nf-rt`, `${id}/netfilter`, `${id}/routes`, true));
    if (bridge) edges.push(inner(`${id}/out`, `${id}/routes`, `${id}/cbr0`));
    const hub = bridge ? `${id}/cbr0` : `${id}/routes`;
    pods.forEach((pod, i) => {
      const r = Math.floor(i / PODS_PER_ROW);
      const c = i % PODS_PER_ROW;
      const cols = Math.min(pods.length - r * PODS_PER_ROW, PODS_PER_ROW);
      const rowW = cols * POD_W + (cols - 1) * POD_GAP;
      const px = (w - rowW) / 2 + c * (POD_W + POD_GAP);
      const py = podsY + r * (POD_H + POD_ROW_GAP);
      const podId = `pod/${pod.namespace}/${pod.name}`;
      add(podId, 'pod', { x: px, y: py, w: POD_W, h: POD_H }, { kind: 'pod', pod, kept: keptPod(cluster, pod) }, id, abs);
      // A hostNetwork pod lives in the node's own network namespace: no eth0 of its own, no veth.
      if (pod.hostNetwork) return;
      add(`${podId}/eth0`, 'podEth0', { x: px + POD_W / 2 - 46, y: py - 16, w: 92, h: 24 }, { kind: 'podEth0', pod }, id, abs);
      const vethId = `veth/${pod.namespace}/${pod.name}`;
      edges.push({ id: vethId, source: `${podId}/eth0`, target: hub, sourceHandle: 'up', targetHandle: 'down', type: 'veth', data: { veth: pod.hostVeth ?? '' }, zIndex: 1 });
      const a = anchors[`${podId}/eth0`];
      const b = anchors[hub];
      anchors[vethId] = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      // Calico's trace names the host end (node/N/caliXXXX): it is on the same line.
      if (!bridge && pod.hostVeth) anchors[`${id}/${pod.hostVeth}`] = { x: (a.x + 3 * b.x) / 4, y: (a.y + 3 * b.y) / 4 };
    });
  }
  const pending = cluster.pods.filter((p) => !p.node);
  // Pods no node took wait in rows under the nodes, as wide as the cluster: not in one long row
  // that would widen the picture and shrink everything in it.
  const perRow = Math.max(1, Math.floor((totalW + POD_GAP) / (POD_W + POD_GAP)));
  pending.forEach((pod, i) => {
    const box = { x: (i % perRow) * (POD_W + POD_GAP), y: nodesBottom + LABEL_ROOM + Math.floor(i / perRow) * (POD_H + POD_GAP), w: POD_W, h: POD_H };
    add(`pod/${pod.namespace}/${pod.name}`, 'pod', box, { kind: 'pod', pod, kept: keptPod(cluster, pod) });
  });
  markHandles(nodes, edges);
  return { nodes, edges, anchors };
}

/** Gives each box the handles its edges use. */
function markHandles(nodes: DiagramNode[], edges: Link[]) {
  const used = new Map<string, Set<HandleId>>();
  const use = (node: string, handle: HandleId) => {
    let set = used.get(node);
    if (!set) used.set(node, (set = new Set()));
    set.add(handle);
  };
  for (const e of edges) {
    use(e.source, e.sourceHandle);
    use(e.target, e.targetHandle);
  }
  for (const n of nodes) {
    const set = used.get(n.id);
    if (set) n.data.handles = HANDLE_IDS.filter((h) => set.has(h));
  }
}

function wire(id: string, source: string, target: string): Link {
  return { id, source, target, sourceHandle: 'b', targetHandle: 't', type: 'straight', className: 'edge-wire', zIndex: 0 };
}

function inner(id: string, source: string, target: string, sideways = false): Link {
  return { id, source, target, type: sideways ? 'straight' : 'smoothstep', className: 'edge-inner', zIndex: 1, sourceHandle: sideways ? 'right' : 'b', targetHandle: sideways ? 'left' : 't' };
}

const keptPod = (cluster: Cluster, pod: PodInfo) => !!pod.provenance && cluster.kept.includes(pod.provenance.object);
