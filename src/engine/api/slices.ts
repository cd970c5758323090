/**
 * EndpointSlices (discovery.k8s.io/v1) as their writers leave them:
 * - the EndpointSlice controller, for a Service with a selector: `<service>-<5 chars>`,
 *   owned by the Service, labelled with the service name and
 *   `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io`, one endpoint per
 *   pod with ready/serving/terminating (staging/src/k8s.io/endpointslice/utils.go); pods
 *   whose named targetPort resolves to different numbers land in different slices; a Service
 *   with no pods gets a placeholder with null ports and endpoints;
 * - the mirroring controller, for a Service without selector and the Endpoints the user wrote
 *   (pkg/controller/endpointslicemirroring), owned by those Endpoints;
 * - the API server, for `kubernetes` (pkg/controlplane/reconcilers/endpointsadapter.go);
 * - the user: kept as written.
 */
import { obj, type Json } from '../fields';
import { nameSuffix } from '../control/workloads';
import type { Cluster, EndpointSliceInfo, ServiceInfo } from '../model';
import type { ApiClock } from './clock';
import { HEADLESS_LABEL, membersOf, podOf, podRef, TRIGGER_TIME, triggerTime, type Member } from './endpoints';
import { objectMeta } from './meta';
import { serviceCreated } from './services';
import { copy, writtenMeta, type Sources } from './source';
import { byKey, type KubeObject } from './types';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

/** The name the engine's controllers gave a Service's slice (control/endpoints.ts). */
function generatedName(svc: ServiceInfo, index = 0): string {
  return `${svc.name}-${nameSuffix(index === 0 ? `${svc.namespace}/${svc.name}/slice` : `${svc.namespace}/${svc.name}/slice/${index}`)}`;
}

/** An empty list comes back from storage as null (the fields have no omitempty). */
function slicePorts(m: Member | undefined): Json[] | null {
  if (!m || m.ports.length === 0) return null;
  return m.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
}

function controllerSlices(cluster: Cluster, svc: ServiceInfo, info: EndpointSliceInfo, sources: Sources, clock: ApiClock): KubeObject[] {
  const members = membersOf(info.endpoints, cluster, svc);
  const groups = new Map<string, Member[]>();
  for (const m of members) {
    const key = JSON.stringify(m.ports);
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const labels: Record<string, string> = { ...(writtenMeta(sources.find('Service', svc.namespace, svc.name)).labels ?? {}) };
  for (const reserved of [SERVICE_NAME, MANAGED_BY, HEADLESS_LABEL]) delete labels[reserved];
  if (svc.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME] = svc.name;
  labels[MANAGED_BY] = 'endpointslice-controller.k8s.io';
  const parts = groups.size > 0 ? [...groups.values()] : [[]];
  return parts.map((group, i) => ({
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: group.length > 0
      ? group.map((m) => {
        // A pod's endpoint is serving when the pod is ready; ready also honours publishNotReadyAddresses
        // and is false for a terminating pod (podToEndpoint).
        const serving = m.serving ?? podOf(cluster, m.targetRef)?.ready ?? m.ready;
        return {
          addresses: [m.ip],
          conditions: { ready: m.ready, serving, terminating: m.terminating ?? false },
          ...(m.hostname ? { hostname: m.hostname } : {}),
          ...(m.nodeName ? { nodeName: m.nodeName } : {}),
          ...(m.targetRef ? { targetRef: podRef(m.targetRef) } : {}),
        };
      })
      : null,
    kind: 'EndpointSlice',
    metadata: objectMeta({
      kind: 'EndpointSlice',
      name: i === 0 ? info.name : generatedName(svc, i),
      namespace: svc.namespace,
      created: serviceCreated(svc, clock),
      generateName: `${svc.name}-`,
      generation: 1,
      labels,
      annotations: group.length > 0 ? { [TRIGGER_TIME]: triggerTime(cluster, svc, group, clock) } : undefined,
      owner: { apiVersion: 'v1', kind: 'Service', name: svc.name },
    }),
    ports: slicePorts(group[0]),
  }));
}

/** The mirroring controller's copy of a user's Endpoints; the API server's own slice for `kubernetes`. */
function mirroredSlice(cluster: Cluster, svc: ServiceInfo, info: EndpointSliceInfo, sources: Sources, clock: ApiClock): KubeObject {
  const members = membersOf(info.endpoints, cluster);
  const apiserver = svc.system && svc.name === 'kubernetes';
  const written = writtenMeta(sources.find('Endpoints', svc.namespace, svc.name));
  const labels: Record<string, string> = apiserver ? {} : { ...(written.labels ?? {}) };
  for (const reserved of [SERVICE_NAME, MANAGED_BY]) delete labels[reserved];
  labels[SERVICE_NAME] = svc.name;
  if (!apiserver) labels[MANAGED_BY] = 'endpointslicemirroring-controller.k8s.io';
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: members.length === 0 ? null : members.map((m) => ({
      addresses: [m.ip],
      conditions: { ready: m.ready },
      ...(m.nodeName ? { nodeName: m.nodeName } : {}),
      ...(m.targetRef ? { targetRef: podRef(m.targetRef) } : {}),
    })),
    kind: 'EndpointSlice',
    metadata: objectMeta({
      kind: 'EndpointSlice',
      name: apiserver ? svc.name : info.name,
      namespace: svc.namespace,
      created: serviceCreated(svc, clock),
      ...(apiserver ? {} : { generateName: `${svc.name}-`, annotations: written.annotations, owner: { apiVersion: 'v1', kind: 'Endpoints', name: svc.name } }),
      generation: 1,
      labels,
    }),
    ports: slicePorts(members[0]),
  };
}

/** A slice the user wrote, as stored: port protocol defaulted to TCP (pkg/apis/discovery/v1/defaults.go). */
function writtenSlice(body: Json, namespace: string, name: string, clock: ApiClock, meta: ReturnType<typeof writtenMeta>): KubeObject {
  const slice = copy(body);
  const ports = Array.isArray(slice.ports) ? slice.ports.map((p) => ({ name: '', protocol: 'TCP', ...(obj(p) ?? {}) })) : null;
  return {
    addressType: slice.addressType,
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: Array.isArray(slice.endpoints) ? slice.endpoints : null,
    kind: 'EndpointSlice',
    metadata: objectMeta({ kind: 'EndpointSlice', name, namespace, created: clock.applied, generation: 1, ...meta }),
    ports,
  };
}

export function endpointSliceObjects(cluster: Cluster, sources: Sources, clock: ApiClock): KubeObject[] {
  const out: KubeObject[] = [];
  for (const info of cluster.endpointSlices) {
    const svc = cluster.services.find((s) => s.namespace === info.namespace && s.name === info.serviceName);
    // A slice the engine's controllers did not name is one the user wrote: shown from the source below.
    if (!svc || info.name !== generatedName(svc)) continue;
    out.push(...(svc.selector ? controllerSlices(cluster, svc, info, sources, clock) : [mirroredSlice(cluster, svc, info, sources, clock)]));
  }
  for (const written of sources.all('EndpointSlice')) {
    out.push(writtenSlice(written.body, written.namespace ?? 'default', written.name, clock, writtenMeta(written)));
  }
  return out.sort(byKey);
}
