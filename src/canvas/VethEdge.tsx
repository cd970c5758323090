import { BaseEdge, EdgeLabelRenderer, getStraightPath, type EdgeProps } from '@xyflow/react';
import { useStore } from '../store';

/** A veth pair, drawn from the pod's eth0 to cbr0 and labelled with the host-side name. */
export function VethEdge({ id, sourceX, sourceY, targetX, targetY, data }: EdgeProps) {
  const [path, labelX, labelY] = getStraightPath({ sourceX, sourceY, targetX, targetY });
  const current = useStore((s) => s.trace.hops[s.player.step]?.element === id);
  return (
    <>
      <BaseEdge id={id} path={path} className={`edge-veth${current ? ' is-current' : ''}`} />
      <EdgeLabelRenderer>
        <div className={`veth-label${current ? ' is-current' : ''}`} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, zIndex: 1001 }}>
          {String((data as { veth?: string })?.veth ?? '')}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
