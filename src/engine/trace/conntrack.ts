/**
 * Connection tracking, per host: the original tuple and the tuple replies will carry. NAT
 * rewrites the reply tuple, which is how replies find their way back un-NATed
 * (net/netfilter/nf_conntrack_core.c, nf_nat_core.c).
 */
import type { Packet } from './packet';

export interface Tuple {
  src: string;
  sport: number;
  dst: string;
  dport: number;
}

export interface ConnEntry {
  host: string;
  proto: Packet['proto'];
  orig: Tuple;
  reply: Tuple;
  dnat: boolean;
  snat: boolean;
  /**
   * The destination was rewritten by IPVS, not by a DNAT rule: conntrack only learnt the new
   * reply tuple (no IPS_DST_NAT, so `--ctstate DNAT` does not match), and IPVS un-NATs replies.
   */
  ipvs?: boolean;
}

const tupleOf = (p: Packet): Tuple => ({ src: p.src, sport: p.sport, dst: p.dst, dport: p.dport });
const same = (a: Tuple, b: Tuple) => a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport;

export class Conntrack {
  private entries: ConnEntry[] = [];

  /** The entry this packet belongs to, and whether it travels in the original or reply direction. */
  find(host: string, p: Packet): { entry: ConnEntry; direction: 'original' | 'reply' } | undefined {
    const t = tupleOf(p);
    for (const entry of this.entries) {
      if (entry.host !== host) continue;
      if (same(entry.orig, t)) return { entry, direction: 'original' };
      if (same(entry.reply, t)) return { entry, direction: 'reply' };
    }
    return undefined;
  }

  /** A new entry; `after` is the packet after nat PREROUTING (DNAT changes the reply's source). */
  create(host: string, before: Packet, after: Packet): ConnEntry {
    const entry: ConnEntry = {
      host,
      proto: before.proto,
      orig: tupleOf(before),
      reply: { src: after.dst, sport: after.dport, dst: before.src, dport: before.sport },
      dnat: after.dst !== before.dst || after.dport !== before.dport,
      snat: false,
    };
    this.entries.push(entry);
    return entry;
  }

  /** IPVS's NAT to a real server (ip_vs_update_conntrack): replies will come from it. */
  ipvs(entry: ConnEntry, after: Packet): void {
    entry.reply = { ...entry.reply, src: after.dst, sport: after.dport };
    entry.dnat = true;
    entry.ipvs = true;
  }

  /** Source NAT: replies will come back to the new source address and port. */
  snat(entry: ConnEntry, after: Packet): void {
    entry.reply = { ...entry.reply, dst: after.src, dport: after.sport };
    entry.snat = true;
  }

  /**
   * The entry as `conntrack -L` prints it: the protocol name and number, the seconds left, the
   * TCP state (UDP has none), both tuples. The timeouts are the kernel's defaults for the
   * state (nf_conntrack_proto_tcp.c: SYN_SENT 120 s, SYN_RECV 60 s; nf_conntrack_proto_udp.c:
   * 30 s until the flow has lasted long enough to be a stream; nf_conntrack_proto_sctp.c: an
   * INIT and its INIT ACK leave the association in COOKIE_WAIT, 3 s).
   */
  static line(entry: ConnEntry, replied: boolean): string {
    const o = entry.orig;
    const r = entry.reply;
    const flag = replied ? '' : ' [UNREPLIED]';
    const head = entry.proto === 'udp' ? 'udp      17 30' : entry.proto === 'sctp' ? 'sctp     132 3 COOKIE_WAIT' : `tcp      6 ${replied ? 60 : 120} ${replied ? 'SYN_RECV' : 'SYN_SENT'}`;
    return `${head} src=${o.src} dst=${o.dst} sport=${o.sport} dport=${o.dport}${flag} src=${r.src} dst=${r.dst} sport=${r.sport} dport=${r.dport} mark=0 use=1`;
  }
}
