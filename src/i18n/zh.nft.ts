/** kube-proxy nftables 表追踪的中文。Keys match en.nft.ts. */
import type { enNft } from './en.nft';

export const zhNft: Record<keyof typeof enNft, string> = {
  'match.nftSet.held': '{ip} {negated, select, 1 {不在} other {在}}集合 @{set} 中',
  'match.nftSet.failed': '{ip} {negated, select, 1 {在} other {不在}}集合 @{set} 中',
  'match.nftVmap.held': '{key} 在判决映射 @{map} 中：{verdict}',
  'match.nftVmap.failed': '{key} 不在判决映射 @{map} 中：这条规则不起作用',
  'match.nftNumgen.held': 'numgen random mod {mod} 抽到 {index}：{verdict}',
  'match.nftMarkZero.held': '标记 {got} 不含 {want}：不需要伪装，返回',
  'match.nftMarkZero.failed': '标记 {got} 含有 {want}：进行伪装',

  'canvas.netfilterNft': 'kube-proxy，nftables 模式',
  'canvas.nftChains': '{count} 条 nft 链',
  'canvas.nftElements': '{count} 个集合/映射元素',
  'canvas.nftCountsTitle': 'kube-proxy 的表 ip kube-proxy：{chains} 条链，集合与映射中共 {elements} 个元素',
  'canvas.nftCountsPending': 'nft 链：打开此节点时统计（集群较大）',
  'canvas.netfilterUserspace': 'kube-proxy，userspace 代理（v1.26 已移除）',
  'canvas.serviceVirtualNft': '虚拟的：只作为每个节点上的 nftables 映射元素存在',
  'canvas.serviceVirtualUserspace': '虚拟的：在每个节点上被重定向到 kube-proxy 进程',

  'inspector.nftMapElement': '映射 @{set} 中的元素：',
  'inspector.nftSetElement': '集合 @{set} 中的元素：',

  'terminal.notice.nftNeedRoot': 'nft 需要 root 权限。请用 sudo 运行：sudo {command}。节点上的 shell（“Shell on” › nodes）本来就是 root 的。',
  'terminal.notice.nftIptablesLeftOut': '在真实节点上，nft 还会列出存放节点 iptables 规则的 iptables-nft 表（ip mangle、ip filter、ip nat），并翻译成 nft 语法。Podpath 不做这种翻译：用 iptables-save 查看它们。',
  'terminal.notice.nftIptablesTable': 'table ip {table} 是一张 iptables-nft 表，存放节点的 iptables 规则。Podpath 不把它打印成 nft 语法：用 iptables-save -t {table} 查看这些规则。',
  'terminal.notice.nftNotSimulated': 'Podpath 的 nft 只回答 nft list ruleset、nft list table、nft list chain、nft list set 和 nft list map；{command} 是真实存在的 nft 命令，但这个模拟不回答它。',
  'terminal.notice.nftReadOnly': '这套规则是 kube-proxy 根据 YAML 生成的：要改变它，请修改 YAML（Service、它的端点、KubeProxyConfiguration）。',
};
