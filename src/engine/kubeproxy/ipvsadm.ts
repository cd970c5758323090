/**
 * `ipvsadm -Ln`: the kernel's IPVS table as ipvsadm 1.31 prints it (ipvsadm.c `list_all`,
 * `print_title`, `print_service_entry`; libipvs.c `ipvs_cmp_services`, `ipvs_cmp_dests`).
 */
import { parseIp } from '../ip';
import type { RealServer, VirtualServer } from '../model';

/** The kernel's IPVS version (1.2.1 since Linux 2.6) and its default connection-table size. */
const HEADER = 'IP Virtual Server version 1.2.1 (size=4096)';

const PROTO_NUMBER: Record<VirtualServer['protocol'], number> = { TCP: 6, UDP: 17, SCTP: 132 };

/**
 * libipvs compares addresses by subtracting them as unsigned 32-bit numbers and keeping the
 * result as a C int: two addresses more than 2^31 apart compare the "wrong" way round, so
 * `172.18.0.2` can sort before `10.96.0.1`. ipvsadm's listing shows that order.
 */
function cmpAddress(a: string, b: string): number {
  return (parseIp(a)! - parseIp(b)!) | 0;
}

function cmpServices(a: VirtualServer, b: VirtualServer): number {
  return PROTO_NUMBER[a.protocol] - PROTO_NUMBER[b.protocol] || cmpAddress(a.address, b.address) || a.port - b.port;
}

function cmpDests(a: RealServer, b: RealServer): number {
  return cmpAddress(a.address, b.address) || a.port - b.port;
}

/**
 * glibc 2.35 (Ubuntu 22.04) qsort is a merge sort (msort.c): halves sorted alone, then merged taking the left
 * element while it compares <= 0. With libipvs's non-transitive comparison, the algorithm
 * decides the order, so it is reproduced here.
 */
export function msort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const n1 = Math.floor(items.length / 2);
  const left = msort(items.slice(0, n1), cmp);
  const right = msort(items.slice(n1), cmp);
  const out: T[] = [];
  while (left.length > 0 && right.length > 0) out.push(cmp(left[0], right[0]) <= 0 ? left.shift()! : right.shift()!);
  return [...out, ...left, ...right];
}

/** The service line: protocol, address:port (cut at 33 characters), scheduler, flags, persistence. */
function serviceLine(vs: VirtualServer): string {
  // `sprintf("%s  %s", "TCP", addr)` for TCP and UDP; SCTP is four letters, one space.
  const name = `${vs.protocol.padEnd(4)} ${vs.address}:${vs.port}`.slice(0, 33);
  const flags = vs.schedulerFlags?.length ? ` (${vs.schedulerFlags.join(',')})` : '';
  const persistent = vs.persistent !== undefined ? ` persistent ${vs.persistent}` : '';
  return `${name} ${vs.scheduler}${flags}${persistent}`;
}

/** `"  -> %-28s %-7s %-6d %-10u %-10u"`: kube-proxy's real servers are NAT (Masq), weight 1. */
function destLine(rs: RealServer): string {
  const name = `${rs.address}:${rs.port}`.slice(0, 28);
  return `  -> ${name.padEnd(28)} ${'Masq'.padEnd(7)} ${String(rs.weight).padEnd(6)} ${'0'.padEnd(10)} ${'0'.padEnd(10)}`;
}

/** The whole `ipvsadm -Ln` output for a node's virtual servers (no connections counted). */
export function renderIpvsadm(virtualServers: VirtualServer[]): string {
  const lines = [HEADER, 'Prot LocalAddress:Port Scheduler Flags', '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn'];
  for (const vs of msort(dedupe(virtualServers), cmpServices)) {
    lines.push(serviceLine(vs));
    for (const rs of msort(vs.reals, cmpDests)) lines.push(destLine(rs));
  }
  return lines.join('\n') + '\n';
}

/** The kernel holds one virtual server per protocol, address and port. */
function dedupe(virtualServers: VirtualServer[]): VirtualServer[] {
  const seen = new Set<string>();
  return virtualServers.filter((vs) => {
    const k = `${vs.protocol} ${vs.address}:${vs.port}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The virtual server the kernel finds for a packet: protocol, destination address and port. */
export function findVirtualServer(virtualServers: VirtualServer[], proto: string, address: string, port: number): VirtualServer | undefined {
  return virtualServers.find((vs) => vs.protocol === proto.toUpperCase() && vs.address === address && vs.port === port);
}
