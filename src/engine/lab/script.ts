/**
 * The Linux lab: the simulated cluster as a shell script that builds it in real network
 * namespaces, so the real kernel can check the engine. One namespace per node, per pod and per
 * outside host, and one more holding the node LAN's bridge. Nodes get the engine's own
 * interfaces, routes and netfilter tables (loaded with iptables-restore, and kube-proxy's table
 * with nft -f in its nftables mode); each pod runs a tiny
 * HTTP server that says who it is and whom it saw.
 *
 * Nothing is added to the root namespace and no link leads out of the lab's namespaces, so no
 * packet can leave them. `down` kills the servers and deletes every namespace `up` made.
 */
import type { Cluster } from '../model';
import { LAB_PREFIX, labNames, type LabNames } from './names';
import { runningForward } from '../portforward';
import type { RunningForward } from '../trace/types';
import { CLIENT, DAEMON, KUBECTL, PROBE, SERVER, USERVER } from './programs';
import { heredoc, sayError, word } from './shell';
import { upCommands } from './up';

export { LAB_PREFIX, labNames, type LabNames } from './names';

export interface LabOptions {
  /** Prefix of every namespace name, so several labs (and a leftover one) never collide. */
  prefix: string;
  /**
   * kubectl port-forwards left running (as in a trace request): kubectl runs as a process in the
   * namespace of its machine, the API server and the kubelets carry its streams. One that
   * cannot start (its pod is not there) is left out, as kubectl would have exited.
   */
  forwards?: RunningForward[];
}

/**
 * Where `exec TARGET` runs, one `case` branch per target: `external`, every node, and every pod
 * that has a namespace (a hostNetwork pod's processes live in its node's). The patterns are the
 * targets' names as quoted words, so a name full of `*`, `)` or `$(…)` matches itself and only
 * itself, and nothing in it is run.
 */
function execTargets(cluster: Cluster, names: LabNames): string[] {
  const branch = (patterns: string[], ns: string) => `    ${patterns.map(word).join('|')}) ns=${word(ns)} ;;`;
  const client = cluster.externals[0];
  const withNamespace = new Set(cluster.podDataplanes.map((d) => d.pod));
  return [
    ...(client ? [branch(['external'], names.external(client.name))] : []),
    ...cluster.nodes.map((n) => branch([`node/${n.name}`], names.node(n.name))),
    ...cluster.pods.flatMap((p) => {
      const ns = p.hostNetwork && p.node ? names.node(p.node) : withNamespace.has(`pod/${p.namespace}/${p.name}`) ? names.pod(p) : undefined;
      if (!ns) return [];
      return [branch([`pod/${p.namespace}/${p.name}`, ...(p.namespace === 'default' ? [`pod/${p.name}`] : [])], ns)];
    }),
    `    *) printf 'podpath lab: unknown target %s: use external, node/NAME or pod/[NS/]NAME\\n' "\${1:-}" >&2; exit 2 ;;`,
  ];
}

/** What the header adds to root, iproute2, iptables and node: what kube-proxy's mode loads its rules with. */
function needs(cluster: Cluster): string {
  if (cluster.settings.proxy.mode === 'ipvs') return ', ipset, ipvsadm (and a kernel with IPVS)';
  if (cluster.nodeDataplanes.some((d) => d.nftables)) return ', nft (Debian: nftables)';
  return '';
}

/** Whether some pod listens on UDP, so that the script carries USERVER. */
const udpServers = (cluster: Cluster) => cluster.pods.some((p) => p.ip && p.node && p.listening.some((l) => l.protocol === 'UDP'));

/**
 * A self-contained script: `sh lab.sh up`, `sh lab.sh down`, and `sh lab.sh exec TARGET CMD…`
 * to run a command in the namespace of `external`, `node/NAME` or `pod/[NS/]NAME`, `sh lab.sh
 * request TARGET IP PORT [HOST]` for one HTTP request and `sh lab.sh probe TARGET
 * tcp|udp:IP:PORT...` for many connections at once. Needs root,
 * iproute2, iptables and node (and nft for kube-proxy's nftables mode). A failed `up` removes
 * what it made; a cluster in kube-proxy's userspace mode gets a script whose `up` refuses.
 *
 * It writes what it is given: a cluster holding objects the API server would have refused
 * should not reach it (`podpath lab` refuses one), yet every value in the script is quoted so
 * that even such a cluster cannot make it run anything but the lab.
 */
export function labScript(cluster: Cluster, options: LabOptions): string {
  const { prefix } = options;
  // The prefix stands bare in `down`'s pattern: only letters and digits, checked here too.
  if (!LAB_PREFIX.test(prefix)) throw new RangeError(`lab prefix ${JSON.stringify(prefix)}: use 1 to 20 letters and digits`);
  const names = labNames(prefix);
  const sockets = (options.forwards ?? []).flatMap((f) => {
    const running = runningForward(cluster, f);
    return 'error' in running ? [] : running.sockets;
  });
  const lines = [
    '#!/bin/sh',
    `# Podpath lab: the simulated cluster in real network namespaces (prefix ${prefix}).`,
    `# Needs root, iproute2, iptables${needs(cluster)} and node. Touches nothing outside its own namespaces.`,
    ...(cluster.settings.proxy.mode === 'userspace' ? ["# kube-proxy's userspace mode needs its proxy process, which the lab does not run: up refuses."] : []),
    // -f: no word this script splits (`down`'s list of namespaces) is ever taken for a file pattern.
    'set -euf',
    `SERVER=$(cat ${heredoc('JS', SERVER)}\n)`,
    `CLIENT=$(cat ${heredoc('JS', CLIENT)}\n)`,
    `PROBE=$(cat ${heredoc('JS', PROBE)}\n)`,
    ...(udpServers(cluster) ? [`USERVER=$(cat ${heredoc('JS', USERVER)}\n)`] : []),
    ...(sockets.length > 0 ? [`DAEMON=$(cat ${heredoc('JS', DAEMON)}\n)`, `KUBECTL=$(cat ${heredoc('JS', KUBECTL)}\n)`] : []),
    'up() {',
    // Heredoc bodies stay unindented: their terminator must start its line.
    ...upCommands(cluster, names, sockets).map((l) => `  ${l}`),
    '}',
    'down() {',
    `  for ns in $(ip netns list | awk '{print $1}' | grep -F ${word(`${prefix}-`)} || true); do`,
    `    case "$ns" in ${prefix}-*) ;; *) continue ;; esac`,
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
    ...execTargets(cluster, names),
    '    esac',
    '    shift',
    '    ip netns exec "$ns" "$@" ;;',
    // `--` ends node's own options; the host, when given, is one word whatever it holds.
    '  request) shift; sh "$0" exec "$1" node -e "$CLIENT" -- "$2" "$3" ${4:+"$4"} ;;',
    // Every connection at once from TARGET, each `tcp:IP:PORT` or `udp:IP:PORT` (PROBE).
    '  probe) shift; t=${1:-}; [ $# -eq 0 ] || shift; sh "$0" exec "$t" node -e "$PROBE" -- "$@" ;;',
    `  *) ${sayError('usage: lab.sh up | down | exec TARGET COMMAND... | request TARGET IP PORT [HOST] | probe TARGET tcp|udp:IP:PORT...')}; exit 2 ;;`,
    'esac',
  ];
  return lines.join('\n') + '\n';
}
