/**
 * The commands of the lab's `up`, in order. Every value in them (names, addresses, MACs,
 * interface and scheduler names) comes from the YAML through the build, so each is written as
 * one quoted shell word (`command`), and the tables the kernel loads are here-documents no line
 * of which can close them (`heredoc`).
 */
import { macFor } from '../dataplane';
import { NODE_LAN } from '../defaults';
import { ipsetRestore } from '../kubeproxy/ipset';
import type { Cluster, Interface, NodeDataplane, Route, VirtualServer } from '../model';
import type { Proto, Table } from '../netfilter/rules';
import { renderSave, saveRule } from '../netfilter/render';
import type { ForwardSocket } from '../portforward';
import type { LabNames } from './names';
import { nftCommands } from './nft';
import { command, heredoc, sayError, word } from './shell';

/** What the lab says, and does, for a cluster in kube-proxy's userspace mode. */
export const USERSPACE_REFUSAL = "podpath lab: this cluster runs kube-proxy in userspace mode, which needs kube-proxy's proxy process, and the lab does not run it";

/**
 * The shell commands that build the lab (`up`), in order. `forwards`: the listening sockets of
 * kubectl port-forwards left running (engine/portforward.ts); with any, the API server and the
 * kubelets carry streams (programs.ts DAEMON) and kubectl runs on its machine (KUBECTL).
 */
