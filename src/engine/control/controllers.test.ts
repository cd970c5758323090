import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { lookup } from '../dns';
import { userView } from '../testing';

const workload = (kind: string, name: string, extra = '', podExtra = '') => `---
apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
spec:
${extra}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${podExtra}      containers:
      - name: c
        image: nginx
`;

describe('workload controllers', () => {
  it('names StatefulSet pods by ordinal, with hostnames under the governing Service', () => {
    const yaml = workload('StatefulSet', 'web', '  serviceName: web\n  replicas: 3\n')
      + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n  - port: 80\n';
    const c = buildCluster(yaml);
    const pods = userView(c).pods;
    expect(pods.map((p) => [p.name, p.hostname, p.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
      ['web-0', 'web-0', 'web', 'web-0'],
      ['web-1', 'web-1', 'web', 'web-1'],
      ['web-2', 'web-2', 'web', 'web-2'],
    ]);
    expect(lookup(c, 'web-1.web.default.svc.cluster.local', 'A').answer.map((a) => a.data)).toEqual([pods[1].ip]);
  });

  it('runs one DaemonSet pod per node it tolerates, the control plane only when told', () => {
    const workers = userView(buildCluster(workload('DaemonSet', 'agent')));
    expect(workers.pods.map((p) => p.node)).toEqual(['node01', 'node02']);
    expect(workers.pods.every((p) => /^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.name))).toBe(true);
    const all = userView(buildCluster(workload('DaemonSet', 'agent', '', '      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        effect: NoSchedule\n')));
    expect(all.pods.map((p) => p.node)).toEqual(['master01', 'node01', 'node02']);
  });

  it('names ReplicaSet pods <replicaset>-<suffix>', () => {
    const c = userView(buildCluster(workload('ReplicaSet', 'frontend', '  replicas: 2\n')));
    expect(c.pods.map((p) => p.name.replace(/[bcdfghjklmnpqrstvwxz2456789]{5}$/, '*'))).toEqual(['frontend-*', 'frontend-*']);
    expect(c.pods[0].owner).toBe('ReplicaSet/default/frontend');
  });

  it('reports a selector that does not match the template, in the kind\'s own words', () => {
    const c = buildCluster(workload('StatefulSet', 'db').replace('        app: db\n    spec:', '        app: other\n    spec:'));
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      'The StatefulSet "db" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    ]);
  });
});
