/**
 * Issue 4's paths inside the cluster (seeds 001, 002 and 004): pod to pod on one node and
 * across nodes (host-gw and VXLAN), pod and node to a ClusterIP, a pod to itself through its
 * own Service. Each is pinned hop by hop, with every address rewrite and every route taken.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { nats, routes, steps } from './testing';
import { traceRequest } from './trace';
import type { TraceRequest } from './types';

const A = 'pod/default/my-nginx-deploment-55f596c87c-bzw22'; // node01, 10.244.1.2
const B = 'pod/default/my-nginx-deploment-55f596c87c-lpgt8'; // node02, 10.244.2.2
const C = 'pod/default/my-nginx-deploment-55f596c87c-p7qjp'; // node01, 10.244.1.3 (third replica)
const veth = (pod: string) => pod.replace(/^pod\//, 'veth/');
const VA = veth(A);

const lesson = buildCluster(nodePortLesson.yaml);
const three = buildCluster(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3'));
const vxlan = buildCluster(`${nodePortLesson.yaml}---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "vxlan"
      }
    }
`);
const trace = (cluster: typeof lesson, from: TraceRequest['from'], to: string, pick?: number) => traceRequest(cluster, { from, to, pick });

/** node01 passes a packet it routes without touching it: nat finds no Service, filter accepts. */
const routedBy = (node: string, route: 'routeVia' | 'routeLink') => [
  `node/${node} chainJump PREROUTING`,
  `node/${node} chainEnd KUBE-SERVICES`,
  `node/${node} chainPolicy PREROUTING`,
  `node/${node} ${route}`,
  `node/${node} filter FORWARD`,
  `node/${node} chainJump POSTROUTING`,
  `node/${node} chainReturn KUBE-POSTROUTING`,
  `node/${node} chainJump POSTROUTING`,
  `node/${node} chainReturn FLANNEL-POSTRTG`,
  `node/${node} chainPolicy POSTROUTING`,
];
const outOf = (pod: string) => [`${pod} routeVia`, `${pod} vethFromPod @${veth(pod)}`];
const into = (node: string, pod: string) => [`node/${node} bridgeToPod @cbr0`, `node/${node} vethToPod @${veth(pod)}`, `${pod} arrive @eth0`];

