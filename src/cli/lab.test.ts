/** `podpath lab`: the engine's lab script for the cluster, as it is, and a shell that can read it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { labScript } from '../engine/lab/script';
import { nodePortLesson } from '../lessons/nodeport';
import { calicoInstallation } from '../engine/testdata/calico';
import { memoryIo } from './io';
import { run } from './run';

async function podpath(line: string) {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml });
  const code = await run(line.split(' '), io);
  return { code, out: io.out, err: io.err };
}

describe('podpath lab', () => {
  it('prints labScript for the cluster, namespaces prefixed podpath', async () => {
    const r = await podpath('lab -f lesson.yaml');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(labScript(buildCluster(nodePortLesson.yaml), { prefix: 'podpath' }));
    expect(r.out.split('\n').slice(0, 2)).toEqual(['#!/bin/sh', '# Podpath lab: the simulated cluster in real network namespaces (prefix podpath).']);
    expect(r.out).toContain('\n  ip netns add podpath-node-node01\n');
  });

  it('builds a Calico cluster: routed cali veths answering 169.254.1.1 by proxy ARP, the tunnel, felix\'s chains', async () => {
    const calico = `${nodePortLesson.yaml}\n${calicoInstallation('IPIP')}`;
    const io = memoryIo({ 'calico.yaml': calico });
    const code = await run(['lab', '-f', 'calico.yaml'], io);
    expect([code, io.err]).toEqual([0, '']);
    expect(io.out).toBe(labScript(buildCluster(calico), { prefix: 'podpath' }));
    const pod = buildCluster(calico).pods.find((p) => p.name === 'my-nginx-deploment-55f596c87c-bzw22')!;
    expect(io.out).toContain(`\n  ip netns exec podpath-node-${pod.node} sysctl -qw net.ipv4.conf.${pod.hostVeth}.proxy_arp=1\n`);
    expect(io.out).toContain('\n  ip -n podpath-pod-default.my-nginx-deploment-55f596c87c-bzw22 route add default via 169.254.1.1 dev eth0\n');
    expect(io.out).toContain('\n  if why=$({ ip -n podpath-node-node01 link show tunl0 >/dev/null 2>&1 || ip -n podpath-node-node01 link add tunl0 type ipip; } 2>&1); then\n');
    expect(io.out).toContain('\n-A cali-FORWARD -i cali+ -j cali-from-wl-dispatch\n');
    // No bridge on the nodes: the pods' veths are no bridge's ports.
    expect(io.out).not.toMatch(/bridge_slave|cbr0/);
    for (const shell of ['bash', 'sh']) {
      const r = spawnSync(shell, ['-n'], { input: io.out, encoding: 'utf8' });
      expect([shell, r.status, r.stderr]).toEqual([shell, 0, '']);
    }
  });

  it('refuses a userspace-mode cluster: the lab runs no kube-proxy process', async () => {
    const text = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n`;
    const io = memoryIo({ 'u.yaml': text });
    const code = await run(['lab', '-f', 'u.yaml'], io);
    expect([code, io.out, io.err]).toEqual([1, '', "podpath lab: this cluster runs kube-proxy in userspace mode, which needs kube-proxy's proxy process, and the lab does not run it\n"]);
  });

  it('--prefix names every namespace', async () => {
    const r = await podpath('lab --prefix class7 -f lesson.yaml');
    expect(r.out).toBe(labScript(buildCluster(nodePortLesson.yaml), { prefix: 'class7' }));
    expect(r.out.match(/ip netns add \S+/g)!.map((l) => l.split(' ')[3])).toEqual([
      'class7-lan',
      'class7-ext-client',
      'class7-node-master01',
      'class7-node-node01',
      'class7-node-node02',
      'class7-pod-kube-system.coredns-5dd5756b68-ht8rn',
      'class7-pod-kube-system.coredns-5dd5756b68-72jmm',
      'class7-pod-default.my-nginx-deploment-55f596c87c-bzw22',
      'class7-pod-default.my-nginx-deploment-55f596c87c-lpgt8',
    ]);
  });

  it('is a script bash and sh can parse', async () => {
    const { out } = await podpath('lab -f lesson.yaml');
    for (const shell of ['bash', 'sh']) {
      const r = spawnSync(shell, ['-n'], { input: out, encoding: 'utf8' });
      expect([shell, r.status, r.stderr]).toEqual([shell, 0, '']);
    }
  });

  it('refuses YAML the API server would reject, printing the diagnostics as podpath build does', async () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 70000
`;
    const io = memoryIo({ 'bad.yaml': yaml });
    const code = await run(['lab', '-f', 'bad.yaml'], io);
    const build = memoryIo({ 'bad.yaml': yaml });
    await run(['build', '-f', 'bad.yaml'], build);
    expect([code, io.out]).toEqual([1, '']);
    expect(io.err).toBe(
      'bad.yaml:7:5: error: The Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive [service-port-invalid]\n' +
        'error: the lab is built only from YAML the API server accepts whole (1 error)\n',
    );
    expect(io.err.startsWith(build.err)).toBe(true);
  });

  it.each(['a-b', 'x y', '', 'abcdefghijklmnopqrstu'])('refuses the prefix "%s"', async (prefix) => {
    const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml });
    const code = await run(['lab', '--prefix', prefix, '-f', 'lesson.yaml'], io);
    expect([code, io.out, io.err]).toEqual([1, '', `error: --prefix "${prefix}": use 1 to 20 letters and digits (it starts the name of every namespace the lab makes)\n`]);
  });
});
