/**
 * What the text and the JSON of `podpath trace` share: where a hop is, in the words the
 * command documents; the rule or route that acted; what the packet's addresses became; and
 * the English sentences, from the same message catalogue the app uses.
 */
import type { Hop, Message, Packet, Trace } from '../../engine';
import { translate } from '../../i18n/index';

/** An engine message in English. */
export function english(message: Message): string {
  return translate('en', message.key, message.params);
}

/**
 * The place of a hop as the command prints it: `external` (the outside host), `lan` (the
 * wire between hosts), `node/NAME`, `pod/NS/NAME`. The engine's ids are also canvas ids
 * (`external/client`), so the mapping happens here and not in the engine.
 */
export function whereOf(at: string): string {
  return at === 'external/client' ? 'external' : at;
}

/** Netfilter hops whose exit was decided by a rule (a jump, DNAT, MARK, MASQUERADE, RETURN). */
const RULE_EXITS = new Set(['hop.chainJump.title', 'hop.chainDnat.title', 'hop.chainMark.title', 'hop.chainMasq.title', 'hop.chainReturn.title']);

const VERDICT = / -j (ACCEPT|DROP|REJECT)( |$)/;

/**
 * The rule that acted at this hop, as iptables-save prints it: in a nat chain the rule the
 * packet left by (none when it fell off the end or took the policy); in a filter hook the
 * rule whose verdict stood (none when the chain's policy decided).
 */
export function ruleOf(hop: Hop): string | null {
  const rules = hop.netfilter?.rules;
  if (!rules) return null;
  if (hop.kind === 'chain') return RULE_EXITS.has(hop.title.key) ? rules.findLast((r) => r.matched)?.text ?? null : null;
  // A jump that came back without a verdict decided nothing: the verdict rule did, or the policy.
  return rules.findLast((r) => r.matched && VERDICT.test(r.text))?.text ?? null;
}

/** The route line the lookup chose, as `ip route` prints it. */
export function routeOf(hop: Hop): string | null {
  if (!hop.route || hop.route.chosen < 0) return null;
  return hop.route.lines[hop.route.chosen].trim();
}

const endpoint = (ip: string, port: number) => `${ip}:${port}`;

/** The packet in one line: addresses, protocol, flags, and the HTTP request or DNS question. */
export function packetLine(p: Packet): string {
  const parts = [`${endpoint(p.src, p.sport)} → ${endpoint(p.dst, p.dport)}`, p.proto];
  if (p.flags) parts.push(p.flags);
  if (p.mark) parts.push(`mark 0x${p.mark.toString(16)}`);
  if (p.http) parts.push(`${p.http.method} ${p.http.path} Host: ${p.http.host}`);
  if (p.dns) parts.push(`${p.dns.type}? ${p.dns.name}${p.dns.answer !== undefined ? ` → ${p.dns.answer || p.dns.rcode || 'NXDOMAIN'}` : ''}`);
  return parts.join('  ');
}

/**
 * What this hop changed in the packet, field by field (`dst 192.168.255.102:31101 →
 * 10.244.2.2:80`): NAT, marks, VXLAN's outer headers, a DNS answer. L2 addresses and the
 * TTL change on every hop and are left to the JSON.
 */
export function changes(before: Packet, after: Packet): string[] {
  const out: string[] = [];
  if (before.src !== after.src || before.sport !== after.sport) out.push(`src ${endpoint(before.src, before.sport)} → ${endpoint(after.src, after.sport)}`);
  if (before.dst !== after.dst || before.dport !== after.dport) out.push(`dst ${endpoint(before.dst, before.dport)} → ${endpoint(after.dst, after.dport)}`);
  if (before.mark !== after.mark) out.push(`mark 0x${before.mark.toString(16)} → 0x${after.mark.toString(16)}`);
  if (!before.outer && after.outer) {
    const o = after.outer;
    out.push(`outer ${endpoint(o.src, o.sport)} → ${endpoint(o.dst, o.dport)} udp, VNI ${o.vni}`);
  }
  if (before.outer && !after.outer) out.push('outer headers removed');
  if (after.dns?.answer !== undefined && before.dns?.answer === undefined) out.push(`dns ${after.dns.type}? ${after.dns.name} → ${after.dns.answer || after.dns.rcode || 'NXDOMAIN'}`);
  return out;
}

/**
 * The hop where the request's endpoint was chosen (kube-proxy's KUBE-SVC chain, or the
 * ingress controller's balancer), and which candidate it took (1-based, as `--pick` counts).
 */
export function choiceOf(trace: Trace): { hop: Hop; chosen: number } | undefined {
  if (trace.candidates.length === 0) return undefined;
  const same = (h: Hop) => h.candidates!.length === trace.candidates.length && h.candidates!.every((c, i) => c.chain === trace.candidates[i].chain && c.ip === trace.candidates[i].ip);
  const hop = trace.hops.find((h) => h.phase === 'request' && h.candidates && same(h));
  return hop && hop.chosen !== undefined && hop.chosen >= 0 ? { hop, chosen: hop.chosen + 1 } : undefined;
}

/** A probability as a percentage with at most one decimal: 50%, 33.3%. */
export function percent(p: number): string {
  return `${Number((p * 100).toFixed(1))}%`;
}
