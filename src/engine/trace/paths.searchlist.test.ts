/**
 * Issue 16 items 8 and 9: packets the picture used to skip.
 * - Every name of the resolver's search list is a query of its own (glibc res_query.c
 *   __res_context_search keeps trying after HOST_NOT_FOUND, NO_DATA and SERVFAIL; res_send
 *   closes its socket after each query, so each try comes from a new port): UDP to kube-dns's
 *   cluster IP, through kube-proxy's rules to a CoreDNS pod, and its NXDOMAIN back, before the
 *   try that answers.
 * - REJECT's ICMP port unreachable (nf_reject_ipv4.c nf_send_unreach → icmp_send) travels back
 *   as reply hops, from the address icmp_send picks (the kernel test src/lab/reject.test.ts
 *   checks the same addresses in the kernel).
 */
import { describe, expect, it } from 'vitest';
import { externalNameLesson } from '../../lessons/externalname';
import { nodePortLesson } from '../../lessons/nodeport';
import { requestAt, yamlAt } from '../../lessons/play';
import { buildCluster } from '../build';
import { nats, steps } from './testing';
import { traceRequest } from './trace';

const BUSYBOX = 'pod/default/busybox';
const cluster = buildCluster(`${nodePortLesson.yaml}---
apiVersion: v1
kind: Pod
metadata:
  name: busybox
spec:
  nodeName: node01
  containers:
  - name: busybox
    image: busybox:1.36
`);

