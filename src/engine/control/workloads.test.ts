import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { userView } from '../testing';

const build = (text: string) => userView(buildCluster(text));

const deployment = (replicas: string, podSpecExtra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:${podSpecExtra}
      containers:
      - name: nginx
        image: nginx
`;

describe('Deployments and the scheduler', () => {
  it('spreads replicas over the workers, never on the tainted control plane', () => {
    const c = build(deployment('4'));
    expect(c.pods.map((p) => p.node)).toEqual(['node01', 'node02', 'node01', 'node02']);
    expect(c.pods.map((p) => p.ip)).toEqual(['10.244.1.2', '10.244.2.2', '10.244.1.3', '10.244.2.3']);
    expect(new Set(c.pods.map((p) => p.name)).size).toBe(4);
    for (const p of c.pods) expect(p.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('leaves pods Pending past 110 per node, with the scheduler\'s reason, once per workload', () => {
    const c = build(deployment('225'));
    expect(c.pods.filter((p) => p.node === 'node01')).toHaveLength(110);
    expect(c.pods.filter((p) => !p.node)).toHaveLength(5);
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      `pods ${c.pods[220].name} and 4 more are Pending: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    ]);
  });

  it.each([
    ['-1', 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['1.5', 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['3000000000', 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32'],
  ])('rejects replicas %s', (replicas, message) => {
    const c = build(deployment(replicas));
    expect(c.pods).toEqual([]);
    expect(c.diagnostics.map((d) => [d.message, d.range.start.line])).toEqual([[message, 6]]);
  });

  it('simulates at most 500 replicas of one workload, and says so', () => {
    const c = build(deployment('2147483647'));
    expect(c.pods).toHaveLength(500);
    expect(c.diagnostics[0]).toMatchObject({ code: 'replicas-capped', key: 'diag.replicasCapped', params: { max: 500, replicas: 2147483647 } });
  });

  it.each([
    ['Exists on the key', '\n      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists', true],
    ['Exists on everything', '\n      tolerations:\n      - operator: Exists', true],
    ['Equal with the taint\'s (empty) value', '\n      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Equal\n        value: ""', true],
    ['Equal with another value', '\n      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Equal\n        value: nope', false],
    ['Exists for another effect', '\n      tolerations:\n      - operator: Exists\n        effect: NoExecute', false],
  ])('tolerating the control-plane taint: %s', (_name, extra, onMaster) => {
    const c = build(deployment('3', `${extra}\n      nodeSelector:\n        node-role.kubernetes.io/control-plane: ""`));
    expect(c.pods.some((p) => p.node === 'master01')).toBe(onMaster);
  });

});
