/**
 * hostPort without hostNetwork: the kubelet hands the pod's port mappings to the CNI `portmap`
 * plugin, which DNATs `<node address>:<hostPort>` to `<pod IP>:<containerPort>` on the pod's
 * node only (containernetworking/plugins plugins/meta/portmap/portmap.go). Nothing listens on
 * the node's port: it is all iptables.
 */
import { sha256 } from '../hash';
import type { PodInfo } from '../model';
import { declareChain, type Match, type Rule, type Table } from '../netfilter/rules';

/** The sandbox id the runtime would give the pod: random there, a hash of the name here. */
export function sandboxId(pod: PodInfo): string {
  return hex(sha256(`sandbox/${pod.namespace}/${pod.name}`));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `CNI-DN-` + sha512(network name + container id) in hex, cut to iptables' 28 characters
 * (plugins/pkg/utils/iptables.go MustFormatChainNameWithPrefix). sha512 is not in our engine,
 * so sha256 stands in: the shape is the real one, the hex is not.
 */
function dnatChain(network: string, id: string): string {
  return `CNI-DN-${hex(sha256(network + id))}`.slice(0, 28);
}

/** The network name the CNI config gives the pod network (flannel's is "cbr0"). */
export const CNI_NETWORK = 'cbr0';

/** Adds the portmap chains and rules for the hostPort pods of one node to its nat table. */
export function addPortmapRules(nat: Table, pods: PodInfo[]): void {
  const mapped = pods.filter((p) => !p.hostNetwork && p.ip && p.hostPorts.length > 0);
  if (mapped.length === 0) return; // portmap creates its chains with the first mapping
  const cni = (chain: string, matches: Match[], target: Rule['target'], provenance?: Rule['provenance']) =>
    nat.rules.push({ chain, matches, target, owner: 'cni', provenance });
  for (const c of ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK']) declareChain(nat, c, 'cni');
  const local: Match = { kind: 'addrtype', dir: 'dst', type: 'LOCAL' };
  // Where real nodes show them: after kube-proxy's jumps in PREROUTING and OUTPUT, before its
  // jump in POSTROUTING.
  insertAfter(nat, 'PREROUTING', { chain: 'PREROUTING', matches: [local], target: { kind: 'jump', chain: 'CNI-HOSTPORT-DNAT' }, owner: 'cni' });
  insertAfter(nat, 'OUTPUT', { chain: 'OUTPUT', matches: [local], target: { kind: 'jump', chain: 'CNI-HOSTPORT-DNAT' }, owner: 'cni' });
  const firstPost = nat.rules.findIndex((r) => r.chain === 'POSTROUTING');
  nat.rules.splice(Math.max(0, firstPost), 0, {
    chain: 'POSTROUTING', matches: [{ kind: 'comment', text: 'CNI portfwd requiring masquerade' }], target: { kind: 'jump', chain: 'CNI-HOSTPORT-MASQ' }, owner: 'cni',
  });
  cni('CNI-HOSTPORT-MASQ', [{ kind: 'mark', value: 0x2000, mask: 0x2000 }], { kind: 'MASQUERADE' });
  cni('CNI-HOSTPORT-SETMARK', [{ kind: 'comment', text: 'CNI portfwd masquerade mark' }], { kind: 'MARK', op: 'or', value: 0x2000 });

  for (const pod of mapped) {
    const id = sandboxId(pod);
    const chain = dnatChain(CNI_NETWORK, id);
    declareChain(nat, chain, 'cni');
    for (const proto of ['tcp', 'udp', 'sctp'] as const) {
      const maps = pod.hostPorts.filter((h) => h.protocol.toLowerCase() === proto);
      if (maps.length === 0) continue;
      cni('CNI-HOSTPORT-DNAT', [
        { kind: 'proto', proto, bare: true },
        { kind: 'comment', text: `dnat name: "${CNI_NETWORK}" id: "${id}"` },
        { kind: 'multiport', ports: maps.map((m) => m.port) },
      ], { kind: 'jump', chain }, pod.provenance);
      for (const m of maps) {
        const port: Match[] = [{ kind: 'proto', proto, bare: true }, { kind: 'dport', port: m.port }];
        // Hairpin (the pod calling its own host port) and localhost callers must be SNATed.
        cni(chain, [{ kind: 'src', cidr: `${pod.ip}/32` }, ...port], { kind: 'jump', chain: 'CNI-HOSTPORT-SETMARK' }, pod.provenance);
        cni(chain, [{ kind: 'src', cidr: '127.0.0.1/32' }, ...port], { kind: 'jump', chain: 'CNI-HOSTPORT-SETMARK' }, pod.provenance);
        cni(chain, port, { kind: 'DNAT', to: `${pod.ip}:${m.containerPort}` }, pod.provenance);
      }
    }
  }
}

function insertAfter(table: Table, chain: string, rule: Rule): void {
  let last = -1;
  table.rules.forEach((r, i) => {
    if (r.chain === chain) last = i;
  });
  table.rules.splice(last + 1, 0, rule);
}
