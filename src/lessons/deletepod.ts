/**
 * Seeds 001 and 002: "Pod 是脆弱的,但应用是健壮的". Seed 002's my-nginx Deployment (three
 * replicas, labels app: my-nginx and version: v1) behind a ClusterIP Service; one pod is
 * deleted, the ReplicaSet makes another with a new name and a new IP, the Endpoints follow,
 * and the Service keeps working while the old pod IP answers nothing.
 */
import { DELETED_PODS_ANNOTATION } from '../engine';
import type { Lesson } from './types';

const yaml = `# Seed 002: service-pod.yaml, three nginx pods, and a ClusterIP Service for them.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
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
spec:
  type: ClusterIP
  selector:
    app: my-nginx
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
`;

export const deletePodLesson: Lesson = {
  id: 'delete-pod',
  seeds: ['001', '002'],
  title: { en: 'Pods are fragile, Services are not: delete a pod', zh: 'Pod 是脆弱的，Service 是稳定的：删除一个 Pod' },
  summary: {
    en: 'kubectl delete pod: the Deployment\'s ReplicaSet makes a new pod at once, with a new name and a new IP. The Service selects pods by label, so its endpoints follow and its cluster IP keeps working; whoever kept the old pod IP is left with nothing.',
    zh: 'kubectl delete pod：Deployment 的 ReplicaSet 立即创建一个新 Pod，名字和 IP 都是新的。Service 通过标签挑选 Pod，它的端点随之更新，Cluster IP 照常可用；而记着旧 Pod IP 的客户端什么也访问不到了。',
  },
  yaml,
  request: { from: 'node/master01', to: '10.100.104.85:80', pick: 1 },
  steps: [
    {
      text: {
        en: 'Three pods, two on node01 (10.244.1.2 and 10.244.1.3), one on node02. From master01, curl the Service 10.100.104.85: each pod has probability 1/3; pinned here to my-nginx-97d78f8-bwsqg at 10.244.1.2.',
        zh: '三个 Pod：node01 上两个（10.244.1.2 和 10.244.1.3），node02 上一个。在 master01 上 curl Service 10.100.104.85：每个 Pod 的概率都是 1/3，这里固定选 10.244.1.2 上的 my-nginx-97d78f8-bwsqg。',
      },
      expect: {
        outcome: 'served',
        servedBy: 'my-nginx-97d78f8-bwsqg',
        candidates: [
          { name: 'my-nginx-97d78f8-bwsqg', probability: 1 / 3 },
          { name: 'my-nginx-97d78f8-vl8wn', probability: 1 / 3 },
          { name: 'my-nginx-97d78f8-zwkt2', probability: 1 / 3 },
        ],
      },
    },
    {
      text: {
        en: 'kubectl delete pod my-nginx-97d78f8-bwsqg. The YAML records it in the Deployment\'s annotation podpath.dev/deleted-pods. The ReplicaSet sees two pods where it wants three and makes my-nginx-97d78f8-7q99b; the scheduler puts it on node01, which just lost one.',
        zh: 'kubectl delete pod my-nginx-97d78f8-bwsqg。YAML 把这次删除记在 Deployment 的注解 podpath.dev/deleted-pods 里。ReplicaSet 想要三个 Pod，只剩两个，于是创建 my-nginx-97d78f8-7q99b；调度器把它放到刚少了一个 Pod 的 node01 上。',
      },
      edits: [{ find: '  name: my-nginx\nspec:\n  replicas', replace: `  name: my-nginx\n  annotations:\n    # kubectl delete pod my-nginx-97d78f8-bwsqg\n    ${DELETED_PODS_ANNOTATION}: my-nginx-97d78f8-bwsqg\nspec:\n  replicas` }],
      request: { from: 'node/master01', to: '10.100.104.85:80', pick: 2 },
      expect: {
        outcome: 'served',
        servedBy: 'my-nginx-97d78f8-7q99b',
        gone: ['my-nginx-97d78f8-bwsqg'],
        pods: [{ name: 'my-nginx-97d78f8-', count: 3 }, { name: 'my-nginx-97d78f8-7q99b', node: 'node01', ip: '10.244.1.4', status: 'Running' }],
        candidates: [
          { name: 'my-nginx-97d78f8-vl8wn', probability: 1 / 3 },
          { name: 'my-nginx-97d78f8-7q99b', probability: 1 / 3 },
          { name: 'my-nginx-97d78f8-zwkt2', probability: 1 / 3 },
        ],
      },
      challenge: {
        question: {
          en: 'The new pod runs on node01, where 10.244.1.2 was just freed. Which address will it get?',
          zh: '新 Pod 运行在 node01 上，10.244.1.2 刚刚被释放。它会分到哪个地址？',
        },
        answer: {
          en: '10.244.1.4, not 10.244.1.2: the host-local IPAM plugin goes on from the last address it handed out (10.244.1.3) and only comes back to freed ones once the whole range has been used.',
          zh: '10.244.1.4，而不是 10.244.1.2：host-local IPAM 插件从上次分配的地址（10.244.1.3）往后分配，只有整个地址段用完一轮后才会回头使用已释放的地址。',
        },
      },
    },
    {
      text: {
        en: 'The Service did not change: same cluster IP, same chains KUBE-SERVICES and KUBE-SVC. Only the endpoints moved: the EndpointSlice now lists 10.244.1.4, and kube-proxy rewrote the KUBE-SEP rules. A client that kept the old pod IP 10.244.1.2 now reaches nobody.',
        zh: 'Service 没有变：Cluster IP 不变，KUBE-SERVICES 和 KUBE-SVC 链也不变。变的只是端点：EndpointSlice 里现在是 10.244.1.4，kube-proxy 重写了 KUBE-SEP 规则。还记着旧 Pod IP 10.244.1.2 的客户端，现在谁也访问不到。',
      },
      request: { from: 'node/master01', to: '10.244.1.2:80' },
      expect: { outcome: 'unreachable', absentHops: ['hop.deliver.title'], hops: ['hop.routeVia.title', 'hop.wire.title', 'hop.noneighbor.title'] },
      challenge: {
        question: { en: 'What happens to a request sent to the old pod IP 10.244.1.2?', zh: '发往旧 Pod IP 10.244.1.2 的请求会怎样？' },
        answer: {
          en: 'node01 still routes 10.244.1.0/24 to cbr0, but no veth there holds 10.244.1.2: nobody answers ARP, and the host is unreachable.',
          zh: 'node01 仍把 10.244.1.0/24 路由到 cbr0，但 cbr0 上已没有持有 10.244.1.2 的 veth：没有人回应 ARP，主机不可达。',
        },
      },
    },
  ],
};
