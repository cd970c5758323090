/** The engine's public surface: pure functions from YAML text to a cluster and a trace. */
export { buildCluster, SUPPORTED_KINDS } from './build';
export { DELETED_PODS_ANNOTATION } from './control/controllers';
export { traceRequest, parseTarget } from './trace/trace';
export { repeatsOf, traceRepeated, sentByAffinity } from './trace/repeat';
export { renderSave, renderRestore, saveRule } from './netfilter/render';
export { renderRoutes } from './dataplane';
export { changedFields, PACKET_FIELDS } from './trace/packet';
export { servicePortName, servicePortHash, endpointChainName } from './kubeproxy/iptables';
export { lookup, resolve, resolvConf, renderResolvConf } from './dns';
export type { DnsRecord, DnsResult, Resolution, ResolvConf, RecordType } from './dns';
export type { Cluster, NodeInfo, PodInfo, ServiceInfo, NodeDataplane, Interface, Route } from './model';
export type { Trace, Hop, Candidate, TraceRequest, Outcome, RuleLine } from './trace/types';
export type { Packet } from './trace/packet';
export type { Diagnostic, Message, Provenance, SourceRange } from './types';
export type { IngressInfo, IngressRule, IngressPath } from './ingress/admit';
