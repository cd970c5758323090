/**
 * The real Linux kernel as referee: each scenario is built in network namespaces with the
 * engine's own interfaces, routes and iptables rules, and real requests must land where the
 * engine's trace says (the same pods, the same source address seen, the same refusal or drop).
 * Run with `npm run test:lab` (root).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Cluster, type Trace, type TraceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { labUnavailable, startLab, type KernelResult, type Lab } from './harness';

const lesson = nodePortLesson.yaml;
let lab: Lab | undefined;

beforeAll(() => {
  const why = labUnavailable();
  if (why) throw new Error(why);
});

afterEach(() => {
  lab?.down();
  lab = undefined;
});

function up(cluster: Cluster): Lab {
  lab = startLab(cluster);
  return lab;
}

type From = TraceRequest['from'];

/** The lab namespace a request starts in (see engine/lab/script.ts labNames). */
function labSource(cluster: Cluster, from: From): string {
  if (from === 'external') return 'ext-client';
  if (from.startsWith('node/')) return `node-${from.slice(5)}`;
  const [ns, name] = from.slice(4).split('/');
  const pod = cluster.pods.find((p) => p.namespace === ns && p.name === name)!;
  return pod.hostNetwork ? `node-${pod.node}` : `pod-${ns}.${name}`;
}

/** Sends `n` requests and checks each against the engine's trace. */
function expectKernelAgrees(yaml: string, ip: string, port: number, n = 1, from: From = 'external'): KernelResult[] {
  const cluster = buildCluster(yaml);
  const trace = traceRequest(cluster, { from, to: `${ip}:${port}` });
  const kernel = up(cluster);
  const results = Array.from({ length: n }, () => kernel.curl(labSource(cluster, from), ip, port));
  for (const result of results) expect(result).toEqual(expected(cluster, trace, result, ip, port, from));
  return results;
}

/** What the engine says the kernel should have answered, for the pod the kernel picked. */
function expected(cluster: Cluster, trace: Trace, result: KernelResult, ip: string, port: number, from: From): KernelResult {
  if (trace.outcome === 'refused') return { error: 'ECONNREFUSED' };
  if (trace.outcome === 'dropped') return { error: 'timeout' };
  expect(trace.outcome).toBe('served');
  if ('error' in result) return { pod: 'served', port: 0, host: '', from: '' };
  // kube-proxy's draw is random: follow the engine down the same endpoint the kernel took.
  const pick = trace.candidates.findIndex((c) => c.pod === result.pod) + 1;
  const pinned = pick > 0 ? traceRequest(cluster, { from, to: `${ip}:${port}`, pick }) : trace;
  const served = pinned.servedBy!;
  // The lab's servers call themselves by pod name, by process name, or by outside host name.
  if ('external' in served) {
    const [host, port] = served.external.split(':');
    return { pod: cluster.externals.find((e) => e.ip === host)!.name, port: Number(port), host, from: pinned.sourceIpSeen! };
  }
  const name = 'process' in served ? served.process : served.pod;
  return { pod: name, port: served.port, host: served.ip, from: pinned.sourceIpSeen! };
}

const pods = (results: KernelResult[]) => [...new Set(results.map((r) => ('pod' in r ? r.pod : r.error)))].sort();

describe('the kernel agrees with the trace', () => {
  it('NodePort, externalTrafficPolicy Cluster: every node answers, both pods serve, SNAT to cbr0 or the entry node', () => {
    for (const node of ['192.168.255.101', '192.168.255.102', '192.168.255.103']) {
      const results = expectKernelAgrees(lesson, node, 31101, 16);
      expect(pods(results)).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
      lab!.down();
      lab = undefined;
    }
  });

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
    lab!.down();
    lab = undefined;
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
    lab!.down();
    lab = undefined;
    const results = expectKernelAgrees(tomcat('  hostNetwork: true\n'), '192.168.255.103', 8080, 2);
    expect(results[0]).toEqual({ pod: 'pod-tomcat', port: 8080, host: '192.168.255.103', from: '192.168.255.1' });
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
    expect(result).toEqual({ pod: 'my-nginx-deploment-55f596c87c-lpgt8', port: 80, host: '10.244.2.2', from: '10.244.0.2' });
  });

  it('a pod to the kubernetes Service: DNAT to the API server on the control plane\'s own address', () => {
    const [result] = expectKernelAgrees(lesson, '10.96.0.1', 443, 1, 'pod/default/my-nginx-deploment-55f596c87c-lpgt8');
    expect(result).toEqual({ pod: 'kube-apiserver', port: 6443, host: '192.168.255.101', from: '10.244.2.2' });
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
      expect(results.map((r) => 'from' in r && r.from).sort()).toContain('10.244.1.0');
    });

    it('a pod reaches a pod on another node without NAT', () => {
      const [result] = expectKernelAgrees(vxlan, '10.244.2.2', 80, 1, 'pod/default/my-nginx-deploment-55f596c87c-bzw22');
      expect(result).toEqual({ pod: 'my-nginx-deploment-55f596c87c-lpgt8', port: 80, host: '10.244.2.2', from: '10.244.1.2' });
    });
  });
});
