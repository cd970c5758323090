/**
 * Addresses and CIDRs as the API server parses them for a NetworkPolicy's `ipBlock`:
 * k8s.io/utils/net ParseCIDRSloppy, a fork of Go 1.16's net.ParseCIDR that still takes IPv4
 * fields with leading zeros (`010.0.0.0/8`). IPv4 and IPv6, host bits allowed (a CIDR with host
 * bits set means its network: `10.244.1.10/4` is `0.0.0.0/4`). Values are bigints, so one code
 * path serves both families.
 */

/** One address: its family and its value (32 or 128 bits). */
export interface Addr {
  v6: boolean;
  value: bigint;
}

/** A network: the address with the host bits cleared, and the prefix length. */
export interface Net {
  v6: boolean;
  base: bigint;
  bits: number;
}

const width = (v6: boolean) => (v6 ? 128 : 32);

/** Go's parseIPv4 (1.16): four decimal fields, each at most 255, leading zeros allowed. */
function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256n + BigInt(n);
  }
  return value;
}

/** Go's parseIPv6: hex groups of at most four digits, one `::`, an IPv4 tail allowed; no zone. */
function parseV6(text: string): bigint | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseV4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** ParseIPSloppy: an IPv4 or IPv6 address, or undefined. */
export function parseAddr(text: string): Addr | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = parseV6(text);
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

/** ParseCIDRSloppy: `address/prefix`, the prefix decimal digits within the family's width. */
export function parseCidrSloppy(text: string): Net | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddr(text.slice(0, slash));
  const mask = text.slice(slash + 1);
  if (!addr || !/^\d+$/.test(mask)) return undefined;
  const bits = Number(mask);
  const w = width(addr.v6);
  if (bits > w) return undefined;
  const host = w - bits;
  return { v6: addr.v6, base: (addr.value >> BigInt(host)) << BigInt(host), bits };
}

/** IPNet.Contains: same family, and the network bits equal. */
export function netContains(net: Net, addr: Addr): boolean {
  if (net.v6 !== addr.v6) return false;
  const host = BigInt(width(net.v6) - net.bits);
  return addr.value >> host === net.base >> host;
}

/** True when `ip` (text) lies in `cidr` (text); anything malformed is simply not contained. */
export function cidrHas(cidr: string, ip: string): boolean {
  const net = parseCidrSloppy(cidr);
  const addr = parseAddr(ip);
  return net !== undefined && addr !== undefined && netContains(net, addr);
}
