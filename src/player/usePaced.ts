/**
 * A store value for a side panel, paced while the packet plays: it arrives some animation frames
 * after the canvas's, so that no one frame carries the whole hop. Each frame that changes the
 * page's paint costs the browser a full re-layering of the page (5–8 ms with a 200-pod canvas
 * in view on the bench machine), on top of that frame's own work; the canvas, the event list and
 * the inspector all in one frame made one frame of about 30 ms at every hop (npm run bench).
 * Paused, stepped by hand or finished, the value is there at once.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useStore, type AppState } from '../store';

export function usePaced<T>(selector: (s: AppState) => T, frames: number): T {
  const [value, setValue] = useState(() => selector(useStore.getState()));
  useEffect(() => {
    let latest = selector(useStore.getState());
    let frame = 0;
    setValue(() => latest);
    const later = (left: number) => {
      frame = requestAnimationFrame(() => (left > 1 ? later(left - 1) : flushSync(() => setValue(() => latest))));
    };
    const unsubscribe = useStore.subscribe((s) => {
      const next = selector(s);
      if (Object.is(next, latest)) return;
      latest = next;
      cancelAnimationFrame(frame);
      if (s.player.status === 'playing' && frames > 0) later(frames);
      else setValue(() => next);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [selector, frames]);
  return value;
}

/**
 * The frames the inspector waits, while playing, after the canvas: the frame after a hop is the
 * editor's (Monaco draws the new highlight in its own next animation frame), the one after that
 * the event list's (it turns a page when the hop leaves it); the third is free.
 */
export const INSPECTOR_FRAMES = 3;
