/**
 * kube-proxy writes each load-balancing rule's probability as Go's `%0.10f` of 1/n
 * (pkg/proxy/iptables/proxier.go `probability`). Go rounds the exact binary value half to
 * even; JavaScript's toFixed rounds ties up, which differs for exact ties such as 1/2048.
 * So the decimal is computed exactly here, with BigInt.
 */
export function formatFixedHalfEven(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`unsupported value ${x}`);
  // x = mantissa × 2^exponent exactly, with an integer mantissa.
  let mantissa = x;
  let exponent = 0;
  while (!Number.isInteger(mantissa)) {
    mantissa *= 2;
    exponent -= 1;
  }
  const num = BigInt(mantissa) * 10n ** BigInt(digits);
  const den = 2n ** BigInt(-exponent);
  let q = num / den;
  const r = num % den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(digits + 1, '0');
  return `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
}

/** The probability kube-proxy gives the first of `n` remaining endpoints. */
export function kubeProxyProbability(n: number): string {
  return formatFixedHalfEven(1 / n, 10);
}
