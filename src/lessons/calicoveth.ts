/**
 * flannel's bridge against Calico's routed veths (issue 17), for the same pod-to-pod request
 * across two nodes. flannel: the pod's veth is a port of cbr0, its gateway is cbr0's address,
 * and the node routes the other node's /24 to that node. Calico (cni-plugin
 * dataplane_linux.go, felix's routes): no bridge; the pod's default route is 169.254.1.1,
 * which nobody holds, answered by proxy ARP on the host end `cali…`; the node routes each local
 * pod with a /32 and each other node's block over tunl0 (IPIP) or vxlan.calico (VXLAN).
 */
import { calicoInstall, netpolPods } from './netpolyaml';
import type { Lesson } from './types';

const debugPod = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n';

export const calicoVethLesson: Lesson = {
  id: 'flannel-vs-calico',
  title: { en: 'Pod to pod: flannel\'s bridge against Calico\'s routed veths', zh: 'Pod 到 Pod：flannel 的网桥与 Calico 的路由 veth' },
  summary: {
    en: 'The same request between two nodes, first on flannel, then on Calico. flannel plugs every pod into the bridge cbr0; Calico has no bridge at all: each pod\'s veth is routed by the node, with proxy ARP standing in for the gateway and a /32 route per pod.',
    zh: '同一个跨两个节点的请求，先在 flannel 上，再在 Calico 上。flannel 把每个 Pod 接到网桥 cbr0 上；Calico 根本没有网桥：每个 Pod 的 veth 由节点路由，代理 ARP 充当网关，每个 Pod 一条 /32 路由。',
  },
  yaml: netpolPods,
  request: { from: 'pod/frontend/web', to: '10.244.2.2:80' },
  steps: [
    {
      text: {
        en: 'flannel: web (10.244.1.2 on node01) calls api at 10.244.2.2 on node02. Its default route is cbr0\'s 10.244.1.1; the frame crosses the veth pair into cbr0, node01 routes 10.244.2.0/24 via node02 (192.168.255.103), and node02\'s cbr0 hands it down api\'s veth.',
        zh: 'flannel：web（node01 上的 10.244.1.2）访问 node02 上 api 的 10.244.2.2。它的默认路由指向 cbr0 的 10.244.1.1；帧经 veth pair 进入 cbr0，node01 把 10.244.2.0/24 经 node02（192.168.255.103）路由出去，node02 的 cbr0 再把它交给 api 的 veth。',
      },
      expect: {
        outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.1.2',
        hops: ['hop.vethFromPod.title', 'hop.bridgeToHost.title', 'hop.routeVia.title', 'hop.wire.title', 'hop.routeLink.title', 'hop.bridgeToPod.title', 'hop.vethToPod.title', 'hop.deliver.title'],
        absentHops: ['hop.caliFromPod.title'],
      },
    },
    {
      text: {
        en: 'Calico (add the Installation): the pods get addresses from Calico\'s blocks, web 10.244.192.129 and api 10.244.91.193. web\'s default route is 169.254.1.1; the host end of its veth, cali91b56ae9fb4, answers the ARP for it, so the packet enters node01, which routes api\'s block over tunl0 (IP-in-IP to 192.168.255.103). On node02 the /32 route sends it down cali5f8cfd333f3. There is no cbr0 anywhere.',
        zh: 'Calico（加上 Installation）：Pod 从 Calico 的地址块获得地址，web 为 10.244.192.129，api 为 10.244.91.193。web 的默认路由指向 169.254.1.1；它的 veth 的主机端 cali91b56ae9fb4 代为应答 ARP，于是数据包进入 node01，node01 把 api 所在的地址块经 tunl0 路由出去（IP-in-IP 到 192.168.255.103）。在 node02 上，/32 路由把它送进 cali5f8cfd333f3。任何地方都没有 cbr0。',
      },
      edits: [{ find: debugPod, replace: calicoInstall + debugPod }],
      request: { from: 'pod/frontend/web', to: '10.244.91.193:80' },
      expect: {
        outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129',
        hops: ['hop.caliFromPod.title', 'hop.routeVia.title', 'hop.ipipEncap.title', 'hop.wireIpip.title', 'hop.ipipDecap.title', 'hop.routeLink.title', 'hop.caliToPod.title', 'hop.deliver.title'],
        absentHops: ['hop.bridgeToHost.title', 'hop.bridgeToPod.title'],
      },
      challenge: {
        question: { en: 'Which device on node01 answers web\'s ARP for its gateway 169.254.1.1?', zh: 'node01 上哪个设备应答 web 对其网关 169.254.1.1 的 ARP？' },
        answer: {
          en: 'cali91b56ae9fb4, the host end of web\'s veth: proxy_arp is on, so it answers with its own MAC ee:ee:ee:ee:ee:ee. Nothing holds 169.254.1.1.',
          zh: 'cali91b56ae9fb4，即 web 的 veth 的主机端：它开启了 proxy_arp，用自己的 MAC ee:ee:ee:ee:ee:ee 应答。没有任何设备持有 169.254.1.1。',
        },
      },
    },
    {
      text: {
        en: 'Calico with VXLAN instead of IP-in-IP: felix routes api\'s block to vxlan.calico, which wraps the frame in UDP to node02 port 4789. The pods, their veths and /32 routes stay as they were.',
        zh: '把 IP-in-IP 换成 VXLAN 的 Calico：felix 把 api 所在的地址块路由到 vxlan.calico，它把帧封装进发往 node02 4789 端口的 UDP 包。Pod、它们的 veth 和 /32 路由都不变。',
      },
      edits: [{ find: '      encapsulation: IPIP\n', replace: '      encapsulation: VXLAN\n' }],
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129', hops: ['hop.caliFromPod.title', 'hop.caliVxlanEncap.title', 'hop.caliToPod.title', 'hop.deliver.title'], absentHops: ['hop.ipipEncap.title'] },
    },
  ],
};
