/**
 * Issue 4's last paths: `kubectl port-forward` in its pod, deployment and service forms
 * (seed 003), which never touches a Service rule; and sessionAffinity ClientIP, whose repeats
 * go to the same pod through kube-proxy's `-m recent` lists.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { evaluateHook } from '../netfilter/evaluate';
import { addressesOf, Network } from './hosts';
import type { Packet } from './packet';
import { nats, routes, steps } from './testing';
import { traceRequest } from './trace';

const lesson = buildCluster(nodePortLesson.yaml);
const forward = (target: string, ports: string) => traceRequest(lesson, { from: 'external', to: '', portForward: { target, ports } });

/** The three connections: workstation → API server :6443 → kubelet :10250 → 127.0.0.1 in the pod. */
const throughApiServerTo = (node: string, pod: string) => [
  'external/client pfKubectl', 'external/client routeLink', 'lan wire', 'node/master01 arrive @eth0',
  'node/master01 chainJump PREROUTING', 'node/master01 chainJump KUBE-SERVICES', 'node/master01 chainEnd KUBE-NODEPORTS', 'node/master01 chainEnd KUBE-SERVICES', 'node/master01 chainPolicy PREROUTING',
  'node/master01 filter INPUT', 'node/master01 deliverDaemon @eth0',
  'node/master01 pfApiserver', 'node/master01 chainJump OUTPUT', 'node/master01 chainEnd KUBE-SERVICES', 'node/master01 chainPolicy OUTPUT', 'node/master01 filter OUTPUT',
  'node/master01 routeLink', 'node/master01 chainJump POSTROUTING', 'node/master01 chainReturn KUBE-POSTROUTING', 'node/master01 chainJump POSTROUTING', 'node/master01 chainEnd FLANNEL-POSTRTG', 'node/master01 chainPolicy POSTROUTING',
  'lan wire', `node/${node} arrive @eth0`,
  `node/${node} chainJump PREROUTING`, `node/${node} chainJump KUBE-SERVICES`, `node/${node} chainEnd KUBE-NODEPORTS`, `node/${node} chainEnd KUBE-SERVICES`, `node/${node} chainPolicy PREROUTING`,
  `node/${node} filter INPUT`, `node/${node} deliverDaemon @eth0`,
  `${pod} pfKubelet`, `${pod} routeLocal`, `${pod} deliver`,
];
const backFrom = (node: string, pod: string) => [
  `${pod} routeLocal`, `${pod} replyDelivered`, `node/${node} routeLink`, 'lan wire', 'node/master01 arrive @eth0', 'node/master01 filter INPUT', 'node/master01 replyDelivered',
  'node/master01 routeLink', 'lan wire', 'external/client arrive', 'external/client replyDelivered',
];

describe('kubectl port-forward', () => {
  it('pod/NAME: three connections, each to a process that listens, no NAT, no Service rule', () => {
    const B = 'pod/default/my-nginx-deploment-55f596c87c-lpgt8';
    const t = forward('pod/my-nginx-deploment-55f596c87c-lpgt8', '8080:80');
    expect(steps(t)).toEqual({ request: throughApiServerTo('node02', B), reply: backFrom('node02', B) });
    expect(nats(t)).toEqual([]);
    expect(t.hops.some((h) => h.netfilter?.chain.startsWith('KUBE-SVC-') || h.netfilter?.chain.startsWith('KUBE-SEP-'))).toBe(false);
    expect(t.hops.filter((h) => h.kind === 'send').map((h) => [`${h.after.src}:${h.after.sport}`, `${h.after.dst}:${h.after.dport}`, h.after.http?.path ?? ''])).toEqual([
      ['192.168.255.1:50471', '192.168.255.101:6443', '/api/v1/namespaces/default/pods/my-nginx-deploment-55f596c87c-lpgt8/portforward'],
      ['192.168.255.101:32845', '192.168.255.103:10250', '/portForward/default/my-nginx-deploment-55f596c87c-lpgt8'],
      ['127.0.0.1:47658', '127.0.0.1:80', ''],
    ]);
    expect(routes(t)).toEqual([
      'external/client 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.1',
      'node/master01 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.101',
      'node/node02 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.103',
      'node/master01 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.101',
    ]);
    expect(t.hops[0].title.params).toMatchObject({ command: 'kubectl port-forward pod/my-nginx-deploment-55f596c87c-lpgt8 8080:80', output: 'Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80' });
    expect([t.outcome, t.servedBy, t.sourceIpSeen, t.outcomeMessage]).toEqual([
      'served', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2', port: 80 }, '127.0.0.1',
      { key: 'outcome.servedForward', params: { pod: 'my-nginx-deploment-55f596c87c-lpgt8', port: 80, local: 8080 } },
    ]);
  });

  it.each([
    ['deployment/my-nginx-deploment', '8080:80', 80],
    // The Service port 8001 becomes its targetPort 80 in the pod; no ClusterIP is used.
    ['service/my-nginx-deploment', '8001', 80],
    ['svc/my-nginx-deploment', '9000:8001', 80],
  ])('%s %s: the first pod kubectl picks, the same three connections', (target, ports, port) => {
    const A = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';
    const t = forward(target, ports);
    expect(steps(t)).toEqual({ request: throughApiServerTo('node01', A), reply: backFrom('node01', A) });
    expect(nats(t)).toEqual([]);
    expect(t.hops.find((h) => h.title.key === 'hop.pfKubelet.title')!.after).toMatchObject({ src: '127.0.0.1', dst: '127.0.0.1', dport: port });
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2', port }, '127.0.0.1']);
  });

  it('a remote port nothing listens on: the runtime\'s dial inside the pod is refused, and kubectl says so', () => {
    const t = forward('deployment/my-nginx-deploment', '8080:8080');
    expect(steps(t).request.slice(-3)).toEqual(['pod/default/my-nginx-deploment-55f596c87c-bzw22 pfKubelet', 'pod/default/my-nginx-deploment-55f596c87c-bzw22 routeLocal', 'pod/default/my-nginx-deploment-55f596c87c-bzw22 refusePod']);
    expect([t.outcome, t.outcomeMessage]).toEqual(['refused', {
      key: 'outcome.kubectlError',
      params: { command: 'kubectl port-forward deployment/my-nginx-deploment 8080:8080', error: 'an error occurred forwarding 8080 -> 8080: … dial tcp4 127.0.0.1:8080: connect: connection refused' },
    }]);
  });
});

