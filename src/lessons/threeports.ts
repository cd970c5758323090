/**
 * Seeds 001 and 004: httpd-svc made a NodePort Service with nodePort 26044 (seed 001's PORT(S)
 * 8080:26044), which only a cluster whose node-port range includes it accepts; seed 004 shows
 * the kube-apiserver flag that widens it (--service-node-port-range=3000-50000). Then the three
 * ports side by side: nodePort on every node, port on the cluster IP, targetPort on the pod.
 */
import { seed001Httpd } from './seed001';
import type { Lesson } from './types';

const yaml = `# Seed 001: httpd-svc as a NodePort Service, PORT(S) 8080:26044.
${seed001Httpd}
---
apiVersion: v1
kind: Service
metadata:
  name: httpd-svc
spec:
  type: NodePort
  clusterIP: 10.68.132.230
  selector:
    run: httpd
  ports:
  - protocol: TCP
    nodePort: 26044   # on every node
    port: 8080        # on the cluster IP
    targetPort: 80    # on the pod
`;

export const threePortsLesson: Lesson = {
  id: 'three-ports',
  seeds: ['001', '004'],
  title: { en: 'NodePort: nodePort, port and targetPort side by side', zh: 'NodePort：nodePort、port 和 targetPort 对照' },
  summary: {
    en: 'A NodePort Service has three ports: nodePort listens on every node, port on the cluster IP, targetPort in the pod. The article\'s httpd-svc uses nodePort 26044, below the default range 30000-32767: the API server refuses it until the range is widened.',
    zh: 'NodePort 类型的 Service 有三个端口：nodePort 在每个节点上监听，port 在 Cluster IP 上监听，targetPort 是 Pod 监听的端口。文章里 httpd-svc 的 nodePort 是 26044，低于默认范围 30000-32767：在扩大范围之前，API Server 会拒绝它。',
  },
  yaml,
  request: { from: 'external', to: 'http://192.168.255.102:26044/', pick: 1 },
  steps: [
    {
      text: {
        en: 'Apply httpd-svc with nodePort 26044 and curl node01 from outside. The Problems list shows the API server\'s answer: 26044 is not in 30000-32767. No Service, no rule: node01 answers with a reset.',
        zh: '应用 nodePort 为 26044 的 httpd-svc，再从集群外访问 node01。“问题”列表里是 API Server 的回答：26044 不在 30000-32767 范围内。没有 Service 就没有规则：node01 直接回 RST。',
      },
      expect: { outcome: 'refused', diagnostics: ['nodeport-out-of-range'], hops: ['hop.refuseNode.title'] },
      challenge: {
        question: { en: 'Will node01 answer on port 26044?', zh: 'node01 的 26044 端口会有应答吗？' },
        answer: {
          en: 'No. The range of valid node ports is 30000-32767 by default; the API server rejects the Service, so kube-proxy writes nothing for it.',
          zh: '不会。默认的有效 NodePort 范围是 30000-32767，API Server 拒绝了这个 Service，kube-proxy 也就不会为它写任何规则。',
        },
      },
    },
    {
      text: {
        en: 'Seed 004 widens the range with the kube-apiserver flag --service-node-port-range=3000-50000; kubeadm passes it from ClusterConfiguration. Now KUBE-NODEPORTS on node01 catches port 26044 and hands the packet to httpd-svc\'s chains; the pod is local, and sees node01\'s cbr0 address 10.244.1.1.',
        zh: '第 004 篇用 kube-apiserver 的参数 --service-node-port-range=3000-50000 扩大范围；kubeadm 通过 ClusterConfiguration 传递这个参数。现在 node01 上的 KUBE-NODEPORTS 匹配 26044 端口，把数据包交给 httpd-svc 的链；Pod 就在本节点，它看到的源地址是 node01 上 cbr0 的地址 10.244.1.1。',
      },
      edits: [{ find: '  serviceSubnet: 10.68.0.0/16\n', replace: '  serviceSubnet: 10.68.0.0/16\napiServer:\n  extraArgs:\n    service-node-port-range: 3000-50000\n' }],
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-5fm6x', sourceIpSeen: '10.244.1.1', hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'nodePort: every node listens, even one without an httpd pod. On node02, pin the pod on node01: the packet is DNATed, masqueraded to node02\'s address and routed across the LAN.',
        zh: 'nodePort：每个节点都监听，即使节点上没有 httpd Pod。访问 node02，固定选 node01 上的 Pod：数据包被 DNAT，源地址被 MASQUERADE 成 node02 的地址，再经局域网转发过去。',
      },
      request: { from: 'external', to: 'http://192.168.255.103:26044/', pick: 1 },
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-5fm6x', sourceIpSeen: '192.168.255.103', hops: ['hop.chainDnat.title', 'hop.masq.title', 'hop.wire.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'Which source address will the pod on node01 see?', zh: 'node01 上的 Pod 看到的源地址是什么？' },
        answer: {
          en: '192.168.255.103, node02\'s: traffic to a node port is masqueraded, so the answer comes back through node02, whose conntrack undoes the DNAT.',
          zh: '192.168.255.103，即 node02 的地址：访问 NodePort 的流量会被 MASQUERADE，应答才会回到 node02，由它的 conntrack 撤销 DNAT。',
        },
      },
    },
    {
      text: {
        en: 'port: inside the cluster the Service listens on its cluster IP, port 8080, as before. From master01: curl 10.68.132.230:8080.',
        zh: 'port：在集群内部，Service 仍在 Cluster IP 的 8080 端口上监听。在 master01 上执行 curl 10.68.132.230:8080。',
      },
      request: { from: 'node/master01', to: '10.68.132.230:8080', pick: 2 },
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-fwl56', hops: ['hop.chainDnat.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'targetPort: the port the pod itself listens on. From master01 straight to the pod, 10.244.2.2:80: no Service rule matches, no DNAT, only routing.',
        zh: 'targetPort：Pod 自己监听的端口。在 master01 上直接访问 Pod 10.244.2.2:80：没有任何 Service 规则匹配，没有 DNAT，只有路由。',
      },
      request: { from: 'node/master01', to: '10.244.2.2:80' },
      expect: { outcome: 'served', servedBy: 'httpd-86bf6859f5-fwl56', sourceIpSeen: '192.168.255.101', absentHops: ['hop.chainDnat.title'], hops: ['hop.routeVia.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'Mix them up: curl the pod on the Service\'s port, 10.244.2.2:8080. Port 8080 exists only on the cluster IP, as rules; httpd in the pod listens on 80, so the pod\'s kernel answers with a reset.',
        zh: '把端口弄混：用 Service 的端口访问 Pod，10.244.2.2:8080。8080 只存在于 Cluster IP 上（以规则的形式）；Pod 里的 httpd 监听的是 80，所以 Pod 的内核直接回 RST。',
      },
      request: { from: 'node/master01', to: '10.244.2.2:8080' },
      expect: { outcome: 'refused', absentHops: ['hop.chainDnat.title'], hops: ['hop.refusePod.title'] },
      challenge: {
        question: { en: 'Which port does the pod itself listen on: nodePort, port or targetPort?', zh: 'Pod 自己监听的是哪个端口：nodePort、port 还是 targetPort？' },
        answer: { en: 'targetPort (80). nodePort and port are only rules kube-proxy wrote on the nodes.', zh: 'targetPort（80）。nodePort 和 port 都只是 kube-proxy 在节点上写的规则。' },
      },
    },
  ],
};
