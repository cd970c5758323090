/**
 * `kubectl delete pod`, written in the YAML as the workload's podpath.dev/deleted-pods
 * annotation: the controller makes a replacement, host-local gives it the next address, and
 * everything that follows pods (EndpointSlices, kube-proxy's rules, DNS, the trace) follows it.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { lookup } from '../dns';
import { renderSave } from '../netfilter/render';
import { userView } from '../testing';
import { traceRequest } from '../trace/trace';
import { DELETED_PODS_ANNOTATION } from './controllers';

/** Seed 001: two httpd pods labelled run: httpd behind httpd-svc, 8080 → 80. */
const httpd = (annotation = '', replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd
${annotation ? `  annotations:\n    ${DELETED_PODS_ANNOTATION}: ${annotation}\n` : ''}spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      run: httpd
  template:
    metadata:
      labels:
        run: httpd
    spec:
      containers:
      - name: httpd
        image: httpd
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: httpd-svc
spec:
  clusterIP: 10.96.132.230
  selector:
    run: httpd
  ports:
  - protocol: TCP
    port: 8080
    targetPort: 80
`;

const pods = (yaml: string) => userView(buildCluster(yaml)).pods.map((p) => `${p.name} ${p.node} ${p.ip}`);
const sliceIps = (yaml: string) => userView(buildCluster(yaml)).endpointSlices.flatMap((s) => s.endpoints.map((e) => `${e.ip} ${e.targetRef}`));

describe('deleting a pod (podpath.dev/deleted-pods)', () => {
  const before = pods(httpd());

  it('starts from two pods, one per worker, each at the first address of its node', () => {
    expect(before).toEqual(['httpd-86bf6859f5-5fm6x node01 10.244.1.2', 'httpd-86bf6859f5-fwl56 node02 10.244.2.2']);
  });

  it('makes a replacement with a new suffix of the same ReplicaSet, on the node that lost one, at the next address', () => {
    const c = buildCluster(httpd('httpd-86bf6859f5-5fm6x'));
    expect(c.diagnostics).toEqual([]);
    const after = userView(c).pods;
    expect(after.map((p) => `${p.name} ${p.node} ${p.ip}`)).toEqual(['httpd-86bf6859f5-9sgjk node01 10.244.1.3', 'httpd-86bf6859f5-fwl56 node02 10.244.2.2']);
    // The annotation is on the Deployment, not in its template: the ReplicaSet is the same one.
    expect(after[0].labels['pod-template-hash']).toBe('86bf6859f5');
    expect(after[0].owner).toBe('ReplicaSet/default/httpd-86bf6859f5');
    expect(after[0].replaces).toEqual([{ name: 'httpd-86bf6859f5-5fm6x', deletion: 0 }]);
    // A new pod, a new veth pair on the node.
    expect(after[0].hostVeth).not.toBe(userView(buildCluster(httpd())).pods[0].hostVeth);
  });

  it('moves the EndpointSlice, kube-proxy\'s rules and the trace to the new pod; the Service stays', () => {
    const yaml = httpd('httpd-86bf6859f5-5fm6x');
    expect(sliceIps(httpd())).toEqual(['10.244.1.2 pod/default/httpd-86bf6859f5-5fm6x', '10.244.2.2 pod/default/httpd-86bf6859f5-fwl56']);
    expect(sliceIps(yaml)).toEqual(['10.244.1.3 pod/default/httpd-86bf6859f5-9sgjk', '10.244.2.2 pod/default/httpd-86bf6859f5-fwl56']);
    const c = buildCluster(yaml);
    const nat = renderSave([c.nodeDataplanes[1].tables.find((t) => t.name === 'nat')!], { date: new Date(0) });
    const svc = nat.split('\n').filter((l) => l.includes('default/httpd-svc') && l.startsWith('-A KUBE-SEP'));
    expect(svc.filter((l) => l.includes('DNAT'))).toEqual([
      expect.stringMatching(/^-A KUBE-SEP-\w+ -p tcp -m comment --comment "default\/httpd-svc" -m tcp -j DNAT --to-destination 10\.244\.1\.3:80$/),
      expect.stringMatching(/^-A KUBE-SEP-\w+ -p tcp -m comment --comment "default\/httpd-svc" -m tcp -j DNAT --to-destination 10\.244\.2\.2:80$/),
    ]);
    expect(nat).not.toContain('10.244.1.2');
    expect(c.services.find((s) => s.name === 'httpd-svc')!.clusterIP).toBe('10.96.132.230');
    const trace = traceRequest(c, { from: 'node/master01', to: '10.96.132.230:8080', pick: 1 });
    expect(trace.outcome).toBe('served');
    expect(trace.servedBy).toMatchObject({ pod: 'httpd-86bf6859f5-9sgjk', ip: '10.244.1.3', port: 80 });
    expect(trace.candidates.map((x) => [x.pod, x.ip, x.probability])).toEqual([
      ['httpd-86bf6859f5-9sgjk', '10.244.1.3', 0.5],
      ['httpd-86bf6859f5-fwl56', '10.244.2.2', 0.5],
    ]);
    // The deleted pod's address answers nothing any more.
    expect(traceRequest(c, { from: 'node/master01', to: '10.244.1.2:80' }).outcome).not.toBe('served');
  });

  it('gives the replacement of a replacement the address after that, never the one just released', () => {
    expect(pods(httpd('httpd-86bf6859f5-5fm6x, httpd-86bf6859f5-9sgjk'))).toEqual([
      'httpd-86bf6859f5-628fq node01 10.244.1.4', 'httpd-86bf6859f5-fwl56 node02 10.244.2.2',
    ]);
    // Three replicas: node01 holds .2 and .3; the replacement of .2 gets .4, not .2.
    const three = pods(httpd('', 3));
    expect(three).toEqual(['httpd-86bf6859f5-5fm6x node01 10.244.1.2', 'httpd-86bf6859f5-fwl56 node02 10.244.2.2', 'httpd-86bf6859f5-pttbg node01 10.244.1.3']);
    expect(pods(httpd('httpd-86bf6859f5-5fm6x', 3))[0]).toBe('httpd-86bf6859f5-9sgjk node01 10.244.1.4');
  });

  it('follows the order of deletions on each node, as they happened', () => {
    // node02's pod first, then node01's: each node's allocator moves on by one.
    expect(pods(httpd('httpd-86bf6859f5-fwl56 httpd-86bf6859f5-5fm6x'))).toEqual([
      'httpd-86bf6859f5-9sgjk node01 10.244.1.3', 'httpd-86bf6859f5-x2lq9 node02 10.244.2.3',
    ]);
  });

  it('answers a name no pod has as kubectl does, and changes nothing', () => {
    const c = buildCluster(httpd('httpd-86bf6859f5-zzzzz'));
    expect(c.diagnostics.map((d) => [d.severity, d.code, d.message, d.range.start.line])).toEqual([
      ['warning', 'pod-not-found', 'pods "httpd-86bf6859f5-zzzzz" not found', 6],
    ]);
    expect(userView(c).pods.map((p) => `${p.name} ${p.node} ${p.ip}`)).toEqual(before);
  });

  it('wraps round a full range: then the released address is the free one', () => {
    // One node with a /29: .1 is cbr0, .2–.6 are the five addresses host-local can give;
    // CoreDNS holds .2 and .3, the three httpd pods .4 to .6.
    const small = `apiVersion: v1
kind: Node
metadata:
  name: node01
spec:
  podCIDR: 10.244.1.0/29
---
${httpd('', 3).split('---')[0]}`;
    const full = pods(small);
    expect(full.map((p) => p.split(' ')[2])).toEqual(['10.244.1.4', '10.244.1.5', '10.244.1.6']);
    const first = full[0].split(' ')[0];
    const after = pods(small.replace('  name: httpd\n', `  name: httpd\n  annotations:\n    ${DELETED_PODS_ANNOTATION}: ${first}\n`));
    expect(after[0]).toMatch(/^httpd-86bf6859f5-\w{5} node01 10\.244\.1\.4$/);
    expect(after[0].split(' ')[0]).not.toBe(first);
  });

  it('brings a StatefulSet pod back under its own name, at a new address its DNS name follows', () => {
    const sts = (annotation: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
${annotation}spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - port: 80
`;
    expect(pods(sts(''))).toEqual(['web-0 node01 10.244.1.2', 'web-1 node02 10.244.2.2']);
    const yaml = sts(`  annotations:\n    ${DELETED_PODS_ANNOTATION}: web-0\n`);
    expect(pods(yaml)).toEqual(['web-0 node01 10.244.1.3', 'web-1 node02 10.244.2.2']);
    expect(lookup(buildCluster(yaml), 'web-0.web.default.svc.cluster.local', 'A').answer.map((a) => a.data)).toEqual(['10.244.1.3']);
    // Deleted twice: the third web-0.
    expect(pods(sts(`  annotations:\n    ${DELETED_PODS_ANNOTATION}: web-0, web-0\n`))[0]).toBe('web-0 node01 10.244.1.4');
  });

  it('replaces a DaemonSet pod on the same node, with a new suffix', () => {
    const ds = (annotation: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
${annotation}spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: nginx
`;
    const [first, second] = pods(ds(''));
    const name = first.split(' ')[0];
    const after = pods(ds(`  annotations:\n    ${DELETED_PODS_ANNOTATION}: ${name}\n`));
    expect(after[1]).toBe(second);
    expect(after[0]).toMatch(/^agent-\w{5} node01 10\.244\.1\.3$/);
    expect(after[0].split(' ')[0]).not.toBe(name);
  });
});
