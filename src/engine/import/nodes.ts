/**
 * What a dump of a live cluster says about its nodes and its configuration without holding
 * Node objects or kubeadm's ClusterConfiguration (`kubectl get all` prints neither):
 *
 * - every pod names its node (`spec.nodeName`) and that node's address (`status.hostIP`);
 * - the pods' addresses fall in their node's pod subnet (`spec.podCIDR`, a /24 by default: the
 *   node IPAM controller's `--node-cidr-mask-size`);
 * - on a kubeadm cluster the control plane runs as static pods (`component: kube-apiserver`…),
 *   whose command lines carry the cluster's ranges: `--cluster-cidr` and
 *   `--service-cluster-ip-range` on kube-controller-manager, `--service-node-port-range` on
 *   kube-apiserver (kubeadm writes them there from its ClusterConfiguration).
 *
 * The result is written as the objects the rest of the engine already reads (Node,
 * ClusterConfiguration), pointing at the lines they were read from.
 */
import { DEFAULT_NODES, DEFAULT_SETTINGS } from '../defaults';
import { arr, labels, obj, str, type Json } from '../fields';
import { cidrContains, formatCidr, parseCidr, parseIp } from '../ip';
import type { ParsedObject } from '../parse';
import type { SourceRange } from '../types';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];

/** The flags of every container of a pod: `--name=value` from command and args. */
export function podFlags(pod: ParsedObject): Record<string, string> {
  const flags: Record<string, string> = {};
  for (const c of arr(obj(pod.body.spec)?.containers).map((x) => obj(x) ?? {})) {
    for (const word of [...arr(c.command), ...arr(c.args)]) {
      const m = /^--([\w-]+)=(.*)$/.exec(String(word));
      if (m) flags[m[1]] = m[2];
    }
  }
  return flags;
}

/** The number of leading bits all the addresses share (32 for one address). */
function commonBits(ips: number[]): number {
  let bits = 32;
  for (const ip of ips.slice(1)) {
    while (bits > 0 && Math.floor(ip / 2 ** (32 - bits)) !== Math.floor(ips[0] / 2 ** (32 - bits))) bits--;
  }
  return bits;
}

/** The CIDR of `bits` that holds every address, written as its network. */
export function covering(ips: number[], maxBits: number): string | undefined {
  if (ips.length === 0) return undefined;
  const bits = Math.min(maxBits, commonBits(ips));
  return formatCidr({ base: ips[0] - (ips[0] % 2 ** (32 - bits)), bits });
}

interface SeenNode {
  name: string;
  hostIP?: string;
  podIps: number[];
  controlPlane: boolean;
  /** Whether a pod that does not tolerate the control-plane taint runs here (then it was removed). */
  untainted: boolean;
  range: SourceRange;
}

function tolerates(spec: Json, key: string): boolean {
  return arr(spec.tolerations).map((t) => obj(t) ?? {}).some((t) => (t.operator === 'Exists' && !t.key) || t.key === key);
}

/** Nodes as the pods describe them, in the order `kubectl get nodes` lists them (by name). */
function seenNodes(pods: ParsedObject[]): SeenNode[] {
  const byName = new Map<string, SeenNode>();
  for (const pod of pods) {
    const spec = obj(pod.body.spec) ?? {};
    const status = obj(pod.body.status) ?? {};
    const name = str(spec.nodeName);
    if (!name) continue;
    let node = byName.get(name);
    if (!node) {
      node = { name, podIps: [], controlPlane: false, untainted: false, range: pod.paths['spec.nodeName'] ?? pod.range };
      byName.set(name, node);
    }
    const hostIP = str(status.hostIP);
    if (hostIP && parseIp(hostIP) !== undefined) node.hostIP ??= hostIP;
    const podIP = parseIp(str(status.podIP) ?? '');
    if (spec.hostNetwork !== true && podIP !== undefined) node.podIps.push(podIP);
    const component = labels(obj(pod.body.metadata)?.labels).component;
    if (pod.namespace === 'kube-system' && CONTROL_PLANE_COMPONENTS.includes(component)) node.controlPlane = true;
    else if (!tolerates(spec, CONTROL_PLANE_LABEL)) node.untainted = true;
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/**
 * A node's pod subnet: the /mask (24 unless the controller manager says otherwise) holding its
 * pods, or a longer prefix if that /mask would also hold another node's pods (Calico's /26
 * blocks), or a shorter one if its pods spread wider.
 */
function podCidrOf(node: SeenNode, others: SeenNode[], mask: number): string | undefined {
  if (node.podIps.length === 0) return undefined;
  const widest = commonBits(node.podIps);
  const foreign = others.filter((o) => o !== node).flatMap((o) => o.podIps);
  for (let bits = Math.min(mask, widest); bits <= widest; bits++) {
    const cidr = parseCidr(covering(node.podIps, bits)!)!;
    if (!foreign.some((ip) => cidrContains(cidr, ip))) return formatCidr(cidr);
  }
  return covering(node.podIps, widest);
}

/** kubeadm's labels and taint on the control plane; the taint only if no intolerant pod runs there. */
function nodeObject(node: SeenNode, podCIDR: string | undefined): ParsedObject {
  const nodeLabels: Record<string, string> = { 'kubernetes.io/hostname': node.name, 'kubernetes.io/os': 'linux' };
  if (node.controlPlane) {
    nodeLabels[CONTROL_PLANE_LABEL] = '';
    nodeLabels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const taints = node.controlPlane && !node.untainted ? [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }] : [];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    name: node.name,
    body: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node.name, labels: nodeLabels },
      spec: { ...(podCIDR ? { podCIDR } : {}), ...(taints.length > 0 ? { taints } : {}) },
      status: node.hostIP ? { addresses: [{ type: 'InternalIP', address: node.hostIP }, { type: 'Hostname', address: node.name }] } : {},
    },
    range: node.range,
    paths: {},
  };
}

