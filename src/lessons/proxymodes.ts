/**
 * Seed 004 (四、Kube-proxy多种模式), and issue 18: one NodePort request from the outside host
 * to node01:31101 in each of kube-proxy's modes, and what each mode costs. The numbers in the
 * narration are not written by hand: each comes from the step's `cost` expectation, which the
 * lesson test computes from the engine (engine/trace/cost.ts) and compares whole. "Per Service"
 * is what one more Service like this one (same pods) adds on node01: in IPVS mode the hairpin
 * entries of KUBE-LOOP-BACK belong to the pods, so a Service over other pods adds those too.
 *
 * - iptables: KUBE-SERVICES is a list with a rule per Service port, walked in order by every new
 *   connection (pkg/proxy/iptables/proxier.go), so the per-packet work grows with the Services.
 * - IPVS: a hash lookup in the kernel's virtual-server table, ipsets instead of rules per
 *   Service (pkg/proxy/ipvs/proxier.go).
 * - nftables: verdict maps, one lookup whatever the number of Services
 *   (pkg/proxy/nftables/proxier.go; GA in v1.33).
 * - userspace: the connection ends in the kube-proxy process, which opens its own to a pod
 *   (pkg/proxy/userspace, v1.25; removed in v1.26).
 */
import type { PacketCost, ServiceCost } from '../engine/trace/cost';
import { nodePortLesson } from './nodeport';
import type { Lesson } from './types';

const SERVICE = 'default/my-nginx-deploment';

const config = (mode: string) => `---
# kube-proxy's configuration (the kube-proxy ConfigMap in kube-system).
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${mode}
`;

/** Ten more ClusterIP Services for the same pods: ten more Service ports for kube-proxy. */
const tenMore = Array.from({ length: 10 }, (_, i) => `---
apiVersion: v1
kind: Service
metadata:
  name: svc-${i + 1}
spec:
  selector:
    app: my-nginx
  ports:
  - port: 80
`).join('');

const nodePort = { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 } as const;
const LPGT8 = 'my-nginx-deploment-55f596c87c-lpgt8';
const both = [
  { name: 'my-nginx-deploment-55f596c87c-bzw22', probability: 0.5 },
  { name: LPGT8, probability: 0.5 },
];

const none = { ipvs: 0, ipset: 0, nft: 0, recent: 0 };
const packet = (p: Partial<PacketCost> & Pick<PacketCost, 'rules'>): PacketCost => ({ node: 'node01', lookups: none, connections: 1, proxySockets: 0, ...p });
const service = (s: Partial<ServiceCost>): ServiceCost & { name: string } => ({
  name: SERVICE, node: 'node01', rules: 0, chains: 0, elements: 0, sets: 0, virtualServers: 0, realServers: 0, addresses: 0, proxyPorts: 0, ...s,
});

/** What the engine counts for each step (the lesson test checks every one of them). */
const cost = {
  iptables: { packet: packet({ rules: { nat: 20, filter: 4 } }), service: service({ rules: 11, chains: 4 }) },
  ipvs: {
    packet: packet({ rules: { nat: 12, filter: 9 }, lookups: { ...none, ipvs: 1, ipset: 10 } }),
    service: service({ elements: 3, virtualServers: 3, realServers: 6, addresses: 1 }),
  },
  nftables: { packet: packet({ rules: { nat: 14, filter: 7 }, lookups: { ...none, nft: 7 } }), service: service({ rules: 8, chains: 4, elements: 3 }) },
  userspace: { packet: packet({ rules: { nat: 15, filter: 2 }, connections: 2, proxySockets: 2 }), service: service({ rules: 5, proxyPorts: 1 }) },
  iptablesTen: packet({ rules: { nat: 30, filter: 4 } }),
  nftablesTen: packet({ rules: { nat: 14, filter: 7 }, lookups: { ...none, nft: 7 } }),
};
const { iptables: ipt, ipvs, nftables: nft, userspace: us } = cost;