describe('pod to pod', () => {
  it('on the same node: switched by cbr0, no node routes it, nothing rewrites it (br_netfilter still shows it the node\'s tables)', () => {
    expect(three.pods.map((p) => [p.name, p.node, p.ip]).filter(([n]) => n!.startsWith('my-nginx'))).toEqual([
      ['my-nginx-deploment-55f596c87c-bzw22', 'node01', '10.244.1.2'],
      ['my-nginx-deploment-55f596c87c-lpgt8', 'node02', '10.244.2.2'],
      ['my-nginx-deploment-55f596c87c-p7qjp', 'node01', '10.244.1.3'],
    ]);
    const t = trace(three, A, '10.244.1.3:80');
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-p7qjp', node: 'node01', ip: '10.244.1.3', port: 80 }, '10.244.1.2']);
    // The pods' own on-link route: the destination is on the bridge, ARP finds it, no gateway.
    expect(routes(t)).toEqual([
      `${A} 10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2`,
      `${C} 10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.3`,
    ]);
    const all = [...steps(t).request, ...steps(t).reply];
    expect(all.filter((s) => s.startsWith('node/'))).toEqual([
      'node/node01 chainJump PREROUTING', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy PREROUTING',
      'node/node01 filter FORWARD',
      'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(C)}`,
      'node/node01 filter FORWARD', 'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(A)}`,
    ]);
    expect(all.some((s) => s.startsWith('lan'))).toBe(false);
    expect(nats(t)).toEqual([]);
    expect(t.hops[0].after).toMatchObject({ src: '10.244.1.2', dst: '10.244.1.3', dport: 80 });
  });

  it('across nodes with host-gw: node01 routes to node02\'s IP, node02 to its cbr0; no NAT either way', () => {
    const t = trace(lesson, A, '10.244.2.2:80');
    expect(steps(t).request).toEqual([
      `${A} sendPod`, ...outOf(A),
      'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0', ...routedBy('node01', 'routeVia'),
      'lan wire',
      'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'),
      ...into('node02', B), `${B} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      ...outOf(B),
      'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeVia', 'node/node02 filter FORWARD',
      'lan wire',
      'node/node01 arrive @eth0', 'node/node01 routeLink', 'node/node01 filter FORWARD',
      ...into('node01', A), `${A} replyDelivered`,
    ]);
    expect(routes(t)).toEqual([
      `${A} default via 10.244.1.1 dev eth0`,
      'node/node01 10.244.2.0/24 via 192.168.255.103 dev eth0',
      'node/node02 10.244.2.0/24 dev cbr0 proto kernel scope link src 10.244.2.1',
      `${B} default via 10.244.2.1 dev eth0`,
      'node/node02 10.244.1.0/24 via 192.168.255.102 dev eth0',
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
    ]);
    expect(nats(t)).toEqual([]);
    expect([t.outcome, t.sourceIpSeen, t.hops.at(-1)!.after.src]).toEqual(['served', '10.244.1.2', '10.244.2.2']);
    // The frame on the LAN goes from node01's eth0 to node02's.
    const wire = t.hops.find((h) => h.kind === 'wire')!;
    const mac = (node: string, dev: string) => lesson.nodeDataplanes.find((d) => d.node === node)!.interfaces.find((i) => i.name === dev)!.mac;
    expect([wire.after.srcMac, wire.after.dstMac]).toEqual([mac('node01', 'eth0'), mac('node02', 'eth0')]);
  });

  it('across nodes with VXLAN: flannel.1 wraps the unchanged pod packet in UDP 8472 between the node IPs', () => {
    expect([vxlan.settings.overlay, vxlan.diagnostics]).toEqual(['vxlan', []]);
    const t = trace(vxlan, A, '10.244.2.2:80');
    const prefix = [`${A} sendPod`, ...outOf(A), 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0', ...routedBy('node01', 'routeVia')];
    expect(steps(t).request).toEqual([
      ...prefix,
      'node/node01 vxlanEncap @flannel.1', 'lan wireVxlan', 'node/node02 arrive @eth0', 'node/node02 vxlanDecap @flannel.1', 'node/node02 arrive @flannel.1',
      ...routedBy('node02', 'routeLink'), ...into('node02', B), `${B} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      ...outOf(B),
      'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeVia', 'node/node02 filter FORWARD',
      'node/node02 vxlanEncap @flannel.1', 'lan wireVxlan', 'node/node01 arrive @eth0', 'node/node01 vxlanDecap @flannel.1', 'node/node01 arrive @flannel.1',
      'node/node01 routeLink', 'node/node01 filter FORWARD', ...into('node01', A), `${A} replyDelivered`,
    ]);
    expect(routes(t)).toEqual([
      `${A} default via 10.244.1.1 dev eth0`,
      'node/node01 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink',
      'node/node02 10.244.2.0/24 dev cbr0 proto kernel scope link src 10.244.2.1',
      `${B} default via 10.244.2.1 dev eth0`,
      'node/node02 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink',
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
    ]);
    expect(nats(t)).toEqual([]);
    const [there, back] = t.hops.filter((h) => h.title.key === 'hop.vxlanEncap.title');
    expect(there.after).toMatchObject({ src: '10.244.1.2', dst: '10.244.2.2', dport: 80, outer: { src: '192.168.255.102', dst: '192.168.255.103', dport: 8472, vni: 1 } });
    expect(back.after).toMatchObject({ src: '10.244.2.2', dst: '10.244.1.2', sport: 80, outer: { src: '192.168.255.103', dst: '192.168.255.102', dport: 8472, vni: 1 } });
    expect(t.hops.filter((h) => h.title.key === 'hop.vxlanDecap.title').map((h) => h.after.outer)).toEqual([undefined, undefined]);
    expect(t.sourceIpSeen).toBe('10.244.1.2');
  });
});

