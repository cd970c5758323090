/**
 * Pods as `kubectl get pod -o yaml` shows them: who owns them (the ReplicaSet a Deployment
 * made, the StatefulSet, the DaemonSet), the stored spec, and the status the scheduler and the
 * kubelet wrote: conditions with their reasons (Unschedulable with the scheduler's message,
 * ContainersNotReady), phase, addresses and container states.
 */
import { arr, obj, str, type Json } from '../fields';
import type { Cluster, PodInfo } from '../model';
import { addSeconds, CONTAINER_START_S, timestamp, type ApiClock } from './clock';
import { containerStatuses, qosClass, unreadyContainers } from './containers';
import { objectMeta } from './meta';
import { podSpec } from './podspec';
import type { Sources } from './source';
import type { KubeObject } from './types';

/** When a pod was created: the cluster's own (CoreDNS, the assumed ingress controller) at set-up, the user's at apply. */
export function podCreated(pod: PodInfo, clock: ApiClock): Date {
  return pod.system ? clock.clusterCreated : clock.applied;
}

/** The controller that owns a pod, as an owner reference, and the name prefix it generates. */
function ownerOf(pod: PodInfo): { owner?: { apiVersion: string; kind: string; name: string }; generateName?: string } {
  const [kind, , name] = (pod.owner ?? '').split('/');
  if (kind === 'ReplicaSet' || kind === 'DaemonSet') return { owner: { apiVersion: 'apps/v1', kind, name }, generateName: `${name}-` };
  if (kind === 'StatefulSet') return { owner: { apiVersion: 'apps/v1', kind, name } };
  return {};
}

/**
 * The scheduler's message for a pod left Pending. The build reports one problem per workload
 * and reason (`pods X and 2 more are Pending: <message>`); the message after the colon is the
 * scheduler's own text.
 */
function schedulingProblem(cluster: Cluster, pod: PodInfo): { message?: string; nodeName?: string } {
  const found = cluster.diagnostics.filter((d) => d.code === 'pod-unschedulable' && d.object === pod.provenance?.object);
  const mine = found.find((d) => d.message.startsWith(`pods ${pod.name} `) || d.message.startsWith(`pod ${pod.name} `)) ?? found[0];
  if (!mine) return {};
  // A nodeName naming no node never reaches a scheduler: the pod waits, with no condition at all.
  if (mine.key === 'diag.nodeNameUnknown') return { nodeName: String(mine.params?.node ?? '') };
  return { message: mine.message.slice(mine.message.indexOf(' Pending: ') + ' Pending: '.length) };
}

function condition(type: string, ok: boolean, at: Date, reason?: string, message?: string): Json {
  return { lastProbeTime: null, lastTransitionTime: timestamp(at), ...(message ? { message } : {}), ...(reason ? { reason } : {}), status: ok ? 'True' : 'False', type };
}

function podStatus(cluster: Cluster, pod: PodInfo, containers: Json[], created: Date, clock: ApiClock): Json {
  const qos = qosClass(containers);
  if (!pod.node) {
    const problem = schedulingProblem(cluster, pod);
    if (!problem.message) return { phase: 'Pending', qosClass: qos };
    return { conditions: [condition('PodScheduled', false, created, 'Unschedulable', problem.message)], phase: 'Pending', qosClass: qos };
  }
  const node = cluster.nodes.find((n) => n.name === pod.node);
  const unready = [...unreadyContainers(pod, containers)].sort();
  const ready = unready.length === 0;
  const readyAt = ready ? addSeconds(created, CONTAINER_START_S) : created;
  const why = ready ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  return {
    conditions: [
      condition('Initialized', true, created),
      condition('Ready', ready, readyAt, why && 'ContainersNotReady', why),
      condition('ContainersReady', ready, readyAt, why && 'ContainersNotReady', why),
      condition('PodScheduled', true, created),
    ],
    containerStatuses: containerStatuses(pod, containers, created, clock),
    ...(node ? { hostIP: node.ip } : {}),
    phase: pod.phase,
    ...(pod.ip ? { podIP: pod.ip, podIPs: [{ ip: pod.ip }] } : {}),
    qosClass: qos,
    startTime: timestamp(created),
  };
}

export function podObject(cluster: Cluster, pod: PodInfo, sources: Sources, clock: ApiClock): KubeObject {
  const created = podCreated(pod, clock);
  const spec = podSpec(pod, sources);
  if (!pod.node) {
    const nodeName = schedulingProblem(cluster, pod).nodeName;
    if (nodeName) spec.nodeName = nodeName;
  }
  const [kind, namespace, name] = (pod.provenance?.object ?? '').split('/');
  const annotations = kind === 'Pod' ? obj(obj(sources.find(kind, namespace, name)?.body.metadata)?.annotations) : obj(obj(obj(obj(sources.find(kind, namespace, name)?.body.spec)?.template)?.metadata)?.annotations);
  const containers = arr(spec.containers).map((c) => obj(c) ?? {});
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: objectMeta({
      kind: 'Pod',
      name: pod.name,
      namespace: pod.namespace,
      created,
      labels: pod.labels,
      annotations: annotations ? Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, String(v)])) : undefined,
      ...ownerOf(pod),
    }),
    spec,
    status: podStatus(cluster, pod, containers, created, clock),
  };
}

/** The container names of a pod's stored spec, for views that need them. */
export function containerNames(pod: KubeObject): string[] {
  return arr(obj(pod.spec)?.containers).map((c) => str(obj(c)?.name) ?? '');
}