export const proxyModesLesson: Lesson = {
  id: 'proxy-modes',
  seeds: ['004'],
  title: { en: 'kube-proxy\'s four modes: one NodePort request, and what each costs', zh: 'kube-proxy 的四种模式：同一个 NodePort 请求，各自的代价' },
  summary: {
    en: 'The article lists kube-proxy\'s modes: userspace, iptables and IPVS; nftables came after it (GA in v1.33), and userspace was removed in v1.26. The same request from the outside host to node01:31101 goes through each, and Podpath counts, on node01, the rules and lookups the first packet costs, and what kube-proxy writes for each Service.',
    zh: '文章列出了 kube-proxy 的几种模式：userspace、iptables 和 ipvs；nftables 模式在文章之后出现（v1.33 GA），userspace 模式在 v1.26 被移除。同一个从集群外主机到 node01:31101 的请求依次走过每种模式，Podpath 在 node01 上数出第一个数据包要过多少条规则、做多少次查找，以及 kube-proxy 为每个 Service 写下多少东西。',
  },
  yaml: nodePortLesson.yaml,
  request: nodePort,
  steps: [
    {
      text: {
        en: `iptables mode, "the default" in the article: KUBE-NODEPORTS → KUBE-EXT → KUBE-SVC (-m statistic, 1/2 each) → KUBE-SEP-KDCPXYTLRMIIBTDL, DNAT to 10.244.2.2:80. On node01 the first packet is tested against ${ipt.packet.rules.nat} of kube-proxy's nat rules (KUBE-SERVICES tries every Service port's rule first) and ${ipt.packet.rules.filter} filter rules, with no lookup. Per Service (2 endpoints): ${ipt.service.rules} rules in ${ipt.service.chains} chains.`,
        zh: `iptables 模式，文章说它是"K8s 中当前默认的 kube-proxy 模式"：KUBE-NODEPORTS → KUBE-EXT → KUBE-SVC（-m statistic，各 1/2）→ KUBE-SEP-KDCPXYTLRMIIBTDL，DNAT 到 10.244.2.2:80。在 node01 上，第一个数据包要过 kube-proxy 的 ${ipt.packet.rules.nat} 条 nat 规则（KUBE-SERVICES 先逐条试过每个 Service 端口的规则）和 ${ipt.packet.rules.filter} 条 filter 规则，没有查找。每个 Service（2 个端点）：${ipt.service.chains} 条链、${ipt.service.rules} 条规则。`,
      },
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        hops: ['hop.chainJump.title', 'hop.chainDnat.title'],
        rules: ['-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80'],
        candidates: both,
        cost: ipt,
      },
      challenge: {
        question: { en: 'Ten more Services, none of them with a node port: how many nat rules will node01 test for this same request?', zh: '再加 10 个 Service，都没有 NodePort：node01 处理同一个请求要过多少条 nat 规则？' },
        answer: {
          en: `${cost.iptablesTen.rules.nat}, ten more: KUBE-SERVICES has a rule per Service port before the node-port rule, and every new connection walks them in order. Step 5 shows it.`,
          zh: `${cost.iptablesTen.rules.nat} 条，多了 10 条：KUBE-SERVICES 在 NodePort 规则之前为每个 Service 端口各有一条规则，每个新连接都按顺序走一遍。第 5 步会演示。`,
        },
      },
    },
    {
      text: {
        en: `IPVS mode: "a virtual server module of the Linux kernel, for efficient load balancing". KUBE-NODE-PORT only marks the packet (ipset KUBE-NODE-PORT-TCP); Service addresses are node01's own, on kube-ipvs0; ${ipvs.packet.lookups.ipvs} hash lookup finds the virtual server TCP 192.168.255.102:31101 and rr picks 10.244.2.2:80. Cost: ${ipvs.packet.rules.nat} nat and ${ipvs.packet.rules.filter} filter rules, ${ipvs.packet.lookups.ipvs} IPVS and ${ipvs.packet.lookups.ipset} ipset lookups, however many Services. Per Service: no rule; ${ipvs.service.virtualServers} virtual servers, ${ipvs.service.realServers} real servers, ${ipvs.service.elements} ipset entries, ${ipvs.service.addresses} address on kube-ipvs0.`,
        zh: `IPVS 模式："ipvs是 Linux 内核提供的一个虚拟服务器模块，专门用于高效的负载均衡"。KUBE-NODE-PORT 只打 MASQUERADE 标记（ipset KUBE-NODE-PORT-TCP）；Service 地址是 node01 自己的，在 kube-ipvs0 上；${ipvs.packet.lookups.ipvs} 次哈希查找找到虚拟服务 TCP 192.168.255.102:31101，rr 选中 10.244.2.2:80。代价：${ipvs.packet.rules.nat} 条 nat 规则和 ${ipvs.packet.rules.filter} 条 filter 规则，${ipvs.packet.lookups.ipvs} 次 IPVS 查找和 ${ipvs.packet.lookups.ipset} 次 ipset 查找，与 Service 多少无关。每个 Service：不写规则；${ipvs.service.virtualServers} 个虚拟服务、${ipvs.service.realServers} 个真实服务器、${ipvs.service.elements} 个 ipset 条目、kube-ipvs0 上 ${ipvs.service.addresses} 个地址。`,
      },
      edits: [{ find: '    nodePort: 31101\n', replace: `    nodePort: 31101\n${config('ipvs')}` }],
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        hops: ['hop.chainMark.title', 'hop.filter.title', 'hop.ipvsSchedule.title'],
        absentHops: ['hop.chainDnat.title'],
        rules: ['-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ'],
        candidates: both,
        cost: ipvs,
      },
    },
    {
      text: {
        en: `nftables mode, GA in v1.33, after the article. One table, ip kube-proxy: the services chain makes one verdict-map lookup in @service-nodeports, straight to this Service's chains; numgen random mod 2 vmap picks the pod (1/2 each); the endpoint chain DNATs to 10.244.2.2:80. Cost: ${nft.packet.rules.nat} nat and ${nft.packet.rules.filter} filter rules, ${nft.packet.lookups.nft} set and map lookups, however many Services. Per Service: ${nft.service.rules} rules in ${nft.service.chains} chains, ${nft.service.elements} map and set elements.`,
        zh: `nftables 模式，v1.33 GA，出现在文章之后。只有一张表 ip kube-proxy：services 链在 @service-nodeports 里做一次 verdict map 查找，直接跳到这个 Service 的链；numgen random mod 2 vmap 选 Pod（各 1/2）；endpoint 链 DNAT 到 10.244.2.2:80。代价：${nft.packet.rules.nat} 条 nat 规则和 ${nft.packet.rules.filter} 条 filter 规则，${nft.packet.lookups.nft} 次 set 和 map 查找，与 Service 多少无关。每个 Service：${nft.service.chains} 条链里 ${nft.service.rules} 条规则，${nft.service.elements} 个 map 和 set 元素。`,
      },
      edits: [{ find: 'mode: ipvs\n', replace: 'mode: nftables\n' }],
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        hops: ['hop.chainJump.title', 'hop.chainDnat.title'],
        absentHops: ['hop.ipvsSchedule.title'],
        rules: [
          'ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports',
          'numgen random mod 2 vmap { 0 : goto endpoint-AM4TWA7B-default/my-nginx-deploment/tcp/__10.244.1.2/80 , 1 : goto endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80 }',
        ],
        candidates: both,
        cost: nft,
      },
    },
    {
      text: {
        en: `userspace mode, "the earliest kube-proxy"; removed in v1.26 (Podpath warns). KUBE-NODEPORT-CONTAINER REDIRECTs to a port kube-proxy's own process listens on: the client's connection ends there. kube-proxy takes the pods round-robin and opens a new connection from node01, so the pod sees 192.168.255.102. Cost: ${us.packet.connections} connections and ${us.packet.proxySockets} sockets in kube-proxy, ${us.packet.rules.nat} nat and ${us.packet.rules.filter} filter rules, and every byte goes up to kube-proxy and back. Per Service: ${us.service.rules} rules, ${us.service.proxyPorts} listening port.`,
        zh: `userspace 模式，"这是kube-proxy的最早版本"；v1.26 已移除（Podpath 会警告）。KUBE-NODEPORT-CONTAINER 把连接 REDIRECT 到 kube-proxy 进程自己监听的端口：客户端的连接到此为止。kube-proxy 按轮询选 Pod，从 node01 新建连接，所以 Pod 看到的是 192.168.255.102。代价：${us.packet.connections} 个连接、kube-proxy 里 ${us.packet.proxySockets} 个 socket，${us.packet.rules.nat} 条 nat 规则和 ${us.packet.rules.filter} 条 filter 规则，每个字节都要上到 kube-proxy 再下来。每个 Service：${us.service.rules} 条规则、${us.service.proxyPorts} 个监听端口。`,
      },
      edits: [{ find: 'mode: nftables\n', replace: 'mode: userspace\n' }],
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        diagnostics: ['proxy-mode-userspace-removed'],
        hops: ['hop.chainRedirect.title', 'hop.usAccept.title', 'hop.usConnect.title'],
        absentHops: ['hop.chainDnat.title', 'hop.ipvsSchedule.title'],
        rules: ['-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 31101 -j REDIRECT --to-ports 33941'],
        candidates: both,
        cost: us,
      },
      challenge: {
        question: { en: 'The article says iptables mode improved on this one. Where does userspace mode lose?', zh: '文章说 iptables 模式比它好。userspace 模式输在哪里？' },
        answer: {
          en: 'In its words: "iptables can forward the request straight to the pod, without going through a user-space process, so performance improved markedly". Here each connection is two, and each byte leaves the kernel for kube-proxy and comes back.',
          zh: '用文章的话说："iptables 可以将请求直接转发到 Pod，而不需要经过用户空间进程，因此性能得到了显著提高"。这里每个连接变成两个，每个字节都要离开内核到 kube-proxy 再回来。',
        },
      },
    },
    {
      text: {
        en: `Back to iptables mode, with ten more ClusterIP Services (svc-1 to svc-10) for the same pods. node01 now tests ${cost.iptablesTen.rules.nat} nat rules for the same request instead of ${ipt.packet.rules.nat}: one more in KUBE-SERVICES per Service port, walked in order by every new connection. This is the article's "as the rules grow, performance drops".`,
        zh: `回到 iptables 模式，再加 10 个指向同一组 Pod 的 ClusterIP Service（svc-1 到 svc-10）。同一个请求，node01 现在要过 ${cost.iptablesTen.rules.nat} 条 nat 规则，而不是 ${ipt.packet.rules.nat} 条：每个 Service 端口在 KUBE-SERVICES 里多一条规则，每个新连接都按顺序走一遍。这就是文章说的"随着规则数增多，性能会下降"。`,
      },
      yaml: nodePortLesson.yaml + tenMore,
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        // The hop the step is about: KUBE-SERVICES (PREROUTING's jump first), its node-port rule last.
        hops: ['hop.chainJump.title', 'hop.chainJump.title'],
        rules: ['-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'],
        cost: { packet: cost.iptablesTen },
      },
    },
    {
      text: {
        en: `The same eleven Services in nftables mode: still ${cost.nftablesTen.rules.nat} nat rules and ${cost.nftablesTen.lookups.nft} lookups (IPVS, too, keeps its ${ipvs.packet.lookups.ipvs} + ${ipvs.packet.lookups.ipset}): a map finds a Service in one step. First packet on node01: iptables ${ipt.packet.rules.nat} nat rules, one more per Service port; IPVS and nftables a fixed few; userspace a second connection. Per Service: iptables ${ipt.service.rules} rules, nftables ${nft.service.rules} rules and ${nft.service.elements} elements, IPVS ${ipvs.service.virtualServers} virtual servers and ${ipvs.service.elements} ipset entries, userspace ${us.service.rules} rules and a port.`,
        zh: `同样 11 个 Service，换成 nftables 模式：仍是 ${cost.nftablesTen.rules.nat} 条 nat 规则、${cost.nftablesTen.lookups.nft} 次查找（IPVS 也一样是 ${ipvs.packet.lookups.ipvs} + ${ipvs.packet.lookups.ipset} 次）：map 一步就找到 Service。node01 上的第一个数据包：iptables ${ipt.packet.rules.nat} 条 nat 规则，每多一个 Service 端口多一条；IPVS 和 nftables 固定几条；userspace 多一个连接。每个 Service：iptables ${ipt.service.rules} 条规则，nftables ${nft.service.rules} 条规则和 ${nft.service.elements} 个元素，IPVS ${ipvs.service.virtualServers} 个虚拟服务和 ${ipvs.service.elements} 个 ipset 条目，userspace ${us.service.rules} 条规则和一个端口。`,
      },
      yaml: nodePortLesson.yaml + tenMore + config('nftables'),
      expect: {
        outcome: 'served',
        servedBy: LPGT8,
        sourceIpSeen: '192.168.255.102',
        // The hop the step is about: the services chain (nat-prerouting's jump first) and its map lookup.
        hops: ['hop.chainJump.title', 'hop.chainJump.title'],
        rules: ['ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports'],
        cost: { packet: cost.nftablesTen },
      },
    },
  ],
};