describe('to a ClusterIP', () => {
  it('from a pod, endpoint on another node: DNAT on the sender\'s node, no SNAT (the source is a pod), un-DNAT on the way back', () => {
    const t = trace(lesson, A, '10.108.229.67:8001', 2);
    expect(steps(t).request).toEqual([
      `${A} sendPod`, ...outOf(A), 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q', 'node/node01 chainDnat KUBE-SEP-KDCPXYTLRMIIBTDL',
      'node/node01 routeVia', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      'lan wire', 'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'), ...into('node02', B), `${B} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      ...outOf(B), 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeVia', 'node/node02 filter FORWARD',
      'lan wire', 'node/node01 arrive @eth0', 'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat',
      ...into('node01', A), `${A} replyDelivered`,
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.2:50471 > 10.108.229.67:8001 => 10.244.1.2:50471 > 10.244.2.2:80',
      'node/node01 undnat 10.244.2.2:80 > 10.244.1.2:50471 => 10.108.229.67:8001 > 10.244.1.2:50471',
    ]);
    // KUBE-SVC's masquerade rule is only for sources outside the pod network.
    const svc = t.hops.find((h) => h.netfilter?.chain === 'KUBE-SVC-O34RRTA663ZXJZ3Q')!;
    expect(svc.netfilter!.rules.map((r) => [r.matched, r.text])).toEqual([
      [false, '-A KUBE-SVC-O34RRTA663ZXJZ3Q ! -s 10.244.0.0/16 -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment cluster IP" -m tcp --dport 8001 -j KUBE-MARK-MASQ'],
      [false, '-A KUBE-SVC-O34RRTA663ZXJZ3Q -m comment --comment "default/my-nginx-deploment -> 10.244.1.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-YKFFIOJ7GBPOZEYW'],
      [true, '-A KUBE-SVC-O34RRTA663ZXJZ3Q -m comment --comment "default/my-nginx-deploment -> 10.244.2.2:80" -j KUBE-SEP-KDCPXYTLRMIIBTDL'],
    ]);
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2', port: 80 }, '10.244.1.2']);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '10.108.229.67', sport: 8001, dst: '10.244.1.2', flags: 'SYN,ACK' });
  });

  it('from a pod, endpoint on the same node: DNAT, then back out of cbr0 to the other pod\'s veth', () => {
    const t = trace(three, A, '10.108.229.67:8001', 2);
    expect(t.candidates.map((c) => [c.pod, c.ip])).toEqual([
      ['my-nginx-deploment-55f596c87c-bzw22', '10.244.1.2'],
      ['my-nginx-deploment-55f596c87c-p7qjp', '10.244.1.3'],
      ['my-nginx-deploment-55f596c87c-lpgt8', '10.244.2.2'],
    ]);
    expect(steps(t).request).toEqual([
      `${A} sendPod`, ...outOf(A), 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q', 'node/node01 chainDnat KUBE-SEP-MYHKALBMH4D6TQRZ',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      ...into('node01', C), `${C} deliver`,
    ]);
    expect(nats(t).slice(0, 1)).toEqual(['node/node01 chainDnat 10.244.1.2:50471 > 10.108.229.67:8001 => 10.244.1.2:50471 > 10.244.1.3:80']);
    expect(routes(t).slice(0, 2)).toEqual([`${A} default via 10.244.1.1 dev eth0`, 'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1']);
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '10.244.1.2']);
  });

  it('from a pod to its own Service, reaching itself: hairpin, masqueraded to cbr0\'s address so the answer comes back through the node', () => {
    const t = trace(lesson, A, '10.108.229.67:8001', 1);
    expect(steps(t).request).toEqual([
      `${A} sendPod`, ...outOf(A), 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q',
      'node/node01 chainJump KUBE-SEP-YKFFIOJ7GBPOZEYW', 'node/node01 chainMark KUBE-MARK-MASQ', 'node/node01 chainDnat KUBE-SEP-YKFFIOJ7GBPOZEYW',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainMasq KUBE-POSTROUTING', 'node/node01 masq',
      ...into('node01', A), `${A} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${A} routeLink`, `${A} vethFromPod @${VA}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0', 'node/node01 unsnat',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat', ...into('node01', A), `${A} replyDelivered`,
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.2:50471 > 10.108.229.67:8001 => 10.244.1.2:50471 > 10.244.1.2:80',
      'node/node01 masq 10.244.1.2:50471 > 10.244.1.2:80 => 10.244.1.1:1200 > 10.244.1.2:80',
      'node/node01 unsnat 10.244.1.2:80 > 10.244.1.1:1200 => 10.244.1.2:80 > 10.244.1.2:50471',
      'node/node01 undnat 10.244.1.2:80 > 10.244.1.2:50471 => 10.108.229.67:8001 > 10.244.1.2:50471',
    ]);
    // The KUBE-SEP rule that marks a pod talking to itself.
    const sep = t.hops.find((h) => h.title.key === 'hop.chainJump.title' && h.netfilter?.chain === 'KUBE-SEP-YKFFIOJ7GBPOZEYW')!;
    expect(sep.netfilter!.rules.find((r) => r.matched)!.text).toBe('-A KUBE-SEP-YKFFIOJ7GBPOZEYW -s 10.244.1.2/32 -m comment --comment "default/my-nginx-deploment" -j KUBE-MARK-MASQ');
    expect(routes(t)).toEqual([
      `${A} default via 10.244.1.1 dev eth0`,
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
      `${A} 10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2`,
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
    ]);
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2', port: 80 }, '10.244.1.1']);
  });

  it('from a node: nat OUTPUT DNATs and marks it, POSTROUTING masquerades; the answer is un-SNATed, then un-DNATed at INPUT', () => {
    const t = trace(lesson, 'node/master01', '10.108.229.67:8001', 2);
    expect(steps(t).request).toEqual([
      'node/master01 sendNode',
      'node/master01 chainJump OUTPUT', 'node/master01 chainJump KUBE-SERVICES', 'node/master01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q', 'node/master01 chainMark KUBE-MARK-MASQ',
      'node/master01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q', 'node/master01 chainDnat KUBE-SEP-KDCPXYTLRMIIBTDL', 'node/master01 filter OUTPUT',
      'node/master01 routeVia', 'node/master01 chainJump POSTROUTING', 'node/master01 chainMasq KUBE-POSTROUTING', 'node/master01 masq',
      'lan wire', 'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'), ...into('node02', B), `${B} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      ...outOf(B), 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeLink', 'node/node02 filter FORWARD',
      'lan wire', 'node/master01 arrive @eth0', 'node/master01 unsnat', 'node/master01 filter INPUT', 'node/master01 undnat', 'node/master01 replyDelivered',
    ]);
    expect(nats(t)).toEqual([
      'node/master01 chainDnat 192.168.255.101:50471 > 10.108.229.67:8001 => 192.168.255.101:50471 > 10.244.2.2:80',
      'node/master01 masq 192.168.255.101:50471 > 10.244.2.2:80 => 192.168.255.101:1200 > 10.244.2.2:80',
      'node/master01 unsnat 10.244.2.2:80 > 192.168.255.101:1200 => 10.244.2.2:80 > 192.168.255.101:50471',
      'node/master01 undnat 10.244.2.2:80 > 192.168.255.101:50471 => 10.108.229.67:8001 > 192.168.255.101:50471',
    ]);
    expect(routes(t)).toEqual([
      'node/master01 10.244.2.0/24 via 192.168.255.103 dev eth0',
      'node/node02 10.244.2.0/24 dev cbr0 proto kernel scope link src 10.244.2.1',
      `${B} default via 10.244.2.1 dev eth0`,
      'node/node02 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.103',
    ]);
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '192.168.255.101']);
  });
});
