/**
 * Issue 4's paths from the outside host (seeds 000, 002, 003 and 004): a NodePort on every
 * node with either externalTrafficPolicy, a LoadBalancer VIP, externalIPs, a hostNetwork pod,
 * a hostPort, a Service without endpoints and a targetPort nothing listens on. Hop by hop,
 * with every address rewrite.
 */
import { describe, expect, it } from 'vitest';
import { endpointsLesson } from '../../lessons/endpoints';
import { nodePortLesson } from '../../lessons/nodeport';
import { LOAD_BALANCER } from '../api/fixtures';
import { buildCluster } from '../build';
import { nats, routes, steps } from './testing';
import { traceRequest } from './trace';

const A = 'pod/default/my-nginx-deploment-55f596c87c-bzw22'; // node01, 10.244.1.2
const B = 'pod/default/my-nginx-deploment-55f596c87c-lpgt8'; // node02, 10.244.2.2
const POD = { A: { pod: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2' }, B: { pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2' } };
const veth = (pod: string) => pod.replace(/^pod\//, 'veth/');
const SVC = 'O34RRTA663ZXJZ3Q';
const NODES = { master01: '192.168.255.101', node01: '192.168.255.102', node02: '192.168.255.103' };
const CBR0 = { node01: '10.244.1.1', node02: '10.244.2.1' };

const lesson = buildCluster(nodePortLesson.yaml);
const external = (cluster: typeof lesson, to: string, pick?: number) => traceRequest(cluster, { from: 'external', to, pick });
const toNode = (node: string, wire = 'wire') => ['external/client send', 'external/client routeLink', `lan ${wire}`, `node/${node} arrive @eth0`];
const into = (node: string, pod: string) => [`node/${node} bridgeToPod @cbr0`, `node/${node} vethToPod @${veth(pod)}`, `${pod} arrive @eth0`];
const backOut = ['lan wire', 'external/client arrive', 'external/client replyDelivered'];

describe('NodePort, externalTrafficPolicy Cluster', () => {
  // Every node answers on 31101; the pod is reached wherever it runs, and the node masquerades:
  // to its eth0 address when the pod is elsewhere, to its cbr0 address when the pod is local.
  const cases = (['master01', 'node01', 'node02'] as const).flatMap((node) => (['A', 'B'] as const).map((pod) => [node, pod] as const));
  it.each(cases)('on %s, to pod %s: DNAT, SNAT, the answer un-SNATed and un-DNATed on the same node', (node, which) => {
    const pod = POD[which];
    const t = external(lesson, `${NODES[node]}:31101`, which === 'A' ? 1 : 2);
    const local = pod.node === node;
    const snat = local ? CBR0[node as 'node01' | 'node02'] : NODES[node];
    expect(nats(t)).toEqual([
      `node/${node} chainDnat 192.168.255.1:50471 > ${NODES[node]}:31101 => 192.168.255.1:50471 > ${pod.ip}:80`,
      `node/${node} masq 192.168.255.1:50471 > ${pod.ip}:80 => ${snat}:1200 > ${pod.ip}:80`,
      `node/${node} unsnat ${pod.ip}:80 > ${snat}:1200 => ${pod.ip}:80 > 192.168.255.1:50471`,
      `node/${node} undnat ${pod.ip}:80 > 192.168.255.1:50471 => ${NODES[node]}:31101 > 192.168.255.1:50471`,
    ]);
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', ...pod, port: 80 }, snat]);
    expect(steps(t).request.filter((s) => s.includes(' chain')).map((s) => s.split(' ').slice(1).join(' '))).toEqual([
      'chainJump PREROUTING', 'chainJump KUBE-SERVICES', 'chainJump KUBE-NODEPORTS', `chainJump KUBE-EXT-${SVC}`, 'chainMark KUBE-MARK-MASQ',
      `chainJump KUBE-EXT-${SVC}`, `chainJump KUBE-SVC-${SVC}`, `chainDnat KUBE-SEP-${which === 'A' ? 'YKFFIOJ7GBPOZEYW' : 'KDCPXYTLRMIIBTDL'}`,
      'chainJump POSTROUTING', 'chainMasq KUBE-POSTROUTING',
      // The pod's node, when it is another one, passes the packet on untouched.
      ...(local ? [] : ['chainJump PREROUTING', 'chainEnd KUBE-SERVICES', 'chainPolicy PREROUTING', 'chainJump POSTROUTING', 'chainReturn KUBE-POSTROUTING', 'chainJump POSTROUTING', 'chainReturn FLANNEL-POSTRTG', 'chainPolicy POSTROUTING']),
    ]);
    // The entry node's route to the pod: its own cbr0, or the pod's node on the LAN (host-gw).
    const subnet = pod.ip.replace(/\.\d+$/, '.0/24');
    expect(routes(t)[1]).toBe(local ? `node/${node} ${subnet} dev cbr0 proto kernel scope link src ${snat}` : `node/${node} ${subnet} via ${NODES[pod.node as 'node01']} dev eth0`);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: NODES[node], sport: 31101, dst: '192.168.255.1', flags: 'SYN,ACK' });
  });

  it('on the pod\'s own node, hop by hop: masqueraded to cbr0\'s address, never onto the LAN again', () => {
    const t = external(lesson, '192.168.255.103:31101', 2);
    expect(steps(t).request).toEqual([
      ...toNode('node02'),
      'node/node02 chainJump PREROUTING', 'node/node02 chainJump KUBE-SERVICES', 'node/node02 chainJump KUBE-NODEPORTS', `node/node02 chainJump KUBE-EXT-${SVC}`,
      'node/node02 chainMark KUBE-MARK-MASQ', `node/node02 chainJump KUBE-EXT-${SVC}`, `node/node02 chainJump KUBE-SVC-${SVC}`, 'node/node02 chainDnat KUBE-SEP-KDCPXYTLRMIIBTDL',
      'node/node02 routeLink', 'node/node02 filter FORWARD', 'node/node02 chainJump POSTROUTING', 'node/node02 chainMasq KUBE-POSTROUTING', 'node/node02 masq',
      ...into('node02', B), `${B} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${B} routeLink`, `${B} vethFromPod @${veth(B)}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 unsnat',
      'node/node02 routeLink', 'node/node02 filter FORWARD', 'node/node02 undnat', ...backOut,
    ]);
  });
});

describe('NodePort, externalTrafficPolicy Local', () => {
  const local = buildCluster(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 1').replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n'));

  it('on the node with the pod: KUBE-SVL, no masquerade, the pod sees the client', () => {
    const t = external(local, '192.168.255.102:31101');
    expect(steps(t).request).toEqual([
      ...toNode('node01'),
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-NODEPORTS', `node/node01 chainJump KUBE-EXT-${SVC}`,
      `node/node01 chainJump KUBE-SVL-${SVC}`, 'node/node01 chainDnat KUBE-SEP-YKFFIOJ7GBPOZEYW',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      ...into('node01', A), `${A} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${A} routeVia`, `${A} vethFromPod @${veth(A)}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat', ...backOut,
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 192.168.255.1:50471 > 192.168.255.102:31101 => 192.168.255.1:50471 > 10.244.1.2:80',
      'node/node01 undnat 10.244.1.2:80 > 192.168.255.1:50471 => 192.168.255.102:31101 > 192.168.255.1:50471',
    ]);
    // The pod answers the client directly, through its default route to cbr0.
    expect(routes(t)).toEqual([
      'external/client 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.1',
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
      `${A} default via 10.244.1.1 dev eth0`,
      'node/node01 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102',
    ]);
    expect([t.outcome, t.sourceIpSeen, t.candidates.map((c) => [c.pod, c.probability])]).toEqual(['served', '192.168.255.1', [['my-nginx-deploment-55f596c87c-bzw22', 1]]]);
  });

  it.each(['master01', 'node02'] as const)('on %s, without a local pod: no KUBE-SVL, filter INPUT drops it', (node) => {
    const t = external(local, `${NODES[node]}:31101`);
    expect(steps(t).request).toEqual([
      ...toNode(node),
      `node/${node} chainJump PREROUTING`, `node/${node} chainJump KUBE-SERVICES`, `node/${node} chainJump KUBE-NODEPORTS`, `node/${node} chainEnd KUBE-EXT-${SVC}`,
      `node/${node} chainEnd KUBE-NODEPORTS`, `node/${node} chainEnd KUBE-SERVICES`, `node/${node} chainPolicy PREROUTING`,
      `node/${node} filterStop INPUT`, `node/${node} dropped`,
    ]);
    expect([t.outcome, nats(t), steps(t).reply]).toEqual(['dropped', [], []]);
    const input = t.hops.find((h) => h.netfilter?.hook === 'INPUT')!;
    expect(input.netfilter!.rules.filter((r) => r.matched).map((r) => r.text).at(-1)).toBe(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/my-nginx-deploment has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31101 -j DROP',
    );
  });
});

