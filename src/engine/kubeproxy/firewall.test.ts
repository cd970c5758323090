/**
 * KUBE-FIREWALL has two writers: kube-proxy's iptables mode puts it into its restore input only
 * while localhost node ports are in effect (v1.28 proxier.go syncProxyRules, NewProxier), and the
 * kubelet keeps its own identical copy on every IPv4 node (kubelet_network_linux.go). The
 * restore input follows the first; the node's iptables-save shows the chain either way.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { renderRestore, renderSave } from '../netfilter/render';

const date = new Date(Date.UTC(2026, 0, 8, 12, 5));
const proxyConfig = (body: string) => `${nodePortLesson.yaml}---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
${body}`;

function node01(yaml: string) {
  const dp = buildCluster(yaml).nodeDataplanes.find((d) => d.node === 'node01')!;
  const filter = dp.tables.find((t) => t.name === 'filter')!;
  const nat = dp.tables.find((t) => t.name === 'nat')!;
  return { restore: renderRestore(filter), natRestore: renderRestore(nat), save: renderSave([filter], { date }).split('\n') };
}

const GUARD = '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP';
const SAVED_GUARD = '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP';
const TAIL = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL';

describe('KUBE-FIREWALL: kube-proxy\'s copy is conditional, the kubelet\'s is not', () => {
  it('by default (localhostNodePorts true, every address) kube-proxy declares and fills it', () => {
    const n = node01(nodePortLesson.yaml);
    expect(n.restore).toContain(':KUBE-FIREWALL - [0:0]\n');
    expect(n.restore.split('\n').filter((l) => l.startsWith('-A KUBE-FIREWALL'))).toEqual([GUARD]);
    expect(n.natRestore).toContain(`${TAIL} -j KUBE-NODEPORTS\n`);
  });

  it('localhostNodePorts false: not in the restore input, node ports refuse 127.0.0.0/8, and the node keeps the kubelet\'s chain', () => {
    const n = node01(proxyConfig('iptables:\n  localhostNodePorts: false\n'));
    expect(n.restore).not.toContain('KUBE-FIREWALL');
    expect(n.natRestore).toContain(`${TAIL} ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n`);
    expect(n.save).toContain(':KUBE-FIREWALL - [0:0]');
    expect(n.save.filter((l) => l.includes('KUBE-FIREWALL') && l.startsWith('-A'))).toEqual([
      '-A INPUT -j KUBE-FIREWALL',
      '-A OUTPUT -j KUBE-FIREWALL',
      SAVED_GUARD,
    ]);
  });

  it('nodePortAddresses without loopback turns localhost node ports off: same restore input, one tail rule per node address', () => {
    const n = node01(proxyConfig('nodePortAddresses: ["192.168.255.0/24"]\n'));
    expect(n.restore).not.toContain('KUBE-FIREWALL');
    expect(n.natRestore.split('\n').filter((l) => l.includes('must be the last rule'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.255.102 -j KUBE-NODEPORTS',
    ]);
    expect(n.save.filter((l) => l.startsWith('-A KUBE-FIREWALL'))).toEqual([SAVED_GUARD]);
  });

  it('nodePortAddresses with 127.0.0.1/32: localhost node ports stay, and so does kube-proxy\'s KUBE-FIREWALL', () => {
    const n = node01(proxyConfig('nodePortAddresses: ["192.168.255.0/24", "127.0.0.1/32"]\n'));
    expect(n.restore.split('\n').filter((l) => l.startsWith('-A KUBE-FIREWALL'))).toEqual([GUARD]);
    expect(n.natRestore.split('\n').filter((l) => l.includes('must be the last rule'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 127.0.0.1 -j KUBE-NODEPORTS',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.255.102 -j KUBE-NODEPORTS',
    ]);
  });
});
