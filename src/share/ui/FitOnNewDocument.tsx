import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { requestFrame } from '../../canvas/FrameHop';
import { FRAME_PAD } from '../../canvas/frame';
import { useStore } from '../../store';

/**
 * When a whole new document arrives (a link, a file, a reset), the picture is fitted to it
 * again, once React Flow holds its nodes; edits in the editor keep the view where it is.
 */
export function FitOnNewDocument() {
  const textVersion = useStore((s) => s.textVersion);
  const { fitView, getNodes } = useReactFlow();
  const fitted = useRef(textVersion);
  useEffect(() => {
    if (fitted.current === textVersion) return;
    fitted.current = textVersion;
    const before = getNodes();
    let frame = 0;
    let frames = 0;
    let changed = false;
    const wait = () => {
      // One frame after the nodes changed, so that they are in React Flow's lookup too.
      if (changed || ++frames > 60) return void (useStore.getState().follow ? fitView({ padding: FRAME_PAD }) : requestFrame());
      changed = getNodes() !== before;
      frame = requestAnimationFrame(wait);
    };
    frame = requestAnimationFrame(wait);
    return () => cancelAnimationFrame(frame);
  }, [textVersion, fitView, getNodes]);
  return null;
}
