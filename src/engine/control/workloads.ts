/**
 * Stage 3 for workloads: the Deployment controller makes a ReplicaSet named after the pod
 * template's hash, the ReplicaSet makes pods with random suffixes, the scheduler places them.
 * Randomness is replaced by hashes of the names, so the same YAML always gives the same pods.
 */
import { arr, labels, matchesSelector, num, obj, str, type Json } from '../fields';
import { fnv32a, safeEncodeString, SAFE_ALPHANUMS } from '../hash';
import { containerPorts, hostPorts, listeningPorts } from './ports';
import { readiness, type Readiness } from './readiness';
import type { NodeInfo, PodInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';

/** A pod before scheduling: what a controller (or the user) asked for. */
export interface PodRequest {
  pod: PodInfo;
  /** What the readiness probes will say once the pod runs. */
  readiness: Readiness;
  nodeName?: string;
  nodeSelector: Record<string, string>;
  tolerations: { key?: string; operator?: string; value?: string; effect?: string }[];
}

/** kubelet's default maxPods: the scheduler puts no more pods than this on a node. */
export const MAX_PODS_PER_NODE = 110;

/** Past this many replicas of one workload, the simulation keeps the first ones only. */
export const MAX_SIMULATED_REPLICAS = 500;

/**
 * pod-template-hash: controller.ComputeHash is FNV-1a over the template, printed as a decimal
 * and mapped through rand.SafeEncodeString (pkg/controller/controller_utils.go). Go hashes its
 * own dump of the struct; this hashes canonical JSON, so the value differs from a real
 * cluster's but has the same shape (e.g. `799c59bc4d`) and changes when the template does.
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Json)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The 5-character suffix `utilrand.String(5)` would give, drawn from a hash instead of a RNG. */
export function nameSuffix(seed: string): string {
  let h = fnv32a(seed);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHANUMS[h % SAFE_ALPHANUMS.length];
    h = (Math.floor(h / SAFE_ALPHANUMS.length) ^ fnv32a(`${seed}/${i}`)) >>> 0;
  }
  return out;
}

export function podRequest(
  namespace: string, name: string, meta: Json, spec: Json, owner: string, provenance: PodInfo['provenance'], status?: Json,
): PodRequest {
  return {
    readiness: readiness(spec, status, listeningPorts(spec)),
    pod: {
      namespace,
      name,
      labels: labels(meta.labels),
      phase: 'Pending',
      ready: false,
      ports: containerPorts(spec),
      hostPorts: hostPorts(spec),
      ...(spec.hostNetwork === true ? { hostNetwork: true } : {}),
      ...(str(spec.hostname) ? { hostname: str(spec.hostname) } : {}),
      ...(str(spec.subdomain) ? { subdomain: str(spec.subdomain) } : {}),
      dnsPolicy: (['ClusterFirstWithHostNet', 'Default', 'None'].includes(str(spec.dnsPolicy) ?? '') ? str(spec.dnsPolicy) : 'ClusterFirst') as PodInfo['dnsPolicy'],
      images: arr(spec.containers).map((c) => str(obj(c)?.image) ?? ''),
      listening: listeningPorts(spec),
      owner,
      provenance,
    },
    nodeName: str(spec.nodeName),
    nodeSelector: labels(spec.nodeSelector),
    tolerations: arr(spec.tolerations).map((t) => obj(t) ?? {}).map((t) => ({ key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect) })),
  };
}

/** ValidatePodSpec: under hostNetwork a written hostPort must equal its containerPort. */
export function hostNetworkPortProblem(parsed: ParsedObject, spec: Json): Diagnostic | undefined {
  if (spec.hostNetwork !== true) return undefined;
  const containers = arr(spec.containers);
  for (let c = 0; c < containers.length; c++) {
    const ports = arr(obj(containers[c])?.ports);
    for (let i = 0; i < ports.length; i++) {
      const port = obj(ports[i]) ?? {};
      const host = num(port.hostPort);
      if (host && host !== num(port.containerPort)) {
        const path = `spec.containers.${c}.ports.${i}.hostPort`;
        return {
          severity: 'error',
          code: 'pod-invalid',
          message: `The Pod "${parsed.name}" is invalid: spec.containers[${c}].ports[${i}].hostPort: Invalid value: ${host}: must match \`containerPort\` when \`hostNetwork\` is true`,
          range: parsed.paths[path] ?? parsed.range,
          object: `Pod/${parsed.namespace ?? 'default'}/${parsed.name}`,
        };
      }
    }
  }
  return undefined;
}


