/**
 * The simulated cluster as the Kubernetes API serves it: Pods, Services, Endpoints,
 * EndpointSlices, Ingresses and Nodes with the metadata, defaults and status a v1.28 API server,
 * its controllers and the kubelets would have written. Pure functions of the Cluster, the
 * parsed YAML and a simulated clock (clock.ts), so the same input gives the same objects.
 */
import type { Cluster } from '../model';
import type { ParsedObject } from '../parse';
import { clockWith, type ApiClock } from './clock';
import { endpointsObjects } from './endpoints';
import { ingressObjects } from './ingresses';
import { networkPolicyObjects } from './networkpolicies';
import { nodeObjects } from './nodes';
import { podObject } from './pods';
import { serviceObject } from './services';
import { endpointSliceObjects } from './slices';
import { indexSources } from './source';
import { byKey, type ApiObjects } from './types';

export { DEFAULT_CLOCK, clockWith, type ApiClock } from './clock';
export type { ApiObjects, KubeObject } from './types';

/**
 * @param objects the user's objects as parsed (`parseManifests(text).objects`): labels,
 *   annotations and pod templates come from them. Without them, pods get containers rebuilt
 *   from their images and objects carry no written labels.
 */
export function clusterApi(cluster: Cluster, objects: ParsedObject[] = [], clock: Partial<ApiClock> = {}): ApiObjects {
  const time = clockWith(clock);
  const sources = indexSources(cluster, objects);
  // Each kind is made when first read: `get pods` on a big cluster need not build its slices.
  const cache: Partial<ApiObjects> = {};
  const once = <K extends keyof ApiObjects>(key: K, make: () => ApiObjects[K]) => (cache[key] ??= make());
  return {
    get pods() {
      return once('pods', () => cluster.pods.map((p) => podObject(cluster, p, sources, time)).sort(byKey));
    },
    get services() {
      return once('services', () => cluster.services.map((s) => serviceObject(s, sources, time)).sort(byKey));
    },
    get endpoints() {
      return once('endpoints', () => endpointsObjects(cluster, sources, time));
    },
    get endpointSlices() {
      return once('endpointSlices', () => endpointSliceObjects(cluster, sources, time));
    },
    get ingresses() {
      return once('ingresses', () => ingressObjects(cluster, sources, time));
    },
    get networkPolicies() {
      return once('networkPolicies', () => networkPolicyObjects(cluster, sources, time));
    },
    get nodes() {
      return once('nodes', () => nodeObjects(cluster.nodes, sources, time));
    },
  };
}
