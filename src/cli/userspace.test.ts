/**
 * The CLI in kube-proxy's userspace mode: `iptables-save` shows its portal chains and the
 * non-local ACCEPT, `--format restore` says kube-proxy never restored them, `trace` shows the
 * connection ending in kube-proxy and the new one it opens, and the repeats its round-robin.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from '../engine/build';
import { proxyPorts } from '../engine/kubeproxy/userspace/proxier';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { repeatsOf, traceRepeated } from '../engine/trace/repeat';
import { traceRequest } from '../engine/trace/trace';
import { memoryIo } from './io';
import { run } from './run';

const YAML = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n`;
const cluster = buildCluster(YAML);
const ports = proxyPorts(cluster.services, cluster.settings.proxy);
const PORT = ports.get('default/my-nginx-deploment/TCP')!;

const userspace = '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n';
const withSpec = (line: string) => nodePortLesson.yaml.replace('  type: NodePort\n', `  type: NodePort\n${line}\n`);

async function cli(...argv: string[]) {
  const io = memoryIo({ 'c.yaml': YAML });
  const code = await run([...argv, '-f', 'c.yaml'], io);
  return { code, out: io.out, err: io.err };
}

describe('podpath in kube-proxy\'s userspace mode', () => {
  it('iptables-save: the KUBE-PORTALS-… and KUBE-NODEPORT-… chains, no KUBE-SERVICES', async () => {
    const { code, out } = await cli('iptables-save', '--node', 'node01');
    expect(code).toBe(0);
    const lines = out.split('\n');
    for (const line of [
      ':KUBE-NODEPORT-NON-LOCAL - [0:0]',
      '-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL',
      `-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport ${PORT} -m state --state NEW -j ACCEPT`,
      '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
      '-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST',
      `-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 31101 -j REDIRECT --to-ports ${PORT}`,
      `-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 31101 -j DNAT --to-destination 192.168.255.102:${PORT}`,
      `-A KUBE-PORTALS-CONTAINER -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 8001 -j REDIRECT --to-ports ${PORT}`,
      `-A KUBE-PORTALS-HOST -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 8001 -j DNAT --to-destination 192.168.255.102:${PORT}`,
      `-A KUBE-PORTALS-CONTAINER -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp --dport 53 -j REDIRECT --to-ports ${ports.get('kube-system/kube-dns:dns/UDP')}`,
    ]) expect(lines).toContain(line);
    expect(out).not.toContain('KUBE-SERVICES');
    expect(out).not.toContain('KUBE-PROXY-CANARY');
    // The host rules DNAT to each node's own address.
    expect((await cli('iptables-save', '--node', 'node02')).out).toContain(`-j DNAT --to-destination 192.168.255.103:${PORT}`);
  });

  it('iptables-save --format restore: the mode never used iptables-restore', async () => {
    const { code, err } = await cli('iptables-save', '--node', 'node01', '--format', 'restore');
    expect(code).toBe(1);
    expect(err).toContain('userspace mode');
  });

  it('trace: REDIRECT, kube-proxy accepts, a new connection from the node; repeats go round-robin', async () => {
    const { code, out } = await cli('trace', '--from', 'external', '--to', '192.168.255.102:31101', '--repeat', '3');
    expect(code).toBe(0);
    expect(out).toContain(`nat KUBE-NODEPORT-CONTAINER: REDIRECT to this node, port ${PORT}`);
    expect(out).toContain(`dst 192.168.255.102:31101 → 192.168.255.102:${PORT}`);
    expect(out).toContain(`kube-proxy accepts on :${PORT} (default/my-nginx-deploment)`);
    expect(out).toContain('kube-proxy → 10.244.1.2:80 (round-robin, 1 of 2)');
    expect(out).toContain('kube-proxy copies the answer to the client');
    expect(out).toContain('source seen 10.244.1.1');
    expect(out).toContain("default/my-nginx-deploment-55f596c87c-lpgt8 10.244.2.2:80  kube-proxy's round-robin: endpoint 2 of 2");
    expect(out).toContain("default/my-nginx-deploment-55f596c87c-bzw22 10.244.1.2:80  kube-proxy's round-robin: endpoint 1 of 2");
  });

  it('build: a warning, not an error, that v1.26 removed the mode', async () => {
    const { code, out, err } = await cli('build');
    expect(code).toBe(0);
    expect(out + err).toContain('removed in v1.26');
    expect(out + err).toContain('[proxy-mode-userspace-removed]');
  });

  it('the trace\'s messages: every one of these traces has a text has a text in English and in Chinese', () => {
    const none = buildCluster(nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nobody\n  clusterIP') + userspace);
    const closed = buildCluster(nodePortLesson.yaml.replace('targetPort: 80', 'targetPort: 81') + userspace);
    const sticky = buildCluster(withSpec('  sessionAffinity: ClientIP') + userspace);
    const traces = [
      traceRequest(cluster, { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: 'http://my-nginx-deploment:8001/' }),
      traceRequest(cluster, { from: 'node/master01', to: '10.108.229.67:8001' }),
      traceRequest(none, { from: 'external', to: '192.168.255.102:31101' }),
      traceRequest(closed, { from: 'external', to: '192.168.255.102:31101' }),
      ...traceRepeated(sticky, repeatsOf({ from: 'external', to: '192.168.255.102:31101' }, 2)),
    ];
    const keys = new Set<string>(cluster.diagnostics.flatMap((d) => (d.key ? [d.key] : [])));
    for (const t of traces) {
      keys.add(t.outcomeMessage.key);
      for (const h of t.hops) {
        keys.add(h.title.key);
        keys.add(h.explain.key);
        for (const r of h.netfilter?.rules ?? []) for (const m of r.matches) keys.add(m.why.key);
      }
    }
    expect([...keys].filter((k) => k.startsWith('hop.us')).length).toBeGreaterThan(8);
    for (const key of keys) {
      expect(key in en, key).toBe(true);
      expect(key in zh, key).toBe(true);
    }
    expect(en['hop.usAccept.explain']).toContain('removed in v1.26');
    expect(zh['hop.usAccept.explain']).toContain('v1.26');
  });
});
