import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from './build';
import { saveRule } from './netfilter/render';
import { userView } from './testing';

const lesson = nodePortLesson.yaml;
const natLines = (yaml: string, node = 'node01') =>
  buildCluster(yaml).nodeDataplanes.find((d) => d.node === node)!.tables.find((t) => t.name === 'nat')!.rules.map(saveRule);

const kubeadm = (networking: string, extra = '') => `---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
${networking}${extra}`;
const kubeProxy = (body: string) => `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
${body}`;

describe('cluster settings from ClusterConfiguration and KubeProxyConfiguration', () => {
  it('carves node pod subnets from podSubnet and gives kubeadm\'s Services their addresses in serviceSubnet', () => {
    const c = buildCluster(lesson.replace('  clusterIP: 10.108.229.67\n', '') + kubeadm('  podSubnet: 10.10.0.0/16\n  serviceSubnet: 10.100.0.0/16\n'));
    expect(c.diagnostics).toEqual([]);
    expect(c.nodes.map((n) => n.podCIDR)).toEqual(['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24']);
    expect(c.services.map((s) => [s.name, s.clusterIP.startsWith('10.100.')])).toContainEqual(['my-nginx-deploment', true]);
    expect(c.services.find((s) => s.name === 'kubernetes')!.clusterIP).toBe('10.100.0.1');
    expect(c.services.find((s) => s.name === 'kube-dns')!.clusterIP).toBe('10.100.0.10');
    expect(userView(c).pods.map((p) => p.ip)).toEqual(['10.10.1.2', '10.10.2.2']);
    const lines = natLines(lesson.replace('  clusterIP: 10.108.229.67\n', '') + kubeadm('  podSubnet: 10.10.0.0/16\n  serviceSubnet: 10.100.0.0/16\n'));
    expect(lines.filter((l) => l.includes('my-nginx-deploment cluster IP') && l.startsWith('-A KUBE-SVC-'))[0]).toMatch(/^-A KUBE-SVC-O34RRTA663ZXJZ3Q ! -s 10\.10\.0\.0\/16 -d 10\.100\.\d+\.\d+\/32 /);
  });

  it('takes the node-port range from the API server\'s extra args', () => {
    const c = buildCluster(lesson + kubeadm('  podSubnet: 10.244.0.0/16\n', 'apiServer:\n  extraArgs:\n    service-node-port-range: 31000-31100\n'));
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      'The Service "my-nginx-deploment" is invalid: spec.ports[0].nodePort: Invalid value: 31101: provided port is not in the valid range. The range of valid ports is 31000-31100',
    ]);
  });

  it.each([
    ['iptables:\n  masqueradeAll: true\n', '-A KUBE-SVC-O34RRTA663ZXJZ3Q -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment cluster IP" -m tcp --dport 8001 -j KUBE-MARK-MASQ'],
    ['detectLocalMode: BridgeInterface\ndetectLocal:\n  bridgeInterface: cbr0\n', '-A KUBE-SVC-O34RRTA663ZXJZ3Q -d 10.108.229.67/32 ! -i cbr0 -p tcp -m comment --comment "default/my-nginx-deploment cluster IP" -m tcp --dport 8001 -j KUBE-MARK-MASQ'],
    ['detectLocalMode: NodeCIDR\n', '-A KUBE-SVC-O34RRTA663ZXJZ3Q ! -s 10.244.1.0/24 -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment cluster IP" -m tcp --dport 8001 -j KUBE-MARK-MASQ'],
    ['iptables:\n  localhostNodePorts: false\n', '-A KUBE-SERVICES ! -d 127.0.0.0/8 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'],
    ['nodePortAddresses:\n- 192.168.255.0/24\n', '-A KUBE-SERVICES -d 192.168.255.102/32 -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j KUBE-NODEPORTS'],
    ['iptables:\n  masqueradeBit: 15\n', '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x8000/0x8000'],
  ])('KubeProxyConfiguration %j writes %s', (body, line) => {
    expect(natLines(lesson + kubeProxy(body))).toContain(line);
  });

  it('with no clusterCIDR, cannot tell pods apart and masquerades nothing for cluster IPs', () => {
    const lines = natLines(lesson + kubeProxy('clusterCIDR: ""\n'));
    expect(lines.filter((l) => l.startsWith('-A KUBE-SVC-O34RRTA663ZXJZ3Q ') && l.includes('KUBE-MARK-MASQ'))).toEqual([]);
  });

  it('reports a value it cannot use at its line, and keeps the default', () => {
    const c = buildCluster(lesson + kubeadm('  podSubnet: 10.244.0.0\n'));
    expect(c.diagnostics.map((d) => [d.code, d.params, d.range.start.line])).toEqual([['config-invalid', { kind: 'ClusterConfiguration', field: 'networking.podSubnet', value: '10.244.0.0' }, 39]]);
    expect(c.settings.podSubnet).toBe('10.244.0.0/16');
  });
});

describe('nodes from Node objects', () => {
  const node = (name: string, extra = '') => `---\napiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n${extra}`;
  it('uses the written nodes, filling in pod subnets and LAN addresses; cordoned nodes take no pods', () => {
    const yaml = lesson + node('cp', '  labels:\n    node-role.kubernetes.io/control-plane: ""\nspec:\n  taints:\n  - key: node-role.kubernetes.io/control-plane\n    effect: NoSchedule\n')
      + node('w1', 'status:\n  addresses:\n  - type: InternalIP\n    address: 192.168.255.50\n') + node('w2', 'spec:\n  podCIDR: 10.244.9.0/24\n') + node('w3', 'spec:\n  unschedulable: true\n');
    const c = buildCluster(yaml);
    expect(c.nodes.map((n) => [n.name, n.ip, n.podCIDR, n.controlPlane])).toEqual([
      ['cp', '192.168.255.101', '10.244.0.0/24', true],
      ['w1', '192.168.255.50', '10.244.1.0/24', false],
      ['w2', '192.168.255.102', '10.244.9.0/24', false],
      ['w3', '192.168.255.103', '10.244.2.0/24', false],
    ]);
    expect(userView(c).pods.map((p) => p.node)).toEqual(['w1', 'w2']);
    expect(c.pods.filter((p) => p.system).map((p) => p.node)).toEqual(['cp', 'cp']);
  });
});

