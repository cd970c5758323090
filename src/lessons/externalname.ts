/**
 * Seeds 002 and 004: ExternalName. Seed 002 reaches pods in namespace test from a pod in
 * default through an ExternalName Service; seed 004's my-service in prod points at
 * my.database.example.com, a name outside the cluster. CoreDNS answers both with a CNAME.
 */
import type { Lesson } from './types';

const yaml = `# Seed 002: pods and a Service in namespace test, reached from default.
apiVersion: v1
kind: Namespace
metadata:
  name: test
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: test
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
  name: nginx-svc
  namespace: test
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
---
# kubectl run busybox --rm -ti --image=busybox /bin/sh   (in namespace default)
apiVersion: v1
kind: Pod
metadata:
  name: busybox
  labels:
    run: busybox
spec:
  containers:
  - name: busybox
    image: busybox
    command: ["/bin/sh"]
    stdin: true
    tty: true
`;

const alias = `---
# In default: an alias for the Service in test. No selector, no cluster IP, no endpoints.
apiVersion: v1
kind: Service
metadata:
  name: nginx-test
spec:
  type: ExternalName
  externalName: nginx-svc.test.svc.cluster.local
`;

const database = `---
# Seed 004: my-service in prod is another name for a database outside the cluster.
apiVersion: v1
kind: Namespace
metadata:
  name: prod
---
apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: prod
spec:
  type: ExternalName
  externalName: my.database.example.com
`;

const client = 'pod/default/busybox';

