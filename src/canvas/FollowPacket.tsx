/**
 * "Follow the packet": while on, each new hop brings its element to the centre, zoomed in so
 * its text can be read from the back of a classroom. Turning it off shows the whole cluster
 * again. The view is set at once and the glide is a CSS transition of the viewport's transform
 * (styles.css, `.canvas.is-following`): the compositor plays it, where d3-zoom's scripted
 * interpolation would re-layer the canvas every frame. Reduced motion: the view jumps.
 */
import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStore } from '../store';

export function FollowPacket({ anchors, zoom }: { anchors: Record<string, { x: number; y: number }>; zoom: number }) {
  const flow = useReactFlow();
  const follow = useStore((s) => s.follow);
  const element = useStore((s) => s.trace.hops[s.player.step]?.element);
  const was = useRef(follow);
  useEffect(() => {
    if (follow && element && anchors[element]) {
      const a = anchors[element];
      void flow.setCenter(a.x, a.y, { zoom, duration: 0 });
    } else if (!follow && was.current) {
      void flow.fitView({ padding: 0.06 });
    }
    was.current = follow;
  }, [follow, element, anchors, zoom, flow]);
  return null;
}