describe('namespaces', () => {
  it('refuses objects in a namespace that does not exist, and accepts them once it is declared', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: test\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
    expect(buildCluster(pod).diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([['namespace-not-found', 'namespaces "test" not found', 5]]);
    const c = buildCluster(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: test\n---\n${pod}`);
    expect(c.diagnostics).toEqual([]);
    expect(userView(c).pods.map((p) => `${p.namespace}/${p.name}`)).toEqual(['test/p']);
  });
});

describe('KubeProxyConfiguration for IPVS', () => {
  it('mode ipvs with a scheduler: every virtual server uses it', () => {
    const c = buildCluster(lesson + kubeProxy('mode: ipvs\nipvs:\n  scheduler: lc\n'));
    expect(c.diagnostics).toEqual([]);
    expect(c.settings.proxy).toMatchObject({ mode: 'ipvs', ipvs: { scheduler: 'lc', strictARP: false } });
    expect(new Set(c.nodeDataplanes[1].ipvs!.virtualServers.map((v) => v.scheduler))).toEqual(new Set(['lc']));
    // The default settings object is not touched by one cluster's configuration.
    expect(buildCluster(lesson + kubeProxy('mode: ipvs\n')).settings.proxy.ipvs.scheduler).toBe('rr');
  });

  it('reports a scheduler the kernel does not have and a mode kube-proxy does not know on Linux, at their lines', () => {
    // kernelspace is the Windows proxier's mode.
    const c = buildCluster(lesson + kubeProxy('mode: kernelspace\nipvs:\n  scheduler: fastest\n'));
    expect(c.diagnostics.map((d) => [d.message, d.range.start.line])).toEqual([
      ['KubeProxyConfiguration mode: "kernelspace" is not valid; the default is used', 38],
      ['KubeProxyConfiguration ipvs.scheduler: "fastest" is not valid; the default is used', 40],
    ]);
    expect(c.settings.proxy.mode).toBe('iptables');
  });

  it('warns that MetalLB\'s layer 2 mode needs strictARP under IPVS', () => {
    const pool = `---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
`;
    expect(buildCluster(lesson + pool + kubeProxy('mode: ipvs\n')).diagnostics.map((d) => d.code)).toEqual(['ipvs-strict-arp']);
    expect(buildCluster(lesson + pool + kubeProxy('mode: ipvs\nipvs:\n  strictARP: true\n')).diagnostics).toEqual([]);
  });
});

describe('KubeProxyConfiguration for nftables', () => {
  it('mode nftables: each node holds kube-proxy\'s ip kube-proxy table, and no kube-proxy rule in iptables', () => {
    const c = buildCluster(lesson + kubeProxy('mode: nftables\n'));
    expect(c.settings.proxy.mode).toBe('nftables');
    const dp = c.nodeDataplanes.find((d) => d.node === 'node01')!;
    expect(dp.nftables).toMatchObject({ family: 'ip', name: 'kube-proxy', comment: 'rules for kube-proxy' });
    expect([...dp.nftables!.chains.keys()]).toContain('service-HGDPUAUO-default/my-nginx-deploment/tcp/');
    // iptables keeps what the kubelet, flanneld and the portmap plugin write, and nothing of kube-proxy's.
    const iptables = dp.tables.flatMap((t) => t.rules.map(saveRule)).join('\n');
    expect(iptables).not.toMatch(/KUBE-SERVICES|KUBE-SVC-|KUBE-MARK-MASQ|KUBE-POSTROUTING/);
    expect(iptables).toContain('-A KUBE-FIREWALL');
    expect(iptables).toContain('FLANNEL-POSTRTG');
    // In iptables mode the table is absent.
    expect(buildCluster(lesson).nodeDataplanes[1].nftables).toBeUndefined();
  });

  it('takes mode nftables without a word', () => {
    expect(buildCluster(lesson + kubeProxy('mode: nftables\n')).diagnostics).toEqual([]);
  });

  it('reads nftables.masqueradeBit and masqueradeAll, not the iptables ones', () => {
    const c = buildCluster(lesson + kubeProxy('mode: nftables\niptables:\n  masqueradeBit: 3\nnftables:\n  masqueradeBit: 15\n  masqueradeAll: true\n'));
    expect(c.settings.proxy).toMatchObject({ masqueradeBit: 15, masqueradeAll: true });
    const rules = [...c.nodeDataplanes[1].nftables!.chains.values()].flatMap((ch) => ch.rules.map((r) => `${ch.name} ${r.text}`));
    expect(rules).toContain('mark-for-masquerade mark set mark or 0x008000');
    expect(rules).toContain('service-HGDPUAUO-default/my-nginx-deploment/tcp/ ip daddr 10.108.229.67 jump mark-for-masquerade');
    const bad = buildCluster(lesson + kubeProxy('mode: nftables\nnftables:\n  masqueradeBit: 40\n'));
    expect(bad.diagnostics.map((d) => d.message)).toContain('KubeProxyConfiguration nftables.masqueradeBit: "40" is not valid; the default is used');
  });
});
