import { describe, expect, it } from 'vitest';
import { rebuildDelay } from './rebuildDelay';

describe('the editor\'s wait before a build', () => {
  it('is none for the first change after a pause, whatever the last build cost', () => {
    expect(rebuildDelay(400, 501)).toBe(0);
    expect(rebuildDelay(400, Infinity)).toBe(0);
  });
  it('within a burst of typing, follows the last build\'s cost up to 250 ms', () => {
    expect([rebuildDelay(3.4, 100), rebuildDelay(120, 100), rebuildDelay(400, 500), rebuildDelay(-1, 0)]).toEqual([3, 120, 250, 0]);
  });
});
