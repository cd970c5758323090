/** The packet as the trace carries it from hop to hop, layer by layer. */

export interface Packet {
  /** L2: set on every segment the packet crosses. */
  srcMac?: string;
  dstMac?: string;
  /** L3 */
  src: string;
  dst: string;
  ttl: number;
  /** L4 */
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  sport: number;
  dport: number;
  /** TCP flags, or the SCTP chunk (INIT, INIT_ACK, ABORT); empty for a UDP datagram. */
  flags: 'SYN' | 'SYN,ACK' | 'RST,ACK' | 'INIT' | 'INIT_ACK' | 'ABORT' | '';
  /** The netfilter mark (skb->mark); kube-proxy uses bit 0x4000 for "masquerade me". */
  mark: number;
  /** L7, for HTTP requests: what curl sends. */
  http?: { method: string; host: string; path: string };
  /**
   * The outer headers while the packet crosses the LAN inside a VXLAN tunnel: UDP to port 8472
   * between the two nodes, with the VXLAN network identifier.
   */
  outer?: { srcMac: string; dstMac: string; src: string; dst: string; sport: number; dport: number; vni: number; ipip?: boolean };
  /** L7, for DNS: the question, and the answer once there is one. */
  dns?: { name: string; type: string; answer?: string; rcode?: string };
  /**
   * An ICMP error: type 3 code 3, port unreachable (what REJECT's default
   * `--reject-with icmp-port-unreachable` sends). It carries the refused packet's headers, by
   * which the client's kernel finds the socket; `sport`/`dport` here are that packet's, reversed.
   */
  icmp?: { type: number; code: number; text: string };
}

/** Field names in display order, grouped by layer, for the inspector's before/after table. */
export const PACKET_FIELDS: { layer: 'VXLAN' | 'L2' | 'L3' | 'L4' | 'L7'; field: string; read: (p: Packet) => string }[] = [
  { layer: 'VXLAN', field: 'outer', read: (p) => (!p.outer ? '' : p.outer.ipip
    // IP-in-IP (Calico's tunl0): an outer IPv4 header, protocol 4, and nothing else.
    ? `${p.outer.src} → ${p.outer.dst} ipip (IP protocol 4), ${p.outer.srcMac} → ${p.outer.dstMac}`
    : `${p.outer.src}:${p.outer.sport} → ${p.outer.dst}:${p.outer.dport} udp, VNI ${p.outer.vni}, ${p.outer.srcMac} → ${p.outer.dstMac}`) },
  { layer: 'L2', field: 'srcMac', read: (p) => p.srcMac ?? '' },
  { layer: 'L2', field: 'dstMac', read: (p) => p.dstMac ?? '' },
  { layer: 'L3', field: 'src', read: (p) => p.src },
  { layer: 'L3', field: 'dst', read: (p) => p.dst },
  { layer: 'L3', field: 'ttl', read: (p) => String(p.ttl) },
  { layer: 'L4', field: 'proto', read: (p) => p.proto },
  { layer: 'L4', field: 'sport', read: (p) => String(p.sport) },
  { layer: 'L4', field: 'dport', read: (p) => String(p.dport) },
  { layer: 'L4', field: 'flags', read: (p) => p.flags },
  { layer: 'L4', field: 'mark', read: (p) => `0x${p.mark.toString(16)}` },
  { layer: 'L7', field: 'http', read: (p) => (p.http ? `${p.http.method} ${p.http.path} Host: ${p.http.host}` : '') },
  { layer: 'L4', field: 'icmp', read: (p) => (p.icmp ? `type ${p.icmp.type} code ${p.icmp.code} (${p.icmp.text})` : '') },
  { layer: 'L7', field: 'dns', read: (p) => (p.dns ? `${p.dns.type}? ${p.dns.name}${p.dns.answer !== undefined ? ` → ${p.dns.answer || p.dns.rcode || 'NXDOMAIN'}` : ''}` : '') },
];

/** The fields whose value differs between two packets. */
export function changedFields(before: Packet, after: Packet): string[] {
  return PACKET_FIELDS.filter((f) => f.read(before) !== f.read(after)).map((f) => f.field);
}
