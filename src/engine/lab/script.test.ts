/**
 * The lab script with hostile names, without root: its text, and the script run by sh and bash
 * with `ip` and `bridge` replaced by a stub that records each call's words. Whatever a name
 * holds, it must reach `ip` as one word, exactly, and nothing in it may run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import type { Cluster } from '../model';
import { calicoInstallation } from '../testdata/calico';
import { CLIENT, PROBE, SERVER, USERVER } from './programs';
import { labNames, labScript } from './script';
import { renderTransaction } from '../kubeproxy/nftables/render';
import type { NftTable } from '../kubeproxy/nftables/model';
import { nftRefusal } from './nft';
import { command, heredoc, word } from './shell';
import { USERSPACE_REFUSAL } from './up';
import { hostileCluster, hostileNames, newlinePortCluster, TAME } from './testdata';

describe('shell words', () => {
  it('leaves plain words bare and single-quotes the rest, a quote written as \'\\\'\'', () => {
    expect(command('ip', '-n', 'pp-node-node01', 'addr', 'add', '10.244.1.1/24', 'dev', 'cbr0')).toBe('ip -n pp-node-node01 addr add 10.244.1.1/24 dev cbr0');
    expect(word('sport = :80')).toBe("'sport = :80'");
    expect(word(`a'b"$(c)\`d\`;*)\ne`)).toBe(`'a'\\''b"$(c)\`d\`;*)\ne'`);
    expect(word('')).toBe("''");
    expect(word(8080)).toBe('8080');
  });

  it('gives a here-document a delimiter no line of its body is', () => {
    expect(heredoc('RULES', '*filter\nCOMMIT')).toBe("<<'RULES'\n*filter\nCOMMIT\nRULES");
    expect(heredoc('RULES', 'a\nRULES\nRULES_1\n RULES')).toBe("<<'RULES_2'\na\nRULES\nRULES_1\n RULES\nRULES_2");
  });
});

describe('lab namespace names', () => {
  it('keep a plain name, and hash one a namespace name cannot or should not hold', () => {
    const names = labNames('pp');
    expect(names.pod({ namespace: 'default', name: 'web-0' })).toBe('pp-pod-default.web-0');
    expect(names.node('node01')).toBe('pp-node-node01');
    expect(names.node('a/b')).toMatch(/^pp-node-x[a-z2-7]{16}$/);
    expect(names.pod({ namespace: 'default', name: '$(x) *' })).toMatch(/^pp-pod-default\.x[a-z2-7]{16}$/);
    expect(names.external('-rf')).toMatch(/^pp-ext-x[a-z2-7]{16}$/);
  });
});

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podpath-lab-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The words of every call to `ip`/`bridge` the script made, and what it fed iptables-restore and nft. */
interface Run {
  status: number | null;
  stderr: string;
  calls: string[][];
  rules: string;
  /** What `nft -f -` read, every node's in turn. */
  nft: string;
}

/**
 * Runs `lab.sh ARGS` under `shell` with stubs for `ip` and `bridge` first on PATH: each records
 * its words (separated by \x1f, calls by \x1e, so newlines survive), prints a line for `ss` so
 * `up` sees its servers listening, and keeps what iptables-restore would have read.
 */
function runLab(cluster: Cluster, shell: string, ...args: string[]): Run {
  return runLabFailing('', cluster, shell, ...args);
}

/**
 * `runLab`, with every call whose words hold `fail` failing as iproute2 does for a device type
 * the kernel lacks ("Error: Unknown device type.", status 2).
 */
