/**
 * Terminating endpoints from YAML to rules to packets: a Pod with `metadata.deletionTimestamp`
 * becomes an EndpointSlice endpoint with ready false, serving true, terminating true (v1.28
 * podToEndpoint), and kube-proxy falls back to it only when no ready endpoint is left
 * (CategorizeEndpoints, ProxyTerminatingEndpoints GA in 1.28).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { renderRestore, saveRule } from '../netfilter/render';
import { traceRequest } from '../trace/trace';
import { terminatingYaml } from './flows.testing';

const node = (cluster: ReturnType<typeof buildCluster>, name: string) => cluster.nodeDataplanes.find((d) => d.node === name)!;
const natLines = (cluster: ReturnType<typeof buildCluster>, name: string) => renderRestore(node(cluster, name).tables.find((t) => t.name === 'nat')!).split('\n');
const filterLines = (cluster: ReturnType<typeof buildCluster>, name: string) => renderRestore(node(cluster, name).tables.find((t) => t.name === 'filter')!).split('\n');

describe('a pod being deleted: its endpoint is serving and terminating', () => {
  it('the EndpointSlice controller writes ready false, serving true, terminating true for it', () => {
    const cluster = buildCluster(terminatingYaml(['web-a']));
    const slice = cluster.endpointSlices.find((s) => s.serviceName === 'web')!;
    expect(slice.endpoints.map((e) => [e.targetRef, e.ready, e.serving, e.terminating])).toEqual([
      ['pod/default/web-a', false, true, true],
      ['pod/default/web-b', true, true, false],
    ]);
  });

  it('externalTrafficPolicy Local, the only local endpoint terminating: node01 keeps KUBE-SVL with it, not a DROP', () => {
    const cluster = buildCluster(terminatingYaml(['web-a']));
    const nat = natLines(cluster, 'node01');
    const svl = nat.filter((l) => l.startsWith('-A KUBE-SVL-'));
    expect(svl).toEqual([expect.stringMatching(/^-A KUBE-SVL-(\w+) -m comment --comment "default\/web -> 10\.244\.1\.\d+:80" -j KUBE-SEP-\w+$/)]);
    // The cluster-wide chain keeps to the ready pod on node02 only.
    expect(nat.filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('default/web ->'))).toEqual([
      expect.stringMatching(/^-A KUBE-SVC-\w+ -m comment --comment "default\/web -> 10\.244\.2\.\d+:80" -j KUBE-SEP-\w+$/),
    ]);
    expect(filterLines(cluster, 'node01').join('\n')).not.toContain('has no local endpoints');
    // From outside, node01 hands the request to its terminating pod, the client address kept.
    const trace = traceRequest(cluster, { from: 'external', to: '192.168.255.102:30080' });
    expect(trace.outcome).toBe('served');
    expect(trace.servedBy).toMatchObject({ pod: 'web-a', node: 'node01' });
    expect(trace.sourceIpSeen).toBe('192.168.255.1');
    // A pod's request to the cluster IP goes to the ready pod only.
    const fromPod = traceRequest(cluster, { from: 'pod/default/web-b', to: '10.96.100.100:80' });
    expect(fromPod.candidates.map((c) => c.pod)).toEqual(['web-b']);
  });

  it('before the pod was deleted there was no difference; without the fallback node01 would DROP (master01 does)', () => {
    const cluster = buildCluster(terminatingYaml(['web-a']));
    expect(filterLines(cluster, 'master01')).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP');
  });

  it('every pod terminating: the cluster-wide chain falls back to them all', () => {
    const cluster = buildCluster(terminatingYaml(['web-a', 'web-b'], 'Cluster'));
    const svc = natLines(cluster, 'master01').filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('default/web ->'));
    expect(svc.map((l) => l.replace(/ -j KUBE-SEP-\w+$/, '').replace(/^-A KUBE-SVC-\w+ /, ''))).toEqual([
      expect.stringMatching(/^-m comment --comment "default\/web -> 10\.244\.1\.\d+:80" -m statistic --mode random --probability 0\.5000000000$/),
      expect.stringMatching(/^-m comment --comment "default\/web -> 10\.244\.2\.\d+:80"$/),
    ]);
    const trace = traceRequest(cluster, { from: 'external', to: '192.168.255.101:30080' });
    expect(trace.outcome).toBe('served');
    expect(trace.candidates.map((c) => c.pod)).toEqual(['web-a', 'web-b']);
  });

  it('a written EndpointSlice: not serving and terminating is never used, so the Service REJECTs', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: hand
spec:
  clusterIP: 10.96.100.101
  ports:
  - port: 80
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: hand-1
  labels:
    kubernetes.io/service-name: hand
addressType: IPv4
ports:
- port: 80
endpoints:
- addresses: ["192.168.255.1"]
  conditions: {ready: false, serving: false, terminating: true}
`;
    const cluster = buildCluster(yaml);
    const filter = node(cluster, 'node01').tables.find((t) => t.name === 'filter')!;
    expect(filter.rules.map(saveRule)).toContain('-A KUBE-SERVICES -d 10.96.100.101/32 -p tcp -m comment --comment "default/hand has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    const serving = buildCluster(yaml.replace('serving: false', 'serving: true'));
    expect(natLines(serving, 'node01').filter((l) => l.includes('default/hand -> '))).toEqual([
      expect.stringMatching(/^-A KUBE-SVC-\w+ -m comment --comment "default\/hand -> 192\.168\.255\.1:80" -j KUBE-SEP-\w+$/),
    ]);
  });
});
