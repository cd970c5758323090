import { describe, expect, it } from 'vitest';
import { capped } from './capped';

describe('capped', () => {
  it('keeps a short list whole', () => {
    expect(capped([1, 2, 3])).toEqual({ shown: [1, 2, 3], more: 0 });
  });
  it('shows the first items of a long one, the chosen one kept, and counts the rest', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    expect(capped(items, () => false, 10)).toEqual({ shown: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], more: 990 });
    expect(capped(items, (i) => i === 500, 10)).toEqual({ shown: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 500], more: 989 });
  });
});