describe('LoadBalancer and externalIPs', () => {
  it('the VIP: the MetalLB speaker\'s node answers ARP, KUBE-SERVICES sends it to KUBE-EXT, then as a NodePort', () => {
    const cluster = buildCluster(LOAD_BALANCER);
    const svc = cluster.services.find((s) => s.name === 'my-nginx-deploment')!;
    expect([svc.loadBalancerIPs, svc.announcedBy]).toEqual([['192.168.255.240'], 'node02']);
    const t = external(cluster, 'http://192.168.255.240:8001/', 1);
    expect(steps(t).request.slice(0, 12)).toEqual([
      ...toNode('node02', 'wireVip'),
      'node/node02 chainJump PREROUTING', 'node/node02 chainJump KUBE-SERVICES', `node/node02 chainJump KUBE-EXT-${SVC}`, 'node/node02 chainMark KUBE-MARK-MASQ',
      `node/node02 chainJump KUBE-EXT-${SVC}`, `node/node02 chainJump KUBE-SVC-${SVC}`, 'node/node02 chainDnat KUBE-SEP-YKFFIOJ7GBPOZEYW', 'node/node02 routeVia',
    ]);
    expect(nats(t)).toEqual([
      'node/node02 chainDnat 192.168.255.1:50471 > 192.168.255.240:8001 => 192.168.255.1:50471 > 10.244.1.2:80',
      'node/node02 masq 192.168.255.1:50471 > 10.244.1.2:80 => 192.168.255.103:1200 > 10.244.1.2:80',
      'node/node02 unsnat 10.244.1.2:80 > 192.168.255.103:1200 => 10.244.1.2:80 > 192.168.255.1:50471',
      'node/node02 undnat 10.244.1.2:80 > 192.168.255.1:50471 => 192.168.255.240:8001 > 192.168.255.1:50471',
    ]);
    const wire = t.hops[2];
    const mac = cluster.nodeDataplanes.find((d) => d.node === 'node02')!.interfaces.find((i) => i.name === 'eth0')!.mac;
    expect([wire.after.dst, wire.after.dstMac]).toEqual(['192.168.255.240', mac]);
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', ...POD.A, port: 80 }, '192.168.255.103']);
    expect(steps(t).reply.slice(-7)).toEqual(['node/node02 unsnat', 'node/node02 routeLink', 'node/node02 filter FORWARD', 'node/node02 undnat', ...backOut]);
  });

  const withExternalIp = (ip: string) => buildCluster(nodePortLesson.yaml.replace('  clusterIP: 10.108.229.67\n', `  clusterIP: 10.108.229.67\n  externalIPs:\n  - ${ip}\n`));

  it('an external IP that routes to a node (here node02\'s own): KUBE-SERVICES\' external IP rule, then KUBE-EXT', () => {
    const t = external(withExternalIp('192.168.255.103'), '192.168.255.103:8001', 1);
    const services = t.hops.find((h) => h.netfilter?.chain === 'KUBE-SERVICES')!;
    expect(services.netfilter!.rules.find((r) => r.matched)!.text).toBe(
      `-A KUBE-SERVICES -d 192.168.255.103/32 -p tcp -m comment --comment "default/my-nginx-deploment external IP" -m tcp --dport 8001 -j KUBE-EXT-${SVC}`,
    );
    expect(steps(t).request.slice(0, 11)).toEqual([
      ...toNode('node02'),
      'node/node02 chainJump PREROUTING', 'node/node02 chainJump KUBE-SERVICES', `node/node02 chainJump KUBE-EXT-${SVC}`, 'node/node02 chainMark KUBE-MARK-MASQ',
      `node/node02 chainJump KUBE-EXT-${SVC}`, `node/node02 chainJump KUBE-SVC-${SVC}`, 'node/node02 chainDnat KUBE-SEP-YKFFIOJ7GBPOZEYW',
    ]);
    expect(nats(t)).toEqual([
      'node/node02 chainDnat 192.168.255.1:50471 > 192.168.255.103:8001 => 192.168.255.1:50471 > 10.244.1.2:80',
      'node/node02 masq 192.168.255.1:50471 > 10.244.1.2:80 => 192.168.255.103:1200 > 10.244.1.2:80',
      'node/node02 unsnat 10.244.1.2:80 > 192.168.255.103:1200 => 10.244.1.2:80 > 192.168.255.1:50471',
      'node/node02 undnat 10.244.1.2:80 > 192.168.255.1:50471 => 192.168.255.103:8001 > 192.168.255.1:50471',
    ]);
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '192.168.255.103']);
  });

  it('an external IP no host owns: kube-proxy has the rule, but nobody answers ARP for it', () => {
    const t = external(withExternalIp('192.168.255.200'), '192.168.255.200:8001');
    expect(steps(t).request).toEqual(['external/client send', 'external/client routeLink', 'external/client noneighbor']);
    expect([t.outcome, t.outcomeMessage]).toEqual(['unreachable', { key: 'outcome.unreachable', params: { dst: '192.168.255.200:8001' } }]);
  });
});

