/**
 * Seed 004, 容器网络机制: pod to pod on one node (veth pair, cbr0, veth pair) and across nodes
 * (veth, cbr0, the node's routing table, the LAN, the other node's cbr0), with no NAT at all;
 * then the same across flannel's VXLAN backend.
 */
import type { Lesson } from './types';

const yaml = `# Seed 004: deploy-apps.yaml; three pods, two of them on node01.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-apps-v1
spec:
  replicas: 3
  selector:
    matchLabels:
      apps: v1
  template:
    metadata:
      labels:
        apps: v1
    spec:
      containers:
      - name: c1
        image: nginx:1.26.2
        ports:
        - containerPort: 80
`;

const vxlan = `---
# flannel's own default backend: VXLAN (kube-flannel.yml's net-conf.json).
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}
`;

const a = 'pod/default/deployment-apps-v1-785b56d5f6-87h2k';

export const podNetworkLesson: Lesson = {
  id: 'pod-network',
  seeds: ['004'],
  title: { en: 'Pod to pod: cbr0, veth pairs and the routing table', zh: 'Pod 到 Pod：cbr0、veth pair 和路由表' },
  summary: {
    en: 'Each pod\'s eth0 is one end of a veth pair; the other end is a port of the node\'s bridge cbr0. Pods on one node talk through cbr0 alone. Across nodes the packet leaves through cbr0 to the node, whose routing table sends the other node\'s pod subnet to that node\'s address. No NAT anywhere.',
    zh: '每个 Pod 的 eth0 是一对 veth pair 的一端，另一端是节点网桥 cbr0 的一个端口。同一节点上的 Pod 只经过 cbr0 通信。跨节点时，数据包经 cbr0 到达节点，节点的路由表把对方节点的 Pod 网段发往对方节点的地址。全程没有 NAT。',
  },
  yaml,
  request: { from: a, to: '10.244.1.3:80' },
  steps: [
    {
      text: {
        en: 'Same node: deployment-apps-v1-785b56d5f6-87h2k (10.244.1.2) calls 10.244.1.3 on node01. The pod\'s own route puts 10.244.1.0/24 on its eth0; the frame comes out of its veth on node01, and cbr0 forwards it to the other pod\'s veth by MAC. The node\'s routing table is never asked.',
        zh: '同一节点：deployment-apps-v1-785b56d5f6-87h2k（10.244.1.2）访问 node01 上的 10.244.1.3。Pod 自己的路由表说 10.244.1.0/24 就在 eth0 上；帧从 node01 上的 veth 出来，cbr0 按 MAC 把它转发到另一个 Pod 的 veth。完全不经过节点的路由表。',
      },
      expect: {
        outcome: 'served',
        servedBy: 'deployment-apps-v1-785b56d5f6-mjfgl',
        sourceIpSeen: '10.244.1.2',
        hops: ['hop.routeLink.title', 'hop.vethFromPod.title', 'hop.bridgeToPod.title', 'hop.deliver.title'],
        absentHops: ['hop.wire.title', 'hop.routeVia.title', 'hop.chainDnat.title'],
      },
      challenge: {
        question: { en: 'Will the packet leave node01?', zh: '数据包会离开 node01 吗？' },
        answer: { en: 'No: both veth pairs end on cbr0, which switches the frame between them by MAC address.', zh: '不会：两个 veth pair 都接在 cbr0 上，cbr0 按 MAC 地址在它们之间转发帧。' },
      },
    },
    {
      text: {
        en: 'Across nodes: the same pod calls 10.244.2.2 on node02. Its default route is cbr0\'s 10.244.1.1; node01\'s table says 10.244.2.0/24 via 192.168.255.103. On node02, 10.244.2.0/24 is on cbr0, and the frame goes down the veth pair. The pod sees 10.244.1.2: no NAT.',
        zh: '跨节点：同一个 Pod 访问 node02 上的 10.244.2.2。它的默认路由指向 cbr0 的 10.244.1.1；node01 的路由表写着 10.244.2.0/24 via 192.168.255.103。到了 node02，10.244.2.0/24 就在 cbr0 上，帧再经 veth pair 进入 Pod。Pod 看到的源地址是 10.244.1.2：没有 NAT。',
      },
      request: { from: a, to: '10.244.2.2:80' },
      expect: {
        outcome: 'served',
        servedBy: 'deployment-apps-v1-785b56d5f6-wbr6g',
        sourceIpSeen: '10.244.1.2',
        hops: ['hop.vethFromPod.title', 'hop.bridgeToHost.title', 'hop.routeVia.title', 'hop.wire.title', 'hop.routeLink.title', 'hop.bridgeToPod.title', 'hop.vethToPod.title', 'hop.deliver.title'],
        absentHops: ['hop.masq.title', 'hop.chainDnat.title'],
      },
      challenge: {
        question: { en: 'Which line of node01\'s routing table will carry the packet?', zh: 'node01 路由表中的哪一行会转发这个数据包？' },
        answer: { en: '10.244.2.0/24 via 192.168.255.103 dev eth0: node02\'s pod subnet, through node02\'s own address.', zh: '10.244.2.0/24 via 192.168.255.103 dev eth0：node02 的 Pod 网段，经由 node02 自己的地址。' },
      },
    },
    {
      text: {
        en: 'flannel\'s own default backend is VXLAN. With it, node01 routes 10.244.2.0/24 to flannel.1, which wraps the whole packet in UDP to 192.168.255.103:8472; node02 unwraps it. The LAN only sees node addresses; the pod still sees 10.244.1.2.',
        zh: 'flannel 自己的默认后端是 VXLAN。使用它时，node01 把 10.244.2.0/24 路由到 flannel.1，由它把整个数据包封装进发往 192.168.255.103:8472 的 UDP 包；node02 再解封装。局域网上只看得到节点地址；Pod 看到的源地址仍是 10.244.1.2。',
      },
      edits: [{ find: '        - containerPort: 80\n', replace: `        - containerPort: 80\n${vxlan}` }],
      request: { from: a, to: '10.244.2.2:80' },
      expect: { outcome: 'served', servedBy: 'deployment-apps-v1-785b56d5f6-wbr6g', sourceIpSeen: '10.244.1.2', hops: ['hop.vxlanEncap.title', 'hop.wireVxlan.title', 'hop.vxlanDecap.title', 'hop.deliver.title'] },
    },
  ],
};
