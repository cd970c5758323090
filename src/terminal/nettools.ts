/**
 * iproute2 (`ip addr`, `ip link`, `ip route`, `bridge link`), conntrack-tools (`conntrack -L`)
 * and ipvsadm over the interfaces, routes and flows of the place. Formats: iproute2 5.15
 * (Ubuntu 22.04) ip/ipaddress.c print_linkinfo/print_addrinfo, bridge/link.c print_linkinfo;
 * conntrack-tools 1.4.6 (`%-8s %u %u STATE src=… [UNREPLIED] … [ASSURED] mark=0 use=1`);
 * ipvsadm 1.31 through the engine's renderer; kube-ipvs0 as a dummy device kept down.
 */
import { renderRoutes, macFor } from '../engine/dataplane';
import { renderIpvsadm } from '../engine/kubeproxy/ipvsadm';
import { digest } from '../engine/api/ids';
import type { Cluster, Interface, NodeDataplane, Route } from '../engine/model';
import { NODE_LAN } from '../engine/defaults';
import { externalRoutes } from '../engine/trace/hosts';
import type { Ctx, Program } from './io';
import type { TrackedFlow } from './types';

interface View {
  interfaces: Interface[];
  routes: Route[];
  /** The node whose root namespace this is, for bridge ports and veth peers. */
  node?: string;
  /** In a pod: the index of its veth's host end on the node (`eth0@if5`). */
  peerIndex?: number;
}

function viewOf(ctx: Ctx): View | undefined {
  const c = ctx.state.cluster;
  const pod = ctx.place.pod;
  if (ctx.place.kind === 'node' || pod?.hostNetwork) {
    const name = ctx.place.kind === 'node' ? ctx.place.hostname : pod!.node;
    const d = c.nodeDataplanes.find((x) => x.node === name);
    return d && { interfaces: d.interfaces, routes: d.routes, node: d.node };
  }
  if (pod) {
    const id = `pod/${pod.namespace}/${pod.name}`;
    const d = c.podDataplanes.find((x) => x.pod === id);
    const host = c.nodeDataplanes.find((x) => x.node === pod.node)?.interfaces.findIndex((i) => i.peer === id) ?? -1;
    return d && { interfaces: d.interfaces, routes: d.routes, peerIndex: host + 1 };
  }
  const e = c.externals[0];
  const lan = c.lan ?? NODE_LAN;
  const bits = lan.split('/')[1];
  return {
    interfaces: [
      { name: 'lo', address: '127.0.0.1/8', kind: 'loopback', mac: '00:00:00:00:00:00' },
      { name: 'eth0', address: `${e.ip}/${bits}`, kind: 'ethernet', mac: macFor(`external/${e.name}`, '00:50:56') },
    ],
    routes: externalRoutes(e, lan, c.lanGateway),
  };
}

/** The IPv6 link-local address the kernel derives from a MAC (EUI-64). */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] ^= 0x02;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}/64`;
}

function broadcast(address: string): string | undefined {
  const [ip, bits] = address.split('/');
  const n = Number(bits);
  if (n >= 31) return undefined;
  const v = ip.split('.').reduce((a, x) => (a << 8) + Number(x), 0) >>> 0;
  const b = (v | (2 ** (32 - n) - 1)) >>> 0;
  return [24, 16, 8, 0].map((s) => (b >>> s) & 255).join('.');
}

/** `cni-` and a UUID: containerd names each pod's network namespace so. */
const netnsName = (peer: string) => {
  const h = digest(`netns/${peer}`);
  return `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * kube-proxy's kube-ipvs0: a dummy device kept down (no ARP, no queue, no IPv6 link-local), with
 * every Service address on it as a /32.
 */
function dummyLines(i: Interface, index: number, withAddresses: boolean): string {
  let s = `${index}: ${i.name}: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default \n    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff\n`;
  if (withAddresses) for (const a of i.extraAddresses ?? []) s += `    inet ${a} scope global ${i.name}\n       valid_lft forever preferred_lft forever\n`;
  return s;
}