describe('straight to a pod\'s port on a node', () => {
  it('hostNetwork (seed 003): the node\'s own address, no veth, no NAT', () => {
    const t = external(buildCluster('apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-tomcat\nspec:\n  hostNetwork: true\n  containers:\n  - name: container-tomcat\n    image: tomcat:latest\n'), '192.168.255.102:8080');
    expect(steps(t).request).toEqual([
      ...toNode('node01'),
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainEnd KUBE-NODEPORTS', 'node/node01 chainEnd KUBE-SERVICES',
      'node/node01 chainPolicy PREROUTING', 'node/node01 filter INPUT', 'pod/default/pod-tomcat deliverHostNetwork',
    ]);
    expect(steps(t).reply).toEqual(['node/node01 routeLink', ...backOut]);
    expect(nats(t)).toEqual([]);
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'pod-tomcat', node: 'node01', ip: '192.168.255.102', port: 8080 }, '192.168.255.1']);
  });

  it('hostPort (seed 003): CNI-HOSTPORT-DNAT on the pod\'s node, the client address kept', () => {
    const cluster = buildCluster('apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-tomcat\nspec:\n  containers:\n  - name: container-tomcat\n    image: tomcat:latest\n    ports:\n    - name: http\n      containerPort: 8080\n      hostPort: 8080\n      protocol: TCP\n');
    const t = external(cluster, 'http://192.168.255.102:8080/');
    const dn = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!.netfilter!.chain;
    expect(dn).toMatch(/^CNI-DN-[0-9a-f]{21}$/);
    const tomcat = 'pod/default/pod-tomcat';
    expect(steps(t).request).toEqual([
      ...toNode('node01'),
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainEnd KUBE-NODEPORTS', 'node/node01 chainEnd KUBE-SERVICES',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump CNI-HOSTPORT-DNAT', `node/node01 chainDnat ${dn}`,
      'node/node01 routeLink', 'node/node01 filter FORWARD',
      'node/node01 chainJump POSTROUTING', 'node/node01 chainEnd CNI-HOSTPORT-MASQ', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      ...into('node01', tomcat), `${tomcat} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${tomcat} routeVia`, `${tomcat} vethFromPod @veth/default/pod-tomcat`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat', ...backOut,
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 192.168.255.1:50471 > 192.168.255.102:8080 => 192.168.255.1:50471 > 10.244.1.2:8080',
      'node/node01 undnat 10.244.1.2:8080 > 192.168.255.1:50471 => 192.168.255.102:8080 > 192.168.255.1:50471',
    ]);
    expect([t.outcome, t.sourceIpSeen]).toEqual(['served', '192.168.255.1']);
  });
});

