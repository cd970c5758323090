import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { failReadiness, failsReadiness, proxyModeOf, replicasOf, restoreReadiness, scaleWorkload, setProxyMode, toggleExternalTrafficPolicy } from './whatif';

const yaml = nodePortLesson.yaml;
const deploy = { kind: 'Deployment', name: 'my-nginx-deploment' };
const svc = { kind: 'Service', name: 'my-nginx-deploment' };
const userPods = (text: string) => buildCluster(text).pods.filter((p) => !p.system);

describe('scaling a workload', () => {
  it('edits spec.replicas in place, and the controller makes that many pods', () => {
    expect(replicasOf(yaml, deploy)).toBe(2);
    const up = scaleWorkload(yaml, deploy, 3)!;
    expect(up).toBe(yaml.replace('  replicas: 2\n', '  replicas: 3\n'));
    expect(userPods(up)).toHaveLength(3);
    expect(userPods(scaleWorkload(yaml, deploy, 0)!)).toHaveLength(0);
  });
  it('adds replicas under spec when the text leaves it to the default', () => {
    const noReplicas = yaml.replace('  replicas: 2\n', '');
    expect(replicasOf(noReplicas, deploy)).toBe(1);
    const text = scaleWorkload(noReplicas, deploy, 4)!;
    expect(text).toContain('spec:\n  replicas: 4\n  selector:');
    expect(userPods(text)).toHaveLength(4);
  });
  it('is not available for an object the text does not hold, or below zero', () => {
    expect(scaleWorkload(yaml, { kind: 'Deployment', name: 'coredns', namespace: 'kube-system' }, 3)).toBeUndefined();
    expect(scaleWorkload(yaml, deploy, -1)).toBeUndefined();
  });
});

describe('externalTrafficPolicy', () => {
  it('flips Cluster to Local and back; Local drops what reaches a node without an endpoint', () => {
    const local = toggleExternalTrafficPolicy(yaml, svc)!;
    expect(local).toContain('spec:\n  externalTrafficPolicy: Local\n  type: NodePort');
    const cluster = buildCluster(local);
    expect(cluster.services.find((s) => s.name === svc.name)!.externalTrafficPolicy).toBe('Local');
    // master01 runs no nginx pod: with Local, kube-proxy's KUBE-EXT chain has nowhere to send it.
    const trace = traceRequest(cluster, { from: 'external', to: 'http://192.168.255.101:31101/' });
    expect(trace.outcome).toBe('dropped');
    // node01 has its own endpoint and keeps the client's address (no masquerade).
    const kept = traceRequest(cluster, { from: 'external', to: 'http://192.168.255.102:31101/' });
    expect([kept.outcome, kept.sourceIpSeen]).toEqual(['served', '192.168.255.1']);
    const back = toggleExternalTrafficPolicy(local, svc)!;
    expect(back).toContain('externalTrafficPolicy: Cluster');
    expect(traceRequest(buildCluster(back), nodePortLesson.request).outcome).toBe('served');
  });
  it('is only offered for Services that take outside traffic', () => {
    const clusterIp = yaml.replace('type: NodePort', 'type: ClusterIP').replace('    nodePort: 31101\n', '');
    expect(toggleExternalTrafficPolicy(clusterIp, svc)).toBeUndefined();
  });
});

describe('kube-proxy mode', () => {
  it('appends a KubeProxyConfiguration with mode ipvs, then flips its mode back', () => {
    expect(proxyModeOf(yaml)).toBe('iptables');
    const ipvs = setProxyMode(yaml, 'ipvs');
    expect(ipvs).toBe(`${yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n`);
    const cluster = buildCluster(ipvs);
    expect(cluster.settings.proxy.mode).toBe('ipvs');
    expect(cluster.nodeDataplanes[0].ipvs?.virtualServers.length).toBeGreaterThan(0);
    expect(traceRequest(cluster, nodePortLesson.request).hops.some((h) => h.kind === 'ipvs')).toBe(true);
    const back = setProxyMode(ipvs, 'iptables');
    expect(back).toBe(ipvs.replace('mode: ipvs', 'mode: iptables'));
    expect(buildCluster(back).settings.proxy.mode).toBe('iptables');
  });
  it('reads every mode kube-proxy has had, and an unknown one as the default', () => {
    const config = (mode: string) => `${yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${mode}\n`;
    expect(['iptables', 'ipvs', 'nftables', 'userspace', '""', 'kernelspace'].map((m) => proxyModeOf(config(m)))).toEqual(['iptables', 'ipvs', 'nftables', 'userspace', 'iptables', 'iptables']);
    expect(setProxyMode(config('nftables'), 'userspace')).toBe(config('userspace'));
  });
  it('adds mode under kind when the configuration has none', () => {
    const text = `${yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\n`;
    expect(setProxyMode(text, 'ipvs')).toContain('kind: KubeProxyConfiguration\nmode: ipvs\nclusterCIDR: 10.244.0.0/16\n');
  });
});

describe('readiness', () => {
  it('gives the first container a probe that never passes: the pods are not ready and the Service has no endpoint', () => {
    const text = failReadiness(yaml, deploy)!;
    expect(text).toContain('      - name: nginx\n        readinessProbe:\n          exec:\n            command: ["false"]\n        image: nginx:1.26\n');
    const pods = userPods(text);
    expect(pods.map((p) => [p.ready, p.notReady?.key])).toEqual([[false, 'pod.notReady.exec'], [false, 'pod.notReady.exec']]);
    expect(failsReadiness(text, deploy, pods[0].listening)).toBe(true);
    expect(traceRequest(buildCluster(text), { from: 'external', to: 'http://192.168.255.102:31101/' }).candidates).toEqual([]);
  });
  it('replaces a probe the container had, and restoring removes only the failing one', () => {
    const withProbe = yaml.replace('        image: nginx:1.26\n', '        image: nginx:1.26\n        readinessProbe:\n          tcpSocket:\n            port: 80\n');
    const failing = failReadiness(withProbe, deploy)!;
    expect(failing).not.toContain('tcpSocket');
    expect(userPods(failing).every((p) => !p.ready)).toBe(true);
    const listening = userPods(yaml)[0].listening;
    expect(restoreReadiness(failing, deploy, listening)).toBe(yaml);
    expect(restoreReadiness(withProbe, deploy, listening)).toBeUndefined();
  });
  it('works on a bare Pod', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: my-nginx\nspec:\n  containers:\n  - name: web\n    image: nginx\n    ports:\n    - containerPort: 80\n';
    const text = failReadiness(`${yaml}---\n${pod}`, { kind: 'Pod', name: 'web' })!;
    expect(text).toContain('  - name: web\n    readinessProbe:\n      exec:\n        command: ["false"]\n    image: nginx\n');
    expect(buildCluster(text).pods.find((p) => p.name === 'web')!.ready).toBe(false);
  });
});
