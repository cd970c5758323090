/**
 * The kinds kubectl's write verbs (apply, delete, scale, expose) name, by every word kubectl
 * accepts for them (`kubectl api-resources`: plural, singular, short name), and how kubectl
 * prints an object of each: `deployment.apps/web created`, `service "web" deleted`.
 */
export interface Kind {
  kind: string;
  /** Lower-case kind with its API group: what kubectl prints before the name. */
  printed: string;
  /** The resource with its group, as the API server says it in errors: `deployments.apps`. */
  resource: string;
  names: string[];
  namespaced: boolean;
}

export const KINDS: Kind[] = [
  { kind: 'Pod', printed: 'pod', resource: 'pods', names: ['pods', 'pod', 'po'], namespaced: true },
  { kind: 'Service', printed: 'service', resource: 'services', names: ['services', 'service', 'svc'], namespaced: true },
  { kind: 'Deployment', printed: 'deployment.apps', resource: 'deployments.apps', names: ['deployments', 'deployment', 'deploy', 'deployments.apps', 'deployment.apps'], namespaced: true },
  { kind: 'ReplicaSet', printed: 'replicaset.apps', resource: 'replicasets.apps', names: ['replicasets', 'replicaset', 'rs'], namespaced: true },
  { kind: 'StatefulSet', printed: 'statefulset.apps', resource: 'statefulsets.apps', names: ['statefulsets', 'statefulset', 'sts'], namespaced: true },
  { kind: 'DaemonSet', printed: 'daemonset.apps', resource: 'daemonsets.apps', names: ['daemonsets', 'daemonset', 'ds'], namespaced: true },
  { kind: 'Endpoints', printed: 'endpoints', resource: 'endpoints', names: ['endpoints', 'ep'], namespaced: true },
  { kind: 'EndpointSlice', printed: 'endpointslice.discovery.k8s.io', resource: 'endpointslices.discovery.k8s.io', names: ['endpointslices', 'endpointslice'], namespaced: true },
  { kind: 'Ingress', printed: 'ingress.networking.k8s.io', resource: 'ingresses.networking.k8s.io', names: ['ingresses', 'ingress', 'ing'], namespaced: true },
  { kind: 'IngressClass', printed: 'ingressclass.networking.k8s.io', resource: 'ingressclasses.networking.k8s.io', names: ['ingressclasses', 'ingressclass'], namespaced: false },
  { kind: 'ConfigMap', printed: 'configmap', resource: 'configmaps', names: ['configmaps', 'configmap', 'cm'], namespaced: true },
  { kind: 'Namespace', printed: 'namespace', resource: 'namespaces', names: ['namespaces', 'namespace', 'ns'], namespaced: false },
  { kind: 'Node', printed: 'node', resource: 'nodes', names: ['nodes', 'node', 'no'], namespaced: false },
  { kind: 'IPAddressPool', printed: 'ipaddresspool.metallb.io', resource: 'ipaddresspools.metallb.io', names: ['ipaddresspools', 'ipaddresspool'], namespaced: true },
  { kind: 'L2Advertisement', printed: 'l2advertisement.metallb.io', resource: 'l2advertisements.metallb.io', names: ['l2advertisements', 'l2advertisement'], namespaced: true },
];

export function kindByName(word: string): Kind | undefined {
  const w = word.toLowerCase();
  return KINDS.find((k) => k.names.includes(w));
}

export function kindOf(kind: string): Kind {
  return KINDS.find((k) => k.kind === kind) ?? { kind, printed: kind.toLowerCase(), resource: `${kind.toLowerCase()}s`, names: [], namespaced: true };
}
