/**
 * "Follow the packet": while on, each new hop brings its element to the centre, zoomed in so
 * its text can be read from the back of a classroom. Turning it off shows the whole cluster
 * again. Reduced motion: the view jumps instead of gliding.
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
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const duration = reduced ? 0 : 450;
    if (follow && element && anchors[element]) {
      const a = anchors[element];
      void flow.setCenter(a.x, a.y, { zoom, duration });
    } else if (!follow && was.current) {
      void flow.fitView({ padding: 0.06, duration });
    }
    was.current = follow;
  }, [follow, element, anchors, zoom, flow]);
  return null;
}