function linkLines(i: Interface, index: number, view: View, mtu: number, withAddresses: boolean): string {
  if (i.kind === 'dummy') return dummyLines(i, index, withAddresses);
  // A pod's eth0 is its interface 2; the host end of its veth is numbered on the node.
  const name = i.kind === 'veth' ? `${i.name}@if${view.node ? 2 : view.peerIndex}` : i.name;
  const flags = i.kind === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
  const qdisc = i.kind === 'ethernet' ? 'fq_codel' : 'noqueue';
  const state = i.kind === 'loopback' || i.kind === 'vxlan' ? 'UNKNOWN' : 'UP';
  const master = i.master ? ` master ${i.master}` : '';
  const qlen = i.kind === 'veth' || i.kind === 'vxlan' ? '' : ' qlen 1000';
  let s = `${index}: ${name}: ${flags} mtu ${i.kind === 'loopback' ? 65536 : mtu} qdisc ${qdisc}${master} state ${state} group default${qlen}\n`;
  const kind = i.kind === 'loopback' ? 'loopback' : 'ether';
  const tail = i.kind === 'veth' ? (view.node ? ` link-netns ${netnsName(i.peer ?? i.name)}` : ' link-netnsid 0') : '';
  s += `    link/${kind} ${i.mac} brd ${i.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}${tail}\n`;
  if (!withAddresses) return s;
  if (i.address) {
    const brd = i.kind === 'loopback' ? undefined : broadcast(i.address);
    const scope = i.kind === 'loopback' ? 'host' : 'global';
    s += `    inet ${i.address}${brd ? ` brd ${brd}` : ''} scope ${scope} ${i.name}\n       valid_lft forever preferred_lft forever\n`;
  }
  if (i.kind === 'loopback') s += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
  else s += `    inet6 ${linkLocal(i.mac)} scope link \n       valid_lft forever preferred_lft forever\n`;
  return s;
}

function mtu(cluster: Cluster, i: Interface, inPod: boolean): number {
  if (i.kind === 'ethernet' && !inPod) return 1500;
  // flannel's VXLAN leaves 50 bytes for the outer headers.
  return cluster.settings.overlay === 'vxlan' ? 1450 : 1500;
}

const mtuOf = (ctx: Ctx, i: Interface) => mtu(ctx.state.cluster, i, ctx.place.kind === 'pod');

/**
 * `ip addr` in a node's root namespace (what the terminal prints there), for the inspector's
 * view of the node, which needs no shell to run it.
 */
export function ipAddrText(cluster: Cluster, dp: NodeDataplane): string {
  const view: View = { interfaces: dp.interfaces, routes: dp.routes, node: dp.node };
  return view.interfaces.map((i, n) => linkLines(i, n + 1, view, mtu(cluster, i, false), true)).join('');
}

const IP_USAGE = 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n                    -h[uman-readable] | -iec | -j[son] | -p[retty] |\n                    -f[amily] { inet | inet6 | mpls | bridge | link } |\n                    -4 | -6 | -M | -B | -0 |\n                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |\n                    -c[olor]}\n';

/** iproute2 accepts any prefix of an object's name: `ip a`, `ip addr`, `ip r`, `ip ro`. */
const matches = (word: string, full: string) => word.length > 0 && full.startsWith(word);

