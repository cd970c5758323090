import { describe, expect, it } from 'vitest';
import { buildCluster } from './build';
import { lookup, renderResolvConf, resolvConf, resolve } from './dns';

const yaml = `apiVersion: v1
kind: Namespace
metadata:
  name: test
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - name: http
          containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: 10.100.0.50
  selector:
    app: web
  ports:
  - name: http
    port: 8080
    targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: web-headless
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - name: http
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nobody
spec:
  clusterIP: None
  selector:
    app: nobody
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: alias
  namespace: test
spec:
  type: ExternalName
  externalName: web.default.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  type: ExternalName
  externalName: my.database.example.com
---
apiVersion: v1
kind: Pod
metadata:
  name: busybox
  namespace: test
spec:
  hostname: busybox-1
  subdomain: web-headless
  containers:
  - name: busybox
    image: busybox
`;

const cluster = buildCluster(yaml);
const busybox = cluster.pods.find((p) => p.name === 'busybox')!;
const web = cluster.pods.filter((p) => p.name.startsWith('web-')).map((p) => p.ip!).sort();
const data = (r: { answer: { type: string; data: string }[] }) => r.answer.map((a) => `${a.type} ${a.data}`);

describe('CoreDNS answers', () => {
  it('builds without problems', () => expect(cluster.diagnostics).toEqual([]));

  it('gives a Service its cluster IP, never pod IPs; names are case-insensitive', () => {
    expect(data(lookup(cluster, 'web.default.svc.cluster.local', 'A'))).toEqual(['A 10.100.0.50']);
    expect(data(lookup(cluster, 'WEB.Default.svc.cluster.local.', 'A'))).toEqual(['A 10.100.0.50']);
    expect(data(lookup(cluster, 'kube-dns.kube-system.svc.cluster.local', 'A'))).toEqual(['A 10.96.0.10']);
  });

  it('answers AAAA for an IPv4 Service with NODATA, not NXDOMAIN', () => {
    expect(lookup(cluster, 'web.default.svc.cluster.local', 'AAAA')).toEqual({ rcode: 'NOERROR', answer: [] });
  });

  it('gives a headless Service its ready pod IPs, and NXDOMAIN when there are none', () => {
    expect(data(lookup(cluster, 'web-headless.default.svc.cluster.local', 'A')).sort()).toEqual(web.map((ip) => `A ${ip}`));
    expect(lookup(cluster, 'nobody.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('has SRV records for named ports only', () => {
    expect(data(lookup(cluster, '_http._tcp.web.default.svc.cluster.local', 'SRV'))).toEqual(['SRV 0 100 8080 web.default.svc.cluster.local.']);
    expect(data(lookup(cluster, '_http._tcp.web-headless.default.svc.cluster.local', 'SRV')).sort()).toEqual(
      web.map((ip) => `SRV 0 50 80 ${ip.replaceAll('.', '-')}.web-headless.default.svc.cluster.local.`),
    );
    expect(lookup(cluster, '_http._udp.web.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
  });

  it('answers an ExternalName with a CNAME, chased inside the cluster', () => {
    expect(data(lookup(cluster, 'alias.test.svc.cluster.local', 'A'))).toEqual(['CNAME web.default.svc.cluster.local.', 'A 10.100.0.50']);
    const outside = lookup(cluster, 'db.default.svc.cluster.local', 'A');
    expect(data(outside)).toEqual(['CNAME my.database.example.com.']);
    expect(outside.upstream).toBe(true);
  });

  it('answers pod A records from the dashed IP (pods insecure)', () => {
    expect(data(lookup(cluster, '10-244-1-9.default.pod.cluster.local', 'A'))).toEqual(['A 10.244.1.9']);
  });
});

describe('a pod\'s resolver', () => {
  it('writes resolv.conf with the namespace first in the search list, and ndots:5', () => {
    expect(renderResolvConf(resolvConf(cluster, busybox))).toBe('search test.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('tries the search list in order: the short name from another namespace fails, name.namespace works', () => {
    const short = resolve(cluster, busybox, 'web');
    // The bare name is outside cluster.local: kubeadm's CoreDNS forwards it to /etc/resolv.conf,
    // which no simulated host answers, so forward gives SERVFAIL (issue 16 item 11).
    expect(short.rcode).toBe('SERVFAIL');
    expect(short.tries.map((t) => `${t.name} ${t.rcode}`)).toEqual([
      'web.test.svc.cluster.local NXDOMAIN',
      'web.svc.cluster.local NXDOMAIN',
      'web.cluster.local NXDOMAIN',
      'web SERVFAIL',
    ]);
    const long = resolve(cluster, busybox, 'web.default');
    expect(long.tries.map((t) => t.name)).toEqual(['web.default.test.svc.cluster.local', 'web.default.svc.cluster.local']);
    expect(data(long)).toEqual(['A 10.100.0.50']);
    expect(data(resolve(cluster, busybox, 'alias'))).toEqual(['CNAME web.default.svc.cluster.local.', 'A 10.100.0.50']);
  });

  it('asks the absolute name first when it has five dots or more, or ends with a dot', () => {
    expect(resolve(cluster, busybox, 'web.default.svc.cluster.local.').tries.map((t) => t.name)).toEqual(['web.default.svc.cluster.local']);
    expect(resolve(cluster, busybox, 'a.b.c.d.e.f').tries[0].name).toBe('a.b.c.d.e.f');
  });

  it('names a pod hostname.subdomain only when a headless Service of that name selects it', () => {
    expect(lookup(cluster, 'busybox-1.web-headless.test.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN'); // web-headless is in default
    const peer = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n  labels:\n    app: web\nspec:\n  hostname: web-0\n  subdomain: web-headless\n  containers:\n  - name: nginx\n    image: nginx\n';
    const c = buildCluster(`${yaml}---\n${peer}`);
    const ip = c.pods.find((p) => p.name === 'web-0')!.ip!;
    expect(data(lookup(c, 'web-0.web-headless.default.svc.cluster.local', 'A'))).toEqual([`A ${ip}`]);
  });
});