describe('refused', () => {
  const none = buildCluster(nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP'));

  it('a Service without endpoints, by its ClusterIP from a pod: filter FORWARD rejects it in KUBE-SERVICES', () => {
    const from = buildCluster(`${nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP')}---
apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
  - name: curl
    image: curlimages/curl:8.5.0
`);
    const t = traceRequest(from, { from: 'pod/default/client', to: '10.108.229.67:8001' });
    const client = 'pod/default/client';
    expect(steps(t).request).toEqual([
      `${client} sendPod`, `${client} routeVia`, `${client} vethFromPod @veth/default/client`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy PREROUTING', 'node/node01 routeVia',
      'node/node01 filterStop FORWARD', 'node/node01 reject',
    ]);
    const forward = t.hops.find((h) => h.netfilter?.hook === 'FORWARD')!;
    expect(forward.netfilter!.rules.filter((r) => r.matched).map((r) => r.text).at(-1)).toBe(
      '-A KUBE-SERVICES -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment has no endpoints" -m tcp --dport 8001 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect([t.outcome, nats(t), t.candidates]).toEqual(['refused', [], []]);
  });

  it('a Service without endpoints, by its NodePort: filter INPUT rejects it in KUBE-EXTERNAL-SERVICES', () => {
    const t = external(none, '192.168.255.102:31101');
    expect(steps(t).request).toEqual([
      ...toNode('node01'),
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainEnd KUBE-NODEPORTS', 'node/node01 chainEnd KUBE-SERVICES',
      'node/node01 chainPolicy PREROUTING', 'node/node01 filterStop INPUT', 'node/node01 reject',
    ]);
    expect(t.outcome).toBe('refused');
  });

  it('a targetPort nothing listens on: DNATed all the same, the pod answers with a reset that goes back un-DNATed', () => {
    const t = traceRequest(buildCluster(nodePortLesson.yaml.replace('targetPort: 80', 'targetPort: 8080')), { from: A, to: '10.108.229.67:8001', pick: 2 });
    expect(steps(t).request.slice(-2)).toEqual([`${B} arrive @eth0`, `${B} refusePod`]);
    expect(steps(t).reply.slice(-5)).toEqual(['node/node01 undnat', 'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(A)}`, `${A} arrive @eth0`, `${A} replyReset`]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.2:50471 > 10.108.229.67:8001 => 10.244.1.2:50471 > 10.244.2.2:8080',
      'node/node01 undnat 10.244.2.2:8080 > 10.244.1.2:50471 => 10.108.229.67:8001 > 10.244.1.2:50471',
    ]);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '10.108.229.67', sport: 8001, flags: 'RST,ACK' });
    expect([t.outcome, t.outcomeMessage]).toEqual(['refused', { key: 'outcome.refused', params: { dst: '10.244.2.2:8080' } }]);
  });
});

