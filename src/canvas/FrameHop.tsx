/**
 * The stage frames the current hop's part of the cluster when the whole of it would be too small
 * to read (src/canvas/frame.ts), and the whole cluster when it reads well. It cuts, once per change
 * of region or of canvas size, never per frame; while the view follows the packet, FollowPacket
 * owns the view. A manual zoom or pan stays until the hop moves to another region.
 */
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { absoluteBoxes, boundsOf, READABLE_ZOOM, regionOf } from './frame';
import type { DiagramNode } from './layout';

const PAD = 0.06;
/** The event that asks the stage to be framed again (see requestFrame). */
const REFIT = 'podpath:frame';

/** Asks FrameHop to frame the stage again (the whole cluster or the hop's part, as it decides). */
export function requestFrame() {
  window.dispatchEvent(new Event(REFIT));
}
/** A small box (the outside host, a Service) is framed with room around it: the LAN below it stays in view. */
const MIN_W = 600;
const MIN_H = 380;
/** Half a node is framed as it is (about 430×240 flow px): read at about twice the whole node's zoom. */
const MIN_HALF_W = 480;
const MIN_HALF_H = 300;

export function FrameHop({ nodes }: { nodes: DiagramNode[] }) {
  const flow = useReactFlow();
  const follow = useStore((s) => s.follow);
  const textVersion = useStore((s) => s.textVersion);
  const element = useStore((s) => s.trace.hops[s.player.step]?.element);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const boxes = useMemo(() => absoluteBoxes(nodes), [nodes]);
  const whole = useMemo(() => boundsOf(boxes), [boxes]);
  const region = regionOf(boxes, element);
  const key = region?.id;
  const last = useRef('');
  const [refits, setRefits] = useState(0);
  useEffect(() => {
    // The other reasons to fit (a new document, a resize, follow turned off) ask here: one place decides.
    const onRefit = () => setRefits((n) => n + 1);
    window.addEventListener(REFIT, onRefit);
    return () => window.removeEventListener(REFIT, onRefit);
  }, []);
  useEffect(() => {
    if (follow || width === 0 || height === 0) return;
    const fitZoom = Math.min(width / (whole.w * (1 + 2 * PAD)), height / (whole.h * (1 + 2 * PAD)));
    const target = fitZoom >= READABLE_ZOOM ? 'whole' : key;
    const id = `${target}|${width}|${height}|${textVersion}|${whole.w}x${whole.h}|${refits}`;
    if (target === undefined || id === last.current) return;
    // After the other fits (on resize, on a new document), which run first.
    const timer = setTimeout(() => {
      last.current = id;
      if (target === 'whole' || !region) return void flow.fitView({ padding: PAD, duration: 0 });
      const half = region.id.includes('#');
      const w = Math.max(region.w, half ? MIN_HALF_W : MIN_W);
      const h = Math.max(region.h, half ? MIN_HALF_H : MIN_H);
      void flow.fitBounds({ x: region.x + region.w / 2 - w / 2, y: region.y + region.h / 2 - h / 2, width: w, height: h }, { padding: PAD, duration: 0 });
    }, 160);
    return () => clearTimeout(timer);
  }, [follow, key, region, width, height, whole, textVersion, refits, flow]);
  return null;
}
