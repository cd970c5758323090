/**
 * The Linux lab: the simulated cluster as a shell script that builds it in real network
 * namespaces, so the real kernel can check the engine. One namespace per node, per pod and per
 * outside host, and one more holding the node LAN's bridge. Nodes get the engine's own
 * interfaces, routes and netfilter tables (loaded with iptables-restore); each pod runs a tiny
 * HTTP server that says who it is and whom it saw.
 *
 * Nothing is added to the root namespace and no link leads out of the lab's namespaces, so no
 * packet can leave them. `down` kills the servers and deletes every namespace `up` made.
 */
import { macFor } from '../dataplane';
import { NODE_LAN } from '../defaults';
import { ipsetRestore } from '../kubeproxy/ipset';
import type { Cluster, PodInfo, VirtualServer } from '../model';
import { renderSave } from '../netfilter/render';
import { CLIENT, SERVER } from './programs';

export interface LabOptions {
  /** Prefix of every namespace name, so several labs (and a leftover one) never collide. */
  prefix: string;
}

export interface LabNames {
  lan: string;
  node: (name: string) => string;
  pod: (pod: Pick<PodInfo, 'namespace' | 'name'>) => string;
  external: (name: string) => string;
}

export function labNames(prefix: string): LabNames {
  return {
    lan: `${prefix}-lan`,
    node: (name) => `${prefix}-node-${name}`,
    pod: (pod) => `${prefix}-pod-${pod.namespace}.${pod.name}`,
    external: (name) => `${prefix}-ext-${name}`,
  };
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The shell commands that build the lab (`up`), in order. */
function upCommands(cluster: Cluster, names: LabNames): string[] {
  const lanBits = (cluster.lan ?? NODE_LAN).split('/')[1];
  const out: string[] = [];
  const run = (ns: string, cmd: string) => out.push(`ip netns exec ${q(ns)} ${cmd}`);
  const ipn = (ns: string, cmd: string) => out.push(`ip -n ${q(ns)} ${cmd}`);

  // The node LAN: a bridge in a namespace of its own (the switch all hosts plug into).
  out.push(`ip netns add ${q(names.lan)}`);
  ipn(names.lan, 'link add br-lan type bridge');
  ipn(names.lan, 'link set br-lan up');
  let port = 0;
  let ipvsChecked = false;
  const plugIntoLan = (ns: string, mac: string) => {
    const peer = `port${port++}`;
    ipn(ns, `link add eth0 address ${mac} type veth peer name ${peer} netns ${q(names.lan)}`);
    ipn(names.lan, `link set ${peer} master br-lan up`);
  };

  for (const e of cluster.externals) {
    const ns = names.external(e.name);
    out.push(`ip netns add ${q(ns)}`);
    ipn(ns, 'link set lo up');
    plugIntoLan(ns, externalMac(e.name));
    ipn(ns, `addr add ${e.ip}/${lanBits} dev eth0`);
    ipn(ns, 'link set eth0 up');
    // MetalLB's speaker answers ARP for a VIP with its node's MAC; a host route via that node
    // gives the outside host the same next hop without an ARP responder in the lab.
    for (const svc of cluster.services) {
      const node = cluster.nodes.find((n) => n.name === svc.announcedBy);
      for (const vip of node ? svc.loadBalancerIPs : []) ipn(ns, `route add ${vip}/32 via ${node!.ip} dev eth0`);
    }
  }

  for (const dp of cluster.nodeDataplanes) {
    const ns = names.node(dp.node);
    out.push(`ip netns add ${q(ns)}`);
    ipn(ns, 'link set lo up');
    run(ns, 'sysctl -qw net.ipv4.ip_forward=1');
    if (dp.ipvs && !ipvsChecked) {
      // kube-proxy's IPVS mode needs the kernel's IPVS: say so instead of building half a lab.
      ipvsChecked = true;
      out.push(`ip netns exec ${q(ns)} ipvsadm -Ln >/dev/null 2>&1 || { echo "podpath lab: this cluster runs kube-proxy in IPVS mode, and this kernel has no IPVS (ipvsadm -Ln fails)" >&2; exit 1; }`);
    }
    for (const iface of dp.interfaces) {
      // kube-proxy's dummy device stays down; its addresses are local all the same.
      if (iface.kind === 'dummy') {
        ipn(ns, `link add ${iface.name} address ${iface.mac} type dummy`);
        for (const a of iface.extraAddresses ?? []) ipn(ns, `addr add ${a} dev ${iface.name}`);
      }
      if (iface.kind === 'ethernet') plugIntoLan(ns, iface.mac);
      if (iface.kind === 'bridge') ipn(ns, `link add ${iface.name} address ${iface.mac} type bridge`);
      // flanneld's VXLAN device: no learning, its peers come from the neighbor and fdb entries below.
      if (iface.vxlan) ipn(ns, `link add ${iface.name} address ${iface.mac} type vxlan id ${iface.vxlan.id} local ${iface.vxlan.local} dev eth0 dstport ${iface.vxlan.port} nolearning`);
      if (iface.kind === 'ethernet' || iface.kind === 'bridge' || iface.kind === 'vxlan') {
        ipn(ns, `addr add ${iface.address} dev ${iface.name}`);
        ipn(ns, `link set ${iface.name} up`);
      }
    }
    // Routes the kernel adds by itself (proto kernel) come with the addresses above.
    for (const r of dp.routes) if (r.proto !== 'kernel') ipn(ns, `route add ${r.dst} ${r.via ? `via ${r.via} ` : ''}dev ${r.dev}${r.onlink ? ' onlink' : ''}`);
    for (const n of dp.neighbors ?? []) ipn(ns, `neigh add ${n.ip} lladdr ${n.mac} dev ${n.dev} nud permanent`);
    for (const f of dp.fdb ?? []) out.push(`bridge -n ${q(ns)} fdb append ${f.mac} dev ${f.dev} dst ${f.dst}`);
  }

  for (const pd of cluster.podDataplanes) {
    const pod = cluster.pods.find((p) => `pod/${p.namespace}/${p.name}` === pd.pod)!;
    const ns = names.pod(pod);
    const node = names.node(pod.node!);
    const eth0 = pd.interfaces.find((i) => i.name === 'eth0')!;
    const hostEnd = cluster.nodeDataplanes.find((d) => d.node === pod.node)!.interfaces.find((i) => i.name === pod.hostVeth)!;
    out.push(`ip netns add ${q(ns)}`);
    ipn(ns, 'link set lo up');
    ipn(node, `link add ${hostEnd.name} address ${hostEnd.mac} type veth peer name eth0 netns ${q(ns)}`);
    ipn(node, `link set ${hostEnd.name} master ${hostEnd.master} up`);
    // The bridge CNI plugin's hairpinMode: a pod reaching itself through its Service gets its
    // own packet back out of the port it came in on.
    ipn(node, `link set ${hostEnd.name} type bridge_slave hairpin on`);
    ipn(ns, `link set eth0 address ${eth0.mac}`);
    ipn(ns, `addr add ${eth0.address} dev eth0`);
    ipn(ns, 'link set eth0 up');
    for (const r of pd.routes) if (r.proto !== 'kernel') ipn(ns, `route add ${r.dst} via ${r.via} dev ${r.dev}`);
  }

  const stamp = new Date(0);
  for (const dp of cluster.nodeDataplanes) {
    const ns = names.node(dp.node);
    // The ipsets the rules match on must exist before the rules.
    if (dp.ipvs) out.push(`ip netns exec ${q(ns)} ipset restore <<'SETS'\n${ipsetRestore(dp.ipvs.ipsets).trimEnd()}\nSETS`);
    out.push(`ip netns exec ${q(ns)} iptables-restore <<'RULES'\n${renderSave(dp.tables, { date: stamp }).trimEnd()}\nRULES`);
    if (dp.ipvs) out.push(...ipvsadmCommands(dp.ipvs.virtualServers).map((c) => `ip netns exec ${q(ns)} ${c}`));
  }

  const serve = (ns: string, name: string, ports: number[], namespace = '-', node = '-') => {
    out.push(`ip netns exec ${q(ns)} node -e "$SERVER" ${q(name)} ${q(namespace)} ${q(node)} ${ports.join(' ')} >/dev/null 2>&1 &`);
    for (const p of ports) out.push(`until ip netns exec ${q(ns)} ss -Hltn "sport = :${p}" | grep -q .; do sleep 0.05; done`);
  };
  // The node's own daemons: the kubelet everywhere, the API server on the control plane.
  for (const node of cluster.nodes) {
    serve(names.node(node.name), 'kubelet', [10250], '-', node.name);
    if (node.controlPlane) serve(names.node(node.name), 'kube-apiserver', [6443], '-', node.name);
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
  return out;
}

/**
 * The virtual servers as kube-proxy creates them, through ipvsadm: NAT (`-m`) to every real
 * server with weight 1, and `net.ipv4.vs.conntrack=1` so iptables' NAT sees IPVS's.
 */
function ipvsadmCommands(virtualServers: VirtualServer[]): string[] {
  const out = ['sysctl -qw net.ipv4.vs.conntrack=1'];
  const seen = new Set<string>();
  for (const vs of virtualServers) {
    const service = `${vs.protocol === 'TCP' ? '-t' : vs.protocol === 'UDP' ? '-u' : '--sctp-service'} ${vs.address}:${vs.port}`;
    if (seen.has(service)) continue;
    seen.add(service);
    const flags = vs.schedulerFlags?.length ? ` -b ${vs.schedulerFlags.join(',')}` : '';
    out.push(`ipvsadm -A ${service} -s ${vs.scheduler}${flags}${vs.persistent !== undefined ? ` -p ${vs.persistent}` : ''}`);
    for (const r of vs.reals) out.push(`ipvsadm -a ${service} -r ${r.address}:${r.port} -m -w ${r.weight}`);
  }
  return out;
}

/** The same address the trace gives the outside host (trace/hosts.ts). */
const externalMac = (name: string) => macFor(`external/${name}`, '00:50:56');

/**
 * A self-contained script: `sh lab.sh up`, `sh lab.sh down`, and `sh lab.sh exec TARGET CMD…`
 * to run a command in the namespace of `external`, `node/NAME` or `pod/[NS/]NAME`. Needs root,
 * iproute2, iptables and node. A failed `up` removes what it made.
 */
export function labScript(cluster: Cluster, options: LabOptions): string {
  const names = labNames(options.prefix);
  const client = cluster.externals[0];
  // Where `exec` runs: a hostNetwork pod's processes live in its node's namespace.
  const targets = [
    ...(client ? [`    external) ns=${q(names.external(client.name))} ;;`] : []),
    ...cluster.pods.filter((p) => p.hostNetwork && p.node).map((p) => {
      const short = p.namespace === 'default' ? `|pod/${p.name}` : '';
      return `    pod/${p.namespace}/${p.name}${short}) ns=${q(names.node(p.node!))} ;;`;
    }),
    `    node/*) ns="${options.prefix}-node-\${1#node/}" ;;`,
    `    pod/*/*) rest="\${1#pod/}"; ns="${options.prefix}-pod-\${rest%%/*}.\${rest#*/}" ;;`,
    `    pod/*) ns="${options.prefix}-pod-default.\${1#pod/}" ;;`,
    '    *) echo "unknown target $1: use external, node/NAME or pod/[NS/]NAME" >&2; exit 2 ;;',
  ];
  const lines = [
    '#!/bin/sh',
    `# Podpath lab: the simulated cluster in real network namespaces (prefix ${options.prefix}).`,
    `# Needs root, iproute2, iptables${cluster.settings.proxy.mode === 'ipvs' ? ', ipset, ipvsadm (and a kernel with IPVS)' : ''} and node. Touches nothing outside its own namespaces.`,
    'set -eu',
    `SERVER=$(cat <<'JS'\n${SERVER}\nJS\n)`,
    `CLIENT=$(cat <<'JS'\n${CLIENT}\nJS\n)`,
    'up() {',
    // Heredoc bodies stay unindented: their terminator must start its line.
    ...upCommands(cluster, names).map((l) => `  ${l}`),
    '}',
    'down() {',
    `  for ns in $(ip netns list | awk '{print $1}' | grep -F ${q(`${options.prefix}-`)} || true); do`,
    `    case "$ns" in ${options.prefix}-*) ;; *) continue ;; esac`,
    '    for pid in $(ip netns pids "$ns"); do kill "$pid" 2>/dev/null || true; done',
    '    ip netns del "$ns"',
    '  done',
    '}',
    'case "${1:-}" in',
    // `up` runs in a shell of its own so that `set -e` stops it at the first failure; then
    // everything it made so far is removed.
    '  up) if ! sh "$0" build; then down; exit 1; fi ;;',
    '  build) up ;;',
    '  down) down ;;',
    '  exec)',
    '    shift',
    '    case "${1:-}" in',
    ...targets,
    '    esac',
    '    shift',
    '    ip netns exec "$ns" "$@" ;;',
    '  request) shift; sh "$0" exec "$1" node -e "$CLIENT" "$2" "$3" ${4:-} ;;',
    '  *) echo "usage: $0 up | down | exec TARGET COMMAND... | request TARGET IP PORT [HOST]" >&2; exit 2 ;;',
    'esac',
  ];
  return lines.join('\n') + '\n';
}
