/**
 * Seeds 003 and 004: a LoadBalancer Service. Seed 004's my-service (port 80 → targetPort 9376,
 * nodePort 30931); on bare metal nobody hands out its EXTERNAL-IP until an implementation such
 * as MetalLB (seed 003 points to it) is given an address pool on the node LAN.
 */
import type { Lesson } from './types';

const yaml = `# Seed 004: a LoadBalancer Service, and pods for it to select.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: MyApp
  template:
    metadata:
      labels:
        app.kubernetes.io/name: MyApp
    spec:
      containers:
      - name: serve-hostname
        image: registry.k8s.io/serve_hostname
        ports:
        - containerPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app.kubernetes.io/name: MyApp
  ports:
    - protocol: TCP
      nodePort: 30931
      port: 80
      targetPort: 9376
  type: LoadBalancer
`;

const metallb = `---
# MetalLB in layer-2 mode: addresses from the node LAN, announced by ARP.
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: first-pool
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: example
  namespace: metallb-system
`;

export const loadBalancerLesson: Lesson = {
  id: 'loadbalancer',
  seeds: ['003', '004'],
  title: { en: 'LoadBalancer: an EXTERNAL-IP from a MetalLB address pool', zh: 'LoadBalancer：从 MetalLB 地址池获得 EXTERNAL-IP' },
  summary: {
    en: 'A LoadBalancer Service is a NodePort Service plus an outside address. In a cloud the provider\'s load balancer brings that address; on bare metal MetalLB takes one from an IPAddressPool, and one node answers ARP for it on the LAN.',
    zh: 'LoadBalancer 类型的 Service 就是 NodePort Service 再加一个外部地址。在云上，这个地址由云厂商的负载均衡器提供；在裸机上，由 MetalLB 从 IPAddressPool 中分配，并由一个节点在局域网上应答它的 ARP。',
  },
  yaml,
  request: { from: 'external', to: 'http://192.168.255.102:30931/', pick: 1 },
  steps: [
    {
      text: {
        en: 'No cloud, no MetalLB: kubectl get svc shows EXTERNAL-IP <pending> for my-service. It is still a NodePort Service: from outside, node01:30931 works.',
        zh: '没有云，也没有 MetalLB：kubectl get svc 中 my-service 的 EXTERNAL-IP 显示 <pending>。它仍然是一个 NodePort Service：从集群外访问 node01:30931 照样可以。',
      },
      expect: { outcome: 'served', servedBy: 'myapp-', hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'Nobody has given my-service an outside address. Does node01:30931 answer?', zh: '没有人给 my-service 分配外部地址。node01:30931 有应答吗？' },
        answer: { en: 'Yes: a LoadBalancer Service gets its cluster IP and node port first; the outside address only comes on top.', zh: '有：LoadBalancer Service 先获得 Cluster IP 和 NodePort，外部地址是在这之上额外加的。' },
      },
    },
    {
      text: {
        en: 'Install a pool: 192.168.255.240-192.168.255.250 and an L2Advertisement. MetalLB gives my-service 192.168.255.240, and its speaker on node02 answers ARP for it. kube-proxy adds a rule for that address to KUBE-SERVICES on every node.',
        zh: '配置地址池 192.168.255.240-192.168.255.250 和一个 L2Advertisement。MetalLB 把 192.168.255.240 分给 my-service，由 node02 上的 speaker 应答它的 ARP。kube-proxy 在每个节点的 KUBE-SERVICES 里为这个地址加上规则。',
      },
      edits: [{ find: '  type: LoadBalancer\n', replace: `  type: LoadBalancer\n${metallb}` }],
      request: { from: 'external', to: 'http://192.168.255.240/', pick: 2 },
      expect: { outcome: 'served', servedBy: 'myapp-7c9fb676f5-mh2vr', sourceIpSeen: '10.244.2.1', hops: ['hop.wireVip.title', 'hop.chainJump.title', 'hop.chainDnat.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'No interface holds 192.168.255.240. How does the client\'s packet find a node?', zh: '没有任何网卡配置了 192.168.255.240。客户端的数据包怎么找到节点？' },
        answer: {
          en: 'By ARP: MetalLB\'s speaker on the announcing node answers "192.168.255.240 is at" its own MAC, so the frame goes to that node, where KUBE-SERVICES matches the address.',
          zh: '靠 ARP：发布这个地址的节点上，MetalLB 的 speaker 回答“192.168.255.240 在”自己的 MAC 上，于是帧被发往这个节点，再由 KUBE-SERVICES 匹配这个地址。',
        },
      },
    },
  ],
};
