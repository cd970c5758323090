/**
 * The stage's framing (issue 13): the part of the cluster the current hop is in, large enough to
 * read from the back of a lecture hall. A hop inside a node frames that node's box (its eth0,
 * tables, cbr0 and pods); a hop on the outside host or a Service frames that box; a hop on the
 * node LAN keeps the frame it had. When the whole cluster fits at a readable zoom, it is shown
 * whole. Pure: boxes in, a box out.
 */
import type { Box, DiagramNode } from './layout';

/** The zoom at which the boxes' 11–12 px text reads at least as large as the window's own. */
export const READABLE_ZOOM = 1.15;

/** Every element's box in flow coordinates (children are placed relative to their parent). */
export function absoluteBoxes(nodes: DiagramNode[]): Map<string, Box & { parent?: string }> {
  const out = new Map<string, Box & { parent?: string }>();
  for (const n of nodes) {
    const p = n.parentId ? out.get(n.parentId) : undefined;
    out.set(n.id, { x: (p?.x ?? 0) + n.position.x, y: (p?.y ?? 0) + n.position.y, w: n.width ?? 0, h: n.height ?? 0, parent: n.parentId });
  }
  return out;
}

/**
 * The box to frame for a hop at `element`, or undefined to keep the frame. Outside the nodes,
 * the element's outermost box. Inside a node, half of it: the upper half (eth0, netfilter and
 * the routing table; also a hop on the node itself, a process in its root namespace) or the
 * lower (cbr0 and the pods), split above cbr0 (Calico, with no bridge: above the first pods).
 * A whole node is too tall to read on a 1280×720 projector; a half is read at about twice the
 * zoom, and the frame still cuts only when the packet crosses from one half to the other. A
 * lower half of more than two rows of pods is framed a row at a time (cbr0 with the first row,
 * then each row), cutting when the packet moves to another row. Each frame holds the room above
 * its boxes, where the packet's address label is.
 */
export function regionOf(boxes: Map<string, Box & { parent?: string }>, element: string | undefined): (Box & { id: string }) | undefined {
  if (!element) return undefined;
  let id = element;
  let box = boxes.get(id);
  while (box?.parent) {
    id = box.parent;
    box = boxes.get(id);
  }
  if (!box || id === 'lan') return undefined;
  const own = boxes.get(element);
  const rows = podRows(boxes, id);
  const bridge = boxes.get(`${id}/cbr0`);
  // Where the lower half starts: above cbr0 (the packet's label over it in the frame), or above the first pods' eth0 and label.
  const split = bridge ? bridge.y - LABEL_ROOM : rows.length > 0 ? rows[0].y - POD_ETH0_ABOVE - LABEL_ROOM : undefined;
  if (!own || split === undefined || split <= box.y) return { ...box, id };
  const upper = own.y < split || id === element;
  if (upper) return { x: box.x, y: box.y - LABEL_ROOM, w: box.w, h: split - box.y + LABEL_ROOM, id: `${id}#upper` };
  const bottom = box.y + box.h;
  if (bottom - split <= MAX_LOWER_H || rows.length < 2) return { x: box.x, y: split, w: box.w, h: bottom - split, id: `${id}#lower` };
  // The row the element is in (a pod, or its eth0 just above it); cbr0 goes with the first.
  const centre = own.y + own.h / 2;
  let row = 0;
  for (let r = 0; r < rows.length; r++) if (centre >= rows[r].y - POD_ETH0_ABOVE - LABEL_ROOM / 2) row = r;
  const top = row === 0 ? split : rows[row].y - POD_ETH0_ABOVE - LABEL_ROOM;
  const end = row === rows.length - 1 ? bottom : rows[row].y + rows[row].h + ROW_BELOW;
  return { x: box.x, y: top, w: box.w, h: end - top, id: `${id}#lower${row}` };
}

