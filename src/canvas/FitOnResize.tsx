/**
 * The whole cluster stays in view when the canvas changes size (the editor hidden or shown,
 * the terminal opened, presenter mode), unless the view follows the packet.
 */
import { useReactFlow, useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStore } from '../store';

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
      if (!useStore.getState().follow) void flow.fitView({ padding: 0.06 });
    }, 120);
    return () => clearTimeout(timer);
  }, [width, height, flow]);
  return null;
}
