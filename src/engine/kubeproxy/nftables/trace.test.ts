/**
 * The trace in kube-proxy's nftables mode walks the node's `ip kube-proxy` table (trace/nft.ts):
 * its base chains at each hook beside the iptables ones, the verdict maps, numgen with every
 * endpoint a candidate at 1/N, the marks, DNAT and masquerade, the filter chains' drops and
 * rejects, the affinity sets across repeats. Where iptables mode does the same, the two traces
 * rewrite the same addresses.
 */
import { describe, expect, it } from 'vitest';
import { loadBalancerLesson } from '../../../lessons/loadbalancer';
import { nodePortLesson } from '../../../lessons/nodeport';
import { buildCluster } from '../../build';
import { sentByAffinity, traceRepeated } from '../../trace/repeat';
import { nats, steps } from '../../trace/testing';
import { traceRequest } from '../../trace/trace';
import type { Trace, TraceRequest } from '../../trace/types';

const nftables = (extra = '') => `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
${extra}`;
const lessonNft = buildCluster(nodePortLesson.yaml + nftables());
const node01Steps = (t: Trace) => steps(t).request.filter((s) => s.startsWith('node/node01 ') && !['arrive', 'routeVia', 'routeLink', 'masq'].includes(s.split(' ')[1]));

describe('the trace through kube-proxy\'s nftables table', () => {
  it('a node port: filter-prerouting-pre-dnat, nat-prerouting → services → the external chain (marked) → the service chain\'s numgen → the endpoint\'s DNAT, masquerading at postrouting', () => {
    const request = { from: 'external', to: '192.168.255.102:31101', pick: 2 } as const;
    const t = traceRequest(lessonNft, request);
    expect(t.outcome).toBe('served');
    expect(node01Steps(t)).toEqual([
      // At each hook kube-proxy's base chain runs before the iptables one of the same priority
      // (registered after it, trace/nft.ts): its DNAT at prerouting and its masquerade at
      // postrouting bind the mapping first, so the iptables nat PREROUTING and POSTROUTING
      // (flanneld's FLANNEL-POSTRTG) are not consulted; at forward, filter-forward before FORWARD.
      'node/node01 filter filter-prerouting-pre-dnat',
      'node/node01 chainJump nat-prerouting',
      'node/node01 chainJump services',
      'node/node01 chainJump external-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node01 chainMark mark-for-masquerade',
      'node/node01 chainJump external-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node01 chainJump service-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node01 chainDnat endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80',
      'node/node01 filter filter-forward',
      'node/node01 filter FORWARD',
      'node/node01 chainJump nat-postrouting',
      'node/node01 chainMasq masquerading',
    ]);
    // The same addresses rewritten as in iptables mode.
    expect(nats(t)).toEqual(nats(traceRequest(buildCluster(nodePortLesson.yaml), request)));
    // The verdict map's element is what sent it on, the Service's YAML behind it.
    const services = t.hops.find((h) => h.netfilter?.chain === 'services')!;
    expect(services.netfilter!.table).toBe('ip kube-proxy');
    expect(services.netfilter!.rules.map((r) => [r.matched, r.matches.map((m) => [m.why.key, m.why.params])])).toEqual([
      [false, [['match.nftVmap.failed', { key: '192.168.255.102 . tcp . 31101', map: 'service-ips' }]]],
      [true, [
        ['match.nftSet.held', { ip: '192.168.255.102', set: 'nodeport-ips', negated: 0 }],
        ['match.nftVmap.held', { key: 'tcp . 31101', map: 'service-nodeports', verdict: 'goto external-HGDPUAUO-default/my-nginx-deploment/tcp/' }],
      ]],
    ]);
    expect(services.provenance[0].object).toBe('Service/default/my-nginx-deploment');
    // numgen: every endpoint a candidate at 1/2, the pinned second one taken.
    const balance = t.hops.find((h) => h.candidates)!;
    expect(balance.candidates!.map((c) => [c.ip, c.probability, c.node])).toEqual([['10.244.1.2', 0.5, 'node01'], ['10.244.2.2', 0.5, 'node02']]);
    expect(balance.chosen).toBe(1);
    expect(t.candidates.map((c) => c.chain)).toEqual(['endpoint-AM4TWA7B-default/my-nginx-deploment/tcp/__10.244.1.2/80', 'endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80']);
    expect(t.sourceIpSeen).toBe('192.168.255.102');
    // nat-postrouting: the marked packet does not match `meta mark & 0x4000 == 0 return`; the next rule masquerades.
    const post = t.hops.find((h) => h.netfilter?.chain === 'masquerading')!;
    const previous = t.hops[post.index - 1];
    expect(previous.netfilter?.chain).toBe('nat-postrouting');
    expect(post.netfilter!.rules.map((r) => [r.text, r.matched])).toEqual([
      ['mark and 0x004000 == 0 return', false],
      ['mark set mark xor 0x004000', true],
      ['masquerade fully-random', true],
    ]);
  });

  it('a hostPort: kube-proxy\'s nat-prerouting first (registered after the iptables nat PREROUTING, same priority); on a node port\'s number its DNAT wins (the lab\'s kernel agrees)', () => {
    const tomcat = (hostPort: number) => buildCluster(`${nodePortLesson.yaml}---
apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node02
  containers:
  - name: container-tomcat
    image: tomcat:9.0
    ports:
    - containerPort: 8080
      hostPort: ${hostPort}
${nftables()}`);
    const node02Steps = (t: Trace) => steps(t).request.filter((s) => s.startsWith('node/node02 ') && !['arrive', 'routeVia', 'routeLink', 'masq', 'bridgeToPod', 'vethToPod'].includes(s.split(' ')[1]));
    // 31101, the Service's node port: kube-proxy's DNAT binds the mapping, so nf_nat_inet_fn
    // consults no later nat chain and CNI-HOSTPORT-DNAT never sees the packet.
    const collision = traceRequest(tomcat(31101), { from: 'external', to: '192.168.255.103:31101', pick: 1 });
    expect(collision.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-bzw22' });
    expect(node02Steps(collision).slice(0, 8)).toEqual([
      'node/node02 filter filter-prerouting-pre-dnat',
      'node/node02 chainJump nat-prerouting',
      'node/node02 chainJump services',
      'node/node02 chainJump external-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node02 chainMark mark-for-masquerade',
      'node/node02 chainJump external-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node02 chainJump service-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'node/node02 chainDnat endpoint-AM4TWA7B-default/my-nginx-deploment/tcp/__10.244.1.2/80',
    ]);
    expect(collision.hops.some((h) => h.netfilter?.chain === 'CNI-HOSTPORT-DNAT')).toBe(false);
    // 8081, no Service's: kube-proxy's chains bind nothing, the iptables nat chains run after
    // them at each hook, the portmap DNAT at prerouting and flanneld's POSTROUTING after
    // nat-postrouting.
    const own = traceRequest(tomcat(8081), { from: 'external', to: '192.168.255.103:8081' });
    expect(own.servedBy).toMatchObject({ pod: 'pod-tomcat' });
    expect(node02Steps(own)).toEqual([
      'node/node02 filter filter-prerouting-pre-dnat',
      'node/node02 chainJump nat-prerouting',
      'node/node02 chainEnd services',
      'node/node02 chainPolicy nat-prerouting',
      'node/node02 chainJump PREROUTING',
      'node/node02 chainJump CNI-HOSTPORT-DNAT',
      'node/node02 chainDnat CNI-DN-c5b1ce7ada0dbe176d7ad',
      'node/node02 filter filter-forward',
      'node/node02 filter FORWARD',
      'node/node02 chainJump nat-postrouting',
      'node/node02 chainReturn masquerading',
      'node/node02 chainPolicy nat-postrouting',
      'node/node02 chainJump POSTROUTING',
      'node/node02 chainEnd CNI-HOSTPORT-MASQ',
      'node/node02 chainJump POSTROUTING',
      'node/node02 chainReturn FLANNEL-POSTRTG',
      'node/node02 chainPolicy POSTROUTING',
    ]);
  });

  it('draws among the endpoints when nothing is pinned, as the seed says', () => {
    const taken = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => traceRequest(lessonNft, { from: 'external', to: '192.168.255.102:31101', seed }).servedBy).map((s) => (s && 'pod' in s ? s.pod : '')));
    expect([...taken].sort()).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
  });

  it('a pod to the cluster IP keeps its address; kubeadm\'s kube-dns answers through the table too', () => {
    const pod = 'pod/default/my-nginx-deploment-55f596c87c-bzw22' as const;
    const t = traceRequest(lessonNft, { from: pod, to: '10.108.229.67:8001', pick: 2 });
    expect(t.outcome).toBe('served');
    expect(t.sourceIpSeen).toBe('10.244.1.2');
    const svc = t.hops.find((h) => h.netfilter?.chain === 'service-HGDPUAUO-default/my-nginx-deploment/tcp/')!;
    expect(svc.netfilter!.rules[0]).toMatchObject({ text: 'ip daddr 10.108.229.67 ip saddr != 10.244.0.0/16 jump mark-for-masquerade', matched: false });
    const dns = traceRequest(lessonNft, { from: pod, to: 'http://my-nginx-deploment:8001/', pick: 1 });
    expect(dns.outcome).toBe('served');
    expect(dns.hops.some((h) => h.netfilter?.chain.startsWith('service-FY5PMXPG-kube-system/kube-dns/udp/dns'))).toBe(true);
  });

  it('refuses at reject-chain for a Service without endpoints, at cluster-ips-check for a port it lacks, and drops an unallocated cluster IP', () => {
    const nobody = nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP');
    const c = buildCluster(nobody + nftables());
    const pod = 'pod/default/my-nginx-deploment-55f596c87c-bzw22' as const;
    const noEndpoints = traceRequest(c, { from: pod, to: '10.108.229.67:8001' });
    expect(noEndpoints.outcome).toBe('refused');
    const stop = noEndpoints.hops.find((h) => h.kind === 'refuse')!;
    expect(stop.title.key).toBe('hop.reject.title');
    expect(stop.explain.params!.rule).toBe('default/my-nginx-deploment');
    expect(noEndpoints.hops.find((h) => h.netfilter?.chain === 'filter-forward')!.netfilter!.rules.map((r) => r.text)).toEqual([
      'ct state new jump service-endpoints-check', 'ip daddr . meta l4proto . th dport vmap @no-endpoint-services', 'reject',
    ]);
    const wrongPort = traceRequest(lessonNft, { from: pod, to: '10.108.229.67:9999' });
    expect(wrongPort.outcome).toBe('refused');
    expect(wrongPort.hops.find((h) => h.kind === 'refuse')!.explain.params!.rule).toBe('Reject traffic to invalid ports of ClusterIPs');
    const unallocated = traceRequest(lessonNft, { from: pod, to: '10.96.99.99:80' });
    expect(unallocated.outcome).toBe('dropped');
    expect(unallocated.hops.find((h) => h.kind === 'drop')!.explain.params!.rule).toBe('Drop traffic to unallocated ClusterIPs');
  });

  it('loadBalancerSourceRanges: a source outside them is dropped before DNAT, in the firewall chain', () => {
    const lb = loadBalancerLesson.steps![1].edits!.reduce((y, e) => y.replace(e.find, e.replace), loadBalancerLesson.yaml)
      .replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  loadBalancerSourceRanges:\n  - 203.0.113.0/24\n');
    const c = buildCluster(lb + nftables());
    const t = traceRequest(c, { from: 'external', to: 'http://192.168.255.240/' });
    expect(t.outcome).toBe('dropped');
    const pre = t.hops.find((h) => h.netfilter?.chain === 'filter-prerouting-pre-dnat')!;
    expect(pre.title.key).toBe('hop.filterStop.title');
    expect(pre.title.params!.chains).toMatch(/^filter-prerouting-pre-dnat → firewall-check → firewall-[A-Z2-7]{8}-default\/my-service\/tcp\/$/);
    expect(pre.netfilter!.rules.at(-1)).toMatchObject({ text: 'ip saddr != { 203.0.113.0/24 } drop', matched: true });
    // Allowed from inside the ranges, and node ports ignore them.
    const open = buildCluster(lb.replace('203.0.113.0/24', '192.168.255.0/24') + nftables());
    expect(traceRequest(open, { from: 'external', to: 'http://192.168.255.240/' }).outcome).toBe('served');
    expect(traceRequest(c, { from: 'external', to: 'http://192.168.255.102:30931/' }).outcome).toBe('served');
  });

  it('externalTrafficPolicy Local on a node without an endpoint: the node port is dropped by @no-endpoint-nodeports on input', () => {
    const local = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n');
    const c = buildCluster(local + nftables());
    const t = traceRequest(c, { from: 'external', to: '192.168.255.101:31101' });
    expect(t.outcome).toBe('dropped');
    const input = t.hops.find((h) => h.netfilter?.chain === 'filter-input')!;
    expect(input.netfilter!.rules.map((r) => r.text)).toEqual(['ct state new jump nodeport-endpoints-check', 'ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports']);
    // On node01, with its own endpoint, the client's address is kept.
    const served = traceRequest(c, { from: 'external', to: '192.168.255.102:31101' });
    expect(served.outcome).toBe('served');
    expect(served.sourceIpSeen).toBe('192.168.255.1');
  });

  it('ClientIP session affinity: update @affinity-… remembers the client, and its repeats go back to the same endpoint', () => {
    const sticky = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
    const c = buildCluster(sticky + nftables());
    const request: TraceRequest = { from: 'external', to: '192.168.255.102:31101', pick: 1 };
    const traces = traceRepeated(c, [request, ...[2, 3, 4, 5].map((seed) => ({ from: 'external' as const, to: request.to, seed }))]);
    const pods = traces.map((t) => (t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : ''));
    expect(new Set(pods).size).toBe(1);
    const svc = traces[1].hops.find((h) => h.netfilter?.chain.startsWith('service-HGDPUAUO'))!;
    expect(svc.netfilter!.rules.find((r) => r.text.startsWith('ip saddr @affinity-'))).toMatchObject({ matched: true });
    expect(traces.map(sentByAffinity)).toEqual([false, true, true, true, true]);
  });
});
