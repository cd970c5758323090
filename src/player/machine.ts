/**
 * The player as a pure state machine. Time is not read here: the clock sends `tick` when a
 * step's time is up, so tests drive the player without sleeping.
 *
 * `step` is the index of the hop on screen. idle: at the first hop, never started;
 * playing: advancing on ticks; paused: stopped mid-way; finished: on the last hop.
 */
export type Status = 'idle' | 'playing' | 'paused' | 'finished';

export interface PlayerState {
  status: Status;
  step: number;
  total: number;
  /** Multiplier of the base step time; 1 is one hop per second. */
  speed: number;
}

export type PlayerEvent =
  | { type: 'load'; total: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'tick' }
  | { type: 'stepForward' }
  | { type: 'stepBack' }
  | { type: 'reset' }
  | { type: 'end' }
  | { type: 'seek'; step: number }
  | { type: 'speed'; speed: number };

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export const initialPlayer: PlayerState = { status: 'idle', step: 0, total: 0, speed: 1 };

const last = (s: PlayerState) => Math.max(0, s.total - 1);
const clamp = (s: PlayerState, step: number) => Math.min(Math.max(0, step), last(s));

/** Where a manual move lands: on the last hop it is finished, elsewhere paused. */
function landed(s: PlayerState, step: number): PlayerState {
  const at = clamp(s, step);
  return { ...s, step: at, status: s.total > 0 && at === last(s) ? 'finished' : 'paused' };
}

export function transition(s: PlayerState, e: PlayerEvent): PlayerState {
  switch (e.type) {
    case 'load':
      return { ...s, total: e.total, step: 0, status: 'idle' };
    case 'play':
      if (s.total === 0) return s;
      // Playing from the end starts over, as a video player does.
      if (s.status === 'finished') return { ...s, step: 0, status: 'playing' };
      return { ...s, status: 'playing' };
    case 'pause':
      return s.status === 'playing' ? { ...s, status: 'paused' } : s;
    case 'toggle':
      return transition(s, { type: s.status === 'playing' ? 'pause' : 'play' });
    case 'tick':
      if (s.status !== 'playing') return s;
      return s.step >= last(s) ? { ...s, status: 'finished' } : { ...s, step: s.step + 1, status: s.step + 1 >= last(s) ? 'finished' : 'playing' };
    case 'stepForward':
      return s.total === 0 ? s : landed(s, s.step + 1);
    case 'stepBack':
      return s.total === 0 ? s : landed(s, s.step - 1);
    case 'reset':
      return { ...s, step: 0, status: 'idle' };
    case 'end':
      return s.total === 0 ? s : { ...s, step: last(s), status: 'finished' };
    case 'seek':
      return s.total === 0 ? s : landed(s, e.step);
    case 'speed':
      return { ...s, speed: e.speed };
  }
}

/** Milliseconds one hop stays on screen at the given speed. */
export function stepDuration(speed: number): number {
  return 900 / speed;
}
