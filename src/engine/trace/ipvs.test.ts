/**
 * Requests through kube-proxy's IPVS mode: IPVS takes the connection at LOCAL_IN (or
 * LOCAL_OUT for the node's own), picks a real server, and un-NATs the reply itself.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { traceRequest } from './trace';
import type { Trace, TraceRequest } from './types';

const YAML = `${nodePortLesson.yaml}---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
---
apiVersion: v1
kind: Service
metadata:
  name: empty
spec:
  clusterIP: 10.96.50.50
  selector:
    app: nothing
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: local
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector:
    app: my-nginx
  ports:
  - port: 80
    nodePort: 30080
`;
const cluster = buildCluster(YAML);
const pod1 = 'pod/default/my-nginx-deploment-55f596c87c-bzw22'; // 10.244.1.2 on node01
const trace = (request: TraceRequest) => traceRequest(cluster, request);
/** The hops that change the packet's addresses or decide, as "kind key: src:sport>dst:dport". */
const nat = (t: Trace) =>
  t.hops.filter((h) => ['ipvs', 'conntrack', 'refuse', 'drop'].includes(h.kind)).map((h) => `${h.phase} ${h.at} ${h.title.key.replace(/^hop\.|\.title$/g, '')}: ${h.after.src}:${h.after.sport}>${h.after.dst}:${h.after.dport}`);

