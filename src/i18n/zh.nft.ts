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
};
