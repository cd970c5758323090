/**
 * The moving packet, on its own layer above the edges (a ViewportPortal), moved by one
 * requestAnimationFrame loop that is also the player's clock. Edges never animate themselves.
 */
import { ViewportPortal } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { clockFrame, ease, type ClockState } from '../player/clock';
import { useStore } from '../store';

export function PacketLayer({ anchors }: { anchors: Record<string, { x: number; y: number }> }) {
  const dot = useRef<HTMLDivElement>(null);
  const label = useRef<HTMLSpanElement>(null);
  const anchorsRef = useRef(anchors);
  anchorsRef.current = anchors;

  useEffect(() => {
    let frame = 0;
    let clock: ClockState = { step: -1, startedAt: 0 };
    let shown: unknown;
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const loop = (now: number) => {
      const s = useStore.getState();
      const f = clockFrame(clock, now, s.player, reduced);
      clock = f.clock;
      const hops = s.trace.hops;
      const cur = hops[s.player.step];
      const prev = hops[Math.max(0, s.player.step - 1)];
      const a = prev && anchorsRef.current[prev.element];
      const b = cur && anchorsRef.current[cur.element];
      const el = dot.current;
      if (el) {
        if (a && b) {
          const k = s.player.step === 0 ? 1 : ease(f.progress);
          el.style.transform = `translate(${a.x + (b.x - a.x) * k}px, ${a.y + (b.y - a.y) * k}px)`;
          el.style.opacity = '1';
          el.dataset.phase = cur.phase;
          if (shown !== cur && label.current) {
            // The packet carries its current addresses, as a label, so the class can read them.
            label.current.textContent = `${cur.after.src}:${cur.after.sport} → ${cur.after.dst}:${cur.after.dport}`;
            shown = cur;
          }
          el.dataset.step = String(s.player.step);
        } else {
          el.style.opacity = '0';
        }
      }
      if (f.tick) s.dispatch({ type: 'tick' });
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, []);

  return (
    <ViewportPortal>
      <div className="packet-layer">
        <div ref={dot} className="packet" data-testid="packet" aria-hidden="true">
          <span className="packet-body" />
          <span ref={label} className="packet-label" />
        </div>
      </div>
    </ViewportPortal>
  );
}
