/**
 * The kernel as referee of the rendering for issue 16's item 1 and 2 shapes: with
 * localhostNodePorts off (or nodePortAddresses without loopback) KUBE-FIREWALL is the kubelet's
 * alone, and with pods being deleted the SVL/SVC chains hold serving terminating endpoints. Each
 * node's rules, loaded with iptables-restore into a scratch namespace, must come back from the
 * kernel's own iptables-save as the very text Podpath shows.
 * Run with `PODPATH_LAB=1 npx vitest run src/lab/firewall.test.ts` as root.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { terminatingYaml } from '../engine/kubeproxy/flows.testing';
import { renderSave } from '../engine/netfilter/render';
import { nodePortLesson } from '../lessons/nodeport';
import { kernelSave, labUnavailable } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** KUBE-FIREWALL kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);

const proxyConfig = (body: string) => `${nodePortLesson.yaml}---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
${body}`;
const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));

kernel('iptables-save as the kernel prints it: KUBE-FIREWALL\'s owners and terminating endpoints', () => {
  it.each([
    ['localhostNodePorts: false', proxyConfig('iptables:\n  localhostNodePorts: false\n')],
    ['nodePortAddresses without loopback', proxyConfig('nodePortAddresses: ["192.168.255.0/24"]\n')],
    ['a pod being deleted, externalTrafficPolicy Local', terminatingYaml(['web-a'])],
    ['every pod being deleted', terminatingYaml(['web-a', 'web-b'], 'Cluster')],
  ])('%s: the same text on every node', (_name, yaml) => {
    const cluster = buildCluster(yaml);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const dp of cluster.nodeDataplanes) {
      const ours = renderSave(dp.tables, { date: new Date(0) });
      expect(ours).toContain(':KUBE-FIREWALL - [0:0]');
      expect(body(kernelSave(ours)), dp.node).toEqual(body(ours));
    }
  });
});