export interface ImpliedCluster {
  nodes: ParsedObject[];
  /**
   * The dump's pods all sit on the default cluster's nodes, with their addresses and in their
   * pod subnets, and it holds no control plane of its own: a few objects read back from that
   * cluster (one pod from `kubectl get pod -o yaml`), added to it rather than replacing it.
   */
  fitsDefaults: boolean;
  /** A ClusterConfiguration, when the dump's ranges differ from kubeadm's defaults. */
  config?: ParsedObject;
}

/**
 * Nodes (when the YAML has no Node objects) and the cluster's ranges (when it has no
 * ClusterConfiguration) read from a dump's running pods.
 */
export function impliedCluster(objects: ParsedObject[], pods: ParsedObject[]): ImpliedCluster {
  const staticPod = (component: string) => pods.find((p) => p.namespace === 'kube-system' && labels(obj(p.body.metadata)?.labels).component === component);
  const manager = staticPod('kube-controller-manager');
  const apiserver = staticPod('kube-apiserver');
  const managerFlags = manager ? podFlags(manager) : {};
  const apiFlags = apiserver ? podFlags(apiserver) : {};
  const mask = Number(managerFlags['node-cidr-mask-size'] ?? managerFlags['node-cidr-mask-size-ipv4'] ?? 24);
  const seen = seenNodes(pods);
  const fitsDefaults = !manager && !apiserver && seen.every(fitsDefaultNode);
  const nodes = objects.some((o) => o.kind === 'Node') || fitsDefaults ? [] : seen.map((n) => nodeObject(n, podCidrOf(n, seen, Number.isInteger(mask) ? mask : 24)));
  if (objects.some((o) => o.kind === 'ClusterConfiguration')) return { nodes, fitsDefaults };

  const flagCidr = (flags: Record<string, string>, name: string) => {
    const first = flags[name]?.split(',')[0];
    return first && parseCidr(first) ? formatCidr(parseCidr(first)!) : undefined;
  };
  const seenPodIps = seen.flatMap((n) => n.podIps);
  const clusterIps = objects
    .filter((o) => o.kind === 'Service')
    .map((o) => parseIp(str(obj(o.body.spec)?.clusterIP) ?? ''))
    .filter((ip): ip is number => ip !== undefined);
  const podSubnet = flagCidr(managerFlags, 'cluster-cidr') ?? outsideDefault(seenPodIps, DEFAULT_SETTINGS.podSubnet, 16);
  const serviceSubnet = flagCidr(managerFlags, 'service-cluster-ip-range') ?? flagCidr(apiFlags, 'service-cluster-ip-range') ?? outsideDefault(clusterIps, DEFAULT_SETTINGS.serviceSubnet, 16);
  const nodePortRange = apiFlags['service-node-port-range'];
  const networking: Json = {};
  if (podSubnet && podSubnet !== DEFAULT_SETTINGS.podSubnet) networking.podSubnet = podSubnet;
  if (serviceSubnet && serviceSubnet !== DEFAULT_SETTINGS.serviceSubnet) networking.serviceSubnet = serviceSubnet;
  if (Object.keys(networking).length === 0 && !nodePortRange) return { nodes, fitsDefaults };
  const range = manager?.range ?? apiserver?.range ?? pods[0]?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const body: Json = {
    apiVersion: 'kubeadm.k8s.io/v1beta3',
    kind: 'ClusterConfiguration',
    networking,
    ...(nodePortRange ? { apiServer: { extraArgs: { 'service-node-port-range': nodePortRange } } } : {}),
  };
  return { nodes, fitsDefaults, config: { apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration', name: 'ClusterConfiguration', body, range, paths: {} } };
}

/** A node the default cluster has, at the same address, whose pods are in its pod subnet. */
function fitsDefaultNode(node: SeenNode): boolean {
  const known = DEFAULT_NODES.find((d) => d.name === node.name);
  if (!known || (node.hostIP !== undefined && node.hostIP !== known.ip)) return false;
  const cidr = parseCidr(known.podCIDR)!;
  return node.podIps.every((ip) => cidrContains(cidr, ip));
}

/** The range the addresses cover, when some fall outside the default; else nothing to say. */
function outsideDefault(ips: number[], fallback: string, maxBits: number): string | undefined {
  const cidr = parseCidr(fallback)!;
  if (ips.every((ip) => cidrContains(cidr, ip))) return undefined;
  return covering(ips, maxBits);
}
