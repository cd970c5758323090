/**
 * flannel enforces no NetworkPolicy: a trace a policy would cut is served, and says so, naming
 * the policy and the side; on Calico the same YAML is dropped by felix's chains and needs no note.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '..';
import { nodePortLesson } from '../../lessons/nodeport';
import { calicoInstallation } from '../testdata/calico';

const denyIngress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
`;
const denyEgress = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: no-egress
spec:
  podSelector: {}
  policyTypes: [Egress]
`;
const calico = calicoInstallation('IPIP');
const request = { ...nodePortLesson.request, pick: 2 };

describe('a NetworkPolicy nothing enforces', () => {
  it('on flannel: the request is served, and the trace names the policy that would have dropped it', () => {
    const cluster = buildCluster(nodePortLesson.yaml + denyIngress);
    const trace = traceRequest(cluster, request);
    expect(trace.outcome).toBe('served');
    const served = trace.servedBy as { namespace: string; pod: string };
    expect(trace.policyNote).toEqual({ key: 'trace.policy.notEnforcedIngress', params: { policies: 'default/deny-all', pod: `default/${served.pod}`, port: 80 } });
  });

  it('names the client’s egress when that is what a policy would cut, pod to pod', () => {
    const cluster = buildCluster(nodePortLesson.yaml + denyEgress);
    const [a, b] = cluster.pods.filter((p) => p.name.startsWith('my-nginx'));
    const trace = traceRequest(cluster, { from: `pod/default/${a.name}`, to: `${b.ip}:80` });
    expect(trace.outcome).toBe('served');
    expect(trace.policyNote).toEqual({ key: 'trace.policy.notEnforcedEgress', params: { policies: 'default/no-egress', pod: `default/${a.name}`, port: 80 } });
  });

  it('says nothing without policies, or when a policy allows the connection', () => {
    expect(traceRequest(buildCluster(nodePortLesson.yaml), request).policyNote).toBeUndefined();
    const allow = `${denyIngress}  ingress:\n  - {}\n`;
    expect(traceRequest(buildCluster(nodePortLesson.yaml + allow), request).policyNote).toBeUndefined();
  });

  it('on Calico the same policy is enforced: dropped by felix, no note', () => {
    const trace = traceRequest(buildCluster(nodePortLesson.yaml + denyIngress + calico), request);
    expect(trace.outcome).toBe('dropped');
    expect(trace.policyNote).toBeUndefined();
  });
});
