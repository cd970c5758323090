import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCluster } from '../build';
import { renderSave, saveRule } from '../netfilter/render';
import { traceRequest } from '../trace/trace';
import { nodePortLesson } from '../../lessons/nodeport';
import { clusterApi } from '../api';
import { toKubectlYaml } from '../kubectl/yaml';
import { parseManifests } from '../parse';

/** `kubectl get all,ep,endpointslices,ingress -A -o yaml --show-managed-fields` on a 3-node kubeadm v1.28 cluster. */
const dump = readFileSync(new URL('./testdata/kubeadm-3node.yaml', import.meta.url), 'utf8');
const cluster = buildCluster(dump);
const nat = (node: string) => cluster.nodeDataplanes.find((d) => d.node === node)!.tables.find((t) => t.name === 'nat')!;

describe('a kubectl dump of a running kubeadm cluster', () => {
  it('builds without a problem, and says how it was read', () => {
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(cluster.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['snapshot-read', "read as a snapshot of a running cluster: 14 pods keep their nodes and addresses, their controllers make no new ones, and the dump's EndpointSlices are used as they are"],
      ['snapshot-nodes-implied', "no Node objects: the nodes k8s-master, k8s-worker1, k8s-worker2 are read from the pods' nodeName and hostIP"],
      ['lan-inferred', "the nodes are on 192.168.56.0/24: the outside host is put at 192.168.56.1 and the LAN's router at 192.168.56.2"],
    ]);
  });

  it("has the nodes the pods name, with their hostIP and the /24 their pods' addresses are in", () => {
    expect(cluster.nodes.map((n) => ({ name: n.name, ip: n.ip, podCIDR: n.podCIDR, controlPlane: n.controlPlane, taints: n.taints.map((t) => `${t.key}:${t.effect}`) }))).toEqual([
      // kube-apiserver runs there as a static pod: the control plane, with kubeadm's taint.
      { name: 'k8s-master', ip: '192.168.56.10', podCIDR: '10.244.0.0/24', controlPlane: true, taints: ['node-role.kubernetes.io/control-plane:NoSchedule'] },
      { name: 'k8s-worker1', ip: '192.168.56.11', podCIDR: '10.244.1.0/24', controlPlane: false, taints: [] },
      { name: 'k8s-worker2', ip: '192.168.56.12', podCIDR: '10.244.2.0/24', controlPlane: false, taints: [] },
    ]);
    expect(cluster.lan).toBe('192.168.56.0/24');
    expect(cluster.externals.map((e) => e.ip)).toEqual(['192.168.56.1']);
    expect(cluster.nodeDataplanes[1].routes[0]).toEqual({ dst: 'default', dev: 'eth0', via: '192.168.56.2' });
  });

  it('has exactly the pods of the dump, on their nodes, with their addresses: none made again by a controller', () => {
    expect(cluster.pods.map((p) => `${p.namespace}/${p.name} ${p.node} ${p.ip} ${p.phase}${p.ready ? ' ready' : ''}`)).toEqual([
      'default/nginx-7854ff8877-hx5rz k8s-worker1 10.244.1.4 Running ready',
      'default/nginx-7854ff8877-wlq9p k8s-worker2 10.244.2.7 Running ready',
      'kube-flannel/kube-flannel-ds-7xq2m k8s-master 192.168.56.10 Running ready',
      'kube-flannel/kube-flannel-ds-cv5lt k8s-worker1 192.168.56.11 Running ready',
      'kube-flannel/kube-flannel-ds-zr8kd k8s-worker2 192.168.56.12 Running ready',
      'kube-system/coredns-5dd5756b68-9kx7w k8s-master 10.244.0.2 Running ready',
      'kube-system/coredns-5dd5756b68-t2lqn k8s-master 10.244.0.3 Running ready',
      'kube-system/etcd-k8s-master k8s-master 192.168.56.10 Running ready',
      'kube-system/kube-apiserver-k8s-master k8s-master 192.168.56.10 Running ready',
      'kube-system/kube-controller-manager-k8s-master k8s-master 192.168.56.10 Running ready',
      'kube-system/kube-proxy-4hdcw k8s-master 192.168.56.10 Running ready',
      'kube-system/kube-proxy-b8wfn k8s-worker1 192.168.56.11 Running ready',
      'kube-system/kube-proxy-q6jzx k8s-worker2 192.168.56.12 Running ready',
      'kube-system/kube-scheduler-k8s-master k8s-master 192.168.56.10 Running ready',
    ]);
    const nginx = cluster.pods.find((p) => p.name === 'nginx-7854ff8877-hx5rz')!;
    expect(nginx.owner).toBe('ReplicaSet/default/nginx-7854ff8877');
    expect(nginx.hostVeth).toMatch(/^veth[0-9a-f]{8}$/);
    expect(cluster.pods.find((p) => p.name === 'kube-proxy-b8wfn')!.hostNetwork).toBe(true);
    // The Deployment, its two ReplicaSets (one scaled to 0) and the DaemonSets are still there.
    expect(cluster.workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`)).toEqual([
      'DaemonSet/kube-flannel/kube-flannel-ds', 'DaemonSet/kube-system/kube-proxy', 'Deployment/default/nginx', 'Deployment/kube-system/coredns',
      'ReplicaSet/default/nginx-6d7b8c9f5d', 'ReplicaSet/default/nginx-7854ff8877', 'ReplicaSet/kube-system/coredns-5dd5756b68',
    ]);
  });

  it("keeps the Services' cluster IPs and node ports, and takes the dump's EndpointSlices as the truth", () => {
    expect(cluster.services.map((s) => `${s.namespace}/${s.name} ${s.type} ${s.clusterIP} ${s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`).join(',')}`)).toEqual([
      'default/kubernetes ClusterIP 10.96.0.1 443/TCP',
      'default/nginx NodePort 10.102.14.201 80:30080/TCP',
      'kube-system/kube-dns ClusterIP 10.96.0.10 53/UDP,53/TCP,9153/TCP',
    ]);
    expect(cluster.endpointSlices.map((s) => `${s.namespace}/${s.name} → ${s.endpoints.map((e) => `${e.ip}:${e.port}/${e.protocol}${e.nodeName ? `@${e.nodeName}` : ''}`).join(' ')}`)).toEqual([
      'default/kubernetes → 192.168.56.10:6443/TCP',
      'default/nginx-x7k2p → 10.244.1.4:80/TCP@k8s-worker1 10.244.2.7:80/TCP@k8s-worker2',
      'kube-system/kube-dns-4m9tz → 10.244.0.2:53/TCP@k8s-master 10.244.0.2:53/UDP@k8s-master 10.244.0.2:9153/TCP@k8s-master 10.244.0.3:53/TCP@k8s-master 10.244.0.3:53/UDP@k8s-master 10.244.0.3:9153/TCP@k8s-master',
    ]);
  });

  it("writes kube-proxy's DNAT rules to the dump's pod addresses, on every node", () => {
    for (const node of ['k8s-master', 'k8s-worker1', 'k8s-worker2']) {
      const rules = nat(node).rules.map(saveRule);
      expect(rules.filter((l) => l.includes('"default/nginx"') && l.includes('DNAT'))).toEqual([
        '-A KUBE-SEP-P33L4LSPB7KVLSK6 -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 10.244.1.4:80',
        '-A KUBE-SEP-66LGOVHJ4OIBFECU -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 10.244.2.7:80',
      ]);
      expect(rules).toContain('-A KUBE-NODEPORTS -p tcp -m comment --comment "default/nginx" -m tcp --dport 30080 -j KUBE-EXT-2CMXP7HKUVJN7L6M');
      expect(rules).toContain('-A KUBE-SEP-7J3FZHL6MJULGV6U -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.56.10:6443');
    }
    const text = renderSave(cluster.nodeDataplanes.find((d) => d.node === 'k8s-worker1')!.tables, { date: new Date(Date.UTC(2026, 0, 1)) });
    expect(text).toContain('-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 10.244.1.4:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-P33L4LSPB7KVLSK6');
  });

  it('carries a request from the outside host through a node port to a dumped pod on another node', () => {
    const trace = traceRequest(cluster, { from: 'external', to: 'http://192.168.56.11:30080/', pick: 2 });
    expect(trace.outcome).toBe('served');
    expect(trace.servedBy).toEqual({ namespace: 'default', pod: 'nginx-7854ff8877-wlq9p', node: 'k8s-worker2', ip: '10.244.2.7', port: 80 });
    expect(trace.sourceIpSeen).toBe('192.168.56.11');
    expect(trace.hops[0].before.src).toBe('192.168.56.1');
    // k8s-worker1 routes the DNATed packet to k8s-worker2's pod subnet via its LAN address.
    const routed = trace.hops.filter((h) => h.at === 'node/k8s-worker1' && h.route).map((h) => h.route!.lines[h.route!.chosen]);
    expect(routed[0]).toBe('10.244.2.0/24 via 192.168.56.12 dev eth0');
  });

  it('resolves a Service name from a dumped pod through the dumped CoreDNS pods', () => {
    const trace = traceRequest(cluster, { from: 'pod/default/nginx-7854ff8877-hx5rz', to: 'http://nginx/', pick: 1 });
    expect(trace.outcome).toBe('served');
    expect(trace.hops.some((h) => h.title.key === 'hop.dnsAnswer.title' && /coredns-5dd5756b68-(9kx7w|t2lqn)/.test(String(h.explain.params?.pod)))).toBe(true);
  });
});