export const externalNameLesson: Lesson = {
  id: 'externalname',
  seeds: ['002', '004'],
  title: { en: 'ExternalName: another name, across namespaces and out of the cluster', zh: 'ExternalName：跨命名空间与集群外的别名' },
  summary: {
    en: 'An ExternalName Service is only a DNS record: CoreDNS answers its name with a CNAME to externalName. No cluster IP, no endpoints, no kube-proxy rule. It can give a Service of another namespace a local name, or name a server outside the cluster.',
    zh: 'ExternalName 类型的 Service 只是一条 DNS 记录：CoreDNS 对它的名字返回指向 externalName 的 CNAME。没有 Cluster IP，没有端点，也没有 kube-proxy 规则。它可以给另一个命名空间的 Service 起一个本地名字，也可以指向集群外的服务。',
  },
  yaml,
  request: { from: client, to: 'http://nginx-svc/' },
  steps: [
    {
      text: {
        en: 'busybox runs in namespace default; nginx-svc lives in test. Its resolver only searches default.svc.cluster.local, svc.cluster.local and cluster.local: none holds nginx-svc (three NXDOMAINs), and CoreDNS forwards the bare name to its upstream, which does not answer: SERVFAIL. curl: could not resolve host.',
        zh: 'busybox 运行在 default 命名空间，nginx-svc 在 test 里。它的解析器只搜索 default.svc.cluster.local、svc.cluster.local 和 cluster.local：都没有 nginx-svc（三次 NXDOMAIN），CoreDNS 把不带后缀的名字转发给上游，上游没有应答：SERVFAIL。curl：无法解析主机。',
      },
      lookup: { name: 'nginx-svc' },
      // Each name of the search list is a query walked to CoreDNS and back; the bare name is
      // forwarded to kubeadm's upstream (/etc/resolv.conf), which does not answer: SERVFAIL.
      expect: {
        outcome: 'unreachable', message: 'outcome.noResolveUpstream', dns: { rcode: 'SERVFAIL', answer: [] },
        hops: ['hop.dnsResolve.title', 'hop.dnsAnswer.title', 'hop.dnsNoAddressIn.title', 'hop.dnsNext.title', 'hop.dnsAnswer.title', 'hop.dnsNext.title', 'hop.dnsNext.title', 'hop.dnsNoAddressIn.title'],
      },
      challenge: {
        question: { en: 'Will curl http://nginx-svc/ from default find the Service in test?', zh: '在 default 里 curl http://nginx-svc/，能找到 test 里的 Service 吗？' },
        answer: { en: 'No: a short name is only looked up in the pod\'s own namespace (default.svc.cluster.local first).', zh: '不能：短名字只会在 Pod 自己的命名空间里查找（先查 default.svc.cluster.local）。' },
      },
    },
    {
      text: {
        en: 'Create nginx-test in default, type ExternalName, externalName nginx-svc.test.svc.cluster.local. CoreDNS answers nginx-test with a CNAME, follows it inside the cluster, and adds the A record of nginx-svc\'s cluster IP. From there kube-proxy does the rest.',
        zh: '在 default 里创建 nginx-test，类型 ExternalName，externalName 为 nginx-svc.test.svc.cluster.local。CoreDNS 对 nginx-test 返回 CNAME，在集群内继续解析，再附上 nginx-svc 的 Cluster IP 的 A 记录。之后的事交给 kube-proxy。',
      },
      edits: [{ find: '    tty: true\n', replace: `    tty: true\n${alias}` }],
      request: { from: client, to: 'http://nginx-test/', pick: 1 },
      lookup: { name: 'nginx-test' },
      expect: {
        outcome: 'served',
        servedBy: 'nginx-66ff778cdb-',
        dns: { rcode: 'NOERROR', answer: ['CNAME nginx-svc.test.svc.cluster.local.', 'A 10.104.92.232'] },
        hops: ['hop.dnsResolve.title', 'hop.dnsAnswer.title', 'hop.sendPod.title', 'hop.chainDnat.title', 'hop.deliver.title'],
      },
      challenge: {
        question: { en: 'nginx-test has no cluster IP and no endpoints. What will CoreDNS answer for it?', zh: 'nginx-test 既没有 Cluster IP 也没有端点。CoreDNS 会返回什么？' },
        answer: {
          en: 'A CNAME to nginx-svc.test.svc.cluster.local, followed by that name\'s A record: the cluster IP of nginx-svc in test.',
          zh: '一条指向 nginx-svc.test.svc.cluster.local 的 CNAME，后面跟着这个名字的 A 记录：test 里 nginx-svc 的 Cluster IP。',
        },
      },
    },
    {
      text: {
        en: 'The alias is a convenience: nginx-svc.test works from default without it, through the second entry of the search list, svc.cluster.local.',
        zh: '别名只是为了方便：不用它，在 default 里写 nginx-svc.test 也能访问，靠的是 search 列表的第二项 svc.cluster.local。',
      },
      request: { from: client, to: 'http://nginx-svc.test/', pick: 2 },
      lookup: { name: 'nginx-svc.test' },
      expect: { outcome: 'served', servedBy: 'nginx-66ff778cdb-', dns: { rcode: 'NOERROR', answer: ['A 10.104.92.232'] } },
    },
    {
      text: {
        en: 'Seed 004: my-service in prod, externalName my.database.example.com. CoreDNS answers my-service.prod.svc.cluster.local with a CNAME only. The address of my.database.example.com must come from the upstream resolver, which this offline cluster does not have: curl, following the CNAME, cannot resolve it.',
        zh: '第 004 篇：prod 里的 my-service，externalName 为 my.database.example.com。CoreDNS 对 my-service.prod.svc.cluster.local 只返回一条 CNAME。my.database.example.com 的地址要由上游 DNS 提供，而这个离线集群没有上游 DNS：curl 顺着 CNAME 去解析，解析不出来。',
      },
      edits: [{ find: '  externalName: nginx-svc.test.svc.cluster.local\n', replace: `  externalName: nginx-svc.test.svc.cluster.local\n${database}` }],
      request: { from: client, to: 'http://my.database.example.com/' },
      lookup: { name: 'my-service.prod.svc.cluster.local.' },
      // CoreDNS keeps the CNAME whatever its upstream says (plugin/backend_lookup.go): NOERROR.
      expect: { outcome: 'unreachable', message: 'outcome.noResolveUpstream', dns: { rcode: 'NOERROR', answer: ['CNAME my.database.example.com.'] } },
      challenge: {
        question: { en: 'Which kube-proxy rules exist for my-service?', zh: 'kube-proxy 为 my-service 写了哪些规则？' },
        answer: { en: 'None. An ExternalName Service lives only in DNS; the connection goes wherever the CNAME leads.', zh: '一条也没有。ExternalName Service 只存在于 DNS 中；连接去往 CNAME 指向的地方。' },
      },
    },
  ],
};
