import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { traceRequest } from '../trace/trace';
import { userView } from '../testing';

const withProbe = (probe: string) => nodePortLesson.yaml.replace('        - containerPort: 80\n', `        - containerPort: 80\n        readinessProbe:\n${probe}`);

describe('readiness', () => {
  it.each([
    ['exec false', '          exec:\n            command: ["false"]\n', false, 'pod.notReady.exec'],
    ['sh -c "exit 1"', '          exec:\n            command: ["sh", "-c", "exit 1"]\n', false, 'pod.notReady.exec'],
    ['httpGet on a port nginx does not listen on', '          httpGet:\n            port: 8080\n', false, 'pod.notReady.port'],
    ['httpGet on 80', '          httpGet:\n            path: /\n            port: 80\n', true, undefined],
    ['exec cat a file', '          exec:\n            command: ["cat", "/tmp/healthy"]\n', true, undefined],
  ])('%s → ready %s', (_name, probe, ready, why) => {
    const c = userView(buildCluster(withProbe(probe)));
    expect(c.diagnostics).toEqual([]);
    expect(c.pods.map((p) => [p.phase, p.ready, p.notReady?.key])).toEqual([
      ['Running', ready, why],
      ['Running', ready, why],
    ]);
    expect(c.endpointSlices[0].endpoints.map((e) => e.ready)).toEqual([ready, ready]);
  });

  it('leaves not-ready pods out of kube-proxy: the node port is rejected', () => {
    const t = traceRequest(buildCluster(withProbe('          exec:\n            command: ["false"]\n')), { from: 'external', to: '192.168.255.102:31101' });
    expect(t.outcome).toBe('refused');
    expect(t.hops.find((h) => h.kind === 'refuse')!.explain.params).toEqual({ rule: 'default/my-nginx-deploment has no endpoints' });
  });

  it('publishNotReadyAddresses makes not-ready pods endpoints anyway', () => {
    const yaml = withProbe('          exec:\n            command: ["false"]\n').replace('  type: NodePort\n', '  type: NodePort\n  publishNotReadyAddresses: true\n');
    expect(traceRequest(buildCluster(yaml), { from: 'external', to: '192.168.255.102:31101' }).outcome).toBe('served');
  });

  it('takes a Ready condition written in a pod\'s status as it is', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\nstatus:\n  conditions:\n  - type: Ready\n    status: "False"\n';
    expect(userView(buildCluster(pod)).pods.map((p) => [p.ready, p.notReady?.key])).toEqual([[false, 'pod.notReady.status']]);
  });
});
