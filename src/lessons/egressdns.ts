/**
 * An egress default-deny breaks DNS (issue 17): the pod's first packet is its resolver's UDP
 * question to kube-dns, and the policy drops it in the pod's own cali-fw- chain, on its own
 * node; curl reports "Could not resolve host". Allowing UDP and TCP 53 to CoreDNS's pods
 * (kube-system, k8s-app: kube-dns) brings names back; the HTTP connection itself needs a rule of
 * its own. The egress verdict is judged after kube-proxy's DNAT: on CoreDNS's and api's pod
 * addresses, not on the Service addresses the pod asked for.
 */
import { calicoInstall, netpolPods } from './netpolyaml';
import type { Lesson } from './types';

const denyEgress = `---
# Nothing leaves frontend's pods...
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
  namespace: frontend
spec:
  podSelector: {}
  policyTypes:
  - Egress
`;

const allowDns = `---
# ...but DNS questions to CoreDNS, over UDP and TCP 53...
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: frontend
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;

const allowBackend = `---
# ...and HTTP to the backend namespace.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-to-backend
  namespace: frontend
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: backend
    ports:
    - port: 80
`;

export const egressDnsLesson: Lesson = {
  id: 'egress-dns',
  title: { en: 'Egress default-deny breaks DNS, and the rule that fixes it', zh: 'egress 默认拒绝会让 DNS 失效，以及修复它的规则' },
  summary: {
    en: 'An egress policy isolates what leaves a pod, and the first thing most pods send is a DNS question to kube-dns. Deny egress and names stop resolving; allow UDP and TCP 53 to CoreDNS\'s pods and they come back. Each destination needs its own allow rule.',
    zh: 'egress 策略隔离的是离开 Pod 的流量，而大多数 Pod 发出的第一个包就是发给 kube-dns 的 DNS 查询。拒绝 egress，名字就解析不了；允许到 CoreDNS Pod 的 UDP 和 TCP 53 端口，解析就恢复了。每个目的地都需要自己的放行规则。',
  },
  yaml: netpolPods + calicoInstall,
  request: { from: 'pod/frontend/web', to: 'http://api.backend/' },
  steps: [
    {
      text: {
        en: 'No policy: web asks kube-dns (10.96.0.10) for api.backend through its search list, gets the Service address 10.96.0.100, and connects; api on node02 answers.',
        zh: '没有策略：web 按搜索列表向 kube-dns（10.96.0.10）查询 api.backend，得到 Service 地址 10.96.0.100 并发起连接；node02 上的 api 做出应答。',
      },
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129', hops: ['hop.dnsResolve.title', 'hop.dnsAnswerIn.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'Add default-deny-egress to frontend. The resolver\'s UDP question is DNATed to a CoreDNS pod and dropped at once on node01, in web\'s cali-fw-cali91b56ae9fb4 chain: "Drop if no policies passed packet". No answer comes; curl gives up: Could not resolve host.',
        zh: '给 frontend 加上 default-deny-egress。解析器的 UDP 查询被 DNAT 到一个 CoreDNS Pod，随即在 node01 上 web 的 cali-fw-cali91b56ae9fb4 链中被丢弃：“Drop if no policies passed packet”。没有应答；curl 放弃：Could not resolve host。',
      },
      edits: [{ find: '      encapsulation: IPIP\n', replace: `      encapsulation: IPIP\n${denyEgress}` }],
      expect: { outcome: 'unreachable', message: 'outcome.dnsFailed', hops: ['hop.dnsResolve.title', 'hop.policyDenyOut.title', 'hop.dropped.title'] },
      challenge: {
        question: { en: 'The policy says nothing about DNS. Why does curl fail to resolve the name?', zh: '这条策略没有提到 DNS。为什么 curl 解析不了名字？' },
        answer: {
          en: 'A DNS question is an egress packet like any other: UDP to a CoreDNS pod on port 53. With egress isolated and no rule allowing it, felix drops it before it leaves node01.',
          zh: 'DNS 查询和别的出站包一样：发往某个 CoreDNS Pod 53 端口的 UDP 包。egress 被隔离且没有规则放行它，felix 在它离开 node01 之前就把它丢弃了。',
        },
      },
    },
    {
      text: {
        en: 'Add allow-dns: egress to the pods labelled k8s-app: kube-dns in kube-system, on UDP 53 and TCP 53 (a large answer retries over TCP). The questions pass, api.backend resolves to 10.96.0.100, but the connection to api itself is dropped in the same chain: nothing allows TCP 80 to it yet.',
        zh: '加上 allow-dns：允许发往 kube-system 中带 k8s-app: kube-dns 标签的 Pod 的 egress，端口为 UDP 53 和 TCP 53（应答过大时会改用 TCP 重试）。查询放行了，api.backend 解析为 10.96.0.100，但到 api 本身的连接在同一条链中被丢弃：还没有规则允许到它的 TCP 80。',
      },
      edits: [{ find: '  - Egress\n', replace: `  - Egress\n${allowDns}` }],
      expect: { outcome: 'dropped', hops: ['hop.dnsResolve.title', 'hop.policyOut.title', 'hop.dnsAnswerIn.title', 'hop.policyDenyOut.title', 'hop.dropped.title'] },
    },
    {
      text: {
        en: 'Add allow-to-backend: egress to the backend namespace on port 80. It is judged after kube-proxy\'s DNAT, on api\'s own address 10.244.91.193: allowed, and served.',
        zh: '加上 allow-to-backend：允许到 backend 命名空间 80 端口的 egress。它是在 kube-proxy 的 DNAT 之后、按 api 自己的地址 10.244.91.193 判定的：放行，请求成功。',
      },
      edits: [{ find: '    - protocol: TCP\n      port: 53\n', replace: `    - protocol: TCP\n      port: 53\n${allowBackend}` }],
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129', hops: ['hop.policyOut.title', 'hop.dnsAnswerIn.title', 'hop.policyOut.title', 'hop.deliver.title'] },
    },
  ],
};