/** k8s.io/api core/v1 Toleration.ToleratesTaint: effect and key must match when set; Equal compares values. */
function tolerates(req: PodRequest, taint: NodeInfo['taints'][number]): boolean {
  return req.tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

/**
 * The default scheduler, reduced to what decides placement here: node name, taints,
 * nodeSelector, then spreading a workload's pods over the nodes that remain (the default
 * PodTopologySpread on hostname), ties broken by node order.
 */
export function schedule(requests: PodRequest[], nodes: NodeInfo[]): { pods: PodInfo[]; diagnostics: Diagnostic[] } {
  const perNode = new Map<string, number>(nodes.map((n) => [n.name, 0]));
  const usedHostPorts = new Map<string, Set<string>>(nodes.map((n) => [n.name, new Set()]));
  const perOwner = new Map<string, number>();
  const pending = new Map<string, { first: PodInfo; reason: string; more: number; nodeName?: string }>();
  const pods = requests.map((req) => {
    const pod = { ...req.pod };
    const reasons = new Map<string, number>();
    const feasible = nodes.filter((node) => {
      if (req.nodeName) return node.name === req.nodeName;
      if (node.unschedulable && !tolerates(req, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
        const why = 'node(s) were unschedulable';
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        return false;
      }
      const taint = node.taints.find((t) => t.effect === 'NoSchedule' && !tolerates(req, t));
      if (taint) {
        const why = `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        return false;
      }
      if (!matchesSelector(req.nodeSelector, node.labels)) {
        const why = "node(s) didn't match Pod's node affinity/selector";
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        return false;
      }
      // The NodePorts filter: only declared host ports count (node_ports.go); an unset hostIP is
      // 0.0.0.0, which clashes with any other use of the port.
      if (pod.hostPorts.some((h) => usedHostPorts.get(node.name)!.has(`${h.protocol}/${h.port}`))) {
        const why = "node(s) didn't have free ports for the requested pod ports";
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        return false;
      }
      if (perNode.get(node.name)! >= MAX_PODS_PER_NODE) {
        // The NodeResourcesFit plugin's wording: no "node(s)" in front.
        const why = 'Too many pods';
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
        return false;
      }
      return true;
    });
    const ownerKey = (node: string) => `${pod.owner}@${node}`;
    feasible.sort((a, b) => (perOwner.get(ownerKey(a.name)) ?? 0) - (perOwner.get(ownerKey(b.name)) ?? 0) || perNode.get(a.name)! - perNode.get(b.name)!);
    const chosen = feasible[0];
    if (!chosen) {
      const total = nodes.length;
      const list = [...reasons.entries()].map(([why, n]) => `${n} ${why}`).sort().join(', ');
      // The scheduler's event text; a nodeName naming no node never reaches a scheduler at all.
      const reason = req.nodeName
        ? `spec.nodeName "${req.nodeName}" names no node of this cluster`
        : `0/${total} nodes are available: ${list}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
      const key = `${pod.owner}|${reason}`;
      const group = pending.get(key);
      if (group) group.more += 1;
      else pending.set(key, { first: pod, reason, more: 0, nodeName: req.nodeName });
      return pod;
    }
    perNode.set(chosen.name, perNode.get(chosen.name)! + 1);
    for (const h of pod.hostPorts) usedHostPorts.get(chosen.name)!.add(`${h.protocol}/${h.port}`);
    perOwner.set(ownerKey(chosen.name), (perOwner.get(ownerKey(chosen.name)) ?? 0) + 1);
    return { ...pod, node: chosen.name, phase: 'Running' as const, ready: req.readiness.ready, notReady: req.readiness.why };
  });
  // One problem per workload and reason, not one per replica.
  const diagnostics: Diagnostic[] = [...pending.values()].map(({ first, reason, more, nodeName }) => {
    const who = more > 0 ? `pods ${first.name} and ${more} more are` : `pod ${first.name} is`;
    return {
      severity: 'warning',
      code: 'pod-unschedulable',
      message: `${who} Pending: ${reason}`,
      ...(nodeName ? { key: 'diag.nodeNameUnknown', params: { pod: first.name, more, node: nodeName } } : {}),
      range: first.provenance!.range,
      object: first.provenance!.object,
    };
  });
  return { pods, diagnostics };
}
