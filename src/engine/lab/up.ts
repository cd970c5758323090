/**
 * The commands of the lab's `up`, in order. Every value in them (names, addresses, MACs,
 * interface and scheduler names) comes from the YAML through the build, so each is written as
 * one quoted shell word (`command`), and the tables the kernel loads are here-documents no line
 * of which can close them (`heredoc`).
 */
import { macFor } from '../dataplane';
import { NODE_LAN } from '../defaults';
import { ipsetRestore } from '../kubeproxy/ipset';
import type { Cluster, NodeDataplane, VirtualServer } from '../model';
import { renderSave, saveRule } from '../netfilter/render';
import type { ForwardSocket } from '../portforward';
import type { LabNames } from './names';
import { command, heredoc, sayError } from './shell';

/**
 * The shell commands that build the lab (`up`), in order. `forwards`: the listening sockets of
 * kubectl port-forwards left running (engine/portforward.ts); with any, the API server and the
 * kubelets carry streams (programs.ts DAEMON) and kubectl runs on its machine (KUBECTL).
 */
export function upCommands(cluster: Cluster, names: LabNames, forwards: ForwardSocket[] = []): string[] {
  const lanBits = (cluster.lan ?? NODE_LAN).split('/')[1];
  const out: string[] = [];
  const run = (ns: string, ...words: (string | number)[]) => out.push(command('ip', 'netns', 'exec', ns, ...words));
  const ipn = (ns: string, ...words: (string | number)[]) => out.push(command('ip', '-n', ns, ...words));

  // The node LAN: a bridge in a namespace of its own (the switch all hosts plug into).
  out.push(command('ip', 'netns', 'add', names.lan));
  ipn(names.lan, 'link', 'add', 'br-lan', 'type', 'bridge');
  ipn(names.lan, 'link', 'set', 'br-lan', 'up');
  let port = 0;
  let ipvsChecked = false;
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
    for (const iface of dp.interfaces) {
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
    for (const r of dp.routes) {
      if (r.proto !== 'kernel') ipn(ns, 'route', 'add', r.dst, ...(r.via ? ['via', r.via] : []), 'dev', r.dev, ...(r.onlink ? ['onlink'] : []));
    }
    for (const n of dp.neighbors ?? []) ipn(ns, 'neigh', 'add', n.ip, 'lladdr', n.mac, 'dev', n.dev, 'nud', 'permanent');
    for (const f of dp.fdb ?? []) out.push(command('bridge', '-n', ns, 'fdb', 'append', f.mac, 'dev', f.dev, 'dst', f.dst));
  }

  for (const pd of cluster.podDataplanes) {
    const pod = cluster.pods.find((p) => `pod/${p.namespace}/${p.name}` === pd.pod)!;
    const ns = names.pod(pod);
    const node = names.node(pod.node!);
    const eth0 = pd.interfaces.find((i) => i.name === 'eth0')!;
    const hostEnd = cluster.nodeDataplanes.find((d) => d.node === pod.node)!.interfaces.find((i) => i.name === pod.hostVeth)!;
    out.push(command('ip', 'netns', 'add', ns));
    ipn(ns, 'link', 'set', 'lo', 'up');
    ipn(node, 'link', 'add', hostEnd.name, 'address', hostEnd.mac, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ipn(node, 'link', 'set', hostEnd.name, 'master', hostEnd.master ?? '', 'up');
    // The bridge CNI plugin's hairpinMode: a pod reaching itself through its Service gets its
    // own packet back out of the port it came in on.
    ipn(node, 'link', 'set', hostEnd.name, 'type', 'bridge_slave', 'hairpin', 'on');
    ipn(ns, 'link', 'set', 'eth0', 'address', eth0.mac);
    ipn(ns, 'addr', 'add', eth0.address ?? '', 'dev', 'eth0');
    ipn(ns, 'link', 'set', 'eth0', 'up');
    for (const r of pd.routes) if (r.proto !== 'kernel') ipn(ns, 'route', 'add', r.dst, 'via', r.via ?? '', 'dev', r.dev);
  }

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
  for (const pod of cluster.pods) {
    if (!pod.ip || !pod.node) continue;
    const ports = [...new Set(pod.listening.filter((p) => p.protocol === 'TCP').map((p) => p.containerPort))];
    if (ports.length === 0) continue;
    // A hostNetwork pod's processes live in the node's own namespace.
    serve(pod.hostNetwork ? names.node(pod.node) : names.pod(pod), pod.name, ports, pod.namespace, pod.node);
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
 * the ipsets they match on, in IPVS mode), and its IPVS virtual servers.
 *
 * iptables-restore and ipset restore read one rule per line and have no way to write a line
 * break inside a value (iptables-save prints a comment's raw), so a value holding a control
 * character (a name, a comment or an address the API server would have refused) cannot be
 * loaded as written: the lab stops there and says so, rather than hand them a rule cut in two,
 * whose second half would be a rule of its own.
 */
function tableCommands(dp: NodeDataplane, ns: string): string[] {
  const lines = [...dp.tables.flatMap((t) => t.rules.map(saveRule)), ...(dp.ipvs?.ipsets ?? []).flatMap((set) => [set.name, set.comment, ...set.entries])];
  if (lines.some((line) => [...line].some((c) => c < ' ' || c === '\x7f'))) {
    return [`${sayError(`podpath lab: a rule on node ${dp.node} holds a control character, which iptables-restore cannot read; the API server would have refused the name or address behind it`)}; exit 1`];
  }
  const out: string[] = [];
  // The ipsets the rules match on must exist before the rules.
  if (dp.ipvs) out.push(`${command('ip', 'netns', 'exec', ns, 'ipset', 'restore')} ${heredoc('SETS', ipsetRestore(dp.ipvs.ipsets).trimEnd())}`);
  out.push(`${command('ip', 'netns', 'exec', ns, 'iptables-restore')} ${heredoc('RULES', renderSave(dp.tables, { date: new Date(0) }).trimEnd())}`);
  if (dp.ipvs) out.push(...ipvsadmCommands(dp.ipvs.virtualServers).map((words) => command('ip', 'netns', 'exec', ns, ...words)));
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
