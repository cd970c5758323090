/**
 * Seeds 002 and 004 (kube-proxy 的 iptables 模式和 ipvs 模式): the same NodePort request in
 * both modes. In iptables mode the choice of pod is a chain of `-m statistic` rules and a DNAT
 * in KUBE-SEP-…; in IPVS mode every Service address is bound to kube-ipvs0, IPVS picks the real
 * server after filter INPUT, and iptables keeps only a handful of rules keyed by ipsets.
 */
import { nodePortLesson } from './nodeport';
import type { Lesson } from './types';

const ipvs = `---
# kube-proxy's configuration (the kube-proxy ConfigMap in kube-system): IPVS mode, round robin.
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
ipvs:
  scheduler: rr
`;

const nodePort = { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 } as const;

export const ipvsLesson: Lesson = {
  id: 'ipvs',
  seeds: ['002', '004'],
  title: { en: 'kube-proxy: iptables mode against IPVS mode, the same request', zh: 'kube-proxy：iptables 模式与 IPVS 模式，同一个请求' },
  summary: {
    en: 'kube-proxy can program a Service two ways. In iptables mode, chains of rules pick a pod with probabilities and DNAT to it. In IPVS mode, the kernel\'s load balancer holds a virtual server for every Service address and port, its endpoints as real servers; the Service addresses sit on the dummy device kube-ipvs0, and iptables keeps a few rules that match on ipsets. Same request, same pod, a different path through the node.',
    zh: 'kube-proxy 有两种方式实现 Service。iptables 模式下，一串规则按概率选出 Pod 并做 DNAT。IPVS 模式下，内核的负载均衡器为每个 Service 地址和端口建一个虚拟服务，端点是真实服务器；Service 地址绑定在 dummy 网卡 kube-ipvs0 上，iptables 只剩几条按 ipset 匹配的规则。同一个请求，同一个 Pod，在节点里走的路却不一样。',
  },
  yaml: nodePortLesson.yaml,
  request: nodePortLesson.request,
  steps: [
    {
      text: {
        en: 'iptables mode, the default: the outside host calls node01:31101. KUBE-NODEPORTS, KUBE-EXT and KUBE-SVC choose the pod on node02 (probability 1/2), KUBE-SEP-KDCPXYTLRMIIBTDL DNATs to 10.244.2.2:80, and KUBE-POSTROUTING masquerades the packet to node01\'s address.',
        zh: '默认的 iptables 模式：集群外主机访问 node01:31101。KUBE-NODEPORTS、KUBE-EXT、KUBE-SVC 依次选中 node02 上的 Pod（概率 1/2），KUBE-SEP-KDCPXYTLRMIIBTDL 把目的地址 DNAT 成 10.244.2.2:80，KUBE-POSTROUTING 再把源地址 MASQUERADE 成 node01 的地址。',
      },
      request: nodePort,
      expect: {
        outcome: 'served',
        servedBy: 'my-nginx-deploment-55f596c87c-lpgt8',
        sourceIpSeen: '192.168.255.102',
        hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.masq.title', 'hop.deliver.title'],
        absentHops: ['hop.ipvsSchedule.title'],
        rules: ['-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80'],
      },
    },
    {
      text: {
        en: 'Switch kube-proxy to IPVS (a KubeProxyConfiguration with mode: ipvs) and send the same request. No KUBE-SEP chain any more: KUBE-NODE-PORT only marks the packet for masquerade (the node port is in the ipset KUBE-NODE-PORT-TCP), filter INPUT lets it in, and IPVS\'s virtual server TCP 192.168.255.102:31101 sends it to the real server 10.244.2.2:80.',
        zh: '把 kube-proxy 切换到 IPVS 模式（KubeProxyConfiguration 里写 mode: ipvs），再发同一个请求。KUBE-SEP 链不见了：KUBE-NODE-PORT 只给数据包打上 MASQUERADE 标记（这个 NodePort 在 ipset KUBE-NODE-PORT-TCP 里），filter 表的 INPUT 放行，IPVS 的虚拟服务 TCP 192.168.255.102:31101 把它转给真实服务器 10.244.2.2:80。',
      },
      edits: [{ find: '    nodePort: 31101\n', replace: `    nodePort: 31101\n${ipvs}` }],
      request: nodePort,
      expect: {
        outcome: 'served',
        servedBy: 'my-nginx-deploment-55f596c87c-lpgt8',
        sourceIpSeen: '192.168.255.102',
        hops: ['hop.chainMark.title', 'hop.filter.title', 'hop.ipvsSchedule.title', 'hop.masq.title', 'hop.deliver.title', 'hop.ipvsReply.title'],
        absentHops: ['hop.chainDnat.title'],
        rules: ['-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ'],
        candidates: [
          { name: 'my-nginx-deploment-55f596c87c-bzw22', probability: 0.5 },
          { name: 'my-nginx-deploment-55f596c87c-lpgt8', probability: 0.5 },
        ],
      },
      challenge: {
        question: { en: 'On the way back, who gives the answer its source 192.168.255.102:31101 again: conntrack\'s NAT, as in iptables mode, or something else?', zh: '在返回的路上，是谁把应答的源地址改回 192.168.255.102:31101：像 iptables 模式那样由 conntrack 的 NAT 完成，还是别的什么？' },
        answer: { en: 'IPVS itself. The destination was rewritten by IPVS, not by a DNAT rule, so nf_nat has nothing to undo; IPVS recognises its connection in the reply and rewrites the source back (conntrack only learnt the new tuple, because kube-proxy sets net.ipv4.vs.conntrack=1).', zh: 'IPVS 自己。目的地址是 IPVS 改写的，不是 DNAT 规则，所以 nf_nat 没有要撤销的；IPVS 在应答里认出自己的连接，把源地址改回去（conntrack 只是记下了新的元组，因为 kube-proxy 设置了 net.ipv4.vs.conntrack=1）。' },
      },
    },
    {
      text: {
        en: 'From a pod, the Service\'s cluster IP: in IPVS mode 10.108.229.67 is an address of every node, on kube-ipvs0. The packet is delivered locally, and IPVS at LOCAL_IN takes it; the reply is un-NATed by IPVS on node01.',
        zh: '从 Pod 访问 Service 的 Cluster IP：IPVS 模式下 10.108.229.67 是每个节点自己的地址，配在 kube-ipvs0 上。数据包被本地接收，由 LOCAL_IN 处的 IPVS 接手；应答在 node01 上由 IPVS 还原。',
      },
      request: { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.108.229.67:8001', pick: 2 },
      expect: { outcome: 'served', servedBy: 'my-nginx-deploment-55f596c87c-lpgt8', sourceIpSeen: '10.244.1.2', hops: ['hop.filter.title', 'hop.ipvsSchedule.title', 'hop.deliver.title', 'hop.ipvsReply.title'], absentHops: ['hop.masq.title'] },
    },
    {
      text: {
        en: 'The same cluster IP on port 22, which the Service does not have. The address is local, so without a guard it would reach the node\'s own sshd; KUBE-IPVS-FILTER rejects a new connection to any address in KUBE-IPVS-IPS that no Service port claims.',
        zh: '同一个 Cluster IP，换成 Service 没有的 22 端口。这个地址是本机地址，不加防护的话会连到节点自己的 sshd；KUBE-IPVS-FILTER 拒绝所有发往 KUBE-IPVS-IPS 中地址、却不属于任何 Service 端口的新连接。',
      },
      request: { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.108.229.67:22' },
      expect: {
        outcome: 'refused',
        hops: ['hop.filterStop.title', 'hop.reject.title'],
        rules: ['-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable'],
      },
    },
  ],
};
