/**
 * The one clock: called once per animation frame with the current time, it says whether a new
 * hop came on screen in this frame (the packet starts its glide to it) and whether the step's
 * time is up (the player advances). Pure, so tests pass times in instead of waiting.
 *
 * The glide itself is handed to the compositor (a Web Animation of the packet's transform,
 * started by the clock's frame): moving it from script every frame makes the browser re-layer
 * the whole canvas each frame, 37 fps instead of 60 on a 200-pod cluster (npm run bench).
 */
import { stepDuration, type PlayerState } from './machine';

export interface ClockState {
  step: number;
  startedAt: number;
}

export interface Frame {
  clock: ClockState;
  /** True in the frame where the current hop changed: a glide starts now. */
  started: boolean;
  /** True when the player should advance to the next hop now. */
  tick: boolean;
}

export function clockFrame(clock: ClockState, now: number, player: PlayerState): Frame {
  const started = player.step !== clock.step;
  const next = started ? { step: player.step, startedAt: now } : clock;
  return { clock: next, started, tick: player.status === 'playing' && now - next.startedAt >= stepDuration(player.speed) };
}

/** How long the packet glides to a hop: most of the step, at most 520 ms; none under reduced motion. */
export function glideDuration(speed: number, reducedMotion: boolean): number {
  return reducedMotion ? 0 : Math.min(stepDuration(speed) * 0.6, 520);
}

/** The easing of the glide (ease in and out, CSS's form of 2t² / 1 − (−2t + 2)² / 2). */
export const GLIDE_EASING = 'cubic-bezier(0.45, 0, 0.55, 1)';

/**
 * How long the packet's animation lasts: the glide, then a hold at the hop, longer than the
 * step, so that while playing the next hop's glide replaces it before it ends. An animation
 * that ends mid-step costs the browser a full re-layering of the page in a frame of its own.
 */
export function glideHold(speed: number): number {
  return stepDuration(speed) * 2;
}

/** The packet's keyframes: from a to b, eased, over `glide` ms of the glideHold(speed) ms; then at b. */
export function glideKeyframes(from: string, to: string, glide: number, speed: number): Keyframe[] {
  return [
    { transform: from, offset: 0, easing: GLIDE_EASING },
    { transform: to, offset: Math.min(1, glide / glideHold(speed)) },
    { transform: to, offset: 1 },
  ];
}

/**
 * GLIDE_EASING in script, for what draws frames itself (the WebM export): easeInOutQuad, the
 * curve cubic-bezier(0.45, 0, 0.55, 1) approximates.
 */
export function ease(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
