/**
 * A dump of a running cluster (`kubectl get all,ep,endpointslices,ingress -A -o yaml`) is a
 * photograph, not a wish: its pods exist, on the nodes they name, with the addresses the CNI
 * plugin gave them, and its EndpointSlices are what kube-proxy read. Objects read back from
 * the API server are recognised by `metadata.uid`, which only the API server sets.
 *
 * So, for the objects of a dump:
 * - a Pod is taken as it is (see pods.ts), never made again by its controller;
 * - a controller whose pods (a ReplicaSet's, a DaemonSet's) or whose ReplicaSets (a
 *   Deployment's) are in the YAML makes nothing: the dump already shows what it made. An
 *   observed controller makes nothing either when the dump holds pods at all (a ReplicaSet
 *   scaled to 0, a Deployment whose pods are all gone);
 * - a Service's observed EndpointSlices (or, without slices, its observed Endpoints) replace
 *   the ones the EndpointSlice controller would compute;
 * - Namespaces and Nodes the objects live in, which `kubectl get all` does not print, are
 *   implied (nodes.ts).
 * Objects written by hand beside the dump (no uid) go through the controllers as usual.
 */
import { mirrorEndpoints } from '../control/endpoints';
import { SERVICE_NAME_LABEL } from '../control/slices';
import { labels, obj } from '../fields';
import type { EndpointSliceInfo, NodeInfo, PodInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';
import { impliedCluster } from './nodes';
import { controllerOf, finished, observedPod, placeAmong } from './pods';

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Whether the API server stored this object: it alone sets `metadata.uid`. */
export function isObserved(o: ParsedObject): boolean {
  const uid = obj(o.body.metadata)?.uid;
  return typeof uid === 'string' && uid !== '';
}

const idOf = (o: ParsedObject) => `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;

export interface Snapshot {
  /** Namespaces, Nodes and a ClusterConfiguration the dump implies but does not hold. */
  implied: ParsedObject[];
  /** The objects controllers still act on: all but the dumped pods and the controllers that already made theirs. */
  unobserved(objects: ParsedObject[]): ParsedObject[];
  /** The dumped pods as they are, then the pods made here (moved off addresses the dumped ones hold). */
  withPods(made: PodInfo[], nodes: NodeInfo[]): PodInfo[];
  /** The controllers' slices, with the dump's own taking the place of those of its Services. */
  endpointSlices(computed: EndpointSliceInfo[]): EndpointSliceInfo[];
  diagnostics: Diagnostic[];
}

const NOTHING: Snapshot = {
  implied: [],
  unobserved: (objects) => objects,
  withPods: (made) => made,
  endpointSlices: (computed) => computed,
  diagnostics: [],
};

/** What the objects say as a snapshot of a running cluster; nothing at all for YAML written by hand. */
export function readSnapshot(objects: ParsedObject[]): Snapshot {
  const observed = objects.filter(isObserved);
  if (observed.length === 0) return NOTHING;
  const diagnostics: Diagnostic[] = [];
  const pods = observed.filter((o) => o.kind === 'Pod');
  const running = pods.filter((o) => !finished(o));
  const done = pods.length - running.length;

  // Controllers that already made their children: someone in the YAML names them as owner.
  const owners = new Set(objects.map(controllerOf).filter((c): c is string => !!c));
  const made = (o: ParsedObject) => owners.has(idOf(o)) || (isObserved(o) && pods.length > 0);
  const podIds = new Set(pods.map(idOf));

  const implied: ParsedObject[] = [];
  const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.name));
  for (const o of observed) {
    const ns = o.namespace;
    if (!ns || BUILTIN_NAMESPACES.includes(ns) || declared.has(ns)) continue;
    declared.add(ns);
    implied.push({ apiVersion: 'v1', kind: 'Namespace', name: ns, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, range: o.range, paths: {} });
  }
  const cluster = impliedCluster(objects, running);
  implied.push(...cluster.nodes, ...(cluster.config ? [cluster.config] : []));

  const first = observed[0];
  diagnostics.push({
    severity: 'info',
    code: 'snapshot-read',
    message: `read as a snapshot of a running cluster: ${running.length} pods keep their nodes and addresses, their controllers make no new ones, and the dump's EndpointSlices are used as they are`,
    key: 'diag.snapshotRead',
    params: { pods: running.length },
    range: first.range,
  });
  if (cluster.fitsDefaults && running.length > 0) {
    const names = [...new Set(running.map((p) => String(obj(p.body.spec)?.nodeName ?? '')).filter((n) => n))];
    diagnostics.push({
      severity: 'info',
      code: 'snapshot-added',
      message: `the pods read back sit on the default cluster's nodes (${names.join(', ')}), with its addresses: they are added to it, and its nodes stay`,
      key: 'diag.snapshotAdded',
      params: { nodes: names.join(', ') },
      range: running[0].range,
    });
  }
  if (cluster.nodes.length > 0) {
    diagnostics.push({
      severity: 'info',
      code: 'snapshot-nodes-implied',
      message: `no Node objects: the nodes ${cluster.nodes.map((n) => n.name).join(', ')} are read from the pods' nodeName and hostIP`,
      key: 'diag.snapshotNodesImplied',
      params: { nodes: cluster.nodes.map((n) => n.name).join(', ') },
      range: cluster.nodes[0].range,
    });
  }
  if (done > 0) {
    diagnostics.push({
      severity: 'info',
      code: 'snapshot-pods-finished',
      message: `pods that have run to completion (Succeeded or Failed): ${done}; they hold no address and are not drawn`,
      key: 'diag.snapshotPodsFinished',
      params: { count: done },
      range: pods.find(finished)!.range,
    });
  }

  // The Services whose endpoints the dump records, by slice and by Endpoints object.
  const slicedServices = new Set(
    observed.filter((o) => o.kind === 'EndpointSlice').map((o) => `${o.namespace ?? 'default'}/${labels(obj(o.body.metadata)?.labels)[SERVICE_NAME_LABEL] ?? ''}`),
  );
  const endpointsObjects = new Map(observed.filter((o) => o.kind === 'Endpoints').map((o) => [`${o.namespace ?? 'default'}/${o.name}`, o]));

  return {
    implied,
    diagnostics,
    unobserved: (all) => all.filter((o) => !(o.kind === 'Pod' && podIds.has(idOf(o))) && !(WORKLOAD_KINDS.includes(o.kind) && made(o))),
    withPods: (madeHere, nodes) => placeAmong(running.map((o) => observedPod(o, nodes, diagnostics)), madeHere, nodes),
    endpointSlices: (computed) =>
      computed.flatMap((slice) => {
        const service = `${slice.namespace}/${slice.serviceName}`;
        if (slicedServices.has(service)) return [];
        const written = endpointsObjects.get(service);
        return written ? [{ ...slice, endpoints: mirrorEndpoints(written) }] : [slice];
      }),
  };
}

