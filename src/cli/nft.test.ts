/**
 * `podpath nft`: kube-proxy's nftables table on a node, as `nft list ruleset` prints it there
 * or as kube-proxy's transaction; its errors, and what it echoes escaped for the terminal.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from '../engine/build';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { renderTransaction } from '../engine/kubeproxy/nftables/render';
import { memoryIo } from './io';
import { run } from './run';

const NFT_MODE = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
`;
const yaml = nodePortLesson.yaml + NFT_MODE;

async function podpath(argv: string[], files: Record<string, string> = { 'lesson.yaml': yaml }) {
  const io = memoryIo(files);
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('podpath nft', () => {
  it('--format list (the default): nft list ruleset on the node, the one table kube-proxy owns', async () => {
    const r = await podpath(['nft', '--node', 'node01', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(renderList(buildCluster(yaml).nodeDataplanes.find((d) => d.node === 'node01')!.nftables!));
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      'table ip kube-proxy {', '\tcomment "rules for kube-proxy"', '\tset cluster-ips {', '\t\ttype ipv4_addr', '\t\tcomment "Active ClusterIPs"',
      '\t\telements = { 10.96.0.1, 10.96.0.10,',
    ]);
    // The node's own address is its only node-port address.
    expect(r.out).toContain('\tset nodeport-ips {\n\t\ttype ipv4_addr\n\t\tcomment "IPs that accept NodePort traffic"\n\t\telements = { 192.168.255.102 }\n\t}\n');
    expect(r.out).toContain('\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n');
  });

  it('--format transaction: kube-proxy\'s add lines, kubeadm\'s kubernetes and kube-dns Services included as on a real node', async () => {
    const r = await podpath(['nft', '--node', 'node02', '--format', 'transaction', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(renderTransaction(buildCluster(yaml).nodeDataplanes.find((d) => d.node === 'node02')!.nftables!));
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('add table ip kube-proxy { comment "rules for kube-proxy" ; }');
    expect(lines).toContain('add element ip kube-proxy service-nodeports { tcp . 31101 : goto external-HGDPUAUO-default/my-nginx-deploment/tcp/ }');
    // kubeadm's Services: the API server on the control plane, CoreDNS's two pods.
    expect(lines.filter((l) => l.startsWith('add element ip kube-proxy service-ips ')).map((l) => l.split(' ')[6] + ' ' + l.split(' ')[8] + ' ' + l.split(' ')[10])).toEqual([
      '10.96.0.1 tcp 443', '10.108.229.67 tcp 8001', '10.96.0.10 udp 53', '10.96.0.10 tcp 53', '10.96.0.10 tcp 9153',
    ]);
    expect(lines.filter((l) => /^add rule ip kube-proxy endpoint-[A-Z2-7]{8}-default\/kubernetes\/tcp\/https__192\.168\.255\.101\/6443 meta l4proto tcp dnat to 192\.168\.255\.101:6443$/.test(l))).toHaveLength(1);
    expect(lines.every((l) => /^add (table|chain|set|map|rule|element) ip kube-proxy /.test(l))).toBe(true);
  });

  it('refuses a format it does not know, a node that does not exist, and a cluster not in nftables mode', async () => {
    expect(await podpath(['nft', '--node', 'node01', '--format', 'json', '-f', 'lesson.yaml'])).toEqual({ code: 1, out: '', err: 'error: --format must be list or transaction, not "json"\n' });
    expect(await podpath(['nft', '--node', 'node09', '-f', 'lesson.yaml'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "node09" not found\n' });
    expect(await podpath(['nft', '-f', 'lesson.yaml'])).toMatchObject({ code: 1, err: 'error: required flag(s) "node" not set\n' });
    expect(await podpath(['nft', '--node', 'node01', '-f', 'lesson.yaml'], { 'lesson.yaml': nodePortLesson.yaml })).toEqual({
      code: 1, out: '',
      err: 'error: kube-proxy runs in iptables mode: it writes no nftables table (a KubeProxyConfiguration with mode: nftables switches it); see podpath iptables-save --node node01\n',
    });
  });

  it('escapes what it echoes from the command line, as kubectl does', async () => {
    const r = await podpath(['nft', '--node', 'evil\x1b]0;pwned\x07', '-f', 'lesson.yaml']);
    expect(r).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "evil^[]0;pwned^G" not found\n' });
  });

  it('is listed in podpath --help, with its own help', async () => {
    expect((await podpath(['--help'])).out).toContain('  nft            kube-proxy\'s nftables table on one node (kube-proxy in nftables mode)\n');
    const help = await podpath(['nft', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('podpath nft --node NODE -f FILE... [--format list|transaction]');
  });

  it('the node\'s iptables in nftables mode hold the other agents\' rules only', async () => {
    const r = await podpath(['iptables-save', '--node', 'node01', '-t', 'nat', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('KUBE-SERVICES');
    expect(r.out).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
  });
});
