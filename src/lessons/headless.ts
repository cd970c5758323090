/**
 * Seed 004: a headless Service (clusterIP: None) over nginx pods. DNS answers with the pods'
 * own addresses and the client connects to one directly: no cluster IP, no kube-proxy rule.
 * Beside it, an ordinary ClusterIP Service over the same pods, for comparison.
 */
import type { Lesson } from './types';

const yaml = `# Seed 004: three nginx pods labelled app: nginx, and the article's headless-service.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 3
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
        image: nginx:1.26.2
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
  type: ClusterIP # the default, may be left out
  clusterIP: None # headless: no cluster IP
  publishNotReadyAddresses: true # publish pods that are not ready too
---
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

const client = 'pod/default/busybox';

export const headlessLesson: Lesson = {
  id: 'headless',
  seeds: ['004'],
  title: { en: 'Headless Service: what DNS returns', zh: 'Headless Service：DNS 返回什么' },
  summary: {
    en: 'With clusterIP: None a Service gets no virtual address and kube-proxy writes no rule for it. CoreDNS answers its name with one A record per pod, and the client connects to a pod directly: no load balancing by the Service.',
    zh: '指定 clusterIP: None 后，Service 不会分配虚拟地址，kube-proxy 也不为它写任何规则。CoreDNS 对它的名字返回每个 Pod 一条 A 记录，客户端直接连接 Pod：Service 不再做负载均衡。',
  },
  yaml,
  request: { from: client, to: 'http://headless-service/' },
  steps: [
    {
      text: {
        en: 'In busybox: nslookup headless-service. CoreDNS answers with the three pod IPs, 10.244.1.2, 10.244.2.2 and 10.244.1.3, not one Service address.',
        zh: '在 busybox 里执行 nslookup headless-service。CoreDNS 返回三个 Pod 的 IP：10.244.1.2、10.244.2.2 和 10.244.1.3，而不是一个 Service 地址。',
      },
      lookup: { name: 'headless-service' },
      expect: {
        outcome: 'served',
        dns: { rcode: 'NOERROR', answer: ['A 10.244.1.2', 'A 10.244.2.2', 'A 10.244.1.3'] },
        hops: ['hop.dnsResolve.title', 'hop.dnsAnswer.title', 'hop.sendPod.title', 'hop.deliver.title'],
      },
      challenge: {
        question: { en: 'headless-service has no cluster IP. What will CoreDNS answer?', zh: 'headless-service 没有 Cluster IP。CoreDNS 会返回什么？' },
        answer: { en: 'One A record per ready pod: the pod IPs themselves.', zh: '每个就绪的 Pod 一条 A 记录：直接就是 Pod 的 IP。' },
      },
    },
    {
      text: {
        en: 'curl http://headless-service/ takes the first address, 10.244.1.2, and connects to it straight away. Compare the hops with a ClusterIP Service: KUBE-SERVICES has no rule for a pod address, so no KUBE-SVC chain and no DNAT, on any node.',
        zh: 'curl http://headless-service/ 使用第一个地址 10.244.1.2，直接连过去。和 ClusterIP Service 对比一下经过的跳：KUBE-SERVICES 里没有针对 Pod 地址的规则，所以任何节点上都不会进入 KUBE-SVC 链，也没有 DNAT。',
      },
      expect: { outcome: 'served', servedBy: 'nginx-74ff788ffd-z54qh', sourceIpSeen: '10.244.2.3', absentHops: ['hop.chainDnat.title'], hops: ['hop.sendPod.title', 'hop.bridgeToPod.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'Which kube-proxy chain will the connection go through?', zh: '这个连接会经过 kube-proxy 的哪条链？' },
        answer: {
          en: 'None of its own: kube-proxy writes no rule for a headless Service. Only the DNS query went through kube-dns\'s chains.',
          zh: '没有属于它的链：kube-proxy 不为 Headless Service 写规则。只有前面的 DNS 查询经过了 kube-dns 的链。',
        },
      },
    },
    {
      text: {
        en: 'Each pod also has a name of its own under the Service: CoreDNS names a pod without a hostname by its IP with dashes, 10-244-2-2.headless-service.default.svc.cluster.local. A StatefulSet\'s pods set hostname and subdomain instead and get names like web-0.<service>, which stay when the IP changes.',
        zh: '每个 Pod 在这个 Service 下还有自己的名字：没有设置 hostname 的 Pod，CoreDNS 用把点换成横线的 IP 命名，即 10-244-2-2.headless-service.default.svc.cluster.local。StatefulSet 的 Pod 则设置 hostname 和 subdomain，得到 web-0.<service> 这样的名字，IP 变了名字也不变。',
      },
      request: { from: client, to: 'http://10-244-2-2.headless-service.default.svc.cluster.local/' },
      lookup: { name: '10-244-2-2.headless-service.default.svc.cluster.local' },
      expect: { outcome: 'served', servedBy: 'nginx-74ff788ffd-ptmph', dns: { rcode: 'NOERROR', answer: ['A 10.244.2.2'] }, absentHops: ['hop.chainDnat.title'] },
    },
    {
      text: {
        en: 'For comparison, an ordinary ClusterIP Service over the same pods, nginx-svc. Its name answers with one cluster IP, 10.108.251.183, and the DNAT to a pod happens in KUBE-SVC on busybox\'s node.',
        zh: '作为对比，给同一组 Pod 再建一个普通的 ClusterIP Service：nginx-svc。它的名字只解析出一个 Cluster IP：10.108.251.183，到 Pod 的 DNAT 发生在 busybox 所在节点的 KUBE-SVC 链里。',
      },
      edits: [{ find: '---\n# kubectl run busybox', replace: '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx-svc\nspec:\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n---\n# kubectl run busybox' }],
      request: { from: client, to: 'http://nginx-svc/', pick: 3 },
      lookup: { name: 'nginx-svc' },
      expect: { outcome: 'served', servedBy: 'nginx-74ff788ffd-ptmph', dns: { rcode: 'NOERROR', answer: ['A 10.108.251.183'] }, hops: ['hop.dnsAnswer.title', 'hop.sendPod.title', 'hop.chainDnat.title', 'hop.deliver.title'] },
    },
  ],
};
