/**
 * The stage frames the current hop's part of the cluster when the whole of it would be too small
 * to read (src/canvas/frame.ts), and the whole cluster when it reads well. It cuts, once per change
 * of region or of canvas size, never per frame; while the view follows the packet, FollowPacket
 * owns the view. A manual zoom or pan stays until the hop moves to another region.
 */
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { absoluteBoxes, boundsOf, FRAME_PAD, frameFor } from './frame';
import type { DiagramNode } from './layout';

/** The event that asks the stage to be framed again (see requestFrame). */
const REFIT = 'podpath:frame';
const WHOLE = { id: 'whole' } as const;

/** Asks FrameHop to frame the stage again (the whole cluster or the hop's part, as it decides). */
export function requestFrame() {
  window.dispatchEvent(new Event(REFIT));
}

export function FrameHop({ nodes }: { nodes: DiagramNode[] }) {
  const flow = useReactFlow();
  const follow = useStore((s) => s.follow);
  const textVersion = useStore((s) => s.textVersion);
  const element = useStore((s) => s.trace.hops[s.player.step]?.element);
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const boxes = useMemo(() => absoluteBoxes(nodes), [nodes]);
  const whole = useMemo(() => boundsOf(boxes), [boxes]);
  const frame = useMemo(() => (width === 0 || height === 0 ? undefined : frameFor(boxes, whole, element, width, height)), [boxes, whole, element, width, height]);
  const last = useRef('');
  const [refits, setRefits] = useState(0);
  useEffect(() => {
    // The other reasons to fit (a new document, a resize, follow turned off) ask here: one place decides.
    const onRefit = () => setRefits((n) => n + 1);
    window.addEventListener(REFIT, onRefit);
    return () => window.removeEventListener(REFIT, onRefit);
  }, []);
  useEffect(() => {
    if (follow) return;
    // The first view is this one, as soon as the canvas has a size: React Flow's own first fit
    // (Canvas) showed the whole cluster first, and this cut to the hop's part 0.2 s later.
    const first = last.current === '';
    const target = frame ?? (first && width > 0 && height > 0 ? WHOLE : undefined);
    if (!target) return;
    const id = `${target.id}|${width}|${height}|${textVersion}|${whole.w}x${whole.h}|${refits}`;
    if (id === last.current) return;
    const fit = () => {
      last.current = id;
      if (!('bounds' in target)) return void flow.fitView({ padding: FRAME_PAD, duration: 0 });
      void flow.fitBounds(target.bounds, { padding: FRAME_PAD, duration: 0 });
    };
    if (first) return void fit();
    // After the other fits (on resize, on a new document), which run first.
    const timer = setTimeout(fit, 160);
    return () => clearTimeout(timer);
  }, [follow, frame, width, height, whole, textVersion, refits, flow]);
  return null;
}