function runLabFailing(fail: string, cluster: Cluster, shell: string, ...args: string[]): Run {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  // A server's call is recorded in the background: \`ss\` answers once it is, as a server listens:
  // the call of the server of that namespace, protocol (USERVER's program holds dgram) and port,
  // as two servers share a namespace (the kubelet's and a hostNetwork pod's, CoreDNS's TCP and
  // UDP on 53).
  // Each call is one write (one printf of the whole record): the background servers' calls land
  // at the same time, and a record written piece by piece interleaves with theirs under load.
  const stub = `#!/bin/sh
rec=$(printf '%s\\037' "$@")
printf '%s\\036' "$rec" >> "$LAB_LOG"
if [ -n "$LAB_FAIL" ]; then case " $* " in *"$LAB_FAIL"*) echo 'Error: Unknown device type.' >&2; exit 2 ;; esac; fi
case " $* " in *" iptables-restore "*) cat >> "$LAB_LOG.rules" ;; esac
case " $* " in *" nft -f - "*) cat >> "$LAB_LOG.nft" ;; esac
case " $* " in *" node -e "*) p=tcp; case "$6" in *dgram*) p=udp ;; esac; for w in "$@"; do case $w in ''|*[!0-9]*) ;; *) touch "$LAB_LOG.up.$3.$p.$w" ;; esac; done ;; esac
case " $* " in *" ss "*) p=tcp; case " $* " in *" -Hlun "*) p=udp ;; esac; for w in "$@"; do f=$w; done; until [ -e "$LAB_LOG.up.$3.$p.\${f##*:}" ]; do sleep 0.01; done; echo LISTEN ;; esac
exit 0
`;
  // nft is only looked for (command -v): the nftables mode's tables reach it through `ip netns exec`.
  for (const tool of ['ip', 'bridge', 'nft']) {
    writeFileSync(join(bin, tool), stub);
    chmodSync(join(bin, tool), 0o755);
  }
  const script = join(dir, 'lab.sh');
  writeFileSync(script, labScript(cluster, { prefix: 'pp' }));
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  writeFileSync(`${log}.rules`, '');
  writeFileSync(`${log}.nft`, '');
  const r = spawnSync(shell, [script, ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LAB_LOG: log, LAB_FAIL: fail } });
  const calls = readFileSync(log, 'utf8').split('\x1e').filter(Boolean).map((c) => c.split('\x1f').slice(0, -1));
  return { status: r.status, stderr: r.stderr, calls, rules: readFileSync(`${log}.rules`, 'utf8'), nft: readFileSync(`${log}.nft`, 'utf8') };
}

const SHELLS = ['sh', 'bash'];

