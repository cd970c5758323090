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
 * the routing table) or the lower (cbr0 and the pods), split above cbr0. A whole node is too
 * tall to read on a 1280×720 projector; a half is read at about twice the zoom, and the frame
 * still cuts only when the packet crosses from one half to the other.
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
  const bridge = boxes.get(`${id}/cbr0`);
  const own = boxes.get(element);
  if (id === element || !bridge || !own) return { ...box, id };
  const split = bridge.y - SPLIT_ABOVE_BRIDGE;
  return own.y < bridge.y
    ? { x: box.x, y: box.y, w: box.w, h: split - box.y, id: `${id}#upper` }
    : { x: box.x, y: split, w: box.w, h: box.y + box.h - split, id: `${id}#lower` };
}

/** The lower half starts this far above cbr0: the packet's label over cbr0 stays in the frame. */
const SPLIT_ABOVE_BRIDGE = 40;

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
