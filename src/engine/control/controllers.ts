/**
 * The workload controllers, turning objects into pod requests, in document order:
 * - Deployment → a ReplicaSet named after the pod template's hash → pods with random suffixes;
 * - ReplicaSet → pods with random suffixes;
 * - StatefulSet → pods named by ordinal, with stable hostnames under the governing Service;
 * - DaemonSet → one pod per node the pods may run on;
 * - Pod → itself.
 * Randomness is replaced by hashes of the names, so the same YAML gives the same pods.
 *
 * Deleted pods (the `podpath.dev/deleted-pods` annotation) are replaced as their controllers
 * replace them: see DELETED_PODS_ANNOTATION.
 */
import { KNOWN_TEMPLATE_HASHES } from '../addons';
import { goMapLiteral, labels, matchesSelector, num, obj, str, type Json } from '../fields';
import type { NodeInfo, PodInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';
import { hostNetworkPortProblem, MAX_SIMULATED_REPLICAS, nameSuffix, podRequest, podTemplateHash, type PodRequest } from './workloads';

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

/**
 * `kubectl delete pod`, written down. The YAML is the whole truth here, so a deletion has to be
 * in it: the workload's annotation lists the pods deleted so far, in order, separated by commas,
 * spaces or new lines. This key is Podpath's own (a real cluster keeps no such record; it only
 * has the pods that are left), on the workload because the workload is what answers a deletion:
 * - a ReplicaSet (a Deployment's) sees one pod too few and makes a new one, named with a new
 *   random suffix (`GenerateName`);
 * - a DaemonSet makes a new one for the same node, with a new suffix;
 * - a StatefulSet makes the same ordinal again, under the same name (stable identity).
 * Each name deletes the pod that has it at that moment, so `web-0, web-0` deletes web-0 twice.
 * The replacement always gets a new address: see assignPodIps.
 */
export const DELETED_PODS_ANNOTATION = 'podpath.dev/deleted-pods';

/** One place a controller keeps filled: the pods it made there, the last one alive. */
interface Line {
  names: string[];
  /** When each pod but the last was deleted, in the cluster's order of deletions. */
  deletions: number[];
}

function deletedPods(parsed: ParsedObject): string[] {
  const value = str(obj(obj(parsed.body.metadata)?.annotations)?.[DELETED_PODS_ANNOTATION]) ?? '';
  return value.split(/[\s,]+/).filter((n) => n !== '');
}

/**
 * Applies the workload's deletions to its lines; `next(line, generation)` names the pod its
 * controller makes after a deletion. A name no pod has is what kubectl answers to it.
 */
function applyDeletions(parsed: ParsedObject, lines: Line[], next: (line: number, generation: number) => string, history: { count: number }, out: Diagnostic[]): void {
  const deleted = deletedPods(parsed);
  if (deleted.length === 0) return;
  const taken = new Set(lines.flatMap((l) => l.names));
  for (const name of deleted) {
    const at = lines.findIndex((l) => l.names.at(-1) === name);
    if (at < 0) {
      out.push({
        severity: 'warning',
        code: 'pod-not-found',
        message: `pods "${name}" not found`,
        key: 'diag.deletedPodNotFound',
        params: { pod: name, annotation: DELETED_PODS_ANNOTATION, workload: `${parsed.kind}/${parsed.name}` },
        range: parsed.paths[`metadata.annotations.${DELETED_PODS_ANNOTATION}`] ?? parsed.range,
        object: `${parsed.kind}/${parsed.namespace ?? 'default'}/${parsed.name}`,
      });
      continue;
    }
    const line = lines[at];
    let generation = line.names.length;
    let replacement = next(at, generation);
    // A new random suffix never repeats a name the controller used (a StatefulSet's does, on purpose).
    while (parsed.kind !== 'StatefulSet' && taken.has(replacement)) replacement = next(at, ++generation + 1000);
    taken.add(replacement);
    line.deletions.push(history.count++);
    line.names.push(replacement);
  }
}

function replaced(line: Line): PodInfo['replaces'] {
  return line.names.length > 1 ? line.names.slice(0, -1).map((name, i) => ({ name, deletion: line.deletions[i] })) : undefined;
}

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
  // Deletions are numbered across the cluster in document order: the order they happened in.
  const history = { count: 0 };
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
    const make = (line: Line, extraLabels: Record<string, string>, owner: string, podSpec: Json = template.spec) => {
      const name = line.names.at(-1)!;
      const meta = { ...template.meta, labels: { ...template.labels, ...extraLabels } };
      const request = podRequest(namespace, name, meta, podSpec, owner, provenance);
      if (parsed.system) request.pod.system = true;
      const replaces = replaced(line);
      if (replaces) request.pod.replaces = replaces;
      requests.push(request);
    };
    const lines = (names: string[]): Line[] => names.map((name) => ({ names: [name], deletions: [] }));
    const hash = (parsed.system && KNOWN_TEMPLATE_HASHES[`${namespace}/${parsed.name}`]) || podTemplateHash(template.raw);

    if (parsed.kind === 'DaemonSet') {
      // The DaemonSet controller makes a pod for each node the pod could run on, pinned there.
      const daemonNodes = nodes.filter((n) => daemonCanRun(template.spec, n));
      const suffix = (node: NodeInfo, generation: number) => `${parsed.name}-${nameSuffix(`${namespace}/${parsed.name}/${node.name}${generation ? `/${generation}` : ''}`)}`;
      const daemonLines = lines(daemonNodes.map((n) => suffix(n, 0)));
      applyDeletions(parsed, daemonLines, (i, generation) => suffix(daemonNodes[i], generation), history, diagnostics);
      daemonNodes.forEach((node, i) => {
        const podSpec = {
          ...template.spec,
          nodeSelector: { ...(obj(template.spec.nodeSelector) ?? {}), 'kubernetes.io/hostname': node.name },
          // The controller adds these tolerations to every daemon pod (util.AddOrUpdateDaemonPodTolerations).
          tolerations: [...((template.spec.tolerations as unknown[]) ?? []), { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
        };
        make(daemonLines[i], { 'controller-revision-hash': hash, 'pod-template-generation': '1' }, `DaemonSet/${namespace}/${parsed.name}`, podSpec);
      });
      continue;
    }
    const replicas = readReplicas(parsed, spec, diagnostics);
    if (replicas === undefined) continue;
    if (parsed.kind === 'StatefulSet') {
      const governing = str(spec.serviceName);
      const ordinals = lines(Array.from({ length: replicas }, (_, i) => `${parsed.name}-${i}`));
      applyDeletions(parsed, ordinals, (i) => `${parsed.name}-${i}`, history, diagnostics);
      ordinals.forEach((line, i) => {
        const name = `${parsed.name}-${i}`;
        // Stable identity: the pod's hostname is its name, under the governing headless Service.
        const podSpec = { ...template.spec, hostname: name, ...(governing ? { subdomain: governing } : {}) };
        make(line, {
          'controller-revision-hash': `${parsed.name}-${hash}`,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(i),
        }, `StatefulSet/${namespace}/${parsed.name}`, podSpec);
      });
      continue;
    }
    // A Deployment's pods belong to its ReplicaSet `<name>-<pod-template-hash>`.
    const rs = parsed.kind === 'Deployment' ? `${parsed.name}-${hash}` : parsed.name;
    const extra: Record<string, string> = parsed.kind === 'Deployment' ? { 'pod-template-hash': hash } : {};
    const podName = (i: number, generation: number) => `${rs}-${nameSuffix(`${namespace}/${rs}/${i}${generation ? `/${generation}` : ''}`)}`;
    const replicaLines = lines(Array.from({ length: replicas }, (_, i) => podName(i, 0)));
    applyDeletions(parsed, replicaLines, podName, history, diagnostics);
    for (const line of replicaLines) make(line, extra, `ReplicaSet/${namespace}/${rs}`);
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