const postrouting = (node: string) => [
  `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn KUBE-POSTROUTING`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn FLANNEL-POSTRTG`, `node/${node} chainPolicy POSTROUTING`,
];

/** One query from busybox on node01, DNATed to CoreDNS pod `sep`/`coredns` on master01, and its answer back as `answerIn`. */
const leg = (first: string, sep: string, coredns: string, answerIn: string) => {
  const C = `pod/kube-system/${coredns}`;
  return [
    `${BUSYBOX} ${first}`, `${BUSYBOX} routeVia`, `${BUSYBOX} vethFromPod @veth/default/busybox`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
    'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-TCOU7JCQXEZGVUNU', `node/node01 chainDnat ${sep}`,
    'node/node01 routeVia', 'node/node01 filter FORWARD', ...postrouting('node01'), 'lan wire',
    'node/master01 arrive @eth0', 'node/master01 chainJump PREROUTING', 'node/master01 chainEnd KUBE-SERVICES', 'node/master01 chainPolicy PREROUTING',
    'node/master01 routeLink', 'node/master01 filter FORWARD', ...postrouting('master01'),
    'node/master01 bridgeToPod @cbr0', `node/master01 vethToPod @veth/kube-system/${coredns}`, `${C} arrive @eth0`, `${C} dnsAnswer`,
    `${C} routeVia`, `${C} vethFromPod @veth/kube-system/${coredns}`, 'node/master01 bridgeToHost @cbr0', 'node/master01 arrive @cbr0', 'node/master01 routeVia', 'node/master01 filter FORWARD',
    'lan wire', 'node/node01 arrive @eth0', 'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat',
    'node/node01 bridgeToPod @cbr0', 'node/node01 vethToPod @veth/default/busybox', `${BUSYBOX} arrive @eth0`, `${BUSYBOX} ${answerIn}`,
  ];
};

describe('item 8: the search list\'s tries are packets', () => {
  it('my-nginx-deploment.default: the first name\'s query and its NXDOMAIN, then the next name\'s, then the connection', () => {
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://my-nginx-deploment.default:8001/', pick: 1 });
    expect(steps(t).request).toEqual([
      ...leg('dnsResolve', 'KUBE-SEP-YIL6JZP7A3QYXJU2', 'coredns-5dd5756b68-ht8rn', 'dnsNoAddressIn'),
      ...leg('dnsNext', 'KUBE-SEP-6E7XQMQ4RAYOWTTM', 'coredns-5dd5756b68-72jmm', 'dnsAnswerIn'),
      `${BUSYBOX} sendPod`, `${BUSYBOX} routeVia`, `${BUSYBOX} vethFromPod @veth/default/busybox`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-O34RRTA663ZXJZ3Q', 'node/node01 chainDnat KUBE-SEP-YKFFIOJ7GBPOZEYW',
      'node/node01 routeLink', 'node/node01 filter FORWARD', ...postrouting('node01'),
      'node/node01 bridgeToPod @cbr0', 'node/node01 vethToPod @veth/default/my-nginx-deploment-55f596c87c-bzw22',
      'pod/default/my-nginx-deploment-55f596c87c-bzw22 arrive @eth0', 'pod/default/my-nginx-deploment-55f596c87c-bzw22 deliver',
    ]);
    // Two queries from two ports, each DNATed to the CoreDNS pod its own draw chose.
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.3:50471 > 10.96.0.10:53 => 10.244.1.3:50471 > 10.244.0.2:53',
      'node/node01 undnat 10.244.0.2:53 > 10.244.1.3:50471 => 10.96.0.10:53 > 10.244.1.3:50471',
      'node/node01 chainDnat 10.244.1.3:47658 > 10.96.0.10:53 => 10.244.1.3:47658 > 10.244.0.3:53',
      'node/node01 undnat 10.244.0.3:53 > 10.244.1.3:47658 => 10.96.0.10:53 > 10.244.1.3:47658',
      'node/node01 chainDnat 10.244.1.3:60107 > 10.108.229.67:8001 => 10.244.1.3:60107 > 10.244.1.2:80',
      'node/node01 undnat 10.244.1.2:80 > 10.244.1.3:60107 => 10.108.229.67:8001 > 10.244.1.3:60107',
    ]);
    const dns = t.hops.filter((h) => h.title.key.startsWith('hop.dns'));
    expect(dns.map((h) => [h.title.key, h.after.dns])).toEqual([
      ['hop.dnsResolve.title', { name: 'my-nginx-deploment.default.default.svc.cluster.local', type: 'A' }],
      ['hop.dnsAnswer.title', { name: 'my-nginx-deploment.default.default.svc.cluster.local', type: 'A', answer: '', rcode: 'NXDOMAIN' }],
      ['hop.dnsNoAddressIn.title', { name: 'my-nginx-deploment.default.default.svc.cluster.local', type: 'A', answer: '', rcode: 'NXDOMAIN' }],
      ['hop.dnsNext.title', { name: 'my-nginx-deploment.default.svc.cluster.local', type: 'A' }],
      ['hop.dnsAnswer.title', { name: 'my-nginx-deploment.default.svc.cluster.local', type: 'A', answer: '10.108.229.67', rcode: 'NOERROR' }],
      ['hop.dnsAnswerIn.title', { name: 'my-nginx-deploment.default.svc.cluster.local', type: 'A', answer: '10.108.229.67', rcode: 'NOERROR' }],
    ]);
    expect(dns[3].title.params).toEqual({ name: 'my-nginx-deploment.default.svc.cluster.local', previous: 'my-nginx-deploment.default.default.svc.cluster.local', rcode: 'NXDOMAIN' });
    expect([t.outcome, t.servedBy]).toMatchObject(['served', { pod: 'my-nginx-deploment-55f596c87c-bzw22' }]);
  });

  it('a lesson step whose only content is DNS animates: externalName step 1 crosses the LAN once per name, each way', () => {
    const { yaml } = yamlAt(externalNameLesson, 0);
    const t = traceRequest(buildCluster(yaml), requestAt(externalNameLesson, 0));
    expect(t.outcome).toBe('unreachable');
    expect(t.hops.length).toBeGreaterThan(100);
    const places = new Set(t.hops.map((h) => h.at));
    expect(places.has('lan') && [...places].some((p) => p.startsWith('pod/kube-system/coredns-'))).toBe(true);
    expect(t.hops.filter((h) => h.at === 'lan').length).toBe(8);
    expect(t.hops.filter((h) => h.title.key === 'hop.dnsAnswer.title').map((h) => h.title.params!.rcode)).toEqual(['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'SERVFAIL']);
  });
});

describe('item 9: REJECT\'s ICMP port unreachable goes back as reply hops', () => {
  const empty = buildCluster(nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP'));

  it('a pod to a cluster IP without endpoints: filter FORWARD rejects; the ICMP comes from cbr0\'s address, through filter OUTPUT, over the bridge', () => {
    const POD = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';
    const t = traceRequest(empty, { from: POD, to: '10.108.229.67:8001' });
    expect(t.outcome).toBe('refused');
    expect(steps(t).request.slice(-2)).toEqual(['node/node01 filterStop FORWARD', 'node/node01 reject']);
    expect(steps(t).reply).toEqual([
      'node/node01 filter OUTPUT', 'node/node01 routeLink', 'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @veth/default/my-nginx-deploment-55f596c87c-bzw22`,
      `${POD} arrive @eth0`, `${POD} replyIcmp`,
    ]);
    const icmp = t.hops.at(-1)!;
    expect(icmp.after).toMatchObject({ src: '10.244.1.1', dst: '10.244.1.2', proto: 'icmp', icmp: { type: 3, code: 3, text: 'port unreachable' } });
    expect(icmp.title.params).toEqual({ src: '10.244.1.1', flags: '', port: '8001' });
  });

  it('a node to a cluster IP without endpoints: filter OUTPUT rejects; the ICMP is the node\'s to itself, over lo', () => {
    const t = traceRequest(empty, { from: 'node/node01', to: '10.108.229.67:8001' });
    expect(t.outcome).toBe('refused');
    expect(steps(t).reply).toEqual(['node/node01 filter OUTPUT', 'node/node01 routeLocal', 'node/node01 replyIcmp']);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '192.168.255.102', dst: '192.168.255.102', proto: 'icmp' });
  });
});
