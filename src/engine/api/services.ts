/**
 * Services as the API server stores them after defaulting and allocation
 * (pkg/apis/core/v1/defaults.go SetDefaults_Service; pkg/registry/core/service): the
 * allocated clusterIP and clusterIPs, ipFamilies and ipFamilyPolicy for this single-stack
 * IPv4 cluster, nodePorts, the traffic policies, and status.loadBalancer with the address a
 * MetalLB pool gave.
 */
import { obj, type Json } from '../fields';
import type { ServiceInfo } from '../model';
import type { ApiClock } from './clock';
import { objectMeta } from './meta';
import { writtenMeta, type Sources } from './source';
import type { KubeObject } from './types';

/** The cluster's own Services date from `kubeadm init`, the user's from `kubectl apply`. */
export function serviceCreated(svc: ServiceInfo, clock: ApiClock): Date {
  return svc.system ? clock.clusterCreated : clock.applied;
}

function portOf(port: ServiceInfo['ports'][number]): Json {
  return {
    ...(port.name ? { name: port.name } : {}),
    ...(port.nodePort ? { nodePort: port.nodePort } : {}),
    port: port.port,
    protocol: port.protocol,
    targetPort: port.targetPort,
  };
}

function serviceSpec(svc: ServiceInfo, written: Json): Json {
  const external = svc.type === 'NodePort' || svc.type === 'LoadBalancer';
  const spec: Json = {};
  if (svc.type === 'ExternalName') {
    spec.externalName = svc.externalName;
    if (svc.ports.length > 0) spec.ports = svc.ports.map(portOf);
    if (svc.selector) spec.selector = svc.selector;
    spec.sessionAffinity = svc.sessionAffinity;
    spec.type = svc.type;
    return spec;
  }
  if (svc.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts = written.allocateLoadBalancerNodePorts !== false;
  spec.clusterIP = svc.clusterIP;
  spec.clusterIPs = [svc.clusterIP];
  if (svc.externalIPs.length > 0) spec.externalIPs = svc.externalIPs;
  // SetDefaults_Service: Cluster for externally reachable Services (ClusterIP with externalIPs included).
  if (external || svc.externalIPs.length > 0) spec.externalTrafficPolicy = svc.externalTrafficPolicy;
  if (svc.healthCheckNodePort) spec.healthCheckNodePort = svc.healthCheckNodePort;
  spec.internalTrafficPolicy = svc.internalTrafficPolicy;
  spec.ipFamilies = ['IPv4'];
  spec.ipFamilyPolicy = 'SingleStack';
  if (svc.requestedLoadBalancerIP) spec.loadBalancerIP = svc.requestedLoadBalancerIP;
  if (svc.loadBalancerSourceRanges.length > 0) spec.loadBalancerSourceRanges = svc.loadBalancerSourceRanges;
  if (svc.ports.length > 0) spec.ports = svc.ports.map(portOf);
  if (svc.publishNotReadyAddresses) spec.publishNotReadyAddresses = true;
  if (svc.selector) spec.selector = svc.selector;
  spec.sessionAffinity = svc.sessionAffinity;
  if (svc.sessionAffinity === 'ClientIP') spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: svc.affinityTimeout } };
  spec.type = svc.type;
  return spec;
}

export function serviceObject(svc: ServiceInfo, sources: Sources, clock: ApiClock): KubeObject {
  const source = sources.find('Service', svc.namespace, svc.name);
  const written = obj(source?.body.spec) ?? {};
  const ingress = svc.loadBalancerIPs.map((ip) => ({ ip }));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta({ kind: 'Service', name: svc.name, namespace: svc.namespace, created: serviceCreated(svc, clock), ...writtenMeta(source) }),
    spec: serviceSpec(svc, written),
    status: { loadBalancer: ingress.length > 0 ? { ingress } : {} },
  };
}