describe('out of the cluster', () => {
  it('seed 000: a pod to the Service without selector, DNATed to the hand-written Endpoints 192.168.255.1:80, out of eth0', () => {
    const cluster = buildCluster(endpointsLesson.yaml); // seed 000's out-ng
    const ip = cluster.services.find((s) => s.name === 'out-ng')!.clusterIP;
    const t = traceRequest(cluster, { from: A, to: `${ip}:80` });
    // The masquerade on the way out and the answer's way back are not pinned here: see the report.
    expect(steps(t).request.slice(0, 11)).toEqual([
      `${A} sendPod`, `${A} routeVia`, `${A} vethFromPod @${veth(A)}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-5OJXVNZ77EGK774Y', 'node/node01 chainDnat KUBE-SEP-VOJIUFM6QU4GIEAH',
      'node/node01 routeLink', 'node/node01 filter FORWARD',
    ]);
    expect(steps(t).request.slice(-3)).toEqual(['lan wire', 'external/client arrive', 'external/client deliverExternal']);
    expect(nats(t)[0]).toBe(`node/node01 chainDnat 10.244.1.2:50471 > ${ip}:80 => 10.244.1.2:50471 > 192.168.255.1:80`);
    expect(routes(t).slice(0, 2)).toEqual([`${A} default via 10.244.1.1 dev eth0`, 'node/node01 192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102']);
    const dnat = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!;
    expect(dnat.netfilter!.rules.at(-1)!.text).toBe('-A KUBE-SEP-VOJIUFM6QU4GIEAH -p tcp -m comment --comment "default/out-ng" -m tcp -j DNAT --to-destination 192.168.255.1:80');
    expect([t.outcome, t.servedBy, t.httpStatus]).toEqual(['served', { external: '192.168.255.1:80' }, 200]);
    expect(t.candidates).toEqual([{ ip: '192.168.255.1', port: 80, probability: 1, chain: 'KUBE-SEP-VOJIUFM6QU4GIEAH' }]);
  });
});
