/**
 * A cluster crossing from the worker: the page sees the cluster the engine built, the tables
 * of a node parsed only when read, and the canvas's two facts without reading any.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { generatedSize } from '../../bench/clusters';
import { packCluster, tableSummary, unpackCluster } from './pack';

describe('packing a cluster for the page', () => {
  it('gives back the cluster the engine built, tables included', () => {
    const cluster = buildCluster(nodePortLesson.yaml);
    const page = unpackCluster(structuredClone(packCluster(cluster)));
    expect(page).toEqual(cluster);
    expect(page.nodeDataplanes.map((d) => d.tables)).toEqual(cluster.nodeDataplanes.map((d) => d.tables));
  });

  it('sends the nat rule count and the objects behind the rules beside the tables, as the tables say', () => {
    const cluster = buildCluster(nodePortLesson.yaml);
    const node01 = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;
    const page = unpackCluster(structuredClone(packCluster(cluster)));
    const sent = tableSummary(page.nodeDataplanes.find((d) => d.node === 'node01')!);
    expect(sent.natRules).toBe(node01.tables.find((t) => t.name === 'nat')!.rules.length);
    expect(sent.natRules).toBeGreaterThan(20);
    expect(sent.objects).toContain('Service/default/my-nginx-deploment');
    expect(sent.objects).toContain('Service/kube-system/kube-dns');
    expect(sent.objects).not.toContain('Deployment/default/my-nginx-deploment');
  });

  it('parses a node’s tables once, when first read', () => {
    const page = unpackCluster(structuredClone(packCluster(buildCluster(nodePortLesson.yaml))));
    const dp = page.nodeDataplanes[0];
    expect(Object.getOwnPropertyDescriptor(dp, 'tables')?.get).toBeTypeOf('function');
    expect(dp.tables).toBe(dp.tables);
  });

  it('posts a 2,000-pod cluster as strings: the object graph that is cloned is a tenth of the whole', () => {
    const cluster = buildCluster(generatedSize({ label: '2k', nodes: 20, deployments: 200, replicas: 10 }).text);
    const packed = packCluster(cluster);
    const tablesBytes = packed.nodeDataplanes.reduce((n, d) => n + d.tablesJson.length, 0);
    const rest = JSON.stringify({ ...packed, nodeDataplanes: packed.nodeDataplanes.map(({ tablesJson: _, ...d }) => d) }).length;
    expect(rest * 5).toBeLessThan(tablesBytes);
    expect(unpackCluster(structuredClone(packed)).nodeDataplanes[3].tables).toEqual(cluster.nodeDataplanes[3].tables);
  });
});
