/**
 * The lab script, run as root, with names no API server would accept (issue 15): quotes,
 * `$(…)`, backticks, `;`, globs, `)` and newlines in pod, node, Service, port and host names,
 * each trying to create a file in a directory this test watches. They are written into the
 * cluster past validation (src/engine/lab/testdata.ts), so the script's quoting is all that
 * stands between them and a root shell. The lab must come up, answer, and go, with every name
 * handed over whole, nothing run, and the root namespace as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSave } from '../engine/netfilter/render';
import { hostileCluster, hostileNames, newlinePortCluster, TAME } from '../engine/lab/testdata';
import { calicoInstallation } from '../engine/testdata/calico';
import { kernelSave, labUnavailable, startLab } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);

/** What the lab must never touch: the root namespace's links, addresses, routes and rules. */
function rootNamespace(): Record<string, string> {
  const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
  return {
    links: run('ip', '-o', 'link', 'show'),
    addresses: run('ip', '-o', 'addr', 'show'),
    routes: run('ip', 'route', 'show', 'table', 'all'),
    // iptables-save's header and footer carry the time.
    rules: run('iptables-save').split('\n').filter((l) => !l.startsWith('#')).join('\n'),
  };
}

/** This process's lab namespaces still there (other runs on the machine have labs of their own). */
const ours = (prefix: string) => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`${prefix}-`));

let marker = '';
beforeEach(() => {
  marker = mkdtempSync(join(tmpdir(), 'podpath-hostile-'));
});
afterEach(() => rmSync(marker, { recursive: true, force: true }));

kernel('a lab of hostile names, in the kernel', () => {
  it('comes up, serves each pod under its own name, execs into every target, goes, and runs nothing', () => {
    const names = hostileNames(marker);
    const before = rootNamespace();
    const lab = startLab(hostileCluster(names));
    try {
      // The pod on the hostile node, through the NodePort on node01: its server was given its
      // name, namespace and node as words, exactly.
      expect(lab.curl('external', '192.168.255.102', 30080)).toMatchObject({ pod: names.pod, namespace: 'default', node: names.node, port: 80 });
      // The hostNetwork pod, on node01's own address.
      expect(lab.curl('external', '192.168.255.102', 8080)).toMatchObject({ pod: names.hostNetworkPod, namespace: 'default', node: 'node01', port: 8080, host: '192.168.255.102' });
      // The outside host's server, from the hostile pod.
      expect(lab.curl(`pod/default/${names.pod}`, '192.168.255.1', 80)).toMatchObject({ pod: names.external, port: 80 });
      for (const target of ['node/node01', `node/${names.node}`, 'external', `pod/default/${names.pod}`, `pod/${names.hostNetworkPod}`]) {
        expect(lab.exec(target, 'echo', target), target).toBe(`${target}\n`);
      }
      // exec runs in the namespace it names: node01's, holding node01's address.
      expect(lab.exec(`pod/default/${names.hostNetworkPod}`, 'ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0')).toContain(' 192.168.255.102/24 ');
    } finally {
      lab.down();
    }
    expect(readdirSync(marker)).toEqual([]);
    expect(ours(lab.prefix)).toEqual([]);
    expect(rootNamespace()).toEqual(before);
  }, 180_000);

  it('on Calico too (cali veths, proxy ARP, vxlan.calico, felix\'s chains): comes up, serves, probes over UDP, goes, and runs nothing', () => {
    const names = hostileNames(marker);
    const before = rootNamespace();
    const cluster = hostileCluster(names, `${TAME}${calicoInstallation('VXLAN')}`);
    expect(cluster.cni?.plugin).toBe('calico');
    const lab = startLab(cluster);
    try {
      // The NodePort on node01, then vxlan.calico to the pod on the hostile node.
      expect(lab.curl('external', '192.168.255.102', 30080)).toMatchObject({ pod: names.pod, namespace: 'default', node: names.node, port: 80 });
      // From the hostile pod, through kube-dns's cluster IP to CoreDNS's UDP server.
      const [dns] = lab.probe(`pod/default/${names.pod}`, [{ protocol: 'UDP', ip: '10.96.0.10', port: 53 }]);
      expect(dns).toMatchObject({ namespace: 'kube-system', node: 'master01', port: 53, from: cluster.pods.find((p) => p.name === names.pod)!.ip });
      for (const target of [`node/${names.node}`, `pod/default/${names.pod}`]) expect(lab.exec(target, 'echo', target), target).toBe(`${target}\n`);
    } finally {
      lab.down();
    }
    expect(readdirSync(marker)).toEqual([]);
    expect(ours(lab.prefix)).toEqual([]);
    expect(rootNamespace()).toEqual(before);
  }, 180_000);

  it('a port name that would end the RULES here-document (probe one): up stops, says why, and leaves nothing', () => {
    const before = rootNamespace();
    expect(() => startLab(newlinePortCluster(marker))).toThrow(/podpath lab: a rule on node master01 holds a control character, which iptables-restore cannot read/);
    expect(readdirSync(marker)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toMatch(new RegExp(`^pp${process.pid.toString(36)}`, 'm'));
    expect(rootNamespace()).toEqual(before);
  }, 120_000);

  it('iptables-save prints comments holding ", \\ and \' as the engine renders them', () => {
    const cluster = hostileCluster(hostileNames(marker));
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));
    for (const dp of cluster.nodeDataplanes) {
      const ours = renderSave(dp.tables, { date: new Date(0) });
      expect(ours).toContain(`--comment "default/svc\\'\\"\\\\$(touch ${marker}/svc);`);
      expect(body(kernelSave(ours)), dp.node).toEqual(body(ours));
    }
  });
});
