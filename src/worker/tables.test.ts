/**
 * A large build's tables after it (pack.ts, handler.ts): the build goes without them, then
 * one node's tables per background step, the nodes the trace crosses first; a newer build
 * drops what is left; the store takes only those of the build it shows.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { generatedSize } from '../../bench/clusters';
import { createEngineHandler, tablesOrder } from './handler';
import type { BuiltReply, TablesReply } from './protocol';
import { nodePortLesson } from '../lessons/nodeport';

const LARGE = generatedSize({ label: '400 pods', nodes: 4, deployments: 40, replicas: 10 }).text;

describe('a large build’s tables', () => {
  it('follow the build node by node, only the nodes the trace crosses; any other when asked', () => {
    const h = createEngineHandler();
    const cluster = buildCluster(LARGE);
    const node = cluster.nodes.find((n) => !n.controlPlane)!;
    const request = { from: 'external' as const, to: `${node.ip}:${cluster.services.find((s) => s.type === 'NodePort')!.ports[0].nodePort}` };
    const built = h.handle({ type: 'build', seq: 1, text: LARGE, applyOverShown: false, request }) as BuiltReply;
    expect(built.cluster!.nodeDataplanes.every((d) => d.tablesJson === undefined)).toBe(true);
    const order = tablesOrder(cluster, built.trace);
    const crossed = [...new Set(built.trace!.hops.map((hop) => /^node\/([^/]+)/.exec(hop.element)?.[1]).filter((n): n is string => !!n))];
    expect(crossed.length).toBeGreaterThan(0);
    // Only the nodes the trace crosses: any other node's tables are sent when asked for.
    expect(order).toEqual(crossed);
    const replies: TablesReply[] = [];
    for (let r = h.background(); r; r = h.background()) replies.push(r);
    expect(replies.map((r) => r.node)).toEqual(order);
    expect(replies.every((r) => r.build === 1)).toBe(true);
    const first = cluster.nodeDataplanes.find((d) => d.node === order[0])!;
    expect(JSON.parse(replies[0].tablesJson)).toEqual(first.tables);
    expect(replies[0].summary.natRules).toBe(first.tables.find((t) => t.name === 'nat')!.rules.length);
    expect(traceRequest(cluster, request).outcome).toBe(built.trace!.outcome);
    const other = cluster.nodes.map((n) => n.name).find((n) => !order.includes(n))!;
    const asked = h.handle({ type: 'tables', seq: 2, build: 1, node: other }) as TablesReply;
    expect(asked).toMatchObject({ type: 'tables', build: 1, node: other });
    expect(JSON.parse(asked.tablesJson)).toEqual(cluster.nodeDataplanes.find((d) => d.node === other)!.tables);
    expect(h.handle({ type: 'tables', seq: 3, build: 99, node: other })).toBeUndefined();
  });

  it('stop when a newer build comes: what is left of the older one is dropped', () => {
    const h = createEngineHandler();
    const cluster = buildCluster(LARGE);
    const node = cluster.nodes.find((n) => !n.controlPlane)!;
    const request = { from: 'external' as const, to: `${node.ip}:${cluster.services.find((s) => s.type === 'NodePort')!.ports[0].nodePort}` };
    h.handle({ type: 'build', seq: 1, text: LARGE, applyOverShown: false, request });
    expect(h.background()?.build).toBe(1);
    // A small document: its tables went with it, nothing follows.
    const small = h.handle({ type: 'build', seq: 2, text: nodePortLesson.yaml, shown: 1, applyOverShown: false, request }) as BuiltReply;
    expect(small.cluster!.nodeDataplanes.every((d) => typeof d.tablesJson === 'string')).toBe(true);
    // A large one again, then a syntax error: the shown build's tables keep coming.
    h.handle({ type: 'build', seq: 3, text: LARGE, shown: 2, applyOverShown: false, request });
    h.handle({ type: 'build', seq: 4, text: `${LARGE}\n---\nkind: [unclosed\n`, shown: 3, applyOverShown: true, request });
    const rest: TablesReply[] = [];
    for (let r = h.background(); r; r = h.background()) rest.push(r);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((r) => r.build === 3)).toBe(true);
  });
});
