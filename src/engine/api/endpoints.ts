/**
 * Endpoints (core/v1) as their writers leave them: the endpoints controller for a Service with
 * a selector (pkg/controller/endpoint: ready pods under `addresses`, the others under
 * `notReadyAddresses`, each with nodeName and a targetRef to its pod, grouped into subsets by
 * port set), the API server itself for `kubernetes`, and the user for a Service without
 * selector, whose Endpoints are kept as written.
 */
import { arr, obj, type Json } from '../fields';
import type { Cluster, EndpointInfo, PodInfo, ServiceInfo } from '../model';
import { addSeconds, CONTAINER_START_S, timestamp, type ApiClock } from './clock';
import { uid } from './ids';
import { objectMeta } from './meta';
import { podCreated } from './pods';
import { serviceCreated } from './services';
import { copy, writtenMeta, type Sources } from './source';
import { byKey, type KubeObject } from './types';

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

const podIndexes = new WeakMap<Cluster, Map<string, PodInfo>>();

/** The pod an endpoint's `pod/ns/name` names; indexed once per cluster (a Service may have hundreds). */
export function podOf(cluster: Cluster, ref: string | undefined): PodInfo | undefined {
  if (!ref) return undefined;
  let index = podIndexes.get(cluster);
  if (!index) {
    index = new Map(cluster.pods.map((p) => [`pod/${p.namespace}/${p.name}`, p]));
    podIndexes.set(cluster, index);
  }
  return index.get(ref);
}

/** One pod (or address) behind a Service, with the ports it serves. */
export interface Member {
  ip: string;
  ready: boolean;
  /** The EndpointSlice conditions as the controller wrote them (undefined for mirrored ones). */
  serving?: boolean;
  terminating?: boolean;
  nodeName?: string;
  targetRef?: string;
  hostname?: string;
  ports: { name?: string; port: number; protocol: string }[];
}

/** Folds a slice's flat endpoint × port list back into one entry per address. */
export function membersOf(endpoints: EndpointInfo[], cluster: Cluster, svc?: ServiceInfo): Member[] {
  const members = new Map<string, Member>();
  for (const ep of endpoints) {
    const key = ep.targetRef ?? ep.ip;
    let m = members.get(key);
    if (!m) {
      const pod = podOf(cluster, ep.targetRef);
      // ShouldSetHostname: the pod names itself and its subdomain is this Service.
      const hostname = pod?.hostname && svc && pod.subdomain === svc.name ? pod.hostname : undefined;
      m = { ip: ep.ip, ready: ep.ready, serving: ep.serving, terminating: ep.terminating, nodeName: ep.nodeName, targetRef: ep.targetRef, hostname, ports: [] };
      members.set(key, m);
    }
    m.ports.push({ ...(ep.portName ? { name: ep.portName } : {}), port: ep.port, protocol: ep.protocol });
  }
  return [...members.values()];
}

/** `{kind: Pod, name, namespace, uid}` from the engine's `pod/ns/name`. */
export function podRef(ref: string | undefined): Json | undefined {
  if (!ref) return undefined;
  const [, namespace, name] = ref.split('/');
  return { kind: 'Pod', name, namespace, uid: uid('Pod', namespace, name) };
}

/**
 * endpoints.kubernetes.io/last-change-trigger-time: the last change that made the controller
 * write, the Service's creation or a member pod becoming ready.
 */
export function triggerTime(cluster: Cluster, svc: ServiceInfo, members: Member[], clock: ApiClock): string {
  let last = serviceCreated(svc, clock);
  for (const m of members) {
    const pod = podOf(cluster, m.targetRef);
    if (!pod) continue;
    const at = addSeconds(podCreated(pod, clock), pod.ready ? CONTAINER_START_S : 0);
    if (at > last) last = at;
  }
  return timestamp(last);
}

function address(m: Member): Json {
  return { ...(m.hostname ? { hostname: m.hostname } : {}), ip: m.ip, ...(m.nodeName ? { nodeName: m.nodeName } : {}), ...(m.targetRef ? { targetRef: podRef(m.targetRef) } : {}) };
}

/** Members with the same ports share a subset; addresses are sorted by IP, as RepackSubsets sorts them. */
function subsets(members: Member[]): Json[] {
  const groups = new Map<string, Member[]>();
  for (const m of members) {
    const key = JSON.stringify(m.ports);
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const byIp = (a: Member, b: Member) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  return [...groups.values()].map((group) => {
    const ready = group.filter((m) => m.ready).sort(byIp).map(address);
    const notReady = group.filter((m) => !m.ready).sort(byIp).map(address);
    return {
      ...(ready.length > 0 ? { addresses: ready } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ...(group[0].ports.length > 0 ? { ports: group[0].ports } : {}),
    };
  });
}

/** Written Endpoints as stored: each port's protocol defaulted to TCP. */
function writtenSubsets(body: Json): Json[] {
  return arr(body.subsets).map((s) => {
    const subset = copy(obj(s) ?? {});
    if (Array.isArray(subset.ports)) subset.ports = subset.ports.map((p) => ({ protocol: 'TCP', ...(obj(p) ?? {}) }));
    return subset;
  });
}

export function endpointsObjects(cluster: Cluster, sources: Sources, clock: ApiClock): KubeObject[] {
  const out: KubeObject[] = [];
  const managed = new Set<string>();
  for (const svc of cluster.services) {
    if (!svc.selector || svc.type === 'ExternalName') continue;
    managed.add(`${svc.namespace}/${svc.name}`);
    const slice = cluster.endpointSlices.find((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
    // The endpoints controller leaves terminating pods out unless publishNotReadyAddresses
    // (v1.28 pkg/controller/endpoint: ShouldPodBeInEndpoints(pod, PublishNotReadyAddresses)).
    const members = membersOf(slice?.endpoints ?? [], cluster, svc).filter((m) => !m.terminating || svc.publishNotReadyAddresses);
    const labels = { ...(writtenMeta(sources.find('Service', svc.namespace, svc.name)).labels ?? {}) };
    if (svc.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
    const list = subsets(members);
    out.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: objectMeta({
        kind: 'Endpoints',
        name: svc.name,
        namespace: svc.namespace,
        created: serviceCreated(svc, clock),
        labels,
        annotations: members.length > 0 ? { [TRIGGER_TIME]: triggerTime(cluster, svc, members, clock) } : undefined,
      }),
      ...(list.length > 0 ? { subsets: list } : {}),
    });
  }
  // Endpoints the user wrote (and the API server's own for `kubernetes`) stay as written,
  // unless a Service with a selector owns the name: its controller overwrites them.
  for (const written of sources.all('Endpoints')) {
    const namespace = written.namespace ?? 'default';
    if (managed.has(`${namespace}/${written.name}`)) continue;
    const apiserver = written.system && written.name === 'kubernetes';
    const meta = writtenMeta(written);
    out.push({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: objectMeta({
        kind: 'Endpoints',
        name: written.name,
        namespace,
        created: written.system ? clock.clusterCreated : clock.applied,
        // The API server's reconciler keeps `kubernetes` out of EndpointSlice mirroring.
        labels: apiserver ? { 'endpointslice.kubernetes.io/skip-mirror': 'true' } : meta.labels,
        annotations: meta.annotations,
      }),
      ...(arr(written.body.subsets).length > 0 ? { subsets: writtenSubsets(written.body) } : {}),
    });
  }
  return out.sort(byKey);
}

