/** Requests that start inside the cluster: from a pod (with cluster DNS) and from a node. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { traceRequest } from './trace';
import type { TraceRequest } from './types';

const nginx = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';
const extra = `---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector:
    app: my-nginx
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: alias
  namespace: kube-system
spec:
  type: ExternalName
  externalName: my-nginx-deploment.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: out-ng
spec:
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: out-ng
subsets:
- addresses:
  - ip: 192.168.255.1
  ports:
  - port: 80
`;
const cluster = buildCluster(nodePortLesson.yaml + extra);
const trace = (from: TraceRequest['from'], to: string, pick?: number) => traceRequest(cluster, { from, to, pick });

describe('a request from a pod', () => {
  it('resolves a Service name through the search list, asks kube-dns at its cluster IP, and gets the answer un-DNATed', () => {
    const t = trace(nginx, 'http://my-nginx-deploment:8001/', 2);
    const resolve = t.hops[0];
    expect(resolve).toMatchObject({ kind: 'dns', title: { key: 'hop.dnsResolve.title' } });
    expect(resolve.explain.params).toMatchObject({
      nameserver: '10.96.0.10', ndots: 5, search: 'default.svc.cluster.local svc.cluster.local cluster.local',
      tries: 'my-nginx-deploment.default.svc.cluster.local (NOERROR)',
    });
    expect(resolve.after).toMatchObject({ dst: '10.96.0.10', dport: 53, proto: 'udp', dns: { name: 'my-nginx-deploment.default.svc.cluster.local', type: 'A' } });
    // kube-proxy sends the query to a CoreDNS pod like any Service traffic.
    const dnat = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!;
    expect(dnat.netfilter!.chain).toMatch(/^KUBE-SEP-/);
    expect(dnat.after.dport).toBe(53);
    const answer = t.hops.findLast((h) => h.title.key === 'hop.dnsAnswer.title')!;
    expect(answer.at).toMatch(/^pod\/kube-system\/coredns-5dd5756b68-/);
    expect(answer.after.dns).toEqual({ name: 'my-nginx-deploment.default.svc.cluster.local', type: 'A', answer: '10.108.229.67', rcode: 'NOERROR' });
    const received = t.hops.find((h) => h.title.key === 'hop.dnsAnswerIn.title')!;
    expect(received.before).toMatchObject({ src: '10.96.0.10', sport: 53, dst: '10.244.1.2' });
    // Then the connection itself, whose candidates are nginx pods, not CoreDNS.
    expect(t.hops.find((h) => h.kind === 'send')).toMatchObject({ title: { key: 'hop.sendPod.title', params: { dst: '10.108.229.67:8001', who: 'my-nginx-deploment-55f596c87c-bzw22' } } });
    expect(t.candidates.map((c) => c.pod)).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
    expect(t.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02' });
    expect(t.sourceIpSeen).toBe('10.244.1.2'); // pod to pod across nodes: no masquerade
  });

  it('walks the search list before a long name with fewer than five dots', () => {
    const t = trace(nginx, 'http://my-nginx-deploment.default.svc.cluster.local:8001/');
    expect(t.hops[0].explain.params!.tries).toBe([
      'my-nginx-deploment.default.svc.cluster.local.default.svc.cluster.local (NXDOMAIN)',
      'my-nginx-deploment.default.svc.cluster.local.svc.cluster.local (NXDOMAIN)',
      'my-nginx-deploment.default.svc.cluster.local.cluster.local (NXDOMAIN)',
      'my-nginx-deploment.default.svc.cluster.local (NOERROR)',
    ].join(', '));
    expect(t.outcome).toBe('served');
  });

  it('reaches itself through its own Service: hairpin, masqueraded to the cbr0 address', () => {
    const t = trace(nginx, '10.108.229.67:8001', 1);
    expect(t.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-bzw22' });
    expect(t.sourceIpSeen).toBe('10.244.1.1');
    expect(t.hops.some((h) => h.title.key === 'hop.masq.title')).toBe(true);
  });

  it('gets pod IPs for a headless Service and connects without any DNAT', () => {
    const t = trace('pod/default/my-nginx-deploment-55f596c87c-lpgt8', 'http://web-headless/', 1);
    const ip = t.hops.findLast((h) => h.title.key === 'hop.dnsAnswer.title')!.after.dns!.answer;
    expect(ip).toBe('10.244.1.2, 10.244.2.2');
    const connect = t.hops.findIndex((h) => h.kind === 'send');
    expect(t.hops.slice(connect).some((h) => h.title.key === 'hop.chainDnat.title')).toBe(false);
    expect(t.servedBy).toMatchObject({ ip: '10.244.1.2' });
    expect(t.sourceIpSeen).toBe('10.244.2.2');
  });

  it('reaches its own address over loopback, without leaving the pod', () => {
    const t = trace(nginx, '10.244.1.2:80');
    expect(t.hops.map((h) => h.title.key)).toEqual(['hop.sendPod.title', 'hop.routeLocal.title', 'hop.deliver.title', 'hop.routeLocal.title', 'hop.replyDelivered.title']);
    expect(t.sourceIpSeen).toBe('10.244.1.2');
  });

  it('follows an ExternalName in another namespace: CNAME, then the Service it names', () => {
    const t = trace(nginx, 'http://alias.kube-system:8001/', 1);
    expect(t.hops.findLast((h) => h.title.key === 'hop.dnsAnswer.title')!.after.dns!.answer).toBe('my-nginx-deploment.default.svc.cluster.local., 10.108.229.67');
    expect(t.outcome).toBe('served');
  });

  it('reaches a server outside the cluster through a Service without selector (seed 000)', () => {
    const out = cluster.services.find((s) => s.name === 'out-ng')!;
    const t = trace(nginx, `${out.clusterIP}:80`);
    expect(t.servedBy).toEqual({ external: '192.168.255.1:80' });
    expect(t.candidates).toMatchObject([{ ip: '192.168.255.1', port: 80, probability: 1 }]);
    // Leaving the pod network, flanneld's --ip-masq rule hides the pod behind node01's address.
    expect(t.sourceIpSeen).toBe('192.168.255.102');
    expect(t.hops.find((h) => h.title.key === 'hop.chainMasqRule.title')!.title.params?.rule).toBe(
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
    );
    expect(t.hops.at(-1)).toMatchObject({ title: { key: 'hop.replyDelivered.title' }, after: { src: out.clusterIP, sport: 80 } });
  });

  it('cannot resolve a name outside the cluster domain: CoreDNS would forward it upstream', () => {
    const t = trace(nginx, 'http://www.example.com/');
    // kubeadm's Corefile forwards it to /etc/resolv.conf, a resolver beyond the simulation: SERVFAIL.
    expect([t.outcome, t.outcomeMessage]).toEqual(['unreachable', { key: 'outcome.noResolveUpstream', params: { name: 'www.example.com', server: '/etc/resolv.conf' } }]);
  });
});

describe('a request from a node', () => {
  it('goes through nat OUTPUT, is masqueraded, and the answer is un-DNATed at the node', () => {
    const t = trace('node/master01', '10.108.229.67:8001', 2);
    expect(t.hops[0]).toMatchObject({ title: { key: 'hop.sendNode.title', params: { src: expect.stringMatching(/^192\.168\.255\.101:/) } } });
    expect(t.hops[1].netfilter).toMatchObject({ chain: 'OUTPUT', hook: 'OUTPUT' });
    expect(t.candidates).toHaveLength(2);
    expect(t.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-lpgt8' });
    expect(t.sourceIpSeen).toBe('192.168.255.101');
    expect(t.hops.at(-1)).toMatchObject({ title: { key: 'hop.replyDelivered.title' }, after: { src: '10.108.229.67', sport: 8001 } });
  });

  it('knows no cluster names: the node\'s resolver is not CoreDNS', () => {
    expect(trace('node/node01', 'http://my-nginx-deploment:8001/').outcomeMessage).toEqual({ key: 'outcome.noResolve', params: { name: 'my-nginx-deploment' } });
  });
});

describe('sources that cannot send', () => {
  it('names the problem', () => {
    expect(trace('pod/default/nope', '10.108.229.67:8001').outcomeMessage).toEqual({ key: 'outcome.badSource', params: { from: 'pod/default/nope' } });
    expect(trace('node/nope', '10.108.229.67:8001').outcomeMessage.key).toBe('outcome.badSource');
  });
});
