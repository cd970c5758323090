/**
 * React Flow measures a box the first time it sees its object, and until then draws it even
 * off screen (getNodesInside's forceInitialRender: no handle bounds yet). Every build lays the
 * cluster out afresh, so on 2,000 pods every build mounted, measured and unmounted 4,000 boxes:
 * seconds of a frozen tab for one keystroke. But a box's measurements are a function of its
 * type and size, which the layout fixes (style width and height): a box laid out with the type
 * and size it had keeps the measurements React Flow took, and adoptUserNodes keeps its handle
 * bounds with them (parseHandles), so only new or resized boxes are drawn to be measured.
 */
import type { DiagramNode } from './layout';

/**
 * The boxes to show for `next`: each carries the measurements of the box with its id in
 * `shown` (React Flow's current objects) when the type and size are the same. Always a new
 * array: the caller tells a new build from React Flow's own updates by it.
 */
function sameHandles(a: DiagramNode, b: DiagramNode): boolean {
  return (a.data.handles ?? []).join() === (b.data.handles ?? []).join();
}

export function keepMeasured(shown: DiagramNode[], next: DiagramNode[]): DiagramNode[] {
  const byId = new Map<string, DiagramNode>();
  for (const n of shown) if (n.measured?.width !== undefined && n.measured.height !== undefined) byId.set(n.id, n);
  return next.map((node) => {
    const before = byId.get(node.id);
    // Handle bounds are measured with the box: one whose edges use other handles is measured again.
    return before && before.type === node.type && before.width === node.width && before.height === node.height && before.parentId === node.parentId && sameHandles(before, node)
      ? { ...node, measured: before.measured }
      : node;
  });
}
