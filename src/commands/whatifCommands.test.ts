/**
 * The what-ifs are derived from the build, once per build: no parse of the text while the list
 * is made (the issue-14 profile: ~400 full parses per keystroke at 2,000 pods), and the same
 * values the text-reading helpers give.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import * as yamlText from '../terminal/yamlText';
import { failsReadiness, failReadiness, replicasOf } from './whatif';
import { whatIfsFor, whatIfsOf } from './whatifCommands';

vi.mock('../terminal/yamlText', async (importOriginal) => {
  const real = await importOriginal<typeof import('../terminal/yamlText')>();
  return { ...real, split: vi.fn(real.split) };
});

const deploy = { kind: 'Deployment', namespace: 'default', name: 'my-nginx-deploment' };

describe('what-ifs from the build', () => {
  it('are made without reading the text, once per build', () => {
    const text = nodePortLesson.yaml.replace('replicas: 2', 'replicas: 4');
    const cluster = buildCluster(text);
    vi.mocked(yamlText.split).mockClear();
    const list = whatIfsOf(cluster);
    expect(yamlText.split).not.toHaveBeenCalled();
    expect(whatIfsOf(cluster)).toBe(list);
    const up = list.find((c) => c.id === `scaleUp:Deployment/default/my-nginx-deploment`)!;
    expect(up.params!({} as never)).toMatchObject({ from: replicasOf(text, deploy), to: 5 });
    // A new build is a new list.
    expect(whatIfsOf(buildCluster(text))).not.toBe(list);
  });

  it('read the readiness probes the API server holds, as the text helper does', () => {
    const failing = failReadiness(nodePortLesson.yaml, deploy)!;
    const cluster = buildCluster(failing);
    const listening = cluster.pods.find((p) => p.owner === 'Deployment/default/my-nginx-deploment')?.listening ?? [];
    expect(failsReadiness(failing, deploy, listening)).toBe(true);
    const ids = whatIfsOf(cluster).map((c) => c.id);
    expect(ids).toContain('ready:Deployment/default/my-nginx-deploment');
    expect(ids).not.toContain('notReady:Deployment/default/my-nginx-deploment');
    expect(whatIfsOf(buildCluster(nodePortLesson.yaml)).map((c) => c.id)).toContain('notReady:Deployment/default/my-nginx-deploment');
  });

  it("a box's menu holds the what-ifs naming that box; kube-proxy's mode comes from the build's settings", () => {
    const cluster = buildCluster(nodePortLesson.yaml);
    expect(whatIfsFor(cluster, 'svc/default/my-nginx-deploment').map((c) => c.id)).toEqual(['etp:Service/default/my-nginx-deploment']);
    expect(whatIfsFor(cluster, 'node/node01/netfilter').map((c) => [c.id, c.params!({} as never)])).toEqual([['proxyMode:ipvs', { mode: 'ipvs' }], ['proxyMode:nftables', { mode: 'nftables' }], ['proxyMode:userspace', { mode: 'userspace' }]]);
    expect(whatIfsFor(cluster, 'nothing/here')).toEqual([]);
  });
});
