/**
 * The trace through felix's chains against the NetworkPolicy semantics (netpol/reach.ts): for a
 * few of the upstream e2e policies on Calico, every ordered pod pair on TCP 80 is served by the
 * trace exactly where the matrix says allowed, and dropped where it says denied.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { reachability } from '../netpol/reach';
import { CALICO, modelYaml } from '../netpol/testdata';
import { traceRequest } from '../trace/trace';

const pods = ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'];
const np = (ns: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
const CASES: [string, object[]][] = [
  ['default-deny-ingress', [np('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] })]],
  ['allow from namespace y', [np('x', 'allow-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] })]],
  ['deny egress of x/a but DNS', [np('x', 'deny-egress', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] })]],
  ['ingress on port 81 only', [np('x', 'port-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 81 }] }] })]],
  ['pod and namespace selector', [np('x', 'ya', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'a' } } }] }] })]],
  ['named port', [np('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'serve-80-tcp' }] }] })]],
];

describe('felix chains in the trace agree with the matrix (TCP 80)', () => {
  it.each(CASES)('%s', (_name, policies) => {
    const cluster = buildCluster(modelYaml(pods, [80], ['TCP'], [CALICO, ...policies]));
    const probes = reachability(cluster, [80], ['TCP']).probes.filter((p) => pods.includes(p.from) && pods.includes(p.to));
    expect(probes.length).toBe(pods.length * (pods.length - 1));
    const disagreements = probes.flatMap((p) => {
      const to = cluster.pods.find((q) => `${q.namespace}/${q.name}` === p.to)!;
      const t = traceRequest(cluster, { from: `pod/${p.from}`, to: `${to.ip}:80` });
      const served = t.outcome === 'served';
      return served === p.allowed ? [] : [`${p.from}>${p.to}: trace ${t.outcome}, matrix ${p.allowed ? 'allowed' : 'denied'}`];
    });
    expect(disagreements).toEqual([]);
  });
});
