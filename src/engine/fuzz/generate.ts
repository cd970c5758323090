/**
 * Hostile input for the engine, from a seed: the lessons' YAML mutated line by line, random
 * documents, and requests of every shape a saved session or a shared link could carry. The
 * unit suite's property tests and `npm run fuzz` draw from the same generators, so a failure
 * found by the long run replays in the short one from its seed.
 */
import { stringify } from 'yaml';
import { lessons } from '../../lessons';
import type { Cluster } from '../model';
import { mulberry32 } from '../trace/random';
import type { Outcome, Trace, TraceRequest } from '../trace/types';

/** A seeded source of choices. */
export interface Rand {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
  /** One of the choices, each as likely as its weight. */
  weighted: <T>(choices: readonly (readonly [number, () => T])[]) => T;
}

export function rand(seed: number): Rand {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const weighted = <T>(choices: readonly (readonly [number, () => T])[]): T => {
    let x = next() * choices.reduce((sum, [w]) => sum + w, 0);
    for (const [w, make] of choices) if ((x -= w) < 0) return make();
    return choices[choices.length - 1][1]();
  };
  return { next, int, pick: (items) => items[int(items.length)], chance: (p) => next() < p, weighted };
}

/**
 * The cluster's own configuration, which no lesson writes out: Node objects, kubeadm's and
 * kube-proxy's configuration, flannel's, CoreDNS's, MetalLB's. Appended to a lesson, its fields
 * get mutated like the rest.
 */
const CLUSTER_YAML = `---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
  dnsDomain: cluster.local
apiServer:
  extraArgs:
    service-node-port-range: 30000-32767
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
clusterCIDR: 10.244.0.0/16
detectLocalMode: NodeCIDR
ipvs:
  scheduler: rr
  strictARP: true
iptables:
  masqueradeBit: 14
nodePortAddresses:
- 192.168.255.0/24
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-system
data:
  net-conf.json: '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}'
---
apiVersion: v1
kind: Node
metadata:
  name: master01
  labels:
    node-role.kubernetes.io/control-plane: ""
spec:
  podCIDR: 10.244.0.0/24
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
status:
  addresses:
  - type: InternalIP
    address: 192.168.255.101
---
apiVersion: v1
kind: Node
metadata:
  name: node01
status:
  addresses:
  - type: InternalIP
    address: 192.168.255.102
---
apiVersion: v1
kind: Node
metadata:
  name: node02
spec:
  podCIDR: 10.244.2.0/24
status:
  addresses:
  - type: InternalIP
    address: 192.168.255.103
---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: pool
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.200-192.168.255.210
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: l2
  namespace: metallb-system
`;

/** Every YAML the lessons hold (each lesson's first, each step's whole YAML), and some with the cluster's configuration. */
export const CORPUS: string[] = [
  ...lessons.flatMap((l) => [l.yaml, ...(l.steps ?? []).map((s) => s.yaml).filter((y): y is string => !!y)]),
  ...lessons.slice(0, 4).map((l) => l.yaml + CLUSTER_YAML),
];

/** Scalars that are the wrong type, the wrong size or the wrong script. */
const ODD = [
  '', '~', 'null', 'true', 'no', '[]', '{}', '0', '-1', '1.5', '65536', '99999', '-0', '1e309', '99999999999999999999', 'NaN', '.inf',
  '"\\u0000"', '"\\t\\r\\n"', '"\\e"', '名前', '🙂🙂', '"\\u202e"', 'Ω', 'a'.repeat(300), '"x y"', "'quoted'", '*nope', '&a', '!!binary AAAA',
  '10.244.0.0/30', '10.244.0.0/8', '192.168.255.102x', '2001:db8::1', '0.0.0.0', '255.255.255.255', '300.1.1.1', '10.96.0.10',
  '-', ': :', '{a: [', '"\\ud800"', 'http://x:99999/', 'TCP', 'UDP', 'SCTP', 'ipvs', 'NodePort', 'LoadBalancer', 'None', 'default', 'kube-system',
];

const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'spec', 'selector', 'matchLabels', 'ports', 'port', 'targetPort', 'nodePort',
  'containerPort', 'hostPort', 'protocol', 'type', 'clusterIP', 'replicas', 'template', 'containers', 'image', 'hostNetwork', 'nodeName', 'status',
  'addresses', 'address', 'podCIDR', 'rules', 'host', 'http', 'paths', 'path', 'backend', 'service', 'endpoints', 'subsets', 'data', 'mode', 'networking',
  'podSubnet', 'serviceSubnet', 'externalTrafficPolicy', 'readinessProbe', 'taints', 'items', '<<',
  'policyTypes', 'ingress', 'egress', 'from', 'to', 'ipBlock', 'cidr', 'except', 'podSelector', 'namespaceSelector', 'endPort', 'calicoNetwork', 'ipPools', 'encapsulation'];
const KINDS = ['Pod', 'Service', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Endpoints', 'EndpointSlice', 'Node', 'Namespace', 'Ingress',
  'IngressClass', 'ConfigMap', 'IPAddressPool', 'L2Advertisement', 'ClusterConfiguration', 'KubeProxyConfiguration', 'List', 'PodList', 'Secret',
  'NetworkPolicy', 'Installation'];
