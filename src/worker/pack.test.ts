/**
 * A cluster crossing from the worker: the page sees the cluster the engine built, the tables
 * of a node parsed only when read, and the canvas's two facts without reading any.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { generatedSize } from '../../bench/clusters';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { EAGER_TABLES_PODS, hasTables, nftLines, receiveTables, tableSummary, unpackCluster } from './pack';
import { packCluster, packTables } from './packWorker';

const NFT_MODE = '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n';

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
    const packed = packCluster(cluster, true);
    const tablesBytes = packed.nodeDataplanes.reduce((n, d) => n + (d.tablesJson ?? '').length, 0);
    const rest = JSON.stringify({ ...packed, nodeDataplanes: packed.nodeDataplanes.map(({ tablesJson: _, ...d }) => d) }).length;
    expect(rest * 5).toBeLessThan(tablesBytes);
    expect(unpackCluster(structuredClone(packed)).nodeDataplanes[3].tables).toEqual(cluster.nodeDataplanes[3].tables);
  });

  it('sends a large cluster without its tables, which read as empty and pending until they come, then as the engine made them', () => {
    const cluster = buildCluster(generatedSize({ label: '400 pods', nodes: 4, deployments: 40, replicas: 10 }).text);
    expect(cluster.pods.length).toBeGreaterThan(EAGER_TABLES_PODS);
    const packed = packCluster(cluster);
    expect(packed.nodeDataplanes.every((d) => d.tablesJson === undefined && d.summary === undefined)).toBe(true);
    // The routes and interfaces the canvas draws are there at once; the pods and the rest as text, parsed when read.
    expect(Object.keys(packed.json ?? {}).sort()).toEqual(['accepted', 'endpointSlices', 'outline', 'podDataplanes', 'pods', 'services', 'workloads']);
    expect('pods' in packed).toBe(false);
    const page = unpackCluster(structuredClone(packed));
    expect(Object.getOwnPropertyDescriptor(page, 'pods')?.get).toBeTypeOf('function');
    expect(page.pods).toBe(page.pods);
    const { nodeDataplanes: _a, ...engineRest } = cluster;
    const { nodeDataplanes: _b, ...pageRest } = page;
    expect({ ...pageRest }).toEqual(JSON.parse(JSON.stringify(engineRest)));
    expect(page.nodeDataplanes.map((d) => d.routes)).toEqual(cluster.nodeDataplanes.map((d) => d.routes));
    expect(page.nodeDataplanes.some((d) => hasTables(page, d.node))).toBe(false);
    expect(page.nodeDataplanes[1].tables).toEqual([]);
    expect(tableSummary(page.nodeDataplanes[1])).toEqual({ natRules: undefined, objects: [], virtualServers: 0 });
    for (const dp of cluster.nodeDataplanes) expect(receiveTables(page, dp.node, structuredClone(packTables(dp)))).toBe(true);
    expect(receiveTables(page, 'no-such-node', packTables(cluster.nodeDataplanes[0]))).toBe(false);
    expect(page.nodeDataplanes.every((d) => hasTables(page, d.node))).toBe(true);
    expect(page.nodeDataplanes[1].tables).toEqual(cluster.nodeDataplanes[1].tables);
    expect(tableSummary(page.nodeDataplanes[1]).natRules).toBe(cluster.nodeDataplanes[1].tables.find((t) => t.name === 'nat')!.rules.length);
  });

  it('copies no lazy field when it leaves the tables behind: the engine does not make them', () => {
    const cluster = buildCluster(generatedSize({ label: '400 pods', nodes: 4, deployments: 40, replicas: 10 }).text);
    let made = 0;
    for (const dp of cluster.nodeDataplanes) {
      const get = Object.getOwnPropertyDescriptor(dp, 'tables')!.get!;
      Object.defineProperty(dp, 'tables', { get: () => (made++, get.call(dp)), enumerable: true, configurable: true });
    }
    packCluster(cluster);
    expect(made).toBe(0);
    packCluster(cluster, true);
    expect(made).toBeGreaterThanOrEqual(cluster.nodeDataplanes.length);
  });

  it('sends an nftables node\'s ruleset as its listing\'s lines, not the table: the page reads them, the counts and the objects beside them', () => {
    const cluster = buildCluster(nodePortLesson.yaml + NFT_MODE);
    const node01 = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;
    const packed = packCluster(cluster);
    const sent = packed.nodeDataplanes.find((d) => d.node === 'node01')!;
    expect('nftables' in sent).toBe(false);
    expect(typeof sent.nftJson).toBe('string');
    const page = unpackCluster(structuredClone(packed));
    const dp = page.nodeDataplanes.find((d) => d.node === 'node01')!;
    expect(dp.nftables).toBeUndefined();
    const lines = nftLines(dp)!;
    expect(lines).toBe(nftLines(dp));
    expect(`${lines.map((l) => l.text).join('\n')}\n`).toBe(renderList(node01.nftables!));
    expect(lines.find((l) => l.text === '\t\tmeta l4proto tcp dnat to 10.244.2.2:80')).toEqual({
      text: '\t\tmeta l4proto tcp dnat to 10.244.2.2:80',
      block: { kind: 'chain', name: 'endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80' },
      rule: 'meta l4proto tcp dnat to 10.244.2.2:80',
      provenance: node01.nftables!.chains.get('endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80')!.rules[1].provenance,
    });
    expect(lines.find((l) => l.text.startsWith('\t\tip daddr @cluster-ips reject'))?.rule).toBe('ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"');
    const chains = node01.nftables!.chains.size;
    const elements = [...node01.nftables!.sets.values()].reduce((n, s) => n + s.elements.length, 0);
    expect(tableSummary(dp).nft).toEqual({ chains, elements });
    // 8 base chains, 8 of kube-proxy's helpers, 15 of the Services; 3 ClusterIPs, the node's address, 5 Service ports, 1 node port.
    expect([chains, elements]).toEqual([31, 10]);
    // A node in iptables mode sends none.
    const ipt = unpackCluster(structuredClone(packCluster(buildCluster(nodePortLesson.yaml))));
    expect(nftLines(ipt.nodeDataplanes[1])).toBeUndefined();
    expect(tableSummary(ipt.nodeDataplanes[1]).nft).toBeUndefined();
  });

  it('a large nftables cluster\'s listing comes with its node\'s tables, after the build', () => {
    const cluster = buildCluster(generatedSize({ label: '400 pods', nodes: 4, deployments: 40, replicas: 10 }).text + NFT_MODE);
    const page = unpackCluster(structuredClone(packCluster(cluster)));
    const dp = page.nodeDataplanes[1];
    expect(nftLines(dp)).toBeUndefined();
    expect(receiveTables(page, dp.node, structuredClone(packTables(cluster.nodeDataplanes[1])))).toBe(true);
    expect(nftLines(dp)!.map((l) => l.text).join('\n')).toBe(renderList(cluster.nodeDataplanes[1].nftables!).trimEnd());
    expect(tableSummary(dp).nft!.elements).toBeGreaterThan(40);
  });
});
