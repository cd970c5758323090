/**
 * The scheduler's filters, run once per distinct nodeSelector and tolerations and then per pod
 * for ports and room: pods of different specs in one YAML, pinned pods, cordoned nodes.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { userView } from '../testing';

const pod = (name: string, spec: string, ports = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${spec}  containers:
  - name: c
    image: example.com/app:1
${ports}---
`;

const placed = (text: string) => userView(buildCluster(text)).pods.map((p) => `${p.name} ${p.node ?? p.phase}`);

describe('the scheduler', () => {
  it('keeps each pod\'s own nodeSelector and tolerations apart', () => {
    expect(placed(
      pod('a', '  nodeSelector:\n    kubernetes.io/hostname: node02\n')
      + pod('b', '')
      + pod('c', '  nodeSelector:\n    node-role.kubernetes.io/control-plane: ""\n  tolerations:\n  - operator: Exists\n')
      + pod('d', '  nodeSelector:\n    node-role.kubernetes.io/control-plane: ""\n')
      + pod('e', '  nodeSelector:\n    kubernetes.io/hostname: node02\n'),
    )).toEqual(['a node02', 'b node01', 'c master01', 'd Pending', 'e node02']);
  });

  it('puts a pod with spec.nodeName there, taints and all, and reports a name no node has', () => {
    const c = userView(buildCluster(pod('pinned', '  nodeName: master01\n') + pod('lost', '  nodeName: node09\n')));
    expect(c.pods.map((p) => `${p.name} ${p.node ?? p.phase}`)).toEqual(['pinned master01', 'lost Pending']);
    expect(c.diagnostics.map((d) => d.message)).toEqual(['pod lost is Pending: spec.nodeName "node09" names no node of this cluster']);
  });

  it('counts each node\'s first failing filter when no node fits', () => {
    const hostPort = '    ports:\n    - containerPort: 80\n      hostPort: 8080\n';
    const text = [1, 2, 3].map((i) => pod(`h${i}`, '', hostPort)).join('');
    const c = userView(buildCluster(text));
    expect(c.pods.map((p) => `${p.name} ${p.node ?? p.phase}`)).toEqual(['h1 node01', 'h2 node02', 'h3 Pending']);
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      'pod h3 is Pending: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn\'t have free ports for the requested pod ports. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
  });
});
