/**
 * Seed 001 (如何访问pod): two httpd pods labelled `run: httpd`, the Service httpd-svc mapping
 * its port 8080 to the pods' 80, reached by cluster IP from a node and a pod, then by DNS name
 * from a busybox pod (`wget httpd-svc:8080`). The article's cluster gave httpd-svc the
 * CLUSTER-IP 10.68.132.230, from a service range of 10.68.0.0/16.
 */
import { seed001Httpd } from './seed001';
import type { Lesson } from './types';

const yaml = `# Seed 001: two httpd pods labelled run: httpd, and httpd-svc in front of them (8080 → 80).
# The article's cluster hands out Service addresses from 10.68.0.0/16; it gave httpd-svc the
# CLUSTER-IP 10.68.132.230, written here so that the numbers match. Its pods were on
# 172.20.0.0/16 (172.20.104.30 and 172.20.135.20); here they get this cluster's 10.244.0.0/16.
${seed001Httpd}
---
apiVersion: v1
kind: Service
metadata:
  name: httpd-svc
spec:
  clusterIP: 10.68.132.230
  selector:
    run: httpd
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 80
`;

/** What `kubectl run busybox --rm -ti --image=busybox /bin/sh` creates. */
const busybox = `---
# kubectl run busybox --rm -ti --image=busybox /bin/sh
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

export const clusterIpLesson: Lesson = {
  id: 'clusterip',
  seeds: ['001'],
  title: { en: 'ClusterIP: httpd-svc, by IP and by DNS name', zh: 'ClusterIP：通过 IP 和 DNS 名访问 httpd-svc' },
  summary: {
    en: 'Pods come and go; a Service stays. httpd-svc selects the pods labelled run: httpd and maps its port 8080 to their port 80. Its cluster IP is on no interface at all: iptables rules on every node rewrite it to a pod, chain by chain, each pod with probability 1/2.',
    zh: 'Pod 是脆弱的，Service 是稳定的。httpd-svc 用 label run: httpd 挑选 Pod，把自己的 8080 端口映射到 Pod 的 80 端口。它的 Cluster IP 没有配置在任何网卡上：每个节点上的 iptables 规则一条链一条链地把它改写成某个 Pod 的地址，每个 Pod 的概率都是 1/2。',
  },
  yaml,
  request: { from: 'node/master01', to: '10.68.132.230:8080', pick: 1 },
  steps: [
    {
      text: {
        en: 'On master01: curl 10.68.132.230:8080. No interface holds this address. The packet meets nat OUTPUT, then KUBE-SERVICES, whose rule for 10.68.132.230 port 8080 jumps to httpd-svc\'s own chain KUBE-SVC-IYRDZZKXS5EOQ6Q6. (The article\'s older kube-proxy also marked off-cluster sources for masquerade right there in KUBE-SERVICES; v1.28 does it as the first rule of the KUBE-SVC chain.)',
        zh: '在 master01 上执行 curl 10.68.132.230:8080。没有哪块网卡有这个地址。数据包先经过 nat 表的 OUTPUT 链，再进入 KUBE-SERVICES，其中匹配 10.68.132.230、端口 8080 的规则跳转到 httpd-svc 自己的链 KUBE-SVC-IYRDZZKXS5EOQ6Q6。（文章里的旧版 kube-proxy 在 KUBE-SERVICES 里就给集群外的源地址打上 masquerade 标记；v1.28 把这条规则移到了 KUBE-SVC 链的第一条。）',
      },
      expect: {
        outcome: 'served',
        servedBy: 'httpd-86bf6859f5-5fm6x',
        hops: ['hop.chainJump.title', 'hop.chainJump.title', 'hop.chainDnat.title', 'hop.deliver.title'],
        rules: ['-A KUBE-SERVICES -d 10.68.132.230/32 -p tcp -m comment --comment "default/httpd-svc cluster IP" -m tcp --dport 8080 -j KUBE-SVC-IYRDZZKXS5EOQ6Q6'],
      },
      challenge: {
        question: {
          en: 'The article\'s iptables-save shows KUBE-SVC-RL3JAE4GN7VOGDGP for the same Service. Why is the chain called KUBE-SVC-IYRDZZKXS5EOQ6Q6 here?',
          zh: '文章里 iptables-save 给同一个 Service 的链名是 KUBE-SVC-RL3JAE4GN7VOGDGP。为什么这里叫 KUBE-SVC-IYRDZZKXS5EOQ6Q6？',
        },
        answer: {
          en: 'The name is a hash: the first 16 base32 characters of sha256 over the service port name and the protocol. The article\'s older kube-proxy wrote the name as "default/httpd-svc:" and hashed "default/httpd-svc:tcp", which gives RL3JAE4GN7VOGDGP; today\'s drops the colon of an unnamed port and hashes "default/httpd-svctcp".',
          zh: '链名是一个哈希：对“服务端口名 + 协议”做 sha256，取 base32 的前 16 个字符。文章里的旧版 kube-proxy 把端口名写成“default/httpd-svc:”，哈希的是“default/httpd-svc:tcp”，结果正是 RL3JAE4GN7VOGDGP；现在的版本对没有名字的端口不再加冒号，哈希的是“default/httpd-svctcp”。',
        },
      },
    },
    {
      text: {
        en: 'KUBE-SVC-IYRDZZKXS5EOQ6Q6 holds one rule per pod. The first is taken with probability 0.5; the rest reaches the second rule, which takes everything left. Pin the second endpoint: DNAT to 10.244.2.2:80 on node02. The article\'s KUBE-SEP-GSULT7CRYYSEJLVK and KUBE-SEP-VYMFHNMHVUQT37BD are these same rules for its pods 172.20.104.30 and 172.20.135.20, named by the older hash of "default/httpd-svc:tcp" and the endpoint.',
        zh: 'KUBE-SVC-IYRDZZKXS5EOQ6Q6 里每个 Pod 一条规则。第一条以 0.5 的概率命中；没命中的流量到第二条，第二条全部接收。固定选第二个端点：DNAT 到 node02 上的 10.244.2.2:80。文章里的 KUBE-SEP-GSULT7CRYYSEJLVK 和 KUBE-SEP-VYMFHNMHVUQT37BD 就是这两条规则，对应它的 Pod 172.20.104.30 和 172.20.135.20，用旧版的哈希（“default/httpd-svc:tcp”加上端点）命名。',
      },
      request: { from: 'node/master01', to: '10.68.132.230:8080', pick: 2 },
      expect: {
        outcome: 'served',
        servedBy: 'httpd-86bf6859f5-fwl56',
        candidates: [
          { name: 'httpd-86bf6859f5-5fm6x', probability: 0.5 },
          { name: 'httpd-86bf6859f5-fwl56', probability: 0.5 },
        ],
        rules: [
          '-A KUBE-SVC-IYRDZZKXS5EOQ6Q6 -m comment --comment "default/httpd-svc -> 10.244.2.2:80" -j KUBE-SEP-MZ7D7IEY543CBPN3',
          '-A KUBE-SEP-MZ7D7IEY543CBPN3 -p tcp -m comment --comment "default/httpd-svc" -m tcp -j DNAT --to-destination 10.244.2.2:80',
        ],
      },
      challenge: {
        question: {
          en: 'Only the first rule carries --probability 0.5. What chance does the second pod get?',
          zh: '只有第一条规则带 --probability 0.5。第二个 Pod 被选中的概率是多少？',
        },
        answer: {
          en: '1/2 as well: the half that misses the first rule all goes to the second. With three pods the rules would say 1/3, then 1/2 (half of the remaining 2/3), then nothing.',
          zh: '同样是 1/2：没命中第一条的那一半全部到第二条。如果有三个 Pod，规则依次是 1/3、1/2（剩下 2/3 的一半）、最后一条不带概率。',
        },
      },
    },
    {
      text: {
        en: 'From a pod the same rules apply, in nat PREROUTING of its node. The pod httpd-86bf6859f5-fwl56 on node02 calls the Service and lands on the pod on node01. KUBE-MARK-MASQ only marks sources outside 10.244.0.0/16, so the server sees the real client 10.244.2.2.',
        zh: '从 Pod 发出的请求经过所在节点 nat 表的 PREROUTING，规则一样。node02 上的 httpd-86bf6859f5-fwl56 访问 Service，落到 node01 上的 Pod。KUBE-MARK-MASQ 只标记 10.244.0.0/16 以外的源地址，所以服务端看到的是真实客户端 10.244.2.2。',
      },
      request: { from: 'pod/default/httpd-86bf6859f5-fwl56', to: '10.68.132.230:8080', pick: 1 },
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-5fm6x', sourceIpSeen: '10.244.2.2', hops: ['hop.chainDnat.title', 'hop.routeVia.title', 'hop.wire.title', 'hop.deliver.title'], absentHops: ['hop.masq.title'] },
      challenge: {
        question: { en: 'Which source address will the pod on node01 see?', zh: 'node01 上的 Pod 看到的源地址是什么？' },
        answer: {
          en: '10.244.2.2, the calling pod: traffic from the pod network is only DNATed, never masqueraded.',
          zh: '10.244.2.2，也就是发起请求的 Pod：来自 Pod 网络的流量只做 DNAT，不做 MASQUERADE。',
        },
      },
    },
    {
      text: {
        en: 'By name: kubectl run busybox, then wget httpd-svc:8080 inside it. Its resolver asks CoreDNS behind kube-dns 10.68.0.10, itself a Service, for httpd-svc.default.svc.cluster.local. The answer is the cluster IP, never a pod IP.',
        zh: '用名字访问：kubectl run 一个 busybox，在里面执行 wget httpd-svc:8080。它的解析器向 kube-dns 10.68.0.10（它本身也是一个 Service）背后的 CoreDNS 查询 httpd-svc.default.svc.cluster.local。得到的是 Cluster IP，而不是 Pod IP。',
      },
      edits: [{ find: '    targetPort: 80\n', replace: `    targetPort: 80\n${busybox}` }],
      request: { from: 'pod/default/busybox', to: 'http://httpd-svc:8080/', pick: 1 },
      command: 'wget httpd-svc:8080',
      lookup: { name: 'httpd-svc' },
      expect: {
        outcome: 'served',
        servedBy: 'httpd-86bf6859f5-5fm6x',
        hops: ['hop.dnsResolve.title', 'hop.dnsAnswer.title', 'hop.sendPod.title', 'hop.chainDnat.title', 'hop.deliver.title'],
        dns: { rcode: 'NOERROR', answer: ['A 10.68.132.230'] },
        pods: [{ name: 'busybox', node: 'node01', ip: '10.244.1.3', status: 'Running' }],
      },
      challenge: {
        question: { en: 'What will CoreDNS answer for httpd-svc: one pod IP, both, or something else?', zh: 'CoreDNS 对 httpd-svc 返回什么：一个 Pod IP、两个，还是别的？' },
        answer: {
          en: 'The cluster IP 10.68.132.230, one A record: choosing a pod stays kube-proxy\'s job.',
          zh: 'Cluster IP 10.68.132.230，只有一条 A 记录：选哪个 Pod 仍然是 kube-proxy 的事。',
        },
      },
    },
    {
      text: {
        en: 'The article also writes httpd-svc.default, <SERVICE_NAME>.<NAMESPACE_NAME>. With ndots:5 the resolver tries its search list first: httpd-svc.default.default.svc.cluster.local does not exist, httpd-svc.default.svc.cluster.local does.',
        zh: '文章里也可以写成 httpd-svc.default，即 <SERVICE_NAME>.<NAMESPACE_NAME>。因为 ndots:5，解析器先按 search 列表依次尝试：httpd-svc.default.default.svc.cluster.local 不存在，httpd-svc.default.svc.cluster.local 存在。',
      },
      request: { from: 'pod/default/busybox', to: 'http://httpd-svc.default:8080/', pick: 2 },
      command: 'wget httpd-svc.default:8080',
      lookup: { name: 'httpd-svc.default' },
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-fwl56', dns: { rcode: 'NOERROR', answer: ['A 10.68.132.230'] }, hops: ['hop.dnsResolve.title', 'hop.dnsAnswer.title', 'hop.chainDnat.title'] },
    },
  ],
};
