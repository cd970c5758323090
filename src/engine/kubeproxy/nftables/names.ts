/**
 * kube-proxy's nftables names (kubernetes `pkg/proxy/nftables/proxier.go`: hashAndTruncate,
 * servicePortChainNameBase, servicePortEndpointChainNameBase and the name prefixes): the start
 * of base32(sha256(name)), a hyphen, then the readable name, so that two endpoint chains that
 * differ in one digit still look different, and a name cut short stays unique.
 */
import { base32, sha256 } from '../../hash';
import type { Proto } from '../../netfilter/rules';

/** knftables.NameLengthMax (256) minus the longest prefix with its hyphen (16). */
const CHAIN_NAME_BASE_LENGTH_MAX = 256 - 16;

export const SERVICE_CHAIN_PREFIX = 'service-';
export const LOCAL_CHAIN_PREFIX = 'local-';
export const EXTERNAL_CHAIN_PREFIX = 'external-';
export const ENDPOINT_CHAIN_PREFIX = 'endpoint-';
export const AFFINITY_SET_PREFIX = 'affinity-';
export const FIREWALL_CHAIN_PREFIX = 'firewall-';

/** `hashAndTruncate`: 8 base32 characters of the name's SHA-256, a hyphen, the name (cut to 240 with `...`). */
export function hashAndTruncate(name: string): string {
  let out = `${base32(sha256(name)).slice(0, 8)}-${name}`;
  if (out.length > CHAIN_NAME_BASE_LENGTH_MAX) out = `${out.slice(0, CHAIN_NAME_BASE_LENGTH_MAX - 3)}...`;
  return out;
}

/** `ns/svc/proto/portName` with its hash: an unnamed port leaves the name empty after the last `/`. */
export function servicePortChainNameBase(namespace: string, service: string, proto: Proto, portName: string | undefined): string {
  return hashAndTruncate(`${namespace}/${service}/${proto}/${portName ?? ''}`);
}

/** `ns/svc/proto/portName__ip/port` with its hash (an IPv6 address would have its colons turned to dots). */
export function servicePortEndpointChainNameBase(namespace: string, service: string, proto: Proto, portName: string | undefined, ip: string, port: number): string {
  return hashAndTruncate(`${namespace}/${service}/${proto}/${portName ?? ''}__${ip.replaceAll(':', '.')}/${port}`);
}
