/** Calico 各跳与匹配的中文。Keys match en.calico.ts. */
import type { enCalico } from './en.calico';

export const zhCalico: Record<keyof typeof enCalico, string> = {
  'hop.caliFromPod.title': '经 veth 出 Pod 到 {veth}（代理 ARP）',
  'hop.caliFromPod.explain': '{pod} 的默认路由经由 {gateway}，这个地址没有任何设备持有。它的 veth 在 {node} 上的一端 {veth} 开启了 proxy_arp，用自己的 MAC {mac} 回答 ARP，于是帧经 veth 到达节点，由节点路由。这里没有网桥。',
  'hop.caliToPod.title': '经 {veth} 进入 Pod',
  'hop.caliToPod.explain': '节点上该 Pod 的 /32 路由指向 {veth}，即 {pod} 的 veth 在主机上的一端：帧经它进入 Pod（其 eth0 的 MAC 为 {mac}）。',
  'hop.ipipEncap.title': '{dev}：IP-in-IP 到 {node}',
  'hop.ipipEncap.explain': 'BIRD 的路由把这个地址块交给 {dev}，以 {ip}（节点 {node}）作为 onlink 网关。ipip 驱动在前面加上第二个 IPv4 头（协议号 4），从 {src} 到 {ip}，再从 eth0 发出。内层数据包不变。',
  'hop.ipipDecap.title': '{dev}：去掉外层头',
  'hop.ipipDecap.explain': '来自 {src} 的协议号 4 的 IPv4 包：{dev} 去掉外层头，内层数据包就像从 {dev} 收到的一样。',
  'hop.wireIpip.title': '局域网：IP-in-IP {from} → {to}',
  'hop.wireIpip.explain': '隧道包经节点局域网从 {from} 到 {to}（{ip}）。',
  'hop.caliVxlanEncap.title': '{dev}：VXLAN 到 {node}',
  'hop.caliVxlanEncap.explain': 'felix 的路由把这个地址块交给 {dev}，即 Calico 的 VXLAN 设备。它的邻居表和转发表项表明下一跳在 {node}（{ip}）后面：内核把整个帧封装进发往 {ip}:{port} 的 UDP 包，VNI {vni}。内层数据包不变。',
  'hop.blackhole.title': '黑洞路由',
  'hop.blackhole.explain': '{dst} 属于本节点自己的 Calico 地址块，但没有 Pod 持有它：该地址块的黑洞路由（{route}）丢弃了这个包。',
  'match.out.held': '从 {dev} 发出，{negated, select, 1 {不是} other {正是}} {iface}',
  'match.out.failed': '从 {dev} 发出，{negated, select, 1 {正是} other {不是}} {iface}',
};
