import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { generatedSize } from '../../bench/clusters';
import { nodePortLesson } from '../lessons/nodeport';
import { layoutCluster } from './layout';
import { condense, CONDENSE_NODES, CONDENSE_PODS, moreBoxes, touched } from './condense';

const large = buildCluster(generatedSize({ label: '2k', nodes: 20, deployments: 200, replicas: 10 }).text);

describe('the condensed canvas of a large cluster', () => {
  it('draws a lesson whole', () => {
    const cluster = buildCluster(nodePortLesson.yaml);
    const c = condense(cluster, traceRequest(cluster, nodePortLesson.request));
    expect(c.cluster).toBe(cluster);
    expect(moreBoxes(c, layoutCluster(c.cluster).nodes)).toEqual([]);
  });

  it('keeps every pod and Service the request touches, four more pods a node, and counts the rest', () => {
    const svc = large.services.find((s) => s.type === 'NodePort' && s.namespace !== 'kube-system')!;
    const worker = large.nodes.find((n) => !n.controlPlane)!;
    const trace = traceRequest(large, { from: 'external', to: `${worker.ip}:${svc.ports[0].nodePort}` });
    const { pods, services } = touched(trace);
    expect(services.has(`${svc.namespace}/${svc.name}`)).toBe(true);
    expect(pods.size).toBeGreaterThan(0);
    const c = condense(large, trace);
    const shown = new Set(c.cluster.pods.map((p) => `${p.namespace}/${p.name}`));
    for (const p of pods) expect(shown.has(p)).toBe(true);
    expect(c.cluster.services.map((s) => `${s.namespace}/${s.name}`)).toContain(`${svc.namespace}/${svc.name}`);
    expect(c.cluster.pods.length + [...c.hiddenPods.values()].reduce((a, b) => a + b, 0)).toBe(large.pods.length);
    expect(c.cluster.services.length + c.hiddenServices).toBe(large.services.length);
    expect(large.pods.length).toBeGreaterThan(CONDENSE_PODS);
    expect(c.cluster.pods.length).toBeLessThan(150);
    // The whole cluster is untouched: the engine's, the terminal's and the request's lists.
    expect(large.pods.length).toBe(2002);
    const laid = layoutCluster(c.cluster);
    expect(laid.nodes.length).toBeLessThan(500);
    const more = moreBoxes(c, laid.nodes);
    expect(more.filter((m) => m.what === 'pods').map((m) => m.count).reduce((a, b) => a + b, 0)).toBe(large.pods.length - c.cluster.pods.length);
    const onWorker = more.find((m) => m.id === `more/pods/${worker.name}`)!;
    const box = laid.nodes.find((n) => n.id === `node/${worker.name}`)!;
    expect(onWorker.parentId).toBe(box.id);
    expect(onWorker.y + 22).toBeLessThanOrEqual(box.height!);
    expect(more.find((m) => m.what === 'services')?.count).toBe(c.hiddenServices);
  });
  it('past CONDENSE_NODES nodes draws the nodes the request crosses and the first eight, and counts the rest with their pods', () => {
    const wide = buildCluster(generatedSize({ label: 'wide', nodes: 60, deployments: 60, replicas: 6 }).text);
    expect(wide.nodes.length).toBeGreaterThan(CONDENSE_NODES);
    const svc = wide.services.find((s) => s.type === 'NodePort' && s.namespace !== 'kube-system')!;
    // From a node far down the list: its box must be drawn, with the pod that serves.
    const far = wide.nodes[wide.nodes.length - 1];
    const trace = traceRequest(wide, { from: 'external', to: `${far.ip}:${svc.ports[0].nodePort}` });
    const c = condense(wide, trace);
    const drawn = c.cluster.nodes.map((n) => n.name);
    expect(drawn.slice(0, 8)).toEqual(wide.nodes.slice(0, 8).map((n) => n.name));
    expect(drawn).toContain(far.name);
    const by = trace.servedBy;
    const served = by && 'pod' in by ? wide.pods.find((p) => p.name === by.pod) : undefined;
    expect(served && drawn.includes(served.node!)).toBe(true);
    expect(c.cluster.pods.every((p) => !p.node || drawn.includes(p.node))).toBe(true);
    expect(c.hiddenNodes.nodes).toBe(wide.nodes.length - drawn.length);
    expect(c.hiddenNodes.pods).toBe(wide.pods.filter((p) => p.node && !drawn.includes(p.node)).length);
    // Every pod is drawn or counted once.
    expect(c.cluster.pods.length + [...c.hiddenPods.values()].reduce((a, b) => a + b, 0) + c.hiddenNodes.pods).toBe(wide.pods.length);
    const laid = layoutCluster(c.cluster);
    const box = moreBoxes(c, laid.nodes).find((m) => m.what === 'nodes')!;
    expect([box.count, box.pods]).toEqual([c.hiddenNodes.nodes, c.hiddenNodes.pods]);
    const right = Math.max(...laid.nodes.filter((n) => /^node\/[^/]+$/.test(n.id)).map((n) => n.position.x + (n.width ?? 0)));
    expect(box.x).toBe(right + 16);
    // The 20-node cluster keeps all its nodes.
    expect(condense(large, trace).hiddenNodes).toEqual({ nodes: 0, pods: 0 });
  });
});
