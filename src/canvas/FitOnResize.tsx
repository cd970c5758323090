/**
 * The stage is framed again (the whole cluster, or the hop's part: FrameHop) when the canvas changes size (the editor hidden or shown,
 * the terminal opened, presenter mode), unless the view follows the packet.
 */
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { requestFrame } from './FrameHop';

export function FitOnResize() {
  const flow = useReactFlow();
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      if (!useStore.getState().follow) requestFrame();
    }, 120);
    return () => clearTimeout(timer);
  }, [width, height, flow]);
  return null;
}
