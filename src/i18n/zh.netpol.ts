/** NetworkPolicy 相关的中文：trace 中 felix 的判定、可达性矩阵。Keys match en.netpol.ts. */
import type { enNetpol } from './en.netpol';

export const zhNetpol: Record<keyof typeof enNetpol, string> = {
  'hop.policyIn.title': 'filter {hook}：{verdict}，NetworkPolicy {policy} 允许它进入 {pod}',
  'hop.policyOut.title': 'filter {hook}：{verdict}，NetworkPolicy {policy} 允许它离开 {pod}',
  'hop.policyDenyIn.title': 'filter {hook}：{verdict}，没有 NetworkPolicy 规则允许它进入 {pod}',
  'hop.policyDenyOut.title': 'filter {hook}：{verdict}，没有 NetworkPolicy 规则允许它离开 {pod}',
  'policy.allowed.ingress': '{pod} 的 ingress（{chain}）：NetworkPolicy {policy} 以其规则 spec.ingress[{rule}] 允许它。',
  'policy.allowed.egress': '{pod} 的 egress（{chain}）：NetworkPolicy {policy} 以其规则 spec.egress[{rule}] 允许它。',
  'policy.allowedBy.ingress': '{pod} 的 ingress（{chain}）：NetworkPolicy {policy} 允许它。',
  'policy.allowedBy.egress': '{pod} 的 egress（{chain}）：NetworkPolicy {policy} 允许它。',
  'policy.denied.ingress': '{pod} 的 ingress（{chain}）：NetworkPolicy {policies} 为 ingress 选中了它，且没有规则允许这个包：“Drop if no policies passed packet”。',
  'policy.denied.egress': '{pod} 的 egress（{chain}）：NetworkPolicy {policies} 为 egress 选中了它，且没有规则允许这个包：“Drop if no policies passed packet”。',
  'policy.open.ingress': '{pod} 的 ingress（{chain}）：没有 NetworkPolicy 为 ingress 选中它；命名空间的 profile kns.{namespace} 允许它。',
  'policy.open.egress': '{pod} 的 egress（{chain}）：没有 NetworkPolicy 为 egress 选中它；命名空间的 profile kns.{namespace} 允许它。',
  'policy.established.ingress': '{pod} 的 ingress（{chain}）：已建立连接的包；conntrack 在任何策略之前就接受了它。',
  'policy.established.egress': '{pod} 的 egress（{chain}）：已建立连接的包；conntrack 在任何策略之前就接受了它。',
  'inspector.policy': 'NetworkPolicy',
};
