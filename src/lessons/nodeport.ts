/**
 * The default lesson: seeds 000 and 002. `kubectl expose deployment my-nginx-deploment
 * --port=8001 --target-port=80 --type=NodePort` gave the Service 10.108.229.67 and node port
 * 31101; the article then reaches nginx from the outside host at 192.168.255.102:31101.
 */
import type { Lesson } from './types';

export const nodePortLesson: Lesson = {
  id: 'nodeport',
  title: { en: 'NodePort: from outside to a pod on another node', zh: 'NodePort：从集群外访问另一节点上的 Pod' },
  yaml: `# An nginx Deployment and the Service \`kubectl expose\` made for it (seeds 000, 002).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx-deploment
spec:
  replicas: 2
  selector:
    matchLabels:
      app: my-nginx
  template:
    metadata:
      labels:
        app: my-nginx
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
  name: my-nginx-deploment
spec:
  type: NodePort
  selector:
    app: my-nginx
  clusterIP: 10.108.229.67
  ports:
  - port: 8001
    targetPort: 80
    nodePort: 31101
`,
  // node01's node port; the second endpoint (kube-proxy's order) is the pod on node02.
  request: { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 },
  seeds: ['000', '002'],
  summary: {
    en: 'kubectl expose gave the Service a cluster IP and node port 31101 on every node. A request from the outside host to node01:31101 is DNATed by kube-proxy\'s rules to a pod, here on node02, and masqueraded so the answer comes back the same way.',
    zh: 'kubectl expose 为 Service 分配了集群 IP，并在每个节点上打开 NodePort 31101。集群外主机访问 node01:31101 的请求被 kube-proxy 的规则 DNAT 到一个 Pod（这里在 node02 上），并做了 MASQUERADE，所以应答沿原路返回。',
  },
  steps: [
    {
      text: {
        en: 'The outside host 192.168.255.1 opens http://192.168.255.102:31101/. Watch KUBE-NODEPORTS, KUBE-EXT and KUBE-SVC: the SVC chain picks one of the two pods with probability 1/2 each; here the second, on node02.',
        zh: '集群外主机 192.168.255.1 访问 http://192.168.255.102:31101/。注意 KUBE-NODEPORTS、KUBE-EXT 和 KUBE-SVC：SVC 链以各 1/2 的概率选择两个 Pod 之一；这里选中第二个，它在 node02 上。',
      },
      expect: { outcome: 'served', servedBy: 'my-nginx-deploment-', sourceIpSeen: '192.168.255.102', hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.masq.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'Which address will the nginx pod on node02 see as the client?', zh: 'node02 上的 nginx Pod 看到的客户端地址是什么？' },
        answer: { en: '192.168.255.102: node01 masqueraded the packet, so the answer returns through node01 and conntrack can undo the DNAT.', zh: '192.168.255.102：node01 对数据包做了 MASQUERADE，应答才会经 node01 返回，conntrack 才能撤销 DNAT。' },
      },
    },
    {
      text: {
        en: 'The same node port answers on every node, the control plane included: try node02, pinned to the pod on node02 itself. The packet is still masqueraded, to node02\'s cbr0 address 10.244.2.1, as the pod is on that bridge.',
        zh: '每个节点（包括控制平面）都在同一个 NodePort 上应答：试试 node02，并固定选 node02 本机上的 Pod。数据包依然会被 MASQUERADE，变成 node02 上 cbr0 的地址 10.244.2.1，因为 Pod 就挂在这个网桥上。',
      },
      request: { from: 'external', to: 'http://192.168.255.103:31101/', pick: 2 },
      expect: { outcome: 'served', servedBy: 'my-nginx-deploment-55f596c87c-lpgt8', sourceIpSeen: '10.244.2.1', hops: ['hop.chainDnat.title', 'hop.masq.title', 'hop.bridgeToPod.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'The pod runs on node02 itself. Will its source address still be rewritten?', zh: 'Pod 就运行在 node02 上。源地址还会被改写吗？' },
        answer: {
          en: 'Yes: with externalTrafficPolicy Cluster, traffic to a node port is always marked for masquerade, even when the endpoint is local.',
          zh: '会：externalTrafficPolicy 为 Cluster 时，访问 NodePort 的流量总会被打上 MASQUERADE 标记，即使端点就在本节点。',
        },
      },
    },
    {
      text: {
        en: 'Inside the cluster the Service also answers on its cluster IP and port 8001 (seed 000: "在集群其他节点可以访问这个地址"). From master01: curl 10.108.229.67:8001.',
        zh: '在集群内部，Service 还在 Cluster IP 的 8001 端口上应答（第 000 篇：“在集群其他节点可以访问这个地址”）。在 master01 上执行 curl 10.108.229.67:8001。',
      },
      request: { from: 'node/master01', to: '10.108.229.67:8001', pick: 1 },
      expect: { outcome: 'served', servedBy: 'my-nginx-deploment-55f596c87c-bzw22', hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'Break it: point targetPort at 8080, where nginx does not listen. kube-proxy still DNATs; the pod answers with a reset.',
        zh: '把 targetPort 改成 nginx 没有监听的 8080。kube-proxy 仍然做 DNAT；Pod 用 RST 拒绝连接。',
      },
      edits: [{ find: '    targetPort: 80\n', replace: '    targetPort: 8080\n' }],
      request: { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 },
      expect: { outcome: 'refused', hops: ['hop.chainDnat.title', 'hop.refusePod.title'] },
      challenge: {
        question: { en: 'kube-proxy does not know what nginx listens on. Where will the connection fail?', zh: 'kube-proxy 并不知道 nginx 监听哪个端口。连接会在哪里失败？' },
        answer: {
          en: 'In the pod: the DNAT to 10.244.2.2:8080 happens on node01 as before, the packet crosses to node02, and the pod\'s kernel answers with a reset.',
          zh: '在 Pod 里：node01 照常 DNAT 到 10.244.2.2:8080，数据包到达 node02，再由 Pod 的内核回一个 RST。',
        },
      },
    },
  ],
};
