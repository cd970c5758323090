/**
 * Issue 4's paths by name (seeds 001, 002 and 004): a Service by its short and long names, a
 * headless Service, ExternalName in the cluster and out of it. The query to kube-dns is a
 * packet like any other: through kube-proxy's rules to a CoreDNS pod, and its answer back
 * un-DNATed; then the connection itself.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { nats, routes, steps } from './testing';
import { traceRequest } from './trace';
import { SEED004_EXTERNAL_NAME } from '../testdata/externalname';

const BUSYBOX = 'pod/default/busybox';
const COREDNS = 'pod/kube-system/coredns-5dd5756b68-ht8rn'; // master01, 10.244.0.2: the seed's draw
const veth = (pod: string) => pod.replace(/^pod\//, 'veth/');
const busybox = (node = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: busybox
spec:
${node ? `  nodeName: ${node}\n` : ''}  containers:
  - name: busybox
    image: busybox:1.36
    command: ["sleep", "3600"]
`;

/** Seed 001: httpd behind httpd-svc (8080 → 80), reached from a busybox pod by name. */
const HTTPD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd
  template:
    metadata:
      labels:
        run: httpd
    spec:
      containers:
      - name: httpd
        image: httpd
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: httpd-svc
spec:
  selector:
    run: httpd
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 80
${busybox()}`;

const routedBy = (node: string, route: string) => [
  `node/${node} chainJump PREROUTING`, `node/${node} chainEnd KUBE-SERVICES`, `node/${node} chainPolicy PREROUTING`, `node/${node} ${route}`,
  `node/${node} filter FORWARD`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn KUBE-POSTROUTING`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn FLANNEL-POSTRTG`, `node/${node} chainPolicy POSTROUTING`,
];

/** The UDP query from `pod` on `node` to kube-dns 10.96.0.10, to CoreDNS on master01, and back. */
const dnsLeg = (pod: string, node: string) => [
  `${pod} dnsResolve`, `${pod} routeVia`, `${pod} vethFromPod @${veth(pod)}`, `node/${node} bridgeToHost @cbr0`, `node/${node} arrive @cbr0`,
  `node/${node} chainJump PREROUTING`, `node/${node} chainJump KUBE-SERVICES`, `node/${node} chainJump KUBE-SVC-TCOU7JCQXEZGVUNU`, `node/${node} chainDnat KUBE-SEP-YIL6JZP7A3QYXJU2`,
  `node/${node} routeVia`, `node/${node} filter FORWARD`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn KUBE-POSTROUTING`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn FLANNEL-POSTRTG`, `node/${node} chainPolicy POSTROUTING`,
  'lan wire', 'node/master01 arrive @eth0', ...routedBy('master01', 'routeLink'),
  'node/master01 bridgeToPod @cbr0', `node/master01 vethToPod @${veth(COREDNS)}`, `${COREDNS} arrive @eth0`, `${COREDNS} dnsAnswer`,
  `${COREDNS} routeVia`, `${COREDNS} vethFromPod @${veth(COREDNS)}`, 'node/master01 bridgeToHost @cbr0', 'node/master01 arrive @cbr0', 'node/master01 routeVia', 'node/master01 filter FORWARD',
  'lan wire', `node/${node} arrive @eth0`, `node/${node} routeLink`, `node/${node} filter FORWARD`, `node/${node} undnat`,
  `node/${node} bridgeToPod @cbr0`, `node/${node} vethToPod @${veth(pod)}`, `${pod} arrive @eth0`, `${pod} dnsAnswerIn`,
];

const tried = (t: ReturnType<typeof traceRequest>) => t.hops[0].explain.params!.tries;
/** The answer of the last query, the one the resolver stopped at. */
const answer = (t: ReturnType<typeof traceRequest>) => t.hops.findLast((h) => h.title.key === 'hop.dnsAnswer.title')!.after.dns;

describe('a Service by name (seed 001: wget httpd-svc:8080 from busybox)', () => {
  const cluster = buildCluster(HTTPD);
  const H2 = 'pod/default/httpd-86bf6859f5-fwl56'; // node02, 10.244.2.2

  it('the short name: one query through the search list\'s first domain, to kube-dns\'s ClusterIP, then the connection', () => {
    expect(cluster.pods.filter((p) => p.namespace === 'default').map((p) => [p.name, p.node, p.ip])).toEqual([
      ['httpd-86bf6859f5-5fm6x', 'node01', '10.244.1.2'],
      ['httpd-86bf6859f5-fwl56', 'node02', '10.244.2.2'],
      ['busybox', 'node01', '10.244.1.3'],
    ]);
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://httpd-svc:8080/', pick: 2 });
    expect(t.hops[0].explain.params).toEqual({
      name: 'httpd-svc', ndots: 5, search: 'default.svc.cluster.local svc.cluster.local cluster.local', nameserver: '10.96.0.10',
      tries: 'httpd-svc.default.svc.cluster.local (NOERROR)',
    });
    expect(t.hops[0].after).toMatchObject({ src: '10.244.1.3', dst: '10.96.0.10', dport: 53, proto: 'udp', dns: { name: 'httpd-svc.default.svc.cluster.local', type: 'A' } });
    expect(answer(t)).toEqual({ name: 'httpd-svc.default.svc.cluster.local', type: 'A', answer: '10.110.15.31', rcode: 'NOERROR' });
    expect(steps(t).request).toEqual([
      ...dnsLeg(BUSYBOX, 'node01'),
      `${BUSYBOX} sendPod`, `${BUSYBOX} routeVia`, `${BUSYBOX} vethFromPod @${veth(BUSYBOX)}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-SVC-IYRDZZKXS5EOQ6Q6', 'node/node01 chainDnat KUBE-SEP-MZ7D7IEY543CBPN3',
      'node/node01 routeVia', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn FLANNEL-POSTRTG', 'node/node01 chainPolicy POSTROUTING',
      'lan wire', 'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'),
      'node/node02 bridgeToPod @cbr0', `node/node02 vethToPod @${veth(H2)}`, `${H2} arrive @eth0`, `${H2} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${H2} routeVia`, `${H2} vethFromPod @${veth(H2)}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeVia', 'node/node02 filter FORWARD',
      'lan wire', 'node/node01 arrive @eth0', 'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat',
      'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(BUSYBOX)}`, `${BUSYBOX} arrive @eth0`, `${BUSYBOX} replyDelivered`,
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 10.244.1.3:50471 > 10.96.0.10:53 => 10.244.1.3:50471 > 10.244.0.2:53',
      'node/node01 undnat 10.244.0.2:53 > 10.244.1.3:50471 => 10.96.0.10:53 > 10.244.1.3:50471',
      'node/node01 chainDnat 10.244.1.3:47658 > 10.110.15.31:8080 => 10.244.1.3:47658 > 10.244.2.2:80',
      'node/node01 undnat 10.244.2.2:80 > 10.244.1.3:47658 => 10.110.15.31:8080 > 10.244.1.3:47658',
    ]);
    // conntrack -L's line for the query: UDP has no TCP state, 30 s until it is a stream.
    expect(t.hops.filter((h) => h.title.key === 'hop.undnat.title').map((h) => h.conntrack)).toEqual([
      'udp      17 30 src=10.244.1.3 dst=10.96.0.10 sport=50471 dport=53 src=10.244.0.2 dst=10.244.1.3 sport=53 dport=50471 mark=0 use=1',
      'tcp      6 60 SYN_RECV src=10.244.1.3 dst=10.110.15.31 sport=47658 dport=8080 src=10.244.2.2 dst=10.244.1.3 sport=80 dport=47658 mark=0 use=1',
    ]);
    expect(routes(t).slice(0, 6)).toEqual([
      `${BUSYBOX} default via 10.244.1.1 dev eth0`,
      'node/node01 10.244.0.0/24 via 192.168.255.101 dev eth0',
      'node/master01 10.244.0.0/24 dev cbr0 proto kernel scope link src 10.244.0.1',
      `${COREDNS} default via 10.244.0.1 dev eth0`,
      'node/master01 10.244.1.0/24 via 192.168.255.102 dev eth0',
      'node/node01 10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1',
    ]);
    // The query's CoreDNS pick is its own; the request's candidates are httpd's pods.
    expect(t.candidates.map((c) => [c.pod, c.ip, c.port, c.probability])).toEqual([
      ['httpd-86bf6859f5-5fm6x', '10.244.1.2', 80, 0.5],
      ['httpd-86bf6859f5-fwl56', '10.244.2.2', 80, 0.5],
    ]);
    expect([t.outcome, t.sourceIpSeen, t.hops.at(-1)!.after.src, t.hops.at(-1)!.after.sport]).toEqual(['served', '10.244.1.3', '10.110.15.31', 8080]);
  });

  it.each([
    ['httpd-svc.default', ['httpd-svc.default.default.svc.cluster.local (NXDOMAIN)', 'httpd-svc.default.svc.cluster.local (NOERROR)']],
    ['httpd-svc.default.svc.cluster.local', [
      'httpd-svc.default.svc.cluster.local.default.svc.cluster.local (NXDOMAIN)', 'httpd-svc.default.svc.cluster.local.svc.cluster.local (NXDOMAIN)',
      'httpd-svc.default.svc.cluster.local.cluster.local (NXDOMAIN)', 'httpd-svc.default.svc.cluster.local (NOERROR)',
    ]],
    // A trailing dot makes the name absolute: no search list.
    ['httpd-svc.default.svc.cluster.local.', ['httpd-svc.default.svc.cluster.local (NOERROR)']],
  ])('%s: fewer than ndots:5 dots walk the search list first; the answer and the connection are the same', (name, names) => {
    const t = traceRequest(cluster, { from: BUSYBOX, to: `http://${name}:8080/`, pick: 2 });
    expect(tried(t)).toBe(names.join(', '));
    expect(answer(t)).toEqual({ name: 'httpd-svc.default.svc.cluster.local', type: 'A', answer: '10.110.15.31', rcode: 'NOERROR' });
    // Every name is a query of its own, walked as packets to kube-dns and back; an NXDOMAIN
    // sends the resolver on to the next name, from a new port.
    const dns = t.hops.slice(0, t.replyStart).filter((h) => h.title.key.startsWith('hop.dns')).map((h) => `${h.title.key.slice(4, -6)} ${h.after.dns!.name}`);
    expect(dns).toEqual(names.flatMap((n, i) => {
      const asked = n.replace(/ \(.*/, '');
      return [`${i === 0 ? 'dnsResolve' : 'dnsNext'} ${asked}`, `dnsAnswer ${asked}`, `${i === names.length - 1 ? 'dnsAnswerIn' : 'dnsNoAddressIn'} ${asked}`];
    }));
    const first = dnsLeg(BUSYBOX, 'node01');
    expect(steps(t).request.slice(0, first.length)).toEqual(names.length === 1 ? first : [...first.slice(0, -1), `${BUSYBOX} dnsNoAddressIn`]);
    // Each query is DNATed to a CoreDNS pod and un-DNATed back; then the connection.
    expect(nats(t).length).toBe(2 * names.length + 2);
    expect(nats(t).slice(0, -2).every((n) => / 10\.96\.0\.10:53( |$)/.test(n))).toBe(true);
    expect(nats(t).slice(-2).map((n) => n.replace(/:\d{5}/g, ':PORT'))).toEqual([
      'node/node01 chainDnat 10.244.1.3:PORT > 10.110.15.31:8080 => 10.244.1.3:PORT > 10.244.2.2:80',
      'node/node01 undnat 10.244.2.2:80 > 10.244.1.3:PORT => 10.110.15.31:8080 > 10.244.1.3:PORT',
    ]);
    expect([t.outcome, t.servedBy]).toEqual(['served', { namespace: 'default', pod: 'httpd-86bf6859f5-fwl56', node: 'node02', ip: '10.244.2.2', port: 80 }]);
  });
});