export function upCommands(cluster: Cluster, names: LabNames, forwards: ForwardSocket[] = []): string[] {
  const lanBits = (cluster.lan ?? NODE_LAN).split('/')[1];
  const out: string[] = [];
  // kube-proxy ≤ v1.25's userspace mode carries every Service connection through the proxy
  // process itself (pkg/proxy/userspace/proxysocket.go), which the lab does not run: without it
  // the rules would redirect to ports nobody listens on, and the kernel would referee nothing.
  if (cluster.settings.proxy.mode === 'userspace' || cluster.nodeDataplanes.some((d) => d.userspace)) {
    return [`${sayError(USERSPACE_REFUSAL)}; exit 1`];
  }
  // Before any namespace: without nft, kube-proxy's nftables table cannot be loaded.
  if (cluster.nodeDataplanes.some((d) => d.nftables)) {
    out.push(`command -v nft >/dev/null 2>&1 || { ${sayError('podpath lab: this cluster runs kube-proxy in nftables mode, and nft is not installed (Debian: apt-get install nftables)')}; exit 1; }`);
  }
  const run = (ns: string, ...words: (string | number)[]) => out.push(command('ip', 'netns', 'exec', ns, ...words));
  const ipn = (ns: string, ...words: (string | number)[]) => out.push(command('ip', '-n', ns, ...words));

  // The node LAN: a bridge in a namespace of its own (the switch all hosts plug into).
  out.push(command('ip', 'netns', 'add', names.lan));
  ipn(names.lan, 'link', 'add', 'br-lan', 'type', 'bridge');
  ipn(names.lan, 'link', 'set', 'br-lan', 'up');
  let port = 0;
  let ipvsChecked = false;
  const calico = cluster.cni?.plugin === 'calico';
  const podRoutes: string[] = [];
  const plugIntoLan = (ns: string, mac: string) => {
    const peer = `port${port++}`;
    ipn(ns, 'link', 'add', 'eth0', 'address', mac, 'type', 'veth', 'peer', 'name', peer, 'netns', names.lan);
    ipn(names.lan, 'link', 'set', peer, 'master', 'br-lan', 'up');
  };

  for (const e of cluster.externals) {
    const ns = names.external(e.name);
    out.push(command('ip', 'netns', 'add', ns));
    ipn(ns, 'link', 'set', 'lo', 'up');
    plugIntoLan(ns, externalMac(e.name));
    ipn(ns, 'addr', 'add', `${e.ip}/${lanBits}`, 'dev', 'eth0');
    ipn(ns, 'link', 'set', 'eth0', 'up');
    // MetalLB's speaker answers ARP for a VIP with its node's MAC; a host route via that node
    // gives the outside host the same next hop without an ARP responder in the lab.
    for (const svc of cluster.services) {
      const node = cluster.nodes.find((n) => n.name === svc.announcedBy);
      for (const vip of node ? svc.loadBalancerIPs : []) ipn(ns, 'route', 'add', `${vip}/32`, 'via', node!.ip, 'dev', 'eth0');
    }
  }

  for (const dp of cluster.nodeDataplanes) {
    const ns = names.node(dp.node);
    out.push(command('ip', 'netns', 'add', ns));
    ipn(ns, 'link', 'set', 'lo', 'up');
    run(ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    if (dp.ipvs && !ipvsChecked) {
      // kube-proxy's IPVS mode needs the kernel's IPVS: say so instead of building half a lab.
      ipvsChecked = true;
      const why = 'podpath lab: this cluster runs kube-proxy in IPVS mode, and this kernel has no IPVS (ipvsadm -Ln fails)';
      out.push(`${command('ip', 'netns', 'exec', ns, 'ipvsadm', '-Ln')} >/dev/null 2>&1 || { ${sayError(why)}; exit 1; }`);
    }
    // Calico's tunnel device (tunl0 or vxlan.calico) is made below, where the kernel may lack it.
    const tunnels = calico ? dp.interfaces.filter((i) => i.kind === 'ipip' || i.kind === 'vxlan') : [];
    const onTunnel = (dev: string) => tunnels.some((t) => t.name === dev);
    // Routes to the pods' veths wait until the pods' veths exist.
    const veths = new Set(dp.interfaces.filter((i) => i.kind === 'veth').map((i) => i.name));
    for (const r of dp.routes) if (r.proto !== 'kernel' && veths.has(r.dev)) podRoutes.push(command('ip', '-n', ns, ...routeWords(r)));
    for (const iface of dp.interfaces) {
      if (tunnels.includes(iface)) continue;
      // kube-proxy's dummy device stays down; its addresses are local all the same.
      if (iface.kind === 'dummy') {
        ipn(ns, 'link', 'add', iface.name, 'address', iface.mac, 'type', 'dummy');
        for (const a of iface.extraAddresses ?? []) ipn(ns, 'addr', 'add', a, 'dev', iface.name);
      }
      if (iface.kind === 'ethernet') plugIntoLan(ns, iface.mac);
      if (iface.kind === 'bridge') ipn(ns, 'link', 'add', iface.name, 'address', iface.mac, 'type', 'bridge');
      // flanneld's VXLAN device: no learning, its peers come from the neighbor and fdb entries below.
      const { vxlan } = iface;
      if (vxlan) ipn(ns, 'link', 'add', iface.name, 'address', iface.mac, 'type', 'vxlan', 'id', vxlan.id, 'local', vxlan.local, 'dev', 'eth0', 'dstport', vxlan.port, 'nolearning');
      if (iface.kind === 'ethernet' || iface.kind === 'bridge' || iface.kind === 'vxlan') {
        ipn(ns, 'addr', 'add', iface.address ?? '', 'dev', iface.name);
        ipn(ns, 'link', 'set', iface.name, 'up');
      }
    }
    // Routes the kernel adds by itself (proto kernel) come with the addresses above.
    for (const r of dp.routes) if (r.proto !== 'kernel' && !veths.has(r.dev) && !onTunnel(r.dev)) ipn(ns, ...routeWords(r));
    for (const n of dp.neighbors ?? []) if (!onTunnel(n.dev)) ipn(ns, 'neigh', 'add', n.ip, 'lladdr', n.mac, 'dev', n.dev, 'nud', 'permanent');
    for (const f of dp.fdb ?? []) if (!onTunnel(f.dev)) out.push(command('bridge', '-n', ns, 'fdb', 'append', f.mac, 'dev', f.dev, 'dst', f.dst));
    for (const t of tunnels) out.push(...calicoTunnel(dp, t, ns));
  }

  for (const pd of cluster.podDataplanes) {
    const pod = cluster.pods.find((p) => `pod/${p.namespace}/${p.name}` === pd.pod)!;
    const ns = names.pod(pod);
    const node = names.node(pod.node!);
    const eth0 = pd.interfaces.find((i) => i.name === 'eth0')!;
    const hostEnd = cluster.nodeDataplanes.find((d) => d.node === pod.node)!.interfaces.find((i) => i.name === pod.hostVeth)!;
    out.push(command('ip', 'netns', 'add', ns));
    ipn(ns, 'link', 'set', 'lo', 'up');
    if (!hostEnd.master && !LINUX_IFNAME.test(hostEnd.name)) {
      // The name goes into sysctl keys below, where a dot or an `=` would name another key.
      out.push(`${sayError(`podpath lab: the veth of pod ${pod.namespace}/${pod.name} on node ${pod.node} is named ${JSON.stringify(hostEnd.name)}, not a Linux interface name of letters, digits, _ and - (at most 15)`)}; exit 1`);
      continue;
    }
    ipn(node, 'link', 'add', hostEnd.name, 'address', hostEnd.mac, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    if (hostEnd.master) {
      ipn(node, 'link', 'set', hostEnd.name, 'master', hostEnd.master, 'up');
      // The bridge CNI plugin's hairpinMode: a pod reaching itself through its Service gets its
      // own packet back out of the port it came in on.
      ipn(node, 'link', 'set', hostEnd.name, 'type', 'bridge_slave', 'hairpin', 'on');
    } else {
      // A routed veth (Calico): no bridge, no address on the host end. The Calico CNI plugin
      // sets these four on it (projectcalico/calico cni-plugin/pkg/dataplane/linux/
      // dataplane_linux.go configureSysctls @02b18b5e): route_localnet=1, proxy_delay=0 so that
      // proxy ARP answers at once, proxy_arp=1 so that the host answers the pod's ARP for
      // 169.254.1.1 (an address nobody holds) with the veth's MAC, and forwarding=1.
      const sysctls = [`net.ipv4.conf.${hostEnd.name}.route_localnet=1`, `net.ipv4.neigh.${hostEnd.name}.proxy_delay=0`];
      if (hostEnd.proxyArp) sysctls.push(`net.ipv4.conf.${hostEnd.name}.proxy_arp=1`);
      sysctls.push(`net.ipv4.conf.${hostEnd.name}.forwarding=1`);
      for (const key of sysctls) run(node, 'sysctl', '-qw', key);
      ipn(node, 'link', 'set', hostEnd.name, 'up');
    }
    ipn(ns, 'link', 'set', 'eth0', 'address', eth0.mac);
    ipn(ns, 'addr', 'add', eth0.address ?? '', 'dev', 'eth0');
    ipn(ns, 'link', 'set', 'eth0', 'up');
    // A route without a gateway first: Calico's default route goes via 169.254.1.1, reachable
    // only through the scope-link route to it (dataplane_linux.go adds them in that order).
    const own = pd.routes.filter((r) => r.proto !== 'kernel');
    for (const r of [...own.filter((r) => !r.via), ...own.filter((r) => r.via)]) ipn(ns, ...routeWords(r));
  }
  // The node's /32 route to each local pod, on the pod's veth (Calico's felix and CNI plugin).
  out.push(...podRoutes);

  for (const dp of cluster.nodeDataplanes) out.push(...tableCommands(dp, names.node(dp.node)));

  const serve = (ns: string, name: string, ports: number[], namespace = '-', node = '-') => {
    // `--` ends node's own options: a name such as `--inspect` is the program's argument.
    out.push(`${command('ip', 'netns', 'exec', ns, 'node', '-e')} "$SERVER" ${command('--', name, namespace, node, ...ports)} >/dev/null 2>&1 &`);
    for (const p of ports) out.push(`until ${command('ip', 'netns', 'exec', ns, 'ss', '-Hltn', `sport = :${p}`)} | grep -q .; do sleep 0.05; done`);
  };
  // The node's own daemons: the kubelet everywhere, the API server on the control plane.
  const streams = forwards.length > 0 ? daemonRoutes(cluster, names, forwards) : undefined;
  const daemon = (ns: string, name: string, port: number, node: string, routes: Record<string, string>) => {
    out.push(`${command('ip', 'netns', 'exec', ns, 'node', '-e')} "$DAEMON" ${command('--', name, '-', node, JSON.stringify(routes), port)} >/dev/null 2>&1 &`);
    out.push(`until ${command('ip', 'netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`)} | grep -q .; do sleep 0.05; done`);
  };
  for (const node of cluster.nodes) {
    if (streams) daemon(names.node(node.name), 'kubelet', 10250, node.name, streams.kubelet(node.name));
    else serve(names.node(node.name), 'kubelet', [10250], '-', node.name);
    if (node.controlPlane && streams) daemon(names.node(node.name), 'kube-apiserver', 6443, node.name, streams.apiserver);
    else if (node.controlPlane) serve(names.node(node.name), 'kube-apiserver', [6443], '-', node.name);
  }
  // Servers outside the cluster (seed 000's nginx on the VMware host).
  for (const e of cluster.externals) if (e.listening.length > 0) serve(names.external(e.name), e.name, e.listening);
  const serveUdp = (ns: string, name: string, ports: number[], namespace: string, node: string) => {
    out.push(`${command('ip', 'netns', 'exec', ns, 'node', '-e')} "$USERVER" ${command('--', name, namespace, node, ...ports)} >/dev/null 2>&1 &`);
    // USERVER binds 127.0.0.1 last: then every address is bound.
    for (const p of ports) out.push(`until ${command('ip', 'netns', 'exec', ns, 'ss', '-Hlun', `src 127.0.0.1:${p}`)} | grep -q .; do sleep 0.05; done`);
  };
  for (const pod of cluster.pods) {
    if (!pod.ip || !pod.node) continue;
    const on = (protocol: string) => [...new Set(pod.listening.filter((p) => p.protocol === protocol).map((p) => p.containerPort))];
    // A hostNetwork pod's processes live in the node's own namespace.
    const ns = pod.hostNetwork ? names.node(pod.node) : names.pod(pod);
    if (on('TCP').length > 0) serve(ns, pod.name, on('TCP'), pod.namespace, pod.node);
    // UDP too (CoreDNS's 53/UDP); SCTP has no server in the lab (Node.js has no SCTP sockets).
    if (on('UDP').length > 0) serveUdp(ns, pod.name, on('UDP'), pod.namespace, pod.node);
  }
  // kubectl port-forward, last: a process in the namespace of the machine it runs on, one per
  // IPv4 socket (the lab's namespaces may have no IPv6; ::1 is left out).
  const apiserver = cluster.nodes.find((n) => n.controlPlane) ?? cluster.nodes[0];
  for (const s of forwards) {
    if (s.address.includes(':') || !apiserver) continue;
    const ns = s.on === 'external' ? (cluster.externals[0] ? names.external(cluster.externals[0].name) : undefined) : names.node(s.on.slice('node/'.length));
    if (!ns) continue;
    out.push(`${command('ip', 'netns', 'exec', ns, 'node', '-e')} "$KUBECTL" ${command('--', apiserver.ip, s.namespace, s.pod.name, s.remote, s.address, s.local)} >/dev/null 2>&1 &`);
    out.push(`until ${command('ip', 'netns', 'exec', ns, 'ss', '-Hltn', `sport = :${s.local}`)} | grep -q .; do sleep 0.05; done`);
  }
  return out;
}

/**
 * Where the streams of the forwarded pods go: the API server sends `NS/POD` to the kubelet of
 * its node (the node's address), each kubelet into the pod's network namespace (the node's own
 * for a hostNetwork pod).
 */
function daemonRoutes(cluster: Cluster, names: LabNames, forwards: ForwardSocket[]) {
  const pods = [...new Map(forwards.map((f) => [`${f.namespace}/${f.pod.name}`, f.pod])).values()].filter((p) => p.node);
  const apiserver: Record<string, string> = {};
  for (const p of pods) apiserver[`${p.namespace}/${p.name}`] = cluster.nodes.find((n) => n.name === p.node)?.ip ?? '';
  const kubelet = (node: string): Record<string, string> => {
    const routes: Record<string, string> = {};
    for (const p of pods) if (p.node === node) routes[`${p.namespace}/${p.name}`] = p.hostNetwork ? names.node(node) : names.pod(p);
    return routes;
  };
  return { apiserver, kubelet };
}

/**
 * A node's netfilter tables, as iptables-save prints them, loaded with iptables-restore (after
 * the ipsets they match on, in IPVS mode), its IPVS virtual servers, and kube-proxy's nftables
 * table in that mode (nft.ts).
 *
 * iptables-restore and ipset restore read one rule per line and have no way to write a line
 * break inside a value (iptables-save prints a comment's raw), so a value holding a control
 * character (a name, a comment or an address the API server would have refused) cannot be
 * loaded as written: the lab stops there and says so, rather than hand them a rule cut in two,
 * whose second half would be a rule of its own.
 */
function tableCommands(dp: NodeDataplane, ns: string): string[] {
  // kube-proxy's ipsets in IPVS mode, felix's (cali40…) on a Calico node.
  const ipsets = [...(dp.ipvs?.ipsets ?? []), ...(dp.ipsets ?? [])];
  const lines = [...dp.tables.flatMap((t) => t.rules.map(saveRule)), ...ipsets.flatMap((set) => [set.name, set.comment, ...set.entries])];
  if (lines.some((line) => [...line].some((c) => c < ' ' || c === '\x7f'))) {
    return [`${sayError(`podpath lab: a rule on node ${dp.node} holds a control character, which iptables-restore cannot read; the API server would have refused the name or address behind it`)}; exit 1`];
  }
  const out: string[] = [];
  // The ipsets the rules match on must exist before the rules.
  if (ipsets.length > 0) out.push(`${command('ip', 'netns', 'exec', ns, 'ipset', 'restore')} ${heredoc('SETS', ipsetRestore(ipsets).trimEnd())}`);
  out.push(`${command('ip', 'netns', 'exec', ns, 'iptables-restore')} ${heredoc('RULES', renderSave(loadable(dp.tables), { date: new Date(0) }).trimEnd())}`);
  if (dp.ipvs) out.push(...ipvsadmCommands(dp.ipvs.virtualServers).map((words) => command('ip', 'netns', 'exec', ns, ...words)));
  // kube-proxy's own table in nftables mode, after the kubelet's and flanneld's iptables: on a
  // node the kubelet has written its chains before it starts kube-proxy.
  out.push(...nftCommands(dp, ns));
  return out;
}

/**
 * The virtual servers as kube-proxy creates them, through ipvsadm: NAT (`-m`) to every real
 * server with weight 1, and `net.ipv4.vs.conntrack=1` so iptables' NAT sees IPVS's.
 */
function ipvsadmCommands(virtualServers: VirtualServer[]): (string | number)[][] {
  const out: (string | number)[][] = [['sysctl', '-qw', 'net.ipv4.vs.conntrack=1']];
  const seen = new Set<string>();
  for (const vs of virtualServers) {
    const service = [vs.protocol === 'TCP' ? '-t' : vs.protocol === 'UDP' ? '-u' : '--sctp-service', `${vs.address}:${vs.port}`];
    if (seen.has(service.join(' '))) continue;
    seen.add(service.join(' '));
    const flags = vs.schedulerFlags?.length ? ['-b', vs.schedulerFlags.join(',')] : [];
    out.push(['ipvsadm', '-A', ...service, '-s', vs.scheduler, ...flags, ...(vs.persistent !== undefined ? ['-p', vs.persistent] : [])]);
    for (const r of vs.reals) out.push(['ipvsadm', '-a', ...service, '-r', `${r.address}:${r.port}`, '-m', '-w', r.weight]);
  }
  return out;
}

/** The same address the trace gives the outside host (trace/hosts.ts). */
const externalMac = (name: string) => macFor(`external/${name}`, '00:50:56');

/** What a Linux interface name can be and still stand in a sysctl key: no `.`, `/` or `=`. */
const LINUX_IFNAME = /^[A-Za-z0-9_-]{1,15}$/;

/** `ip route add …` for a route, with its scope, type and protocol as the engine has them. */
function routeWords(r: Route): (string | number)[] {
  const proto = r.proto ? ['proto', r.proto] : [];
  if (r.type === 'blackhole') return ['route', 'add', 'blackhole', r.dst, ...proto];
  return ['route', 'add', r.dst, ...(r.via ? ['via', r.via] : []), 'dev', r.dev, ...(r.scope ? ['scope', r.scope] : []), ...(r.onlink ? ['onlink'] : []), ...proto];
}

/**
 * Calico's tunnel on a node: tunl0 (IPIP; the kernel's fallback device of the ipip module,
 * which felix takes over or adds) or vxlan.calico (VXLAN, as felix's vxlan manager makes it:
 * VNI 4096, port 4789, no learning, its peers from the neighbor and fdb entries), its /32
 * tunnel address, the routes to the other nodes' blocks over it and its peers.
 *
 * A kernel without the device (no ipip or vxlan module, and none can be loaded) cannot carry the
 * tunnel. Then the lab says so on stderr and routes the other nodes' blocks plainly, via each
 * node's address on the LAN, as encapsulation None does: pod-to-pod packets are the same, only
 * not encapsulated, and the node has no tunnel address (a node's own connection to another
 * node's pod leaves from its LAN address instead).
 */
function calicoTunnel(dp: NodeDataplane, t: Interface, ns: string): string[] {
  const make = t.kind === 'ipip'
    ? `{ ${command('ip', '-n', ns, 'link', 'show', t.name)} >/dev/null 2>&1 || ${command('ip', '-n', ns, 'link', 'add', t.name, 'type', 'ipip')}; }`
    : command('ip', '-n', ns, 'link', 'add', t.name, 'address', t.mac, 'type', 'vxlan', 'id', t.vxlan?.id ?? '', 'local', t.vxlan?.local ?? '', 'dev', 'eth0', 'dstport', t.vxlan?.port ?? '', 'nolearning');
  const routes = dp.routes.filter((r) => r.dev === t.name && r.proto !== 'kernel');
  const lan = dp.interfaces.find((i) => i.kind === 'ethernet')?.name ?? 'eth0';
  // The LAN address behind a route's gateway: itself for IPIP, the VTEP's node for VXLAN.
  const underlay = (via: string) => {
    const mac = dp.neighbors?.find((n) => n.dev === t.name && n.ip === via)?.mac;
    return dp.fdb?.find((f) => f.dev === t.name && f.mac === mac)?.dst ?? via;
  };
  const why = `podpath lab: node ${dp.node}: this kernel cannot make ${t.name} (${t.kind === 'ipip' ? 'IPIP' : 'VXLAN'}), so the lab routes the other nodes' blocks plainly via their LAN addresses, as encapsulation None does, and ${t.address ?? 'no address'} is not on the node`;
  return [
    `if why=$(${make} 2>&1); then`,
    `  ${command('ip', '-n', ns, 'addr', 'add', t.address ?? '', 'dev', t.name)}`,
    `  ${command('ip', '-n', ns, 'link', 'set', t.name, 'up')}`,
    ...routes.map((r) => `  ${command('ip', '-n', ns, ...routeWords(r))}`),
    ...(dp.neighbors ?? []).filter((n) => n.dev === t.name).map((n) => `  ${command('ip', '-n', ns, 'neigh', 'add', n.ip, 'lladdr', n.mac, 'dev', n.dev, 'nud', 'permanent')}`),
    ...(dp.fdb ?? []).filter((f) => f.dev === t.name).map((f) => `  ${command('bridge', '-n', ns, 'fdb', 'append', f.mac, 'dev', f.dev, 'dst', f.dst)}`),
    'else',
    `  printf '%s (%s)\\n' ${word(why)} "$why" >&2`,
    ...routes.map((r) => `  ${command('ip', '-n', ns, ...routeWords({ dst: r.dst, via: underlay(r.via ?? ''), dev: lan, ...(r.proto ? { proto: r.proto } : {}) }))}`),
    'fi',
  ];
}

/**
 * The tables as iptables-restore must read them here. felix writes the IPIP protocol as a
 * number (`-p 4`: felix/iptables/match_builder.go ProtocolNum); iptables-save prints it by
 * the name /etc/protocols gives 4, `ipv4` on the nodes Podpath models (and in the engine's
 * rules) but `ipencap` on Debian's netbase, whose iptables then cannot read `-p ipv4`.
 */
function loadable(tables: Table[]): Table[] {
  return tables.map((t) => ({
    ...t,
    rules: t.rules.map((r) =>
      r.matches.some((m) => m.kind === 'proto' && m.proto === 'ipv4')
        ? { ...r, matches: r.matches.map((m) => (m.kind === 'proto' && m.proto === 'ipv4' ? { ...m, proto: '4' as Proto } : m)) }
        : r,
    ),
  }));
}
