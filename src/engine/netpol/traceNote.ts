/**
 * What a trace says about NetworkPolicy on a cluster whose plugin enforces none (flannel): the
 * connection went through, and a policy would have cut it. flannel's README: flanneld "does not
 * natively enforce Network Policies"; the Kubernetes docs: a NetworkPolicy without a controller
 * "will have no effect". Said plainly where the trace is shown, so a student does not take the
 * served request as the policy's permission. (On Calico, felix's chains in the trace decide.)
 */
import { enforcesNetworkPolicy } from '../cni/choice';
import type { Cluster, PodInfo } from '../model';
import type { Trace } from '../trace/types';
import type { Message } from '../types';
import { evaluate, type Client, type PolicyRef } from './evaluate';
import { policyContext } from './reach';

const names = (list: PolicyRef[]) => list.map((p) => `${p.namespace}/${p.name}`).join(', ');

/** The client as the policy sees it: the source pod, or the address the server saw. */
function clientOf(cluster: Cluster, trace: Trace): Client | undefined {
  const from = trace.request.from;
  if (typeof from === 'string' && from.startsWith('pod/')) {
    const rest = from.slice(4).split('/');
    const [namespace, name] = rest.length === 2 ? rest : ['default', rest[0]];
    const pod = cluster.pods.find((p) => p.namespace === namespace && p.name === name);
    if (pod) return { pod };
  }
  return trace.sourceIpSeen ? { ip: trace.sourceIpSeen } : undefined;
}

/** The note for a served trace a policy would have denied, on a plugin that enforces none; else undefined. */
export function unenforcedPolicyNote(cluster: Cluster, trace: Trace): Message | undefined {
  if (!cluster.networkPolicies?.length || enforcesNetworkPolicy(cluster.cni) || trace.outcome !== 'served') return undefined;
  const served = trace.servedBy;
  if (!served || !('pod' in served)) return undefined;
  const to: PodInfo | undefined = cluster.pods.find((p) => p.namespace === served.namespace && p.name === served.pod);
  const from = clientOf(cluster, trace);
  if (!to || !from) return undefined;
  const protocol = trace.request.protocol === 'udp' ? 'UDP' : trace.request.protocol === 'sctp' ? 'SCTP' : 'TCP';
  const verdict = evaluate(policyContext(cluster), { from, to, port: served.port, protocol });
  if (verdict.allowed) return undefined;
  // The side that denies: the client's egress first, as the packet meets it first.
  const egress = verdict.egress.verdict === 'denied' ? verdict.egress : undefined;
  const side = egress ?? (verdict.ingress.verdict === 'denied' ? verdict.ingress : undefined);
  if (!side) return undefined;
  const pod = egress && 'pod' in from ? `${from.pod.namespace}/${from.pod.name}` : `${to.namespace}/${to.name}`;
  return { key: egress ? 'trace.policy.notEnforcedEgress' : 'trace.policy.notEnforcedIngress', params: { policies: names(side.policies), pod, port: served.port } };
}
