/**
 * The resource types `kubectl get` is asked for, by every name kubectl accepts for them
 * (plural, singular, short name, and `resource.group`), as `kubectl api-resources` lists them.
 */
import type { ApiObjects } from '../api/types';

export interface ResourceType {
  key: keyof ApiObjects;
  /** The plural with its group, as the API server names it in errors: `ingresses.networking.k8s.io`. */
  resource: string;
  /** `-o name` prefix: the kind in lower case with its group, `endpointslice.discovery.k8s.io`. */
  namePrefix: string;
  namespaced: boolean;
  names: string[];
}

export const RESOURCE_TYPES: ResourceType[] = [
  { key: 'pods', resource: 'pods', namePrefix: 'pod', namespaced: true, names: ['pods', 'pod', 'po'] },
  { key: 'services', resource: 'services', namePrefix: 'service', namespaced: true, names: ['services', 'service', 'svc'] },
  { key: 'endpoints', resource: 'endpoints', namePrefix: 'endpoints', namespaced: true, names: ['endpoints', 'ep'] },
  {
    key: 'endpointSlices',
    resource: 'endpointslices.discovery.k8s.io',
    namePrefix: 'endpointslice.discovery.k8s.io',
    namespaced: true,
    names: ['endpointslices', 'endpointslice', 'endpointslices.discovery.k8s.io', 'endpointslice.discovery.k8s.io'],
  },
  {
    key: 'ingresses',
    resource: 'ingresses.networking.k8s.io',
    namePrefix: 'ingress.networking.k8s.io',
    namespaced: true,
    names: ['ingresses', 'ingress', 'ing', 'ingresses.networking.k8s.io', 'ingress.networking.k8s.io'],
  },
  {
    key: 'networkPolicies',
    resource: 'networkpolicies.networking.k8s.io',
    namePrefix: 'networkpolicy.networking.k8s.io',
    namespaced: true,
    names: ['networkpolicies', 'networkpolicy', 'netpol', 'networkpolicies.networking.k8s.io', 'networkpolicy.networking.k8s.io'],
  },
  { key: 'nodes', resource: 'nodes', namePrefix: 'node', namespaced: false, names: ['nodes', 'node', 'no'] },
];

/** The type a name stands for; kinds are matched without regard to case, as the REST mapper does. */
export function resourceType(name: string): ResourceType | undefined {
  const wanted = name.toLowerCase();
  return RESOURCE_TYPES.find((t) => t.names.includes(wanted));
}