describe('a headless Service (seed 004: clusterIP None)', () => {
  const cluster = buildCluster(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: headless-service
spec:
  selector:
    app: nginx
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
  type: ClusterIP
  clusterIP: None
  publishNotReadyAddresses: true
${busybox('node02')}`);
  const POD = 'pod/default/nginx-66ff778cdb-pqmmf'; // node01, 10.244.1.2

  it('DNS answers the pods\' own addresses; the connection goes straight to one, no DNAT anywhere', () => {
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://headless-service/' });
    expect(answer(t)).toEqual({ name: 'headless-service.default.svc.cluster.local', type: 'A', answer: '10.244.1.2, 10.244.2.2', rcode: 'NOERROR' });
    expect(steps(t).request).toEqual([
      ...dnsLeg(BUSYBOX, 'node02'),
      `${BUSYBOX} sendPod`, `${BUSYBOX} routeVia`, `${BUSYBOX} vethFromPod @${veth(BUSYBOX)}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0',
      ...routedBy('node02', 'routeVia'), 'lan wire', 'node/node01 arrive @eth0', ...routedBy('node01', 'routeLink'),
      'node/node01 bridgeToPod @cbr0', `node/node01 vethToPod @${veth(POD)}`, `${POD} arrive @eth0`, `${POD} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${POD} routeVia`, `${POD} vethFromPod @${veth(POD)}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0', 'node/node01 routeVia', 'node/node01 filter FORWARD',
      'lan wire', 'node/node02 arrive @eth0', 'node/node02 routeLink', 'node/node02 filter FORWARD',
      'node/node02 bridgeToPod @cbr0', `node/node02 vethToPod @${veth(BUSYBOX)}`, `${BUSYBOX} arrive @eth0`, `${BUSYBOX} replyDelivered`,
    ]);
    // Only the DNS query is NATed: the Service has no ClusterIP, so no rule for it exists.
    expect(nats(t)).toEqual([
      'node/node02 chainDnat 10.244.2.3:50471 > 10.96.0.10:53 => 10.244.2.3:50471 > 10.244.0.2:53',
      'node/node02 undnat 10.244.0.2:53 > 10.244.2.3:50471 => 10.96.0.10:53 > 10.244.2.3:50471',
    ]);
    expect(t.hops.find((h) => h.title.key === 'hop.sendPod.title')!.after).toMatchObject({ src: '10.244.2.3', dst: '10.244.1.2', dport: 80 });
    expect([t.outcome, t.sourceIpSeen, t.candidates]).toEqual(['served', '10.244.2.3', []]);
  });
});

describe('ExternalName', () => {
  it('seed 002: a name in default that points at a Service in test, CNAME then that Service\'s ClusterIP', () => {
    const cluster = buildCluster(`apiVersion: v1
kind: Namespace
metadata:
  name: test
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
  namespace: test
spec:
  replicas: 3
  selector:
    matchLabels:
      app: my-nginx
      version: v1
  template:
    metadata:
      labels:
        app: my-nginx
        version: v1
    spec:
      containers:
      - name: my-nginx
        image: 172.16.80.140/nginx/nginx:1.26
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: my-nginx
  namespace: test
spec:
  selector:
    app: my-nginx
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-test
spec:
  type: ExternalName
  externalName: my-nginx.test.svc.cluster.local
${busybox()}`);
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://nginx-test/', pick: 2 });
    expect(tried(t)).toBe('nginx-test.default.svc.cluster.local (NOERROR)');
    expect(answer(t)).toEqual({ name: 'nginx-test.default.svc.cluster.local', type: 'A', answer: 'my-nginx.test.svc.cluster.local., 10.100.54.18', rcode: 'NOERROR' });
    expect(steps(t).request.slice(0, dnsLeg(BUSYBOX, 'x').length)).toEqual(dnsLeg(BUSYBOX, 'node02'));
    expect(nats(t)).toEqual([
      'node/node02 chainDnat 10.244.2.3:50471 > 10.96.0.10:53 => 10.244.2.3:50471 > 10.244.0.2:53',
      'node/node02 undnat 10.244.0.2:53 > 10.244.2.3:50471 => 10.96.0.10:53 > 10.244.2.3:50471',
      'node/node02 chainDnat 10.244.2.3:47658 > 10.100.54.18:80 => 10.244.2.3:47658 > 10.244.1.3:80',
      'node/node02 undnat 10.244.1.3:80 > 10.244.2.3:47658 => 10.100.54.18:80 > 10.244.2.3:47658',
    ]);
    expect(t.candidates.map((c) => `${c.namespace}/${c.pod} ${c.ip}`)).toEqual([
      'test/my-nginx-97d78f8-59mzr 10.244.1.2', 'test/my-nginx-97d78f8-jbgpq 10.244.1.3', 'test/my-nginx-97d78f8-fz8pk 10.244.2.2',
    ]);
    expect([t.outcome, t.servedBy]).toEqual(['served', { namespace: 'test', pod: 'my-nginx-97d78f8-jbgpq', node: 'node01', ip: '10.244.1.3', port: 80 }]);
  });

  it('seed 004: my-service.prod through the search list: the CNAME, NOERROR; its target is the upstream\'s, unreachable here', () => {
    const cluster = buildCluster(`${SEED004_EXTERNAL_NAME}${busybox()}`);
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://my-service.prod/' });
    // Issue 16 item 6: the second name of the search list reaches the ExternalName. CoreDNS
    // answers it with the CNAME and leaves the target to its upstream (plugin/backend_lookup.go
    // A: b.Lookup through its own chain, then `records = append(records, newRecord)` whatever came
    // back); kubeadm's upstream, /etc/resolv.conf, is beyond the simulation, so the CNAME stands
    // alone, NOERROR, and the resolver stops there (glibc: an answer section is an answer).
    expect(tried(t)).toBe('my-service.prod.default.svc.cluster.local (NXDOMAIN), my-service.prod.svc.cluster.local (NOERROR)');
    expect(answer(t)).toEqual({ name: 'my-service.prod.svc.cluster.local', type: 'A', answer: 'my.database.example.com.', rcode: 'NOERROR' });
    const legs = steps(t).request;
    expect(legs.filter((h) => h.startsWith(BUSYBOX) && / dns/.test(h))).toEqual([
      `${BUSYBOX} dnsResolve`, `${BUSYBOX} dnsNoAddressIn`, `${BUSYBOX} dnsNext`, `${BUSYBOX} dnsNoAddressIn`,
    ]);
    expect(steps(t).reply).toEqual([]);
    expect([t.outcome, t.outcomeMessage]).toEqual(['unreachable', { key: 'outcome.noResolveCname', params: { name: 'my-service.prod', target: 'my.database.example.com' } }]);
  });
});
