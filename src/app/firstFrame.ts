/**
 * The page is drawn in stages, each after the previous one was painted:
 *
 * 0. the first frame: the header's brand, the request bar, the picture and the player;
 * 1. the rest of the page (app/Later.tsx): the side panels, the header's tools, the dialogs;
 * 2. the editor's Monaco (3.5 MB of script, half a second of this machine's time to compile,
 *    run and create), and the engine's worker when the first picture came with the page;
 * 3. the editor is in: what can wait (the offline copy, the other lessons) goes on.
 *
 * Drawn together, the panels held the picture back by a third, and Monaco run beside the
 * panels held them back by half a second (npm run bench, "canvas with boxes").
 */
import { useEffect, useSyncExternalStore } from 'react';

export type Stage = 0 | 1 | 2 | 3;

/** A hidden tab paints no frame: the next stage comes anyway after this long. */
const AT_THE_LATEST_MS = 1000;
/** What waits for the editor waits no longer than this once its turn came (embedded, a document too large for it). */
const EDITOR_AT_THE_LATEST_MS = 5000;

let stage: Stage = typeof requestAnimationFrame === 'undefined' ? 3 : 0;
const listeners = new Set<() => void>();

/** Moves the page on to `next` (never back). */
export function reachStage(next: Stage): void {
  if (stage >= next) return;
  stage = next;
  for (const l of [...listeners]) l();
}

/** Runs `fn` in the task after the next frame is painted (a frame callback runs before the paint; the timeout it sets, after). */
export function afterPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (!done) fn();
    done = true;
  };
  const fallback = setTimeout(once, AT_THE_LATEST_MS);
  requestAnimationFrame(() => {
    clearTimeout(fallback);
    setTimeout(once, 0);
  });
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const current = () => stage;

/** The stage the page is at (re-renders when it moves on). */
export function useStage(): Stage {
  return useSyncExternalStore(subscribe, current, current);
}

/** Called by what draws a stage: once it is committed (and `ready`), the next stage follows its paint. */
export function useStageDrawn(drawn: Stage, ready = true): void {
  useEffect(() => {
    if (ready && stage === drawn) afterPaint(() => reachStage((drawn + 1) as Stage));
  }, [drawn, ready]);
}

/** Resolves once the page is at `wanted`. */
export function whenStage(wanted: Stage): Promise<void> {
  if (stage >= wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (stage < wanted) return;
      listeners.delete(check);
      resolve();
    };
    listeners.add(check);
  });
}

/** Resolves once the editor is in, or a while after its turn came (it may never come: embedded, too large a document). */
export function whenSettled(): Promise<void> {
  return Promise.race([whenStage(3), whenStage(2).then(() => new Promise<void>((r) => setTimeout(r, EDITOR_AT_THE_LATEST_MS)))]);
}