describe('a lab script for hostile names', () => {
  it('is one bash and sh can parse', () => {
    const script = labScript(hostileCluster(hostileNames('/nonexistent')), { prefix: 'pp' });
    for (const shell of SHELLS) {
      const r = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
      expect([shell, r.status, r.stderr]).toEqual([shell, 0, '']);
    }
  });

  it('writes each name as one quoted word: the server\'s arguments, exec\'s case patterns', () => {
    const m = '/m';
    const names = hostileNames(m);
    const script = labScript(hostileCluster(names), { prefix: 'pp' });
    const pod = labNames('pp').pod({ namespace: 'default', name: names.pod });
    expect(pod).toMatch(/^pp-pod-default\.x[a-z2-7]{16}$/);
    const node02 = labNames('pp').node(names.node);
    expect(script).toContain(
      `\n  ip netns exec ${pod} node -e "$SERVER" -- 'web"'\\''$(touch /m/pod)\`touch /m/pod-bt\`;*)\nRULES\nJS\ntouch /m/pod-nl' default 'node02'\\''$(touch /m/node)"' 80 >/dev/null 2>&1 &\n`,
    );
    expect(script).toContain(`\n    'pod/default/$(touch /m/hostnet)*)'|'pod/$(touch /m/hostnet)*)') ns=pp-node-node01 ;;\n`);
    expect(script).toContain(`\n    'node/node02'\\''$(touch /m/node)"') ns=${node02} ;;\n`);
    expect(script).toContain(`\n    'external') ns=${labNames('pp').external(names.external)} ;;\n`.replace("'external'", 'external'));
  });

  it.each(SHELLS)('%s: up, exec into every target, request and down run nothing from a name, and hand each name over whole', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const names = hostileNames(marker);
    const cluster = hostileCluster(names);
    const lab = labNames('pp');
    const up = runLab(cluster, shell, 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    // The pod's server gets its name, namespace and node as three words, exactly.
    expect(up.calls).toContainEqual(['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'node', '-e', SERVER, '--', names.pod, 'default', names.node, '80']);
    expect(up.calls).toContainEqual(['netns', 'exec', lab.node('node01'), 'node', '-e', SERVER, '--', names.hostNetworkPod, 'default', 'node01', '8080']);
    expect(up.calls).toContainEqual(['netns', 'exec', lab.external(names.external), 'node', '-e', SERVER, '--', names.external, '-', '-', '80']);
    // iptables-restore read the comments as iptables-save writes them.
    expect(up.rules).toContain(`-m comment --comment "default/${names.service.replace(/(["\\'])/g, '\\$1')}:${names.port.replace(/(["\\'])/g, '\\$1')}"`);
    // Probe two of issue 15: a hostNetwork pod's name in exec's case patterns.
    for (const target of ['node/node01', `node/${names.node}`, 'external', `pod/default/${names.pod}`, `pod/${names.pod}`, `pod/default/${names.hostNetworkPod}`, `pod/${names.hostNetworkPod}`]) {
      const r = runLab(cluster, shell, 'exec', target, 'true');
      expect([target, r.status, r.stderr, r.calls.at(-1)?.slice(0, 2), r.calls.at(-1)?.slice(3)]).toEqual([target, 0, '', ['netns', 'exec'], ['true']]);
    }
    expect(runLab(cluster, shell, 'exec', `pod/default/${names.pod}`, 'true').calls).toEqual([['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'true']]);
    expect(runLab(cluster, shell, 'exec', 'pod/default/nothing', 'true')).toMatchObject({ status: 2, stderr: 'podpath lab: unknown target pod/default/nothing: use external, node/NAME or pod/[NS/]NAME\n', calls: [] });
    const request = runLab(cluster, shell, 'request', 'external', '192.168.255.102', '30080', `h$(touch ${marker}/host) *`);
    expect(request.calls).toEqual([['netns', 'exec', lab.external(names.external), 'node', '-e', CLIENT, '--', '192.168.255.102', '30080', `h$(touch ${marker}/host) *`]]);
    expect(runLab(cluster, shell, 'down').status).toBe(0);
    expect(readdirSync(marker)).toEqual([]);
  }, 60_000);

  it.each(SHELLS)('%s: probe one of issue 15, a port name that ends the RULES here-document, stops up with a message and runs nothing', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const script = labScript(newlinePortCluster(marker), { prefix: 'pp' });
    expect(script.split('\n')).not.toContain(`touch ${marker}/port-nl #`);
    const up = runLab(newlinePortCluster(marker), shell, 'up');
    expect(readdirSync(marker)).toEqual([]);
    expect(up.status).toBe(1);
    expect(up.stderr).toBe(
      'podpath lab: a rule on node master01 holds a control character, which iptables-restore cannot read; the API server would have refused the name or address behind it\n',
    );
    expect(up.rules).toBe('');
  }, 30_000);

  it.each(SHELLS)('%s: probe two of issue 15, a hostNetwork pod named $(touch …), runs nothing on exec node/node01', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const cluster = hostileCluster({ ...hostileNames(marker), hostNetworkPod: `$(touch ${marker}/hostnet)` });
    const r = runLab(cluster, shell, 'exec', 'node/node01', 'true');
    expect([r.status, r.stderr, readdirSync(marker)]).toEqual([0, '', []]);
    expect(r.calls).toEqual([['netns', 'exec', 'pp-node-node01', 'true']]);
  });

  it('the tame cluster loads every node\'s rules', () => {
    const up = runLab(buildCluster(TAME), 'sh', 'up');
    expect(up.status).toBe(0);
    expect(up.rules.match(/^\*nat$/gm)).toHaveLength(3);
  }, 30_000);
});

describe('a Calico lab (routed veths, proxy ARP, felix\'s chains)', () => {
  const calico = (encapsulation: string) => buildCluster(`${TAME}${calicoInstallation(encapsulation)}`);
  const at = (calls: string[][], words: string[]) => calls.findIndex((c) => c.join(' ') === words.join(' '));

  it.each(SHELLS)('%s: each pod on a cali veth with the CNI plugin\'s sysctls, its routes via 169.254.1.1, the node\'s /32 after the veth, the blackhole, vxlan.calico', (shell) => {
    const cluster = calico('VXLAN');
    const lab = labNames('pp');
    const web = cluster.pods.find((p) => p.name === 'web-pod')!;
    const pod = lab.pod(web);
    const node = lab.node('node02');
    const veth = web.hostVeth!;
    expect(veth).toMatch(/^cali[0-9a-f]{11}$/);
    const up = runLab(cluster, shell, 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    const order = [
      ['-n', node, 'link', 'add', 'vxlan.calico', 'address', cluster.nodeDataplanes.find((d) => d.node === 'node02')!.interfaces.find((i) => i.name === 'vxlan.calico')!.mac, 'type', 'vxlan', 'id', '4096', 'local', '192.168.255.103', 'dev', 'eth0', 'dstport', '4789', 'nolearning'],
      ['-n', node, 'link', 'add', veth, 'address', 'ee:ee:ee:ee:ee:ee', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', pod],
      ['netns', 'exec', node, 'sysctl', '-qw', `net.ipv4.conf.${veth}.route_localnet=1`],
      ['netns', 'exec', node, 'sysctl', '-qw', `net.ipv4.neigh.${veth}.proxy_delay=0`],
      ['netns', 'exec', node, 'sysctl', '-qw', `net.ipv4.conf.${veth}.proxy_arp=1`],
      ['netns', 'exec', node, 'sysctl', '-qw', `net.ipv4.conf.${veth}.forwarding=1`],
      ['-n', node, 'link', 'set', veth, 'up'],
      ['-n', pod, 'addr', 'add', `${web.ip}/32`, 'dev', 'eth0'],
      ['-n', pod, 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link'],
      ['-n', pod, 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0'],
      ['-n', node, 'route', 'add', web.ip!, 'dev', veth, 'scope', 'link'],
      ['netns', 'exec', node, 'ipset', 'restore'],
      ['netns', 'exec', node, 'iptables-restore'],
    ];
    const indexes = order.map((words) => at(up.calls, words));
    expect(indexes.every((i) => i >= 0), JSON.stringify(indexes)).toBe(true);
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
    // No bridge on a Calico node, and no veth is a bridge port.
    expect(up.calls.filter((c) => c[1]?.startsWith('pp-node-') && (c.includes('bridge') || c.includes('master')))).toEqual([]);
    const block = cluster.nodeDataplanes.find((d) => d.node === 'node02')!.routes.find((r) => r.type === 'blackhole')!;
    expect(up.calls).toContainEqual(['-n', node, 'route', 'add', 'blackhole', block.dst, 'proto', '80']);
    // felix writes the IPIP protocol as a number, which every iptables reads.
    expect(up.rules).toContain('-p 4 -m comment --comment "Drop IPinIP encapped packets originating in workloads" -j DROP');
    expect(up.rules).not.toContain('-p ipv4');
    expect(up.rules).toContain('-A cali-FORWARD -i cali+ -j cali-from-wl-dispatch\n');
  }, 30_000);

  it('IPIP where the kernel has it: tunl0 taken over (or added), its /32, the blocks via the nodes onlink', () => {
    const cluster = calico('IPIP');
    const dp = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;
    const tunl0 = dp.interfaces.find((i) => i.name === 'tunl0')!;
    const up = runLab(cluster, 'sh', 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    const ns = labNames('pp').node('node01');
    expect(up.calls).toContainEqual(['-n', ns, 'link', 'show', 'tunl0']);
    expect(up.calls).toContainEqual(['-n', ns, 'addr', 'add', tunl0.address!, 'dev', 'tunl0']);
    for (const r of dp.routes.filter((r) => r.dev === 'tunl0')) expect(up.calls).toContainEqual(['-n', ns, 'route', 'add', r.dst, 'via', r.via!, 'dev', 'tunl0', 'onlink', 'proto', 'bird']);
  });

  it.each(SHELLS)('%s: IPIP on a kernel without it: says so, and routes the blocks plainly via the nodes\' LAN addresses', (shell) => {
    const cluster = calico('IPIP');
    // No ipip module: no fallback tunl0 in a new namespace, and none can be added.
    const up = runLabFailing('tunl0', cluster, shell, 'up');
    expect(up.status).toBe(0);
    const tunnels = cluster.nodeDataplanes.map((d) => d.interfaces.find((i) => i.name === 'tunl0')!.address);
    expect(up.stderr.split('\n').filter(Boolean)).toEqual(cluster.nodeDataplanes.map((d, i) =>
      `podpath lab: node ${d.node}: this kernel cannot make tunl0 (IPIP), so the lab routes the other nodes' blocks plainly via their LAN addresses, as encapsulation None does, and ${tunnels[i]} is not on the node (Error: Unknown device type.)`));
    const dp = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;
    const ns = labNames('pp').node('node01');
    const plain = dp.routes.filter((r) => r.dev === 'tunl0');
    expect(plain.length).toBe(2);
    for (const r of plain) expect(up.calls).toContainEqual(['-n', ns, 'route', 'add', r.dst, 'via', r.via!, 'dev', 'eth0', 'proto', 'bird']);
    expect(up.calls.filter((c) => c.includes('tunl0') && !c.includes('show') && !c.includes('type'))).toEqual([]);
  });

  it('VXLAN on a kernel without it: the VTEP\'s node is the next hop', () => {
    const cluster = calico('VXLAN');
    const up = runLabFailing('type vxlan', cluster, 'sh', 'up');
    expect(up.status).toBe(0);
    expect(up.stderr).toContain('podpath lab: node node01: this kernel cannot make vxlan.calico (VXLAN)');
    const ns = labNames('pp').node('node01');
    const routes = up.calls.filter((c) => c[1] === ns && c[2] === 'route' && c[4]?.endsWith('/26'));
    const blockOf = (node: string) => cluster.nodeDataplanes.find((d) => d.node === node)!.routes.find((r) => r.type === 'blackhole')!.dst;
    expect(routes.map((c) => c.slice(4)).sort()).toEqual([
      [blockOf('master01'), 'via', '192.168.255.101', 'dev', 'eth0', 'proto', '80'],
      [blockOf('node02'), 'via', '192.168.255.103', 'dev', 'eth0', 'proto', '80'],
    ].sort());
    expect(up.calls.filter((c) => c.includes('neigh') || c[0] === 'fdb' || c.includes('fdb'))).toEqual([]);
  });

  it.each(SHELLS)('%s: hostile names in a Calico cluster run nothing and reach the servers whole; a veth name that is no interface name stops up', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const names = hostileNames(marker);
    const cluster = hostileCluster(names, `${TAME}${calicoInstallation('VXLAN')}`);
    const up = runLab(cluster, shell, 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    const lab = labNames('pp');
    expect(up.calls).toContainEqual(['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'node', '-e', SERVER, '--', names.pod, 'default', names.node, '80']);
    // CoreDNS's 53/UDP: the UDP server, its arguments as words.
    const dns = cluster.pods.find((p) => p.name.startsWith('coredns-'))!;
    expect(up.calls).toContainEqual(['netns', 'exec', lab.pod(dns), 'node', '-e', USERVER, '--', dns.name, 'kube-system', 'master01', '53']);
    expect(runLab(cluster, shell, 'probe', `pod/default/${names.pod}`, 'udp:10.96.0.10:53', `tcp:$(touch ${marker}/probe):1`).calls).toEqual([
      ['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'node', '-e', PROBE, '--', 'udp:10.96.0.10:53', `tcp:$(touch ${marker}/probe):1`],
    ]);
    // A veth name holding a dot, an `=` or worse would name another sysctl key.
    const bad = `cali.x=1$(touch ${marker}/veth)`;
    const renamed = structuredClone(cluster);
    const pod = renamed.pods.find((p) => p.name === names.pod)!;
    const old = pod.hostVeth!;
    pod.hostVeth = bad;
    for (const d of renamed.nodeDataplanes) for (const i of d.interfaces) if (i.name === old) i.name = bad;
    const stopped = runLab(renamed, shell, 'up');
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toBe(`podpath lab: the veth of pod default/${names.pod} on node ${names.node} is named ${JSON.stringify(bad)}, not a Linux interface name of letters, digits, _ and - (at most 15)\n`);
    expect(stopped.calls.filter((c) => c.some((w) => w.includes(bad)))).toEqual([]);
    expect(readdirSync(marker)).toEqual([]);
  }, 60_000);
});

describe('a lab in kube-proxy\'s nftables mode', () => {
  const NFT = '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n';
  const at = (calls: string[][], words: string[]) => calls.findIndex((c) => c.join(' ') === words.join(' '));

  it('says it needs nft, and looks for it before it makes any namespace', () => {
    const script = labScript(buildCluster(TAME + NFT), { prefix: 'pp' });
    expect(script.split('\n')[2]).toBe('# Needs root, iproute2, iptables, nft (Debian: nftables) and node. Touches nothing outside its own namespaces.');
    const check = "  command -v nft >/dev/null 2>&1 || { printf '%s\\n' 'podpath lab: this cluster runs kube-proxy in nftables mode, and nft is not installed (Debian: apt-get install nftables)' >&2; exit 1; }";
    const lines = script.split('\n');
    expect(lines.indexOf(check)).toBeGreaterThan(lines.indexOf('up() {'));
    expect(lines.indexOf(check)).toBeLessThan(lines.indexOf('  ip netns add pp-lan'));
    // iptables mode needs no nft.
    expect(labScript(buildCluster(TAME), { prefix: 'pp' })).not.toContain('nft');
  });

  it.each(SHELLS)('%s: up loads every node\'s kube-proxy transaction with nft -f in its namespace, after its iptables, the transaction exactly', (shell) => {
    const cluster = buildCluster(TAME + NFT);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const up = runLab(cluster, shell, 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    const lab = labNames('pp');
    for (const dp of cluster.nodeDataplanes) {
      const ns = lab.node(dp.node);
      const restore = at(up.calls, ['netns', 'exec', ns, 'iptables-restore']);
      const nft = at(up.calls, ['netns', 'exec', ns, 'nft', '-f', '-']);
      expect([dp.node, restore >= 0, nft > restore]).toEqual([dp.node, true, true]);
    }
    // What nft read: each node's transaction as kube-proxy writes it, one after the other.
    expect(up.nft).toBe(cluster.nodeDataplanes.map((dp) => renderTransaction(dp.nftables!)).join(''));
    expect(up.nft).toContain('add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips\n');
    // The iptables part is the kubelet's and flanneld's alone: no KUBE-SERVICES.
    expect(up.rules).toContain('-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD\n');
    expect(up.rules).not.toContain('KUBE-SERVICES');
    expect(runLab(cluster, shell, 'down').status).toBe(0);
  }, 30_000);

  it.each(SHELLS)('%s: hostile names stop up at the first node\'s table, with a message, and hand nft nothing and run nothing', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const names = hostileNames(marker);
    const cluster = hostileCluster(names, TAME + NFT);
    // The first chain kube-proxy declares for the Service: its endpoint's.
    const chain = [...cluster.nodeDataplanes[0].nftables!.chains.keys()].find((c) => c.includes(names.service))!;
    expect(chain).toMatch(/^endpoint-[A-Z2-7]{8}-default\/svc'/);
    const up = runLab(cluster, shell, 'up');
    expect(readdirSync(marker)).toEqual([]);
    expect(up.status).toBe(1);
    expect(up.stderr).toBe(
      `podpath lab: node master01: a name, comment or address in kube-proxy's nftables table holds a quote, a ";", a "#" or a control character, which nft cannot read as one value (${JSON.stringify(chain)}); the API server would have refused the object behind it\n`,
    );
    expect(up.nft).toBe('');
  }, 30_000);
});

describe('nftRefusal: what nft could not read as one value', () => {
  const table = () => buildCluster(TAME + '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n').nodeDataplanes[0].nftables!;

  it('passes kube-proxy\'s own table', () => {
    expect(nftRefusal(table())).toBeUndefined();
  });

  it.each<[string, (t: NftTable, bad: string) => void, string]>([
    ['a quote in a rule\'s comment', (t, bad) => (t.chains.get('reject-chain')!.rules[0].comment = bad), 'x" ; include "/etc/shadow'],
    ['a ; in a rule', (t, bad) => (t.chains.get('reject-chain')!.rules[0].text = bad), 'reject ; flush ruleset'],
    ['a # in an element key', (t, bad) => (t.sets.get('nodeport-ips')!.elements[0].key = [bad]), '192.168.255.101 # x'],
    ['a newline in a set comment', (t, bad) => (t.sets.get('cluster-ips')!.comment = bad), 'Active\nflush ruleset'],
    ['a chain name nft would read as two words', (t, bad) => t.chains.set(bad, { name: bad, rules: [] }), 'service-X-a b'],
  ])('refuses %s, and shows it', (_name, spoil, bad) => {
    const t = table();
    spoil(t, bad);
    expect(nftRefusal(t)).toBe(
      `a name, comment or address in kube-proxy's nftables table holds a quote, a ";", a "#" or a control character, which nft cannot read as one value (${JSON.stringify(bad)}); the API server would have refused the object behind it`,
    );
  });
});

describe('a lab in kube-proxy\'s userspace mode', () => {
  it.each(SHELLS)('%s: refuses to build: up says why and makes nothing', (shell) => {
    const cluster = buildCluster(TAME + '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n');
    expect(cluster.settings.proxy.mode).toBe('userspace');
    const script = labScript(cluster, { prefix: 'pp' });
    expect(script.split('\n')[3]).toBe("# kube-proxy's userspace mode needs its proxy process, which the lab does not run: up refuses.");
    const up = runLab(cluster, shell, 'up');
    // The only call: down's look for namespaces to delete.
    expect(up).toMatchObject({ status: 1, stderr: `${USERSPACE_REFUSAL}\n`, calls: [['netns', 'list']], rules: '', nft: '' });
  });
});
