/**
 * The real Linux kernel as referee: each scenario is built in network namespaces with the
 * engine's own interfaces, routes and iptables rules, and real requests must land where the
 * engine's trace says: the same set of pods, in shares that fit the probabilities, the same
 * source address seen, the same refusal or drop. Run with `npm run test:lab` (root).
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { kernelSteps, OUT_NG, playStep } from './steps';
import { ipsetRestore } from '../engine/kubeproxy/ipset';
import { renderSave } from '../engine/netfilter/render';
import { downLab, expectKernelAgrees, pods } from './agree';
import { ipvsUnavailable, kernelSave, labUnavailable, startLab } from './harness';

const unavailable = labUnavailable();
// Never silent: where the lab cannot run, say so in the test output.
if (unavailable) console.warn(`\n*** kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);
const noIpvs = unavailable ?? ipvsUnavailable();
if (!unavailable && noIpvs) console.warn(`\n*** IPVS kernel tests skipped: ${noIpvs} ***\n`);
const kernelIpvs = describe.skipIf(!!noIpvs);

const lesson = nodePortLesson.yaml;

afterEach(downLab);

kernel('the kernel agrees with the trace', () => {
  it('NodePort, externalTrafficPolicy Cluster: every node answers, both pods serve, SNAT to cbr0 or the entry node', () => {
    for (const node of ['192.168.255.101', '192.168.255.102', '192.168.255.103']) {
      const results = expectKernelAgrees(lesson, node, 31101, 16);
      expect(pods(results)).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
    }
    // Three labs built one after the other: past a minute on a busy two-core machine.
  }, 180_000);

  it('a targetPort nothing listens on: refused by the pod', () => {
    const results = expectKernelAgrees(lesson.replace('targetPort: 80', 'targetPort: 8080'), '192.168.255.102', 31101, 4);
    expect(pods(results)).toEqual(['ECONNREFUSED']);
  });

  it('a Service without endpoints: REJECT in the filter table', () => {
    const results = expectKernelAgrees(lesson.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP'), '192.168.255.103', 31101, 2);
    expect(pods(results)).toEqual(['ECONNREFUSED']);
  });

  it('externalTrafficPolicy Local: the client address is kept, and a node without a local endpoint drops', () => {
    const local = lesson.replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n');
    const kept = expectKernelAgrees(local, '192.168.255.102', 31101, 3);
    expect(kept.map((r) => 'from' in r && r.from)).toEqual(['192.168.255.1', '192.168.255.1', '192.168.255.1']);
    expect(pods(expectKernelAgrees(local, '192.168.255.101', 31101, 1))).toEqual(['timeout']);
  });

  it('sessionAffinity ClientIP: every request of the client goes to one pod', () => {
    const sticky = lesson.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
    expect(pods(expectKernelAgrees(sticky, '192.168.255.102', 31101, 8))).toHaveLength(1);
  });

  it('a LoadBalancer address from a MetalLB pool, reached through the announcing node', () => {
    const lb = `${lesson.replace('  type: NodePort\n', '  type: LoadBalancer\n')}---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
`;
    expect(pods(expectKernelAgrees(lb, '192.168.255.240', 8001, 12))).toHaveLength(2);
  });

  it('hostPort through the portmap DNAT, and a hostNetwork pod on its node\'s own address', () => {
    const tomcat = (spec: string) => `apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
${spec}  nodeName: node02
  containers:
  - name: container-tomcat
    image: tomcat:9.0
    ports:
    - containerPort: 8080
`;
    const hostPort = tomcat('').replace('    - containerPort: 8080\n', '    - containerPort: 8080\n      hostPort: 8081\n');
    expect(pods(expectKernelAgrees(hostPort, '192.168.255.103', 8081, 2))).toEqual(['pod-tomcat']);
    const results = expectKernelAgrees(tomcat('  hostNetwork: true\n'), '192.168.255.103', 8080, 2);
    expect(results[0]).toEqual({ pod: 'pod-tomcat', namespace: 'default', node: 'node02', port: 8080, host: '192.168.255.103', from: '192.168.255.1' });
  });

  it('a pod to its Service\'s cluster IP: to itself (hairpin, masqueraded to cbr0) and across nodes', () => {
    const results = expectKernelAgrees(lesson, '10.108.229.67', 8001, 12, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
    expect(pods(results)).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
    expect(results.find((r) => 'pod' in r && r.pod.endsWith('bzw22'))).toMatchObject({ from: '10.244.1.1' });
  });

  it('a node to a cluster IP: kube-proxy\'s OUTPUT rules, then the route to the pod', () => {
    expect(pods(expectKernelAgrees(lesson, '10.108.229.67', 8001, 12, 'node/master01'))).toHaveLength(2);
  });

  it('a pod straight to another pod\'s IP, across nodes: no NAT at all', () => {
    const [result] = expectKernelAgrees(lesson, '10.244.2.2', 80, 1, 'pod/kube-system/coredns-5dd5756b68-ht8rn');
    expect(result).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-lpgt8', host: '10.244.2.2', from: '10.244.0.2' });
  });

  it('a pod to a cluster IP whose endpoint shares its node: the answer, switched by cbr0, is un-DNATed all the same (br_netfilter)', () => {
    const three = lesson.replace('replicas: 2', 'replicas: 3');
    const results = expectKernelAgrees(three, '10.108.229.67', 8001, 16, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
    expect(results.find((r) => 'pod' in r && r.pod.endsWith('p7qjp'))).toMatchObject({ from: '10.244.1.2' });
  });

  it('a pod straight to a pod on its own node: switched by cbr0, no NAT', () => {
    const [result] = expectKernelAgrees(lesson.replace('replicas: 2', 'replicas: 3'), '10.244.1.3', 80, 1, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
    expect(result).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-p7qjp', from: '10.244.1.2' });
  });

  it('a pod to a Service without selector, to the server outside (seed 000): flanneld masquerades it to the node', () => {
    const [result] = expectKernelAgrees(OUT_NG, '10.107.74.203', 80, 1, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
    expect(result).toEqual({ pod: 'client', namespace: '-', node: '-', port: 80, host: '192.168.255.1', from: '192.168.255.102' });
  });

  // The API server listens on the node's address, outside the pod network: flanneld's
  // FLANNEL-POSTRTG masquerades the pod to its node's address on the way out.
  it('a pod to the kubernetes Service: DNAT to the API server on the control plane\'s own address, masqueraded by flanneld', () => {
    const [result] = expectKernelAgrees(lesson, '10.96.0.1', 443, 1, 'pod/default/my-nginx-deploment-55f596c87c-lpgt8');
    expect(result).toEqual({ pod: 'kube-apiserver', namespace: '-', node: 'master01', port: 6443, host: '192.168.255.101', from: '192.168.255.103' });
  });

  describe('with flannel\'s VXLAN backend', () => {
    const vxlan = `${lesson}---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}
`;
    it('a NodePort request crosses to the other node inside UDP 8472, masqueraded to flannel.1\'s address', () => {
      const results = expectKernelAgrees(vxlan, '192.168.255.102', 31101, 12);
      expect(results.map((r) => 'from' in r && r.from)).toContain('10.244.1.0');
    });

    it('a pod reaches a pod on another node without NAT', () => {
      const [result] = expectKernelAgrees(vxlan, '10.244.2.2', 80, 1, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
      expect(result).toMatchObject({ pod: 'my-nginx-deploment-55f596c87c-lpgt8', from: '10.244.1.2' });
    });
  });
});

type Mode = ReturnType<typeof buildCluster>['settings']['proxy']['mode'];
const modeOf = (yaml: string): Mode => buildCluster(yaml).settings.proxy.mode;
/** The steps whose cluster runs kube-proxy in one of `modes`. */
const steps = (...modes: Mode[]) =>
  kernelSteps.filter((s) => modes.includes(modeOf(s.yaml))).map((s) => [`${s.lesson.id} step ${s.index + 1}`, s] as const);

