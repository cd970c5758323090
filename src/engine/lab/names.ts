/**
 * The names of the lab's network namespaces. They carry the node's or pod's own name so the
 * lab reads like the cluster (`podpath-pod-default.web-0`), unless that name holds a character
 * a namespace name cannot or should not: `ip netns` keeps each namespace as a file in
 * /run/netns (no `/`), and `down` reads them back from `ip netns list` one word at a time (no
 * space, no glob character). Such a name is replaced by a hash of it.
 */
import { kubeProxyHash } from '../hash';
import type { PodInfo } from '../model';

/** What `--prefix` may be: it starts every namespace name and must not start another lab's. */
export const LAB_PREFIX = /^[A-Za-z0-9]{1,20}$/;

export interface LabNames {
  lan: string;
  node: (name: string) => string;
  pod: (pod: Pick<PodInfo, 'namespace' | 'name'>) => string;
  external: (name: string) => string;
}

/** Letters, digits, `.`, `_` and `-`, not first: what a Kubernetes name is made of. */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

const part = (name: string) => (PLAIN.test(name) ? name : `x${kubeProxyHash(name).toLowerCase()}`);

export function labNames(prefix: string): LabNames {
  return {
    lan: `${prefix}-lan`,
    node: (name) => `${prefix}-node-${part(name)}`,
    pod: (pod) => `${prefix}-pod-${part(pod.namespace)}.${part(pod.name)}`,
    external: (name) => `${prefix}-ext-${part(name)}`,
  };
}
