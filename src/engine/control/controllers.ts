/**
 * The workload controllers, turning objects into pod requests, in document order:
 * - Deployment → a ReplicaSet named after the pod template's hash → pods with random suffixes;
 * - ReplicaSet → pods with random suffixes;
 * - StatefulSet → pods named by ordinal, with stable hostnames under the governing Service;
 * - DaemonSet → one pod per node the pods may run on;
 * - Pod → itself.
 * Randomness is replaced by hashes of the names, so the same YAML gives the same pods.
 */
import { KNOWN_TEMPLATE_HASHES } from '../addons';
import { goMapLiteral, labels, matchesSelector, num, obj, str, type Json } from '../fields';
import type { NodeInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';
import { hostNetworkPortProblem, MAX_SIMULATED_REPLICAS, nameSuffix, podRequest, podTemplateHash, type PodRequest } from './workloads';

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

function invalid(parsed: ParsedObject, path: string, field: string, detail: string): Diagnostic {
  return {
    severity: 'error',
    code: `${parsed.kind.toLowerCase()}-invalid`,
    message: `The ${parsed.kind} "${parsed.name}" is invalid: ${field}: ${detail}`,
    range: parsed.paths[path] ?? parsed.range,
    object: `${parsed.kind}/${parsed.namespace ?? 'default'}/${parsed.name}`,
  };
}

interface Template {
  meta: Json;
  labels: Record<string, string>;
  spec: Json;
  raw: Json;
}

/** The selector must be set and must match the template's labels (ValidateDeploymentSpec and kin). */
function readTemplate(parsed: ParsedObject, spec: Json): Template | Diagnostic {
  const template = obj(spec.template) ?? {};
  const meta = obj(template.metadata) ?? {};
  const selector = labels(obj(spec.selector)?.matchLabels);
  const templateLabels = labels(meta.labels);
  if (Object.keys(selector).length === 0) return invalid(parsed, 'spec.selector', 'spec.selector', 'Required value');
  if (!matchesSelector(selector, templateLabels)) {
    return invalid(parsed, 'spec.template.metadata.labels', 'spec.template.metadata.labels', `Invalid value: ${goMapLiteral(templateLabels)}: \`selector\` does not match template \`labels\``);
  }
  return { meta, labels: templateLabels, spec: obj(template.spec) ?? {}, raw: template };
}

/** spec.replicas: an int32 ≥ 0, default 1; past MAX_SIMULATED_REPLICAS only the first are made. */
function readReplicas(parsed: ParsedObject, spec: Json, out: Diagnostic[]): number | undefined {
  const replicas = num(spec.replicas) ?? 1;
  const ref = `${parsed.kind}/${parsed.namespace ?? 'default'}/${parsed.name}`;
  if (!Number.isInteger(replicas) || replicas > 2 ** 31 - 1) {
    out.push({
      severity: 'error',
      code: 'not-an-integer',
      message: `${parsed.kind} in version "v1" cannot be handled as a ${parsed.kind}: json: cannot unmarshal number ${replicas} into Go struct field ${parsed.kind}Spec.spec.replicas of type int32`,
      range: parsed.paths['spec.replicas'] ?? parsed.range,
      object: ref,
    });
    return undefined;
  }
  if (replicas < 0) {
    out.push(invalid(parsed, 'spec.replicas', 'spec.replicas', `Invalid value: ${replicas}: must be greater than or equal to 0`));
    return undefined;
  }
  if (replicas > MAX_SIMULATED_REPLICAS) {
    out.push({
      severity: 'warning',
      code: 'replicas-capped',
      message: `only the first ${MAX_SIMULATED_REPLICAS} of ${replicas} replicas are simulated`,
      key: 'diag.replicasCapped',
      params: { max: MAX_SIMULATED_REPLICAS, replicas },
      range: parsed.paths['spec.replicas'] ?? parsed.range,
      object: ref,
    });
  }
  return Math.min(replicas, MAX_SIMULATED_REPLICAS);
}

/** Expands workloads and bare Pods into pod requests, in document order. */
export function expandWorkloads(objects: ParsedObject[], nodes: NodeInfo[]): { requests: PodRequest[]; diagnostics: Diagnostic[] } {
  const requests: PodRequest[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const parsed of objects) {
    const namespace = parsed.namespace ?? 'default';
    const spec = obj(parsed.body.spec) ?? {};
    const ref = `${parsed.kind}/${namespace}/${parsed.name}`;
    if (parsed.kind === 'Pod') {
      const problem = hostNetworkPortProblem(parsed, spec);
      if (problem) diagnostics.push(problem);
      else requests.push(podRequest(namespace, parsed.name, obj(parsed.body.metadata) ?? {}, spec, ref, { object: ref, range: parsed.range }, obj(parsed.body.status)));
      continue;
    }
    if (!WORKLOAD_KINDS.includes(parsed.kind)) continue;
    const template = readTemplate(parsed, spec);
    if ('severity' in template) {
      diagnostics.push(template);
      continue;
    }
    const provenance = { object: ref, range: parsed.paths['spec.template'] ?? parsed.range };
    const make = (name: string, extraLabels: Record<string, string>, owner: string, podSpec: Json = template.spec) => {
      const meta = { ...template.meta, labels: { ...template.labels, ...extraLabels } };
      const request = podRequest(namespace, name, meta, podSpec, owner, provenance);
      if (parsed.system) request.pod.system = true;
      requests.push(request);
    };
    const hash = (parsed.system && KNOWN_TEMPLATE_HASHES[`${namespace}/${parsed.name}`]) || podTemplateHash(template.raw);

    if (parsed.kind === 'DaemonSet') {
      // The DaemonSet controller makes a pod for each node the pod could run on, pinned there.
      for (const node of nodes.filter((n) => daemonCanRun(template.spec, n))) {
        const podSpec = {
          ...template.spec,
          nodeSelector: { ...(obj(template.spec.nodeSelector) ?? {}), 'kubernetes.io/hostname': node.name },
          // The controller adds these tolerations to every daemon pod (util.AddOrUpdateDaemonPodTolerations).
          tolerations: [...((template.spec.tolerations as unknown[]) ?? []), { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
        };
        make(`${parsed.name}-${nameSuffix(`${namespace}/${parsed.name}/${node.name}`)}`, { 'controller-revision-hash': hash, 'pod-template-generation': '1' }, `DaemonSet/${namespace}/${parsed.name}`, podSpec);
      }
      continue;
    }
    const replicas = readReplicas(parsed, spec, diagnostics);
    if (replicas === undefined) continue;
    if (parsed.kind === 'StatefulSet') {
      const governing = str(spec.serviceName);
      for (let i = 0; i < replicas; i++) {
        const name = `${parsed.name}-${i}`;
        // Stable identity: the pod's hostname is its name, under the governing headless Service.
        const podSpec = { ...template.spec, hostname: name, ...(governing ? { subdomain: governing } : {}) };
        make(name, {
          'controller-revision-hash': `${parsed.name}-${hash}`,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(i),
        }, `StatefulSet/${namespace}/${parsed.name}`, podSpec);
      }
      continue;
    }
    // A Deployment's pods belong to its ReplicaSet `<name>-<pod-template-hash>`.
    const rs = parsed.kind === 'Deployment' ? `${parsed.name}-${hash}` : parsed.name;
    const extra: Record<string, string> = parsed.kind === 'Deployment' ? { 'pod-template-hash': hash } : {};
    for (let i = 0; i < replicas; i++) make(`${rs}-${nameSuffix(`${namespace}/${rs}/${i}`)}`, extra, `ReplicaSet/${namespace}/${rs}`);
  }
  return { requests, diagnostics };
}

/**
 * The DaemonSet controller's predicate (nodeShouldRunDaemonPod): the node's NoSchedule and
 * NoExecute taints must be tolerated, and the nodeSelector must match. Cordoned nodes still get
 * their daemon pods: DaemonSet pods tolerate node.kubernetes.io/unschedulable.
 */
function daemonCanRun(spec: Json, node: NodeInfo): boolean {
  const tolerations = ((spec.tolerations as unknown[]) ?? []).map((t) => obj(t) ?? {});
  const tolerated = (key: string, value: string | undefined, effect: string) =>
    tolerations.some((t) => {
      if (t.effect && t.effect !== effect) return false;
      if (t.key && t.key !== key) return false;
      if (t.operator === 'Exists') return true;
      return (str(t.value) ?? '') === (value ?? '');
    });
  if (node.taints.some((t) => t.effect !== 'PreferNoSchedule' && !tolerated(t.key, t.value, t.effect))) return false;
  return matchesSelector(labels(spec.nodeSelector), node.labels);
}
