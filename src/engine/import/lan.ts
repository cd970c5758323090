/**
 * The network the nodes' eth0 share. The articles' cluster sits on VMware's 192.168.255.0/24
 * (the teacher's host at .1, the NAT router at .2). A real cluster read from a dump may sit
 * anywhere (VirtualBox's 192.168.56.0/24, a kind network 172.18.0.0/16…): then the LAN is the
 * /24 (or the shortest prefix) holding every node, the outside host takes its first free
 * address and the router the next, as on VMware's networks, and an info diagnostic says so.
 */
import { DEFAULT_EXTERNALS, NODE_GATEWAY, NODE_LAN } from '../defaults';
import { cidrContains, cidrSize, nthAddress, parseCidr, parseIp } from '../ip';
import type { ExternalHost, NodeInfo } from '../model';
import type { Diagnostic } from '../types';
import { covering } from './nodes';

export interface NodeLan {
  /** The LAN as a CIDR, e.g. `192.168.255.0/24`. */
  cidr: string;
  bits: number;
  /** Every node's default route goes via this router. */
  gateway: string;
  /** The hosts outside the cluster on the LAN (the curl client). */
  externals: ExternalHost[];
  diagnostics: Diagnostic[];
}

/** The LAN the nodes are on, its router, and the outside host placed on it. */
export function nodeLan(nodes: NodeInfo[]): NodeLan {
  const lan = parseCidr(NODE_LAN)!;
  const ips = nodes.map((n) => parseIp(n.ip)).filter((ip): ip is number => ip !== undefined);
  if (ips.every((ip) => cidrContains(lan, ip))) {
    return { cidr: NODE_LAN, bits: lan.bits, gateway: NODE_GATEWAY, externals: DEFAULT_EXTERNALS, diagnostics: [] };
  }
  const cidr = covering(ips, 24)!;
  const range = parseCidr(cidr)!;
  const used = new Set(nodes.map((n) => n.ip));
  const free: string[] = [];
  for (let n = 1; n < cidrSize(range) - 1 && free.length < 2; n++) {
    const ip = nthAddress(range, n);
    if (!used.has(ip)) free.push(ip);
  }
  const [client, gateway] = free;
  const first = nodes.find((n) => n.provenance)?.provenance;
  return {
    cidr,
    bits: range.bits,
    gateway,
    externals: [{ ...DEFAULT_EXTERNALS[0], ip: client }],
    diagnostics: [{
      severity: 'info',
      code: 'lan-inferred',
      message: `the nodes are on ${cidr}: the outside host is put at ${client} and the LAN's router at ${gateway}`,
      key: 'diag.lanInferred',
      params: { cidr, client, gateway },
      range: first?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
      ...(first ? { object: first.object } : {}),
    }],
  };
}
