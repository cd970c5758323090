/**
 * "Follow the packet": while on, the view is zoomed in so the text can be read from the back
 * of a classroom, and it moves when the current hop's element leaves the middle of the
 * canvas, bringing it to the centre. It cuts rather than pans: a scripted pan re-layers the
 * canvas every frame, and a CSS one re-rasters a 200-pod canvas as it scrolls in, both far
 * below 60 fps (npm run bench). Few cuts are needed: many hops happen in one box. Turning it
 * off shows the whole cluster again.
 */
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { requestFrame } from './FrameHop';

/** The part of the canvas (from its centre, as a share of each side) the element may wander in. */
const SLACK = 0.18;

export function FollowPacket({ anchors, zoom }: { anchors: Record<string, { x: number; y: number }>; zoom: number }) {
  const flow = useReactFlow();
  const follow = useStore((s) => s.follow);
  const element = useStore((s) => s.trace.hops[s.player.step]?.element);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const was = useRef(follow);
  useEffect(() => {
    if (follow && element && anchors[element]) {
      const a = anchors[element];
      const v = flow.getViewport();
      const x = a.x * v.zoom + v.x;
      const y = a.y * v.zoom + v.y;
      const inside = Math.abs(x - width / 2) <= width * SLACK && Math.abs(y - height / 2) <= height * SLACK;
      if (Math.abs(v.zoom - zoom) > 0.01 || !inside) void flow.setCenter(a.x, a.y, { zoom, duration: 0 });
    } else if (!follow && was.current) {
      requestFrame();
    }
    was.current = follow;
  }, [follow, element, anchors, zoom, flow, width, height]);
  return null;
}
