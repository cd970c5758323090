/**
 * The hashes Kubernetes puts into names. Kept synchronous and dependency-free (Web Crypto's
 * digest is async), so a build stays a pure function.
 */
import { sha256Bytes, utf8 } from './sha';

/** SHA-256 of a UTF-8 string (FIPS 180-4). */
export const sha256 = (text: string): Uint8Array => sha256Bytes(utf8(text));

export function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(acc << (5 - bits)) & 31];
  return out;
}

/**
 * kube-proxy's chain-name hash: the first 16 base32 characters of sha256(input).
 * pkg/proxy/iptables/proxier.go `portProtoHash` and `servicePortEndpointChainName`.
 */
export function kubeProxyHash(input: string): string {
  let hash = hashes.get(input);
  if (hash === undefined) {
    hash = base32(sha256(input)).slice(0, 16);
    // A pure function of its input, asked again for every Service port and endpoint at every
    // build (a third of the rules' cost at 2,000 pods): remembered, within a bound.
    if (hashes.size >= HASHES_KEPT) hashes.clear();
    hashes.set(input, hash);
  }
  return hash;
}

const HASHES_KEPT = 50_000;
const hashes = new Map<string, string>();

/** FNV-1a, 32 bit: the hash Kubernetes uses for pod-template-hash (controller_utils.ComputeHash). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * k8s.io/apimachinery/pkg/util/rand: the alphabet without vowels and look-alikes, used for
 * generated name suffixes so that they never spell words.
 */
export const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** `rand.SafeEncodeString`: maps each character of `s` into the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[ch.codePointAt(0)! % SAFE_ALPHANUMS.length];
  return out;
}
