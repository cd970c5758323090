import { describe, expect, it } from 'vitest';
import { clockFrame } from './clock';
import { initialPlayer } from './machine';

const playing = { ...initialPlayer, status: 'playing' as const, total: 10, step: 3 };

describe('the player clock', () => {
  it('restarts its step timer when the step changes', () => {
    const f = clockFrame({ step: 2, startedAt: 0 }, 5000, playing, false);
    expect(f.clock).toEqual({ step: 3, startedAt: 5000 });
    expect(f.progress).toBe(0);
    expect(f.tick).toBe(false);
  });
  it('glides the packet, then ticks when the step time (900 ms at 1×) is up', () => {
    const clock = { step: 3, startedAt: 1000 };
    expect(clockFrame(clock, 1260, playing, false).progress).toBeCloseTo(0.5);
    expect(clockFrame(clock, 1600, playing, false).progress).toBe(1);
    expect(clockFrame(clock, 1899, playing, false).tick).toBe(false);
    expect(clockFrame(clock, 1900, playing, false).tick).toBe(true);
    expect(clockFrame(clock, 1450, { ...playing, speed: 2 }, false).tick).toBe(true);
  });
  it('never ticks unless playing, and jumps straight to the hop under reduced motion', () => {
    const clock = { step: 3, startedAt: 0 };
    expect(clockFrame(clock, 10_000, { ...playing, status: 'paused' }, false).tick).toBe(false);
    expect(clockFrame(clock, 1, playing, true).progress).toBe(1);
  });
});
