/**
 * Clusters with hostile names, for the lab's tests (the script's text, and the kernel test that
 * runs it as root). The API server refuses such names, so they are written into a cluster built
 * from a tame one, the way a missed validation would let them through: the lab's quoting must
 * hold on its own.
 */
import { buildCluster } from '../build';
import type { Cluster } from '../model';

/** A pod behind a NodePort Service with a named port, a hostNetwork pod, the outside host. */
export const TAME = `apiVersion: v1
kind: Pod
metadata:
  name: web-pod
  labels:
    app: web
spec:
  nodeName: node02
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: hostnet-pod
spec:
  nodeName: node01
  hostNetwork: true
  containers:
  - name: agent
    image: agent
    ports:
    - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web-svc
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - name: webport
    port: 80
    nodePort: 30080
`;

/**
 * What each tame name becomes: every way out of a shell word (quotes, `$(…)`, backticks, `;`,
 * globs, a `)` that would end a `case` pattern, newlines followed by the script's own
 * here-document delimiters), each trying to create a file in `marker`, a directory the test
 * watches. The names carried into iptables comments hold no control character, so the rules
 * still load (see `newlinePortCluster` for one that does).
 */
export function hostileNames(marker: string) {
  return {
    pod: `web"'$(touch ${marker}/pod)\`touch ${marker}/pod-bt\`;*)\nRULES\nJS\ntouch ${marker}/pod-nl`,
    hostNetworkPod: `$(touch ${marker}/hostnet)*)`,
    service: `svc'"\\$(touch ${marker}/svc);\`touch ${marker}/svc-bt\``,
    port: `p'"\\;*)$(touch ${marker}/port)`,
    node: `node02'$(touch ${marker}/node)"`,
    external: `client;touch ${marker}/external`,
  };
}

export type HostileNames = ReturnType<typeof hostileNames>;

/** Every string in `value` (keys too, Maps' too: kube-proxy's nftables table) with `replace` applied. */
function rename<T>(value: T, replace: (s: string) => string): T {
  if (typeof value === 'string') return replace(value) as T;
  if (Array.isArray(value)) return value.map((v) => rename(v, replace)) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [rename(k, replace), rename(v, replace)])) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [replace(k), rename(v, replace)])) as T;
  return value;
}

/** `TAME`, built, then every name replaced by its hostile one wherever it occurs. */
export function hostileCluster(names: HostileNames, yaml = TAME): Cluster {
  const tame = buildCluster(yaml);
  return rename(tame, (s) =>
    s === 'client'
      ? names.external
      : s.replaceAll('hostnet-pod', names.hostNetworkPod).replaceAll('web-pod', names.pod).replaceAll('web-svc', names.service).replaceAll('webport', names.port).replaceAll('node02', names.node),
  );
}

/**
 * Probe one of issue 15: a port name (every other name tame) that closes the iptables comment,
 * commits, ends the `RULES` here-document and runs a command (the `#` hides the rest of the rule
 * from the shell, so the script as it was still parsed, and ran it).
 */
export function newlinePortCluster(marker: string): Cluster {
  const port = `p"\nCOMMIT\nRULES\ntouch ${marker}/port-nl #`;
  return rename(buildCluster(TAME), (s) => s.replaceAll('webport', port));
}
