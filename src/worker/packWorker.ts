/**
 * The worker's half of pack.ts: a node's tables made and serialised, and the cluster as it is
 * posted. Apart from pack.ts because it renders kube-proxy's nftables listing (nft's renderer):
 * the page imports pack.ts to unpack, and must not carry that renderer.
 */
import type { Cluster, NodeDataplane } from '../engine';
import { nftListingLines } from '../terminal/nftlist';
import { EAGER_TABLES_PODS, LAZY_FIELDS, tableSummary, type LazyField, type PackedCluster, type PackedDataplane, type PackedTables } from './pack';

/** The fields that travel packed (or, for the nftables table, as its listing only). */
const TABLE_FIELDS = new Set(['tables', 'ipvs', 'ipsets', 'nftables']);

/** A dataplane's fields that are plain values: its lazy getters (tables, ipvs, ipsets, nftables) left out, so nothing is built by copying. */
function plainPart(dp: NodeDataplane): PackedDataplane {
  const out: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(dp))) if ('value' in d && !TABLE_FIELDS.has(key)) out[key] = d.value;
  return out as PackedDataplane;
}

/** In the worker: one node's tables made and serialised (forces the engine's lazy build). */
export function packTables(dp: NodeDataplane): PackedTables {
  const { ipvs, ipsets, nftables } = dp;
  return {
    tablesJson: JSON.stringify(dp.tables), summary: tableSummary(dp), ...(ipvs ? { ipvs } : {}), ...(ipsets ? { ipsets } : {}),
    ...(nftables ? { nftJson: JSON.stringify(nftListingLines(nftables)) } : {}),
  };
}

/** In the worker: the cluster as it is posted; its tables included when `withTables` (a small cluster). */
export function packCluster(cluster: Cluster, withTables = cluster.pods.length <= EAGER_TABLES_PODS): PackedCluster {
  const packed: PackedCluster = {
    ...cluster,
    packed: true,
    nodeDataplanes: cluster.nodeDataplanes.map((dp) => ({ ...plainPart(dp), ...(withTables ? packTables(dp) : {}) })),
  };
  if (withTables) return packed;
  const json: Partial<Record<LazyField, string>> = {};
  const out = packed as unknown as Record<string, unknown>;
  for (const field of LAZY_FIELDS) {
    if (out[field] === undefined) continue;
    json[field] = JSON.stringify(out[field]);
    delete out[field];
  }
  return { ...packed, json };
}
