import { describe, expect, it } from 'vitest';
import { saveProbability } from '../netfilter/render';
import { formatFixedHalfEven, kubeProxyProbability } from './probability';

describe('load-balancing probabilities', () => {
  // shared/reference/kube-proxy.md §3.3: what kube-proxy writes, and what iptables-save shows.
  it.each([
    [2, '0.5000000000', '0.50000000000'],
    [3, '0.3333333333', '0.33333333349'],
    [4, '0.2500000000', '0.25000000000'],
    [5, '0.2000000000', '0.20000000019'],
    [6, '0.1666666667', '0.16666666651'],
    [7, '0.1428571429', '0.14285714272'],
    [9, '0.1111111111', '0.11111111101'],
    [10, '0.1000000000', '0.10000000009'],
    [11, '0.0909090909', '0.09090909082'],
    [12, '0.0833333333', '0.08333333349'],
    [20, '0.0500000000', '0.04999999981'],
    [100, '0.0100000000', '0.00999999978'],
  ])('1/%i is written %s and saved %s', (n, written, saved) => {
    expect(kubeProxyProbability(n)).toBe(written);
    expect(saveProbability(written)).toBe(saved);
  });
  it("rounds exact ties half to even, as Go's %0.10f does (toFixed would round up)", () => {
    expect(kubeProxyProbability(2048)).toBe('0.0004882812');
    expect((1 / 2048).toFixed(10)).toBe('0.0004882813');
    expect(formatFixedHalfEven(0.125, 2)).toBe('0.12');
    expect(formatFixedHalfEven(0.375, 2)).toBe('0.38');
  });
});
