/**
 * Paths on one node's bridge, and the provenance of a hand-written endpoint. With
 * br_netfilter (kubeadm requires bridge-nf-call-iptables=1, and this kernel's namespaces have
 * it on), frames switched between two pods on cbr0 still pass the node's conntrack and its
 * nat and filter tables.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { nats, steps } from './testing';
import { traceRequest } from './trace';

const A = 'pod/default/my-nginx-deploment-55f596c87c-bzw22'; // node01, 10.244.1.2
const C = 'pod/default/my-nginx-deploment-55f596c87c-p7qjp'; // node01, 10.244.1.3
const veth = (pod: string) => pod.replace(/^pod\//, 'veth/');
const three = buildCluster(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3'));

describe('paths across one node\'s bridge, and hand-written endpoints', () => {
  it('pod to pod on one node: switched by cbr0 through the bridge\'s netfilter hooks, into the destination pod\'s veth', () => {
    const t = traceRequest(three, { from: A, to: '10.244.1.3:80' });
    expect(steps(t).request).toEqual([
      `${A} sendPod`, `${A} routeLink`, `${A} vethFromPod @${veth(A)}`,
      'node/node01 chainJump PREROUTING', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy PREROUTING',
      'node/node01 filter FORWARD',
      'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(C)}`, `${C} arrive @eth0`, `${C} deliver`,
    ]);
    expect(nats(t)).toEqual([]);
    // The answer belongs to a tracked connection: only filter FORWARD looks at it.
    expect(steps(t).reply).toEqual([
      `${C} routeLink`, `${C} vethFromPod @${veth(C)}`,
      'node/node01 filter FORWARD',
      'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(A)}`, `${A} arrive @eth0`, `${A} replyDelivered`,
    ]);
  });

  it('pod to a ClusterIP whose endpoint is on the same node: the bridged answer is un-DNATed by the node\'s conntrack', () => {
    const t = traceRequest(three, { from: A, to: '10.108.229.67:8001', pick: 2 });
    expect(t.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-p7qjp' });
    // kubeadm requires net.bridge.bridge-nf-call-iptables=1: the answer bridged from C to A
    // goes through node01's conntrack, which gives it back the address A called.
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.2:50471 > 10.108.229.67:8001 => 10.244.1.2:50471 > 10.244.1.3:80',
      'node/node01 undnat 10.244.1.3:80 > 10.244.1.2:50471 => 10.108.229.67:8001 > 10.244.1.2:50471',
    ]);
    expect(t.hops.at(-1)).toMatchObject({ at: A, title: { key: 'hop.replyDelivered.title' }, after: { src: '10.108.229.67', sport: 8001, dst: '10.244.1.2' } });
  });

  const OUT_NG = `${nodePortLesson.yaml}---
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

  it('seed 000, pod to the Service without selector: flanneld masquerades the packet leaving the pod network, and the answer comes back', () => {
    const cluster = buildCluster(OUT_NG);
    const ip = cluster.services.find((s) => s.name === 'out-ng')!.clusterIP;
    const t = traceRequest(cluster, { from: A, to: `${ip}:80` });
    expect(t.servedBy).toEqual({ external: '192.168.255.1:80' });
    // flannel's (or the bridge plugin's ipMasq) POSTROUTING rule masquerades pod traffic to
    // addresses outside 10.244.0.0/16: nginx on the VMware host sees node01.
    expect(t.sourceIpSeen).toBe('192.168.255.102');
    expect(steps(t).reply.at(-1)).toBe(`${A} replyDelivered`);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: ip, sport: 80, dst: '10.244.1.2' });
  });

  it('the DNAT to a hand-written endpoint points at the Endpoints line that holds the address', () => {
    const cluster = buildCluster(OUT_NG);
    const t = traceRequest(cluster, { from: A, to: `${cluster.services.find((s) => s.name === 'out-ng')!.clusterIP}:80` });
    const dnat = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!;
    expect(dnat.provenance.map((p) => [p.object, p.range.start.line])).toEqual([['Endpoints/default/out-ng', 51]]);
  });
});