describe('IPVS mode traces', () => {
  it('builds cleanly', () => {
    expect(cluster.diagnostics).toEqual([]);
  });

  it('NodePort from outside: marked in KUBE-NODE-PORT, scheduled by IPVS after filter INPUT, masqueraded, un-NATed by IPVS', () => {
    const t = trace({ from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 });
    expect([t.outcome, t.sourceIpSeen, t.servedBy]).toEqual(['served', '192.168.255.102', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2', port: 80 }]);
    const node01 = t.hops.filter((h) => h.at === 'node/node01' && h.phase === 'request').map((h) => `${h.kind} ${h.netfilter?.chain ?? h.title.key}`);
    expect(node01).toEqual([
      'arrive hop.arrive.title',
      'chain PREROUTING', 'chain KUBE-SERVICES', 'chain KUBE-NODE-PORT', 'chain KUBE-MARK-MASQ', 'chain KUBE-NODE-PORT', 'chain KUBE-SERVICES', 'chain PREROUTING',
      'filter INPUT',
      'ipvs hop.ipvsSchedule.title',
      'route hop.routeVia.title',
      'filter OUTPUT',
      'chain POSTROUTING', 'chain KUBE-POSTROUTING',
      'conntrack hop.masq.title',
    ]);
    expect(nat(t)).toEqual([
      'request node/node01 ipvsSchedule: 192.168.255.1:50471>10.244.2.2:80',
      'request node/node01 masq: 192.168.255.102:1200>10.244.2.2:80',
      'reply node/node01 unsnat: 10.244.2.2:80>192.168.255.1:50471',
      'reply node/node01 ipvsReply: 192.168.255.102:31101>192.168.255.1:50471',
    ]);
    const schedule = t.hops.find((h) => h.kind === 'ipvs')!;
    expect(schedule.ipvs).toEqual({ service: 'TCP  192.168.255.102:31101 rr', reals: ['-> 10.244.1.2:80 Masq 1', '-> 10.244.2.2:80 Masq 1'], chosen: 1 });
    expect(t.candidates.map((c) => [c.pod, c.probability])).toEqual([['my-nginx-deploment-55f596c87c-bzw22', 0.5], ['my-nginx-deploment-55f596c87c-lpgt8', 0.5]]);
    // The filter INPUT walk passes KUBE-IPVS-FILTER: the node's own address is not a Service address.
    expect(t.hops.find((h) => h.netfilter?.hook === 'INPUT')!.title.params).toMatchObject({ chains: 'INPUT → KUBE-IPVS-FILTER → KUBE-PROXY-FIREWALL → KUBE-NODE-PORT → KUBE-FIREWALL' });
    expect(t.hops.at(-1)).toMatchObject({ title: { key: 'hop.replyDelivered.title' }, after: { src: '192.168.255.102', sport: 31101 } });
  });

  it('a pod to a cluster IP across nodes: no NAT but IPVS\'s; the reply is un-NATed on the way back through node01', () => {
    const t = trace({ from: pod1, to: '10.108.229.67:8001', pick: 2 });
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '10.244.1.2']);
    expect(nat(t)).toEqual([
      'request node/node01 ipvsSchedule: 10.244.1.2:50471>10.244.2.2:80',
      'reply node/node01 ipvsReply: 10.108.229.67:8001>10.244.1.2:50471',
    ]);
  });

  it('a pod to its own Service: KUBE-LOOP-BACK masquerades it to cbr0, keeping the port (no --random-fully)', () => {
    const t = trace({ from: pod1, to: '10.108.229.67:8001', pick: 1 });
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '10.244.1.1']);
    expect(t.hops.find((h) => h.title.key === 'hop.chainMasqRule.title')!.title.params?.rule).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    );
    expect(nat(t)).toEqual([
      'request node/node01 ipvsSchedule: 10.244.1.2:50471>10.244.1.2:80',
      'request node/node01 masq: 10.244.1.1:50471>10.244.1.2:80',
      'reply node/node01 unsnat: 10.244.1.2:80>10.244.1.2:50471',
      'reply node/node01 ipvsReply: 10.108.229.67:8001>10.244.1.2:50471',
    ]);
  });

  it('a node to a cluster IP: the cluster IP is local, so it is the source; nat OUTPUT marks it, IPVS schedules at LOCAL_OUT', () => {
    const t = trace({ from: 'node/node01', to: '10.108.229.67:8001', pick: 2 });
    expect(t.hops[0].before).toMatchObject({ src: '10.108.229.67', dst: '10.108.229.67', dport: 8001 });
    expect(t.hops.slice(1, 8).map((h) => `${h.kind} ${h.netfilter?.chain ?? h.title.key}`)).toEqual([
      'chain OUTPUT', 'chain KUBE-SERVICES', 'chain KUBE-MARK-MASQ', 'chain KUBE-SERVICES', 'chain KUBE-NODE-PORT', 'chain KUBE-SERVICES',
      'ipvs hop.ipvsSchedule.title',
    ]);
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '192.168.255.102']);
    expect(nat(t)).toEqual([
      'request node/node01 ipvsSchedule: 10.108.229.67:50471>10.244.2.2:80',
      'request node/node01 masq: 192.168.255.102:1200>10.244.2.2:80',
      'reply node/node01 unsnat: 10.244.2.2:80>10.108.229.67:50471',
      'reply node/node01 ipvsReply: 10.108.229.67:8001>10.108.229.67:50471',
    ]);
  });

  it('a Service without endpoints: the virtual server has no real server; ICMP port unreachable, refused', () => {
    const t = trace({ from: pod1, to: '10.96.50.50:80' });
    expect([t.outcome, t.hops[t.replyStart - 1].title]).toEqual(['refused', { key: 'hop.ipvsNoDest.title', params: { service: 'TCP 10.96.50.50:80', scheduler: 'rr' } }]);
    // ip_vs_leave's ICMP port unreachable, from the virtual address (bound to kube-ipvs0, so local).
    expect(t.hops.slice(t.replyStart).map((h) => h.title.key.slice(4, -6)).at(-1)).toBe('replyIcmp');
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '10.96.50.50', dst: t.hops[0].before.src, proto: 'icmp', icmp: { type: 3, code: 3 } });
  });

  it('a cluster IP on a port that is not the Service\'s: KUBE-IPVS-FILTER rejects it (kubernetes#72236)', () => {
    const t = trace({ from: pod1, to: '10.108.229.67:22' });
    expect(t.outcome).toBe('refused');
    expect(t.hops[t.replyStart - 1].title).toEqual({ key: 'hop.reject.title', params: { rule: '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable' } });
    // The cluster IP is the node's own (kube-ipvs0), so the ICMP error comes from it (icmp_send: saddr = daddr for a local route).
    expect(t.hops.at(-1)!.title).toEqual({ key: 'hop.replyIcmp.title', params: { src: '10.108.229.67', flags: '', port: '22' } });
  });

  it('externalTrafficPolicy Local on a node without a local endpoint: IPVS falls back to the others, and flannel masquerades', () => {
    const t = trace({ from: 'external', to: 'http://192.168.255.101:30080/', pick: 1 });
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '192.168.255.101']);
    expect(t.hops.find((h) => h.title.key === 'hop.chainMasqRule.title')!.title.params?.rule).toBe(
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    );
    // The node with a local endpoint keeps the client address.
    expect(trace({ from: 'external', to: 'http://192.168.255.102:30080/', pick: 1 }).sourceIpSeen).toBe('192.168.255.1');
  });

  it('a pod resolves a Service name: the DNS query to 10.96.0.10:53 goes through IPVS too', () => {
    const t = trace({ from: pod1, to: 'http://my-nginx-deploment:8001/', pick: 1 });
    expect(t.hops.filter((h) => h.kind === 'ipvs').map((h) => h.title.key === 'hop.ipvsSchedule.title' ? h.title.params?.service : `reply ${h.title.params?.to}`)).toEqual([
      'UDP 10.96.0.10:53', 'reply 10.96.0.10:53', 'TCP 10.108.229.67:8001', 'reply 10.108.229.67:8001',
    ]);
    expect(t.outcome).toBe('served');
  });
});