describe('sessionAffinity ClientIP', () => {
  const sticky = buildCluster(nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n'));
  const net = new Network(sticky, '192.168.255.0/24');
  const node01 = net.host('node/node01')!;
  const nat = node01.tables.find((t) => t.name === 'nat')!;
  const syn = (src: string, sport: number): Packet => ({ src, dst: '192.168.255.102', ttl: 64, proto: 'tcp', sport, dport: 31101, flags: 'SYN', mark: 0 });
  /** One new connection through node01's nat PREROUTING, with node01's -m recent lists. */
  const connect = (recent: Map<string, Set<string>>, packet: Packet, takeFirst: boolean) => evaluateHook(nat, 'PREROUTING', packet, {
    localAddresses: addressesOf(node01), inInterface: 'eth0', ctState: 'NEW', dnatted: false, recent,
    // takeFirst: every statistic rule's draw holds, so a fresh choice is the first endpoint.
    draw: () => takeFirst,
  });

  it('the first connection is drawn and remembered in its KUBE-SEP\'s recent list', () => {
    const t = traceRequest(sticky, { from: 'external', to: '192.168.255.102:31101', pick: 2 });
    expect(t.servedBy).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-lpgt8' });
    const sep = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!;
    expect(sep.netfilter!.rules.at(-1)!.text).toBe(
      '-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m recent --set --name KUBE-SEP-KDCPXYTLRMIIBTDL --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.2.2:80',
    );
    expect(sep.netfilter!.rules.at(-1)!.matches.map((m) => [m.held, m.why])).toEqual([
      [true, { key: 'match.proto.held', params: { got: 'tcp', want: 'tcp', negated: 0 } }],
      [true, { key: 'match.recent.set.held', params: { list: 'KUBE-SEP-KDCPXYTLRMIIBTDL', ip: '192.168.255.1', negated: 0 } }],
    ]);
  });

  it('a repeat from the same client matches --rcheck before any draw and goes to the same pod; another client is drawn afresh', () => {
    const recent = new Map<string, Set<string>>();
    // First: the draws skip the first endpoint, so the second one (node02's pod) is taken.
    expect(connect(recent, syn('192.168.255.1', 40000), false).dnat).toBe('10.244.2.2:80');
    expect([...recent.entries()].map(([k, v]) => [k, [...v]])).toEqual([['KUBE-SEP-KDCPXYTLRMIIBTDL', ['192.168.255.1']]]);
    // Then, draws that would take the first endpoint: the remembered client still lands on node02's pod.
    const again = connect(recent, syn('192.168.255.1', 40001), true);
    expect(again.dnat).toBe('10.244.2.2:80');
    const svc = again.visits.find((v) => v.chain === 'KUBE-SVC-O34RRTA663ZXJZ3Q')!;
    expect(svc.rules.filter((r) => r.matched).map((r) => r.text)).toEqual([
      '-A KUBE-SVC-O34RRTA663ZXJZ3Q -m comment --comment "default/my-nginx-deploment -> 10.244.2.2:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-KDCPXYTLRMIIBTDL --mask 255.255.255.255 --rsource -j KUBE-SEP-KDCPXYTLRMIIBTDL',
    ]);
    expect(connect(recent, syn('192.168.255.50', 40002), true).dnat).toBe('10.244.1.2:80');
    // The lists are node01's own: node02's rules know nothing of this client.
    const node02 = net.host('node/node02')!;
    const elsewhere = evaluateHook(node02.tables.find((t) => t.name === 'nat')!, 'PREROUTING', { ...syn('192.168.255.1', 40003), dst: '192.168.255.103' }, {
      localAddresses: addressesOf(node02), inInterface: 'eth0', ctState: 'NEW', dnatted: false, recent: new Map(), draw: () => true,
    });
    expect(elsewhere.dnat).toBe('10.244.1.2:80');
  });

  it('separate traces cannot show a repeat: each starts with empty recent lists', () => {
    const first = traceRequest(sticky, { from: 'external', to: '192.168.255.102:31101', pick: 2 });
    const second = traceRequest(sticky, { from: 'external', to: '192.168.255.102:31101', pick: 1 });
    expect([first.servedBy, second.servedBy].map((s) => (s && 'pod' in s ? s.pod : ''))).toEqual(['my-nginx-deploment-55f596c87c-lpgt8', 'my-nginx-deploment-55f596c87c-bzw22']);
  });
});
