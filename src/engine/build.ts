/**
 * YAML text → Cluster: parse, admit, control, dataplane. A pure function; user input never
 * makes it throw, it makes diagnostics.
 */
import { admitServices } from './admit/services';
import { buildEndpointSlices } from './control/endpoints';
import { readEndpointSlices } from './control/slices';
import { assumedIngressController, systemObjects } from './addons';
import { admitIngresses } from './ingress/admit';
import { assignLoadBalancers } from './control/loadbalancer';
import { startContainers } from './control/kubelet';
import { expandWorkloads } from './control/controllers';
import { schedule } from './control/workloads';
import { allocatePodIps, buildNodeDataplane, buildPodDataplane } from './dataplane';
import { readNodes, readSettings } from './config';
import { expandLists, nodeLan, readSnapshot } from './import';
import { labels, obj } from './fields';
import type { AcceptedObject, Cluster, WorkloadInfo } from './model';
import { parseManifests, type ParsedObject } from './parse';
import type { Diagnostic } from './types';
import { acceptedObjects, keptIds, keptNotice, objectId, substitute } from './admit/apply';
import { validateObject } from './admit/validation/objects';
import { readNetworkPolicies } from './netpol/read';
import { readCni } from './cni/choice';
import { allocateCalicoIps } from './calico/ipam';
import { calicoPodDataplane } from './calico/dataplane';
import type { NamespaceInfo } from './model';

/** Kinds this build understands. Others are reported, never silently dropped. */
export const SUPPORTED_KINDS = [
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'Endpoints', 'EndpointSlice', 'Node', 'Namespace', 'IPAddressPool', 'L2Advertisement', 'ClusterConfiguration', 'KubeProxyConfiguration', 'Ingress', 'IngressClass', 'ConfigMap',
  'NetworkPolicy', 'Installation',
] as const;

export interface BuildOptions {
  /**
   * The previous build of this session. An object the API server refuses now keeps running as
   * that build had it (kubectl apply is refused, the old object keeps serving).
   */
  previous?: Pick<Cluster, 'accepted'>;
}

/**
 * Builds the cluster a YAML text describes. It never throws: input problems are diagnostics,
 * and a bug of Podpath's own is one more diagnostic on an empty cluster.
 */
export function buildCluster(text: string, options: BuildOptions = {}): Cluster {
  try {
    const previous = options.previous?.accepted ?? {};
    const first = buildOnce(text, previous, new Set());
    const kept = keptIds(first, previous);
    if (kept.length === 0) return first;
    // Again, with the refused objects at their accepted version; their errors still stand.
    const second = buildOnce(text, previous, new Set(kept));
    const refusals = first.diagnostics.filter((d) => d.severity === 'error' && d.object && kept.includes(d.object));
    return { ...second, diagnostics: [...refusals, ...second.diagnostics] };
  } catch (error) {
    return failedBuild(error);
  }
}

