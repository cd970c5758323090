/**
 * The one clock: called once per animation frame with the current time, it says how far the
 * packet has glided toward the current hop and whether the step's time is up. Pure, so tests
 * pass times in instead of waiting.
 */
import { stepDuration, type PlayerState } from './machine';

export interface ClockState {
  step: number;
  startedAt: number;
}

export interface Frame {
  clock: ClockState;
  /** 0..1: how far the packet is between the previous hop and the current one. */
  progress: number;
  /** True when the player should advance to the next hop now. */
  tick: boolean;
}

export function clockFrame(clock: ClockState, now: number, player: PlayerState, reducedMotion: boolean): Frame {
  const next = player.step === clock.step ? clock : { step: player.step, startedAt: now };
  const elapsed = now - next.startedAt;
  const duration = stepDuration(player.speed);
  const glide = Math.min(duration * 0.6, 520);
  return {
    clock: next,
    progress: reducedMotion ? 1 : Math.min(1, elapsed / glide),
    tick: player.status === 'playing' && elapsed >= duration,
  };
}

/** Ease in and out, so the packet starts and lands softly. */
export function ease(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