// Not userspace mode's: it carries connections through kube-proxy's own process, which the lab
// does not run (its script refuses such a cluster).
kernel.each(steps('iptables', 'nftables'))('lesson %s, in the kernel', (_name, step) => {
  it('lands where the trace says', () => playStep(step));
});

// Steps in kube-proxy's IPVS mode need the kernel's IPVS: skipped, with the message above, without it.
kernelIpvs.each(steps('ipvs'))('lesson %s (IPVS mode), in the kernel', (_name, step) => {
  it('lands where the trace says', () => playStep(step));
});


const IPVS = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
`;

/** Every Service shape at once, for the rendering: LB with source ranges, affinity, Local policy, externalIPs, UDP, hostPort. */
const SHAPES = `${lesson.replace('  type: NodePort\n', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  sessionAffinity: ClientIP\n  loadBalancerSourceRanges:\n  - 192.168.255.0/24\n  externalIPs:\n  - 192.168.255.200\n')}---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: v1
kind: Service
metadata:
  name: syslog
spec:
  type: NodePort
  selector:
    app: my-nginx
  ports:
  - port: 514
    protocol: UDP
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node01
  containers:
  - name: tomcat
    image: tomcat:9.0
    ports:
    - containerPort: 8080
      hostPort: 8081
`;

/** Header and footer lines carry the iptables version and the date; the rest must be identical. */
const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));

kernel('iptables-save as the kernel\'s own prints it', () => {
  it.each([
    ['the default lesson', lesson],
    ['the default lesson, kube-proxy in IPVS mode', lesson + IPVS],
    ['every Service shape', SHAPES],
    ['every Service shape, kube-proxy in IPVS mode', SHAPES + IPVS],
  ])('%s: iptables-restore of the engine\'s rules, then iptables-save, gives the same text on every node', (_name, yaml) => {
    const cluster = buildCluster(yaml);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const dp of cluster.nodeDataplanes) {
      const ours = renderSave(dp.tables, { date: new Date(0) });
      expect(body(kernelSave(ours, dp.ipvs && ipsetRestore(dp.ipvs.ipsets))), dp.node).toEqual(body(ours));
    }
  });
});

kernelIpvs('kube-proxy in IPVS mode, in the kernel', () => {
  it('NodePort on every node: IPVS spreads over both pods, masqueraded', () => {
    for (const node of ['192.168.255.101', '192.168.255.102', '192.168.255.103']) {
      expect(pods(expectKernelAgrees(lesson + IPVS, node, 31101, 12))).toHaveLength(2);
    }
  });

  it('a pod to its Service\'s cluster IP, itself included (KUBE-LOOP-BACK masquerades the hairpin)', () => {
    const results = expectKernelAgrees(lesson + IPVS, '10.108.229.67', 8001, 12, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
    expect(results.find((r) => 'pod' in r && r.pod.endsWith('bzw22'))).toMatchObject({ from: '10.244.1.1' });
  });

  it('a node to a cluster IP, and a cluster IP on a port no Service has (KUBE-IPVS-FILTER rejects it)', () => {
    expect(pods(expectKernelAgrees(lesson + IPVS, '10.108.229.67', 8001, 8, 'node/master01'))).toHaveLength(2);
    expect(pods(expectKernelAgrees(lesson + IPVS, '10.108.229.67', 22, 1, 'pod/default/my-nginx-deploment-55f596c87c-bzw22'))).toEqual(['ECONNREFUSED']);
  });
});

describe.skipIf(!!unavailable || !noIpvs)('the lab on a kernel without IPVS', () => {
  it('refuses to build an IPVS-mode cluster, says why, and leaves no namespace behind', () => {
    // This process's labs are named pp<pid>…; other runs on the machine have labs of their own.
    const ours = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`pp${process.pid.toString(36)}`));
    expect(() => startLab(buildCluster(lesson + IPVS))).toThrow(/this cluster runs kube-proxy in IPVS mode, and this kernel has no IPVS/);
    expect(ours()).toEqual([]);
  });
});