function buildOnce(text: string, previous: Record<string, AcceptedObject>, keep: Set<string>): Cluster {
  const { objects, diagnostics } = parseManifests(text);
  const supported: ParsedObject[] = [];
  for (const o of substitute(expandLists(objects, diagnostics), keep, previous)) {
    if (!(SUPPORTED_KINDS as readonly string[]).includes(o.kind)) diagnostics.push(unsupportedKind(o));
    else if (keep.has(objectId(o))) {
      diagnostics.push(keptNotice(o));
      supported.push(o);
    } else {
      // The API server's decoding and validation: a refused object is not stored.
      const refused = validateObject(o);
      diagnostics.push(...refused);
      if (refused.length === 0) supported.push(o);
    }
  }
  // A dump of a running cluster is read as the state it shows (import/snapshot.ts).
  const snapshot = readSnapshot(supported);
  const user = inExistingNamespaces(withoutDuplicates([...supported, ...snapshot.implied], diagnostics), diagnostics);
  const config = readSettings(user);
  const settings = config.settings;
  const nodeConfig = readNodes(user, settings);
  const nodes = nodeConfig.nodes;
  diagnostics.push(...config.diagnostics, ...nodeConfig.diagnostics);
  // The cluster's own objects come first, as they were there first; the user's replace them.
  const id = (o: ParsedObject) => `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
  const userIds = new Set(user.map(id));
  const system = systemObjects(settings, nodes).filter((o) => !userIds.has(id(o)));
  // Ingresses need a controller; without one in the YAML, assume the usual bare-metal one.
  const hasIngress = user.some((o) => o.kind === 'Ingress');
  const hasController = JSON.stringify(user.filter((o) => o.kind !== 'Ingress').map((o) => o.body)).match(/ingress-nginx\/controller/);
  if (hasIngress && !hasController) {
    system.push(...assumedIngressController());
    const first = user.find((o) => o.kind === 'Ingress')!;
    diagnostics.push({
      severity: 'info',
      code: 'ingress-controller-assumed',
      message: 'no ingress controller in the YAML: assuming ingress-nginx, a hostNetwork DaemonSet on every worker (ports 80 and 443)',
      key: 'diag.ingressControllerAssumed',
      range: first.range,
      object: `Ingress/${first.namespace ?? 'default'}/${first.name}`,
    });
  }
  const known = [...system, ...user];
  const lan = nodeLan(nodes);

  const byKind = (kind: string) => known.filter((o) => o.kind === kind);
  const workloads = expandWorkloads(snapshot.unobserved(known), nodes);
  const scheduled = schedule(workloads.requests, nodes);
  const cni = readCni(user, settings);
  // Calico's IPAM hands out addresses from per-node blocks of its pools; flannel's host-local
  // from each node's podCIDR.
  const calicoIpam = cni.cni.plugin === 'calico' ? allocateCalicoIps(scheduled.pods, nodes, cni.cni.ipPools) : undefined;
  const addressed = calicoIpam ?? allocatePodIps(scheduled.pods, nodes);
  const started = startContainers(snapshot.withPods(addressed.pods, nodes));
  const pods = started.pods;
  const admitted = admitServices(byKind('Service'), settings);
  const written = readEndpointSlices(byKind('EndpointSlice'));
  const endpointSlices = [...snapshot.endpointSlices(buildEndpointSlices(admitted.services, pods, known)), ...written.slices];
  const balanced = assignLoadBalancers(admitted.services, known, nodes, endpointSlices);
  const services = balanced.services;
  const ingress = admitIngresses(known);
  const namespaces = readNamespaces(user);
  const networkPolicies = readNetworkPolicies(user);
  const calico = calicoIpam && cni.cni.plugin === 'calico'
    ? { ipam: calicoIpam.ipam, pools: cni.cni.ipPools, policies: networkPolicies, namespaces, pods }
    : undefined;

  const nodeDataplanes = nodes.map((node) =>
    buildNodeDataplane(node, nodes, pods, services, endpointSlices, settings, lan.bits, lan.gateway, calico),
  );
  const podDataplanes = pods
    .filter((p) => p.ip && p.node && !p.hostNetwork)
    .map((p) => (calico ? calicoPodDataplane(p) : buildPodDataplane(p, nodes.find((n) => n.name === p.node)!)));

  const allDiagnostics = [...diagnostics, ...snapshot.diagnostics, ...lan.diagnostics, ...ingress.diagnostics, ...workloads.diagnostics, ...scheduled.diagnostics, ...addressed.diagnostics, ...started.diagnostics, ...admitted.diagnostics, ...written.diagnostics, ...balanced.diagnostics, ...cni.diagnostics];
  return {
    settings,
    nodes,
    lan: lan.cidr,
    lanGateway: lan.gateway,
    externals: lan.externals,
    pods,
    workloads: acceptedWorkloads(known, workloads.diagnostics),
    services,
    endpointSlices,
    nodeDataplanes,
    podDataplanes,
    ingresses: ingress.ingresses,
    diagnostics: allDiagnostics,
    accepted: acceptedObjects(user.filter((o) => !snapshot.implied.includes(o)), allDiagnostics),
    kept: [...keep],
    outline: objects.map((o) => ({ object: o.kind === 'Node' ? `Node/${o.name}` : objectId(o), range: o.range })),
    namespaces,
    networkPolicies,
    cni: cni.cni,
  };
}

/**
 * The namespaces that exist: kubeadm's own and those in the YAML, each labelled
 * `kubernetes.io/metadata.name` by the API server (its value is always the name).
 */
function readNamespaces(objects: ParsedObject[]): NamespaceInfo[] {
  const written = objects.filter((o) => o.kind === 'Namespace');
  const names = [...BUILTIN_NAMESPACES.filter((n) => !written.some((o) => o.name === n)), ...written.map((o) => o.name)];
  return names.map((name) => {
    const o = written.find((w) => w.name === name);
    const own = o ? labels(obj(o.body.metadata)?.labels) : {};
    return { name, labels: { ...own, 'kubernetes.io/metadata.name': name }, ...(o ? { provenance: { object: `Namespace/default/${name}`, range: o.range } } : {}) };
  });
}

/** A build that failed on a bug of Podpath's: an empty cluster that says so. */
function failedBuild(error: unknown): Cluster {
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'internal-error',
    message: `Podpath could not build this cluster, a bug in Podpath: ${error instanceof Error ? error.message : String(error)}`,
    key: 'diag.internalError',
    params: { error: error instanceof Error ? error.message : String(error) },
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
  };
  const settings = readSettings([]).settings;
  return {
    settings, nodes: [], externals: [], pods: [], workloads: [], services: [], endpointSlices: [], nodeDataplanes: [], podDataplanes: [], ingresses: [],
    diagnostics: [diagnostic], accepted: {}, kept: [],
  };
}

const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] as const;

/** The workloads the API server accepted: those without an error of their own. */
function acceptedWorkloads(objects: ParsedObject[], diagnostics: Diagnostic[]): WorkloadInfo[] {
  const rejected = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.object));
  return objects
    .filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind))
    .map((o) => ({
      kind: o.kind as WorkloadInfo['kind'],
      namespace: o.namespace ?? 'default',
      name: o.name,
      selector: labels(obj(obj(o.body.spec)?.selector)?.matchLabels),
      provenance: { object: `${o.kind}/${o.namespace ?? 'default'}/${o.name}`, range: o.range },
    }))
    .filter((w) => !rejected.has(`${w.kind}/${w.namespace}/${w.name}`));
}

function unsupportedKind(o: ParsedObject): Diagnostic {
  return {
    severity: 'warning',
    code: 'unsupported-kind',
    message: `kind ${o.kind} is not simulated yet; it is ignored`,
    key: 'diag.unsupportedKind',
    params: { kind: o.kind },
    range: o.range,
    object: `${o.kind}/${o.namespace ?? 'default'}/${o.name}`,
  };
}

/** Namespaces every kubeadm cluster has. */
const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Cluster-scoped kinds, and files that are not API objects, have no namespace to check. */
const UNNAMESPACED = ['Namespace', 'Node', 'IngressClass', 'ClusterConfiguration', 'KubeProxyConfiguration', 'Installation'];

/** An object in a namespace that does not exist is refused by the API server. */
function inExistingNamespaces(objects: ParsedObject[], out: Diagnostic[]): ParsedObject[] {
  // MetalLB objects imply MetalLB is installed, and with it its namespace (metallb-system).
  const addonNamespaces = objects.filter((o) => o.kind === 'IPAddressPool' || o.kind === 'L2Advertisement').map((o) => o.namespace ?? 'default');
  const existing = new Set([...BUILTIN_NAMESPACES, ...addonNamespaces, ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.name)]);
  return objects.filter((o) => {
    if (UNNAMESPACED.includes(o.kind) || existing.has(o.namespace ?? 'default')) return true;
    out.push({
      severity: 'error',
      code: 'namespace-not-found',
      message: `namespaces "${o.namespace}" not found`,
      range: o.paths['metadata.namespace'] ?? o.range,
      object: `${o.kind}/${o.namespace}/${o.name}`,
    });
    return false;
  });
}

/** The resource names the API server uses in its messages. */
const RESOURCE: Record<string, string> = {
  Deployment: 'deployments.apps',
  ReplicaSet: 'replicasets.apps',
  StatefulSet: 'statefulsets.apps',
  DaemonSet: 'daemonsets.apps',
  Pod: 'pods',
  Service: 'services',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices.discovery.k8s.io',
  Node: 'nodes',
  Ingress: 'ingresses.networking.k8s.io',
  IngressClass: 'ingressclasses.networking.k8s.io',
  Namespace: 'namespaces',
  ConfigMap: 'configmaps',
  IPAddressPool: 'ipaddresspools.metallb.io',
  L2Advertisement: 'l2advertisements.metallb.io',
  NetworkPolicy: 'networkpolicies.networking.k8s.io',
  Installation: 'installations.operator.tigera.io',
};

/**
 * Two objects of one kind, namespace and name: `kubectl create` refuses the second with
 * AlreadyExists. The first is kept and the second reported.
 */
function withoutDuplicates(objects: ParsedObject[], out: Diagnostic[]): ParsedObject[] {
  const seen = new Set<string>();
  const kept: ParsedObject[] = [];
  for (const o of objects) {
    const id = `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
    if (!seen.has(id)) kept.push(o);
    else {
      out.push({
        severity: 'error',
        code: 'duplicate-object',
        message: `${RESOURCE[o.kind] ?? o.kind.toLowerCase()} "${o.name}" already exists`,
        range: o.range,
        object: id,
      });
    }
    seen.add(id);
  }
  return kept;
}
