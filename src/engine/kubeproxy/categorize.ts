/**
 * Which endpoints of a Service port kube-proxy routes to, v1.28's `CategorizeEndpoints`
 * (kubernetes `pkg/proxy/topology.go`), used by both the iptables and the IPVS proxier.
 *
 * An EndpointSlice endpoint carries three conditions (kube-proxy's `pkg/proxy/endpointslicecache.go`
 * reads a missing `ready` or `serving` as true, a missing `terminating` as false):
 * - ready: the pod is ready and not being deleted (the EndpointSlice controller's podToEndpoint);
 * - serving: the pod is ready, whether or not it is being deleted;
 * - terminating: the pod has a `deletionTimestamp`.
 *
 * ProxyTerminatingEndpoints (GA in 1.28): traffic goes to the ready endpoints; only when there
 * is no ready one does it fall back to those that are serving and terminating, so that
 * connections still land somewhere while a rollout replaces the last pods. The same holds for
 * a Local traffic policy over the node's own endpoints. An endpoint that is not serving is
 * never used. (Topology hints are not simulated: no zone filtering.)
 */
import type { EndpointInfo } from '../model';

export const isReady = (ep: EndpointInfo): boolean => ep.ready;
export const isServing = (ep: EndpointInfo): boolean => ep.serving ?? true;
export const isTerminating = (ep: EndpointInfo): boolean => ep.terminating ?? false;
const servingTerminating = (ep: EndpointInfo) => isServing(ep) && isTerminating(ep);

export interface Categorized {
  /** The endpoints of the Cluster policy (empty when no address of the Service uses it). */
  cluster: EndpointInfo[];
  /** The node's own endpoints for a Local policy (empty when no address uses it). */
  local: EndpointInfo[];
  /** Every endpoint this node may route to: the KUBE-SEP chains it writes. */
  reachable: EndpointInfo[];
  /** Some endpoint anywhere is ready, or serving and terminating: without, REJECT. */
  hasAny: boolean;
}

/**
 * `endpoints` are those of one service port, sorted; `usesCluster` and `usesLocal` are the
 * ServicePort's UsesClusterEndpoints and UsesLocalEndpoints.
 */
export function categorizeEndpoints(endpoints: EndpointInfo[], usesCluster: boolean, usesLocal: boolean, nodeName: string): Categorized {
  let cluster: EndpointInfo[] = [];
  let hasAny = false;
  if (usesCluster) {
    cluster = endpoints.filter(isReady);
    // No ready endpoint anywhere: try again with the terminating ones that still serve.
    if (cluster.length === 0) cluster = endpoints.filter(servingTerminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocal) return { cluster, local: [], reachable: cluster, hasAny };

  const isLocal = (ep: EndpointInfo) => ep.nodeName === nodeName;
  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    if (isReady(ep)) {
      hasAny = true;
      if (isLocal(ep)) localReady = true;
    } else if (servingTerminating(ep)) {
      hasAny = true;
      if (isLocal(ep)) localServingTerminating = true;
    }
  }
  let local: EndpointInfo[] = [];
  if (localReady) local = endpoints.filter((ep) => isLocal(ep) && isReady(ep));
  else if (localServingTerminating) local = endpoints.filter((ep) => isLocal(ep) && servingTerminating(ep));
  if (!usesCluster) return { cluster, local, reachable: local, hasAny };
  if (!localServingTerminating || localReady) return { cluster, local, reachable: cluster, hasAny };
  // The local set holds terminating endpoints the cluster set lacks: the union of the two.
  const reachable = new Map<string, EndpointInfo>();
  for (const ep of [...cluster, ...local]) reachable.set(`${ep.ip}:${ep.port}`, ep);
  return { cluster, local, reachable: [...reachable.values()], hasAny };
}
