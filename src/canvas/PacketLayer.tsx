/**
 * The moving packet, on its own layer above the edges (a ViewportPortal), driven by one
 * requestAnimationFrame loop that is also the player's clock: at each new hop the clock starts
 * the packet's glide as a compositor animation (see clock.ts). Edges never animate themselves.
 * The packet wears its request's color; the other requests kept side by side show as numbered
 * markers where they ended.
 */
import { useStoreApi, ViewportPortal } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { labelOffset } from './frame';
import { clockFrame, glideDuration, glideHold, glideKeyframes, type ClockState } from '../player/clock';
import { REQUEST_COLORS } from '../player/requests';
import { selectActiveColor, selectRequestList, selectRequestTraces, useStore } from '../store';

type Anchors = Record<string, { x: number; y: number }>;

export function PacketLayer({ anchors }: { anchors: Anchors }) {
  const dot = useRef<HTMLDivElement>(null);
  const label = useRef<HTMLSpanElement>(null);
  const anchorsRef = useRef(anchors);
  anchorsRef.current = anchors;
  const color = useStore(selectActiveColor);
  const flowStore = useStoreApi();

  useEffect(() => {
    let frame = 0;
    let clock: ClockState = { step: -1, startedAt: 0 };
    let shown: { hop: unknown; anchors: Anchors } | undefined;
    let glide: Animation | undefined;
    const motion = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    const at = (p: { x: number; y: number }) => `translate(${p.x}px, ${p.y}px)`;
    // The label's place: at each new hop, and when the view moves (a cut, a resize, a zoom).
    let placedAt: { x: number; y: number } | undefined;
    const placeLabel = () => {
      const el = label.current;
      if (!el || !placedAt) return;
      const { transform, width } = flowStore.getState();
      if (width === 0) return;
      // Monospace: its width follows from its length, without asking the browser for a layout.
      const size = parseFloat(getComputedStyle(el).fontSize) || 11;
      const w = Math.max(...(el.textContent ?? '').split('\n').map((l) => l.length)) * size * 0.61 + 12;
      el.style.left = `${labelOffset(placedAt.x, w, { tx: transform[0], zoom: transform[2], canvasWidth: width })}px`;
    };
    const unsubscribe = flowStore.subscribe((state, prev) => {
      if (state.transform !== prev.transform || state.width !== prev.width) placeLabel();
    });
    const loop = (now: number) => {
      let s = useStore.getState();
      let f = clockFrame(clock, now, s.player);
      if (f.tick) {
        // Advance first, so the panels' new hop and the packet's glide to it land in one frame:
        // every frame that changes the page's paint costs the browser a full re-layering.
        s.dispatch({ type: 'tick' });
        s = useStore.getState();
        f = clockFrame(f.clock, now, s.player);
      }
      clock = f.clock;
      const hops = s.trace.hops;
      const cur = hops[s.player.step];
      const el = dot.current;
      if (el && (f.started || shown?.hop !== cur || shown?.anchors !== anchorsRef.current)) {
        const prev = hops[Math.max(0, s.player.step - 1)];
        const a = prev && anchorsRef.current[prev.element];
        const b = cur && anchorsRef.current[cur.element];
        glide?.cancel();
        glide = undefined;
        if (a && b) {
          // The end position stays in the style; the compositor plays the way there.
          el.style.transform = at(b);
          el.style.opacity = '1';
          const duration = s.player.step === 0 || !f.started ? 0 : glideDuration(s.player.speed, motion?.matches ?? false);
          if (duration > 0 && typeof el.animate === 'function') glide = el.animate(glideKeyframes(at(a), at(b), duration, s.player.speed), { duration: glideHold(s.player.speed) });
          // The packet carries its current addresses, as a label, so the class can read them.
          // On two lines, source over destination: half as wide, so it stays beside its box (issue 13).
          if (label.current) label.current.textContent = `${cur.after.src}:${cur.after.sport} →\n${cur.after.dst}:${cur.after.dport}`;
          placedAt = b;
          placeLabel();
          el.dataset.phase = cur.phase;
          el.dataset.step = String(s.player.step);
        } else {
          el.style.opacity = '0';
        }
        shown = { hop: cur, anchors: anchorsRef.current };
      }
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(frame);
      unsubscribe();
      glide?.cancel();
    };
  }, [flowStore]);

  return (
    <ViewportPortal>
      <div className="packet-layer">
        <OtherRequests anchors={anchors} />
        <div ref={dot} className="packet" data-testid="packet" aria-hidden="true" style={{ ['--req' as string]: color }}>
          <span className="packet-body" />
          <span ref={label} className="packet-label" />
        </div>
      </div>
    </ViewportPortal>
  );
}

/** Where each other request ended on its way in: the pod that served it, or the hop that stopped it. */
function OtherRequests({ anchors }: { anchors: Anchors }) {
  const entries = useStore(selectRequestList);
  const traces = useStore(selectRequestTraces);
  const active = useStore((s) => s.activeRequest);
  return (
    <>
      {entries.map((e, i) => {
        if (i === active) return null;
        const hops = traces[i].hops;
        const end = hops[Math.max(0, traces[i].replyStart - 1)];
        const at = end && anchors[end.element];
        if (!at) return null;
        return (
          <div key={e.id} className="request-marker" data-testid={`request-marker-${i + 1}`} aria-hidden="true"
            style={{ transform: `translate(${at.x + 14 * i}px, ${at.y - 30}px)`, ['--req' as string]: REQUEST_COLORS[e.color] }}>
            {i + 1}
          </div>
        );
      })}
    </>
  );
}