export const ip: Program = (ctx, args) => {
  const view = viewOf(ctx);
  const words = args.filter((a) => a !== '-4');
  const [object = '', sub = 'show', ...rest] = words;
  if (!view) return 1;
  if (object === '') {
    ctx.io.err(IP_USAGE);
    return 255;
  }
  if (matches(object, 'address') || matches(object, 'link')) {
    const withAddresses = matches(object, 'address');
    if (!['show', 'list', 'ls', 'sh', 's'].includes(sub) && !(sub === 'dev' || view.interfaces.some((i) => i.name === sub))) {
      ctx.io.err(`Command "${sub}" is unknown, try "ip ${withAddresses ? 'address' : 'link'} help".\n`);
      return 255;
    }
    const dev = sub === 'dev' ? rest[0] : view.interfaces.some((i) => i.name === sub) ? sub : rest[0] === 'dev' ? rest[1] : rest[0];
    const list = view.interfaces.map((i, n) => ({ i, n: n + 1 })).filter(({ i }) => !dev || i.name === dev);
    if (dev && list.length === 0) {
      ctx.io.err(`Device "${dev}" does not exist.\n`);
      return 1;
    }
    ctx.io.out(list.map(({ i, n }) => linkLines(i, n, view, mtuOf(ctx, i), withAddresses)).join(''));
    return 0;
  }
  if (matches(object, 'route')) {
    if (!['show', 'list', 'ls', 'sh', 's'].includes(sub)) {
      ctx.io.err(`Command "${sub}" is unknown, try "ip route help".\n`);
      return 255;
    }
    ctx.io.out(`${renderRoutes(view.routes)}\n`);
    return 0;
  }
  ctx.io.err(`Object "${object}" is unknown, try "ip help".\n`);
  return 1;
};

export const bridge: Program = (ctx, args) => {
  const view = viewOf(ctx);
  if (!view) return 1;
  if (!matches(args[0] ?? '', 'link')) {
    ctx.io.err('Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n                    -o[neline] | -t[imestamp] | -n[etns] name |\n                    -c[ompressvlan] -color -p[retty] -j[son] }\n');
    return 1;
  }
  const lines = view.interfaces
    .map((i, n) => ({ i, n: n + 1 }))
    .filter(({ i }) => i.master)
    .map(({ i, n }) => `${n}: ${i.name}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${mtuOf(ctx, i)} master ${i.master} state forwarding priority 32 cost 2 \n`);
  ctx.io.out(lines.join(''));
  return 0;
};

/** One flow as conntrack -L prints it, aged by what became of the connection. */
export function flowLine(f: TrackedFlow): string {
  const o = f.orig;
  const r = f.reply;
  const tuple = (t: TrackedFlow['orig']) => `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
  if (f.proto === 'udp') {
    return `udp      17 ${f.state === 'unreplied' ? 28 : 28} ${tuple(o)}${f.state === 'unreplied' ? ' [UNREPLIED]' : ''} ${tuple(r)} mark=0 use=1`;
  }
  if (f.state === 'replied') return `tcp      6 118 TIME_WAIT ${tuple(o)} ${tuple(r)} [ASSURED] mark=0 use=1`;
  if (f.state === 'reset') return `tcp      6 8 CLOSE ${tuple(o)} ${tuple(r)} mark=0 use=1`;
  return `tcp      6 118 SYN_SENT ${tuple(o)} [UNREPLIED] ${tuple(r)} mark=0 use=1`;
}

export const conntrack: Program = (ctx, args) => {
  if (ctx.place.kind !== 'node') {
    ctx.io.err('conntrack v1.4.6 (conntrack-tools): Operation failed: Operation not permitted\n');
    return 1;
  }
  if (!args.some((a) => a === '-L' || a === '--dump')) {
    ctx.io.err('conntrack v1.4.6 (conntrack-tools): no command specified\nTry `conntrack -h\' or \'conntrack --help\' for more information.\n');
    return 2;
  }
  const flows = ctx.state.conntrack?.[ctx.place.hostname] ?? [];
  ctx.io.out(flows.map((f) => `${flowLine(f)}\n`).join(''));
  ctx.io.err(`conntrack v1.4.6 (conntrack-tools): ${flows.length} flow entries have been shown.\n`);
  return 0;
};

/**
 * `ipvsadm -Ln` on a node: the IPVS table kube-proxy programmed (empty in iptables mode, where
 * ipvsadm, as root, loads ip_vs itself and lists nothing).
 */
export const ipvsadm: Program = (ctx, args) => {
  if (ctx.place.kind !== 'node') {
    ctx.io.err("Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?\n");
    return 1;
  }
  void args;
  const dp = ctx.state.cluster.nodeDataplanes.find((d) => d.node === ctx.place.hostname);
  ctx.io.out(renderIpvsadm(dp?.ipvs?.virtualServers ?? []));
  return 0;
};
