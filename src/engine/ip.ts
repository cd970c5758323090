/** IPv4 arithmetic. Addresses are kept as dotted strings at the edges and as uint32 inside. */

export interface Cidr {
  base: number;
  bits: number;
}

/** Parses `a.b.c.d`; returns undefined for anything else (no leading zeros, no spaces). */
export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const base = parseIp(addr);
  const bits = Number(len);
  if (base === undefined || bits > 32) return undefined;
  return { base: base - (base % 2 ** (32 - bits)), bits };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.bits}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.bits);
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.base && ip < cidr.base + cidrSize(cidr);
}

/** The n-th address of a CIDR (0 is the network address). */
export function nthAddress(cidr: Cidr, n: number): string {
  return formatIp(cidr.base + n);
}

/** True when `ip` (dotted) lies in `cidr` (text). Malformed input is simply not contained. */
export function inCidr(ip: string, cidr: string): boolean {
  const c = parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`);
  const v = parseIp(ip);
  return c !== undefined && v !== undefined && cidrContains(c, v);
}

/** Compares dotted addresses numerically, for stable listings. */
export function compareIp(a: string, b: string): number {
  return (parseIp(a) ?? 0) - (parseIp(b) ?? 0);
}