const API_VERSIONS = ['v1', 'apps/v1', 'networking.k8s.io/v1', 'discovery.k8s.io/v1', 'metallb.io/v1beta1', 'kubeadm.k8s.io/v1beta3', 'kubeproxy.config.k8s.io/v1alpha1', 'operator.tigera.io/v1', 'v2'];

/** How likely each case of mutate is, by its number. */
const MUTATION_WEIGHTS = [3, 3, 1, 6, 6, 3, 1, 1, 3, 1, 1, 4];

const indentOf = (line: string) => line.length - line.trimStart().length;

/** One mutation of a YAML text, line-wise: what a careless edit or a hostile file does. */
export function mutate(r: Rand, text: string): string {
  const lines = text.split('\n');
  const at = r.int(lines.length);
  const line = lines[at] ?? '';
  // Most edits keep the YAML readable, so that the engine past the parser gets exercised.
  switch (r.weighted(MUTATION_WEIGHTS.map((w, i) => [w, () => i] as const))) {
    case 0: // delete a line
      lines.splice(at, 1);
      break;
    case 1: // duplicate a line
      lines.splice(at, 0, line);
      break;
    case 2: { // swap two lines
      const other = r.int(lines.length);
      [lines[at], lines[other]] = [lines[other], lines[at]];
      break;
    }
    case 3: // a scalar becomes something else
    case 4: {
      const m = /^(\s*(?:- )?[^:#]+:\s)(.*)$/.exec(line);
      if (m) lines[at] = m[1] + r.pick(ODD);
      else lines[at] = `${line.slice(0, indentOf(line))}- ${r.pick(ODD)}`;
      break;
    }
    case 5: { // drop a key and everything under it
      let end = at + 1;
      while (end < lines.length && indentOf(lines[end]) > indentOf(line) && lines[end].trim() !== '') end++;
      lines.splice(at, end - at);
      break;
    }
    case 6: { // nest a block under a new key
      let end = at + 1;
      while (end < lines.length && indentOf(lines[end]) >= indentOf(line) && !lines[end].startsWith('---')) end++;
      const pad = ' '.repeat(indentOf(line));
      const moved = lines.slice(at, end).map((l) => `  ${l}`);
      lines.splice(at, end - at, `${pad}${r.pick(KEYS)}:`, ...moved);
      break;
    }
    case 7: // random indentation
      lines[at] = ' '.repeat(r.int(9)) + line.trimStart();
      break;
    case 8: // a key renamed
      lines[at] = line.replace(/[A-Za-z]+(?=:)/, r.pick(KEYS));
      break;
    case 9: // a document split or joined
      lines.splice(at, 0, r.pick(['---', '...', '--- !!map', '---\n---', '%YAML 1.2\n---']));
      break;
    case 10: { // control characters, unicode, a cut in the middle of a token
      const cut = r.int(line.length + 1);
      lines[at] = line.slice(0, cut) + r.pick(['\u0000', '\u0007', '\t', '\r', '\u2028', '\ufeff', '"', "'", '[', '{', '&a ', '*a ', '#', '%', '|', '>']) + line.slice(cut);
      break;
    }
    default: { // a number made huge, negative or fractional
      lines[at] = line.replace(/\d+/, r.pick(['0', '-1', '65536', '4294967296', '1.5', '9007199254740993', '1e21']));
    }
  }
  return lines.join('\n');
}

/** A random value of the shapes Kubernetes objects have, for random documents. */
function randomValue(r: Rand, depth: number): unknown {
  const k = r.int(depth > 3 ? 3 : 6);
  if (k === 0) return r.pick(ODD);
  if (k === 1) return r.pick([0, 1, 80, 443, 30080, -5, 65536, 1.25, 1e300, true, false, null]);
  if (k === 2) return r.pick([...KINDS, ...API_VERSIONS, 'web', 'app', 'my-nginx']);
  if (k === 3) return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
  return Object.fromEntries(Array.from({ length: 1 + r.int(4) }, () => [r.pick(KEYS), randomValue(r, depth + 1)]));
}

/** A random document of plausible kinds and fields, as YAML. */
export function randomDocument(r: Rand): string {
  const body: Record<string, unknown> = {
    apiVersion: r.pick(API_VERSIONS), kind: r.pick(KINDS), metadata: { name: r.pick(['web', 'x', 'node01', 'a'.repeat(70), 'Bad_Name', '']) },
  };
  for (let i = r.int(5); i > 0; i--) body[r.pick(KEYS)] = randomValue(r, 0);
  if (r.chance(0.3)) delete body[r.pick(['apiVersion', 'kind', 'metadata'])];
  return stringify(body);
}

/** A YAML text to build: a lesson mutated a few times, or documents of its own. */
export function randomYaml(r: Rand): string {
  if (r.chance(0.15)) return Array.from({ length: 1 + r.int(4) }, () => randomDocument(r)).join('---\n');
  let text = r.pick(CORPUS);
  if (r.chance(0.2)) text += `---\n${randomDocument(r)}`;
  for (let n = 1 + r.int(3); n > 0; n--) text = mutate(r, text);
  return text;
}

const HOSTILE = ['', ' ', '/', 'pod/', 'pod//', 'node/', 'pod/a/b/c', '../../etc', '<script>', '\u0000', '名前', 'a'.repeat(500), 'http://', 'http://[::1]:80/',
  '[2001:db8::1]:80', '::1', '10.96.0.10:0', '10.96.0.10:65536', '10.96.0.10:99999', '1.2.3.4:-1', 'http://a b/', 'http://x:8080/%00', 'localhost'];

/** A request of any shape: every kind of source and target the cluster has, and odd ones. */
export function randomRequest(r: Rand, cluster: Cluster): TraceRequest {
  const pods = cluster.pods.length ? cluster.pods : [{ namespace: 'default', name: 'x' }];
  const nodes = cluster.nodes.length ? cluster.nodes : [{ name: 'node01', ip: '192.168.255.102' }];
  const from = r.weighted<string>([
    [8, () => 'external'],
    [6, () => { const p = r.pick(pods); return `pod/${p.namespace}/${p.name}`; }],
    [1, () => `pod/${r.pick(pods).name}`],
    [3, () => `node/${r.pick(nodes).name}`],
    [1, () => r.pick(HOSTILE)],
    [1, () => r.pick([42, null, undefined, {}, ['external']]) as unknown as string],
  ]);
  const service = cluster.services.length ? r.pick(cluster.services) : undefined;
  const port = service?.ports.length ? r.pick(service.ports) : undefined;
  const to = r.weighted<string>([
    [4, () => `${service?.clusterIP ?? '10.96.0.1'}:${port?.port ?? 80}`],
    [4, () => `http://${r.pick(nodes).ip}:${port?.nodePort ?? 30080}/`],
    [3, () => `http://${service?.name ?? 'web'}${r.chance(0.5) ? `.${service?.namespace ?? 'default'}` : ''}:${port?.port ?? 80}/`],
    [1, () => `http://${service?.name ?? 'web'}.${service?.namespace ?? 'default'}.svc.cluster.local/`],
    [2, () => `http://${cluster.ingresses.length ? r.pick(cluster.ingresses).rules[0]?.host ?? 'x' : 'apps.example.com'}/${r.pick(['', 'a', 'api/v1'])}`],
    [1, () => `${service?.loadBalancerIPs[0] ?? service?.externalIPs[0] ?? '192.168.255.200'}:${port?.port ?? 80}`],
    [2, () => `${r.pick(pods as { ip?: string }[]).ip ?? '10.244.1.2'}:${r.pick([80, 8080, 53, 0, 65535])}`],
    [1, () => r.pick(HOSTILE)],
    [1, () => r.pick([7, null, undefined, { to: 1 }]) as unknown as string],
  ]);
  const request: TraceRequest = { from: from as TraceRequest['from'], to };
  if (r.chance(0.4)) request.pick = r.chance(0.7) ? 1 + r.int(4) : r.pick([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e300, 2 ** 53, 100, '2' as unknown as number]);
  if (r.chance(0.5)) request.seed = r.pick([0, 1, 7, -1, 2 ** 32, 1e20, 1.5, Number.NaN, r.int(1e9)]);
  if (r.chance(0.1)) request.connect = r.pick(['192.168.255.102', '192.168.255.102:31101', '300.1.1.1', ':', '[::1]:80', 'x']);
  if (r.chance(0.08)) {
    const p = r.pick(pods);
    request.portForward = r.pick([
      { target: `pod/${p.name}`, ports: r.pick(['8080:80', '80', ':80', '0', '99999', 'a:b']), namespace: p.namespace },
      { target: `service/${service?.name ?? 'x'}`, ports: `${port?.port ?? 80}` },
      { target: r.pick(HOSTILE), ports: r.pick(HOSTILE) },
      null as unknown as { target: string; ports: string },
    ]);
  }
  return request;
}

/** The outcomes the network gives; `error` is the guard's, a bug of Podpath's. */
export const NAMED_OUTCOMES: readonly Outcome[] = ['served', 'refused', 'dropped', 'http_error', 'unreachable'];

/** What went wrong with one trace: nothing, an exception (thrown or caught by the guard), or an outcome without a name. */
export function traceProblem(trace: Trace): 'exception' | 'unnamed' | undefined {
  if (trace.outcome === 'error') return 'exception';
  if (!NAMED_OUTCOMES.includes(trace.outcome) || typeof trace.outcomeMessage?.key !== 'string' || trace.outcomeMessage.key === '') return 'unnamed';
  return undefined;
}

/** A build that failed inside the build's own guard says so with this diagnostic code (build.ts). */
export function buildProblem(cluster: Cluster): string | undefined {
  if (!cluster || !Array.isArray(cluster.diagnostics) || !Array.isArray(cluster.nodes)) return 'not a cluster';
  const internal = cluster.diagnostics.find((d) => d.code === 'internal-error');
  if (internal) return internal.message;
  // The node tables are built on first use: a throw there would reach whoever looks first.
  for (const d of cluster.nodeDataplanes) void d.tables;
  return undefined;
}