describe('the same dump as kubectl get -o json prints it', () => {
  it('builds the same cluster', () => {
    const json = buildCluster(JSON.stringify(parse(dump), null, 4));
    const summary = (c: typeof cluster) => ({
      pods: c.pods.map((p) => `${p.name} ${p.node} ${p.ip}`),
      nodes: c.nodes.map((n) => `${n.name} ${n.ip} ${n.podCIDR}`),
      slices: c.endpointSlices.map((e) => `${e.name} ${e.endpoints.map((x) => x.ip).join(',')}`),
      errors: c.diagnostics.filter((d) => d.severity !== 'info'),
    });
    expect(summary(json)).toEqual(summary(cluster));
  });
});

describe('objects written beside a dump', () => {
  it('still go through the controllers, and their pods never take a dumped address', () => {
    const extra = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: extra
spec:
  replicas: 6
  selector:
    matchLabels:
      app: extra
  template:
    metadata:
      labels:
        app: extra
    spec:
      containers:
      - name: web
        image: nginx:1.25
`;
    const c = buildCluster(dump + extra);
    const made = c.pods.filter((p) => p.name.startsWith('extra-'));
    expect(made).toHaveLength(6);
    expect(made.every((p) => p.phase === 'Running' && p.ip)).toBe(true);
    const addresses = c.pods.filter((p) => !p.hostNetwork).map((p) => p.ip);
    expect(new Set(addresses).size).toBe(addresses.length);
    // host-local IPAM on k8s-worker1 hands out .2, .3, then skips the dumped pod's .4.
    expect(made.filter((p) => p.node === 'k8s-worker1').map((p) => p.ip)).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.5']);
  });
});

describe('a dump from a cluster unlike kubeadm with flannel', () => {
  const pod = (name: string, node: string, hostIP: string, ip: string, phase = 'Running', waiting?: string) => `- apiVersion: v1
  kind: Pod
  metadata:
    name: ${name}
    namespace: shop
    uid: 0b9a3e51-${name.length}e2c-4d2a-9f51-6a7f0c3b2d1e
  spec:
    nodeName: ${node}
    containers:
    - name: app
      image: registry.example/app:1
      ports:
      - containerPort: 8080
  status:
    phase: ${phase}
    hostIP: ${hostIP}
    podIP: ${ip}
    conditions:
    - type: Ready
      status: "${waiting ? 'False' : 'True'}"
${waiting ? `    containerStatuses:\n    - name: app\n      ready: false\n      state:\n        waiting:\n          reason: ${waiting}\n` : ''}`;
  const calico = `apiVersion: v1
kind: List
items:
${pod('api-1', 'ip-10-0-1-5', '10.0.1.5', '192.168.235.130')}${pod('api-2', 'ip-10-0-1-6', '10.0.1.6', '192.168.235.200', 'Running', 'CrashLoopBackOff')}${pod('migrate', 'ip-10-0-1-6', '10.0.1.6', '192.168.235.201', 'Succeeded')}- apiVersion: v1
  kind: Service
  metadata:
    name: api
    namespace: shop
    uid: 5f1d2c3b-aaaa-4bbb-8ccc-0d1e2f3a4b5c
  spec:
    clusterIP: 10.43.12.7
    selector:
      app: api
    ports:
    - port: 80
      targetPort: 8080
`;
  const c = buildCluster(calico);

  it("reads Calico-style /26 blocks, the pod and service ranges, and the node LAN from the addresses", () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    expect(c.nodes.map((n) => `${n.name} ${n.ip} ${n.podCIDR}`)).toEqual(['ip-10-0-1-5 10.0.1.5 192.168.235.128/26', 'ip-10-0-1-6 10.0.1.6 192.168.235.192/26']);
    expect(c.settings.podSubnet).toBe('192.168.0.0/16');
    expect(c.settings.proxy.clusterCIDR).toBe('192.168.0.0/16');
    expect(c.settings.serviceSubnet).toBe('10.43.0.0/16');
    expect(c.lan).toBe('10.0.1.0/24');
    // The namespace exists: the API server stored objects in it.
    expect(c.services.map((s) => `${s.namespace}/${s.name} ${s.clusterIP}`)).toContain('shop/api 10.43.12.7');
  });

  it('shows a crash-looping pod as such, and leaves out the pods that ran to completion', () => {
    // CoreDNS is not in this dump: kubeadm's is assumed, as for any YAML, and drawn as the cluster's own.
    expect(c.pods.filter((p) => !p.system).map((p) => `${p.name} ${p.ip} ${p.status ?? p.phase} ${p.ready}`)).toEqual(['api-1 192.168.235.130 Running true', 'api-2 192.168.235.200 CrashLoopBackOff false']);
    expect(c.diagnostics.find((d) => d.code === 'snapshot-pods-finished')?.message).toBe('pods that have run to completion (Succeeded or Failed): 1; they hold no address and are not drawn');
  });
});

describe('YAML written by hand', () => {
  it('is not read as a snapshot: no uid, no change', () => {
    const c = buildCluster('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: node02\n  containers:\n  - name: c\n    image: nginx\nstatus:\n  podIP: 10.9.9.9\n');
    expect(c.pods.filter((p) => !p.system).map((p) => `${p.name} ${p.node} ${p.ip}`)).toEqual(['p node02 10.244.2.2']);
    expect(c.diagnostics.some((d) => d.code.startsWith('snapshot'))).toBe(false);
    expect(c.lan).toBe('192.168.255.0/24');
  });
});

describe('a few objects read back from the default cluster', () => {
  // Article 000's cluster: one nginx pod copied from `kubectl get pod -o yaml` (uid, status and
  // all), beside the NodePort Service written by hand; no Node objects.
  const lesson = buildCluster(nodePortLesson.yaml);
  const onNode02 = lesson.pods.find((p) => p.node === 'node02' && !p.system)!;
  const readBack = toKubectlYaml(clusterApi(lesson, parseManifests(nodePortLesson.yaml).objects).pods.find((p) => (p.metadata as { name: string }).name === onNode02.name));
  const service = nodePortLesson.yaml.slice(nodePortLesson.yaml.indexOf('apiVersion: v1\nkind: Service'));
  const c = buildCluster(`${service}---\n${readBack}`);

  it('adds the pod to the default cluster, whose nodes it fits, and says so', () => {
    expect(readBack).toContain('uid: ');
    expect(c.nodes.map((n) => `${n.name} ${n.ip} ${n.podCIDR}`)).toEqual(['master01 192.168.255.101 10.244.0.0/24', 'node01 192.168.255.102 10.244.1.0/24', 'node02 192.168.255.103 10.244.2.0/24']);
    expect(c.pods.filter((p) => !p.system).map((p) => `${p.name} ${p.node} ${p.ip}`)).toEqual([`${onNode02.name} node02 ${onNode02.ip}`]);
    expect(c.diagnostics.map((d) => d.code)).toEqual(['snapshot-read', 'snapshot-added']);
    expect(c.diagnostics[1].message).toBe("the pods read back sit on the default cluster's nodes (node02), with its addresses: they are added to it, and its nodes stay");
  });

  it('keeps the article\'s request working: node01:31101 reaches the pod on node02', () => {
    const trace = traceRequest(c, { from: 'external', to: 'http://192.168.255.102:31101/' });
    expect([trace.outcome, trace.servedBy]).toEqual(['served', expect.objectContaining({ pod: onNode02.name, node: 'node02' })]);
  });

  it('replaces the nodes when the pods name nodes the default cluster does not have', () => {
    const elsewhere = buildCluster(`${service}---\n${readBack.replaceAll('node02', 'worker7')}`);
    expect(elsewhere.nodes.map((n) => n.name)).toEqual(['worker7']);
    expect(elsewhere.diagnostics.map((d) => d.code)).toContain('snapshot-nodes-implied');
  });
});
