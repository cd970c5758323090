import { describe, expect, it } from 'vitest';
import { initialPlayer, transition, type PlayerEvent, type PlayerState, type Status } from './machine';

const at = (status: Status, step: number, total = 5): PlayerState => ({ ...initialPlayer, status, step, total });

describe('player transitions', () => {
  const table: [PlayerState, PlayerEvent, Status, number][] = [
    [at('idle', 0, 0), { type: 'load', total: 5 }, 'idle', 0],
    [at('paused', 3), { type: 'load', total: 7 }, 'idle', 0],
    [at('idle', 0), { type: 'play' }, 'playing', 0],
    [at('idle', 0, 0), { type: 'play' }, 'idle', 0],
    [at('paused', 2), { type: 'play' }, 'playing', 2],
    [at('finished', 4), { type: 'play' }, 'playing', 0],
    [at('playing', 2), { type: 'pause' }, 'paused', 2],
    [at('idle', 0), { type: 'pause' }, 'idle', 0],
    [at('playing', 2), { type: 'toggle' }, 'paused', 2],
    [at('paused', 2), { type: 'toggle' }, 'playing', 2],
    [at('playing', 1), { type: 'tick' }, 'playing', 2],
    [at('playing', 3), { type: 'tick' }, 'finished', 4],
    [at('playing', 4), { type: 'tick' }, 'finished', 4],
    [at('paused', 1), { type: 'tick' }, 'paused', 1],
    [at('idle', 0), { type: 'stepForward' }, 'paused', 1],
    [at('paused', 3), { type: 'stepForward' }, 'finished', 4],
    [at('finished', 4), { type: 'stepForward' }, 'finished', 4],
    [at('playing', 2), { type: 'stepForward' }, 'paused', 3],
    [at('finished', 4), { type: 'stepBack' }, 'paused', 3],
    [at('paused', 0), { type: 'stepBack' }, 'paused', 0],
    [at('paused', 3), { type: 'reset' }, 'idle', 0],
    [at('playing', 1), { type: 'end' }, 'finished', 4],
    [at('idle', 0), { type: 'seek', step: 2 }, 'paused', 2],
    [at('idle', 0), { type: 'seek', step: 99 }, 'finished', 4],
    [at('idle', 0), { type: 'seek', step: -3 }, 'paused', 0],
  ];
  it.each(table)('%o + %o → %s at %i', (state, event, status, step) => {
    const next = transition(state, event);
    expect(next.status).toBe(status);
    expect(next.step).toBe(step);
  });
  it('keeps the speed across moves and sets it on demand', () => {
    const s = transition(at('paused', 1), { type: 'speed', speed: 2 });
    expect(s.speed).toBe(2);
    expect(transition(s, { type: 'stepForward' }).speed).toBe(2);
  });
});
