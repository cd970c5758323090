/**
 * Identifiers the API server and the node agents make up: UIDs, resource versions, container
 * IDs and image digests. Real ones are random; these are hashes of the object's identity, so
 * they are stable across builds and still look like the real thing.
 */
import { fnv32a, sha256 } from '../hash';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** 64 hex digits, the shape of a containerd container ID or an image digest. */
export function digest(seed: string): string {
  return hex(sha256(seed));
}

/** metadata.uid: a version-4 UUID (types.UID from uuid.NewUUID) drawn from the object's kind, namespace and name. */
export function uid(kind: string, namespace: string | undefined, name: string): string {
  const seed = `uid/${kind}/${namespace ?? ''}/${name}`;
  const known = uids.get(seed);
  if (known) return known;
  // Every endpoint names its pod by uid: on a big cluster the same pods come up thousands of times.
  if (uids.size > 50_000) uids.clear();
  const value = uuidFrom(digest(seed));
  uids.set(seed, value);
  return value;
}

const uids = new Map<string, string>();

function uuidFrom(h: string): string {
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** metadata.resourceVersion: etcd's revision as a decimal string. */
export function resourceVersion(kind: string, namespace: string | undefined, name: string): string {
  return String(1000 + (fnv32a(`rv/${kind}/${namespace ?? ''}/${name}`) % 899000));
}
