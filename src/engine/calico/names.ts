/**
 * Names Calico gives things on a node, computed as its sources compute them.
 */
import { base64RawUrl, hex, sha1Bytes, sha256Bytes, utf8 } from '../sha';

/**
 * The host end of a pod's veth: "cali" and the first 11 hex digits of SHA-1("namespace.pod")
 * (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go,
 * VethNameForWorkload, v3.29.7 @82fd18c2; the CNI plugin uses it in cni-plugin/pkg/k8s/k8s.go).
 */
export function calicoVethName(namespace: string, pod: string): string {
  return `cali${hex(sha1Bytes(utf8(`${namespace}.${pod}`))).slice(0, 11)}`;
}

/** iptables' limit on a chain name (felix/iptables/table.go MaxChainNameLength). */
export const MAX_CHAIN_NAME = 28;

/**
 * felix/hashutils/id.go GetLengthLimitedID: the prefix and the suffix when they fit in
 * `maxLength`, else the prefix, `_` and the start of base64url(SHA-256(suffix)).
 */
export function lengthLimitedId(prefix: string, suffix: string, maxLength = MAX_CHAIN_NAME): string {
  const total = prefix.length + suffix.length;
  if (total > maxLength || (total === maxLength && suffix.startsWith('_'))) {
    return `${prefix}_${base64RawUrl(sha256Bytes(utf8(suffix))).slice(0, maxLength - 1 - prefix.length)}`;
  }
  return prefix + suffix;
}
