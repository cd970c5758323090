import { describe, expect, it } from 'vitest';
import { clockFrame, glideDuration, glideHold, glideKeyframes, GLIDE_EASING } from './clock';
import { initialPlayer, stepDuration } from './machine';

const playing = { ...initialPlayer, status: 'playing' as const, total: 10, step: 3 };

describe('the player clock', () => {
  it('restarts its step timer when the step changes, and says a glide starts', () => {
    const f = clockFrame({ step: 2, startedAt: 0 }, 5000, playing);
    expect(f).toEqual({ clock: { step: 3, startedAt: 5000 }, started: true, tick: false });
    expect(clockFrame(f.clock, 5016, playing).started).toBe(false);
  });
  it('ticks when the step time (900 ms at 1×) is up', () => {
    const clock = { step: 3, startedAt: 1000 };
    expect(clockFrame(clock, 1899, playing).tick).toBe(false);
    expect(clockFrame(clock, 1900, playing).tick).toBe(true);
    expect(clockFrame(clock, 1450, { ...playing, speed: 2 }).tick).toBe(true);
  });
  it('never ticks unless playing', () => {
    for (const status of ['idle', 'paused', 'finished'] as const) expect(clockFrame({ step: 3, startedAt: 0 }, 10_000, { ...playing, status }).tick).toBe(false);
  });
  it('glides for most of a step, at most 520 ms, and not at all under reduced motion', () => {
    expect(glideDuration(1, false)).toBe(520);
    expect(glideDuration(4, false)).toBe(135);
    expect(glideDuration(1, true)).toBe(0);
  });
  it('holds the packet at the hop after the glide, past the next tick, so a playing glide never ends mid-step', () => {
    for (const speed of [0.25, 0.5, 1, 2, 4]) expect(glideHold(speed)).toBeGreaterThan(stepDuration(speed));
    expect(glideKeyframes('translate(0px, 0px)', 'translate(10px, 20px)', 520, 1)).toEqual([
      { transform: 'translate(0px, 0px)', offset: 0, easing: GLIDE_EASING },
      { transform: 'translate(10px, 20px)', offset: 520 / 1800 },
      { transform: 'translate(10px, 20px)', offset: 1 },
    ]);
  });
});