/** The rows of pods in a node, top to bottom: each row's top and height (flow coordinates). */
function podRows(boxes: Map<string, Box & { parent?: string }>, node: string): { y: number; h: number }[] {
  const rows = new Map<number, number>();
  for (const [key, b] of boxes) {
    if (b.parent !== node || !key.startsWith('pod/') || key.endsWith('/eth0')) continue;
    rows.set(b.y, Math.max(rows.get(b.y) ?? 0, b.h));
  }
  return [...rows].sort((a, b) => a[0] - b[0]).map(([y, h]) => ({ y, h }));
}

/** The room above every box where the packet's label stands (layout.ts's LABEL_ROOM). */
const LABEL_ROOM = 40;
/** A pod's eth0 sits this far above its box. */
const POD_ETH0_ABOVE = 16;
/** Below a row of pods, in a frame of one row: the top of the next row's eth0 stays out. */
const ROW_BELOW = 10;
/** A lower half taller than this (three rows of pods or more) is framed a row at a time. */
const MAX_LOWER_H = 420;

/** The room FrameHop leaves around what it frames, a fraction of the canvas (React Flow's fit padding). */
export const FRAME_PAD = 0.06;
/** A small box (the outside host, a Service) is framed with room around it: the LAN below it stays in view. */
const MIN_W = 600;
const MIN_H = 380;
/** Half a node is framed as it is (about 430×240 flow px): read at about twice the whole node's zoom. */
const MIN_HALF_W = 480;
const MIN_HALF_H = 300;

/** What the stage shows: the whole cluster, or a region's bounds (flow coordinates). */
export type Frame = { id: 'whole' } | { id: string; bounds: { x: number; y: number; width: number; height: number } };

/**
 * What the stage frames for the hop at `element` on a canvas of `width`×`height` px: the whole
 * cluster when it reads at READABLE_ZOOM, else the hop's region (regionOf) at least as large as
 * the least frames above; undefined keeps the frame there is (a hop on the LAN).
 */
export function frameFor(boxes: Map<string, Box & { parent?: string }>, whole: Box, element: string | undefined, width: number, height: number): Frame | undefined {
  const fitZoom = Math.min(width / (whole.w * (1 + 2 * FRAME_PAD)), height / (whole.h * (1 + 2 * FRAME_PAD)));
  if (fitZoom >= READABLE_ZOOM) return { id: 'whole' };
  const region = regionOf(boxes, element);
  if (!region) return undefined;
  const half = region.id.includes('#');
  const w = Math.max(region.w, half ? MIN_HALF_W : MIN_W);
  const h = Math.max(region.h, half ? MIN_HALF_H : MIN_H);
  return { id: region.id, bounds: { x: region.x + region.w / 2 - w / 2, y: region.y + region.h / 2 - h / 2, width: w, height: h } };
}

/** The bounds of all boxes. */
export function boundsOf(boxes: Map<string, Box>): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes.values()) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 1, h: 1 };
}

/** The label's offset right of the packet (flow px), and the least gap it keeps from the canvas's sides (screen px). */
const LABEL_OFFSET = 18;
const LABEL_MARGIN = 6;

/**
 * Where the packet's label starts, in flow px from the packet: right of it, unless that would run
 * past the canvas's right side (a framed half of a node fills the width), then shifted left as far
 * as needed, but not past the left side. It stays above the box, in the room left there.
 * `width` is the label's own width (flow px), `x` the packet's, `view` React Flow's transform.
 */
export function labelOffset(x: number, width: number, view: { tx: number; zoom: number; canvasWidth: number }): number {
  const { tx, zoom, canvasWidth } = view;
  let off = LABEL_OFFSET;
  if ((x + off + width) * zoom + tx > canvasWidth - LABEL_MARGIN) off = (canvasWidth - LABEL_MARGIN - tx) / zoom - x - width;
  if ((x + off) * zoom + tx < LABEL_MARGIN) off = (LABEL_MARGIN - tx) / zoom - x;
  return off;
}
