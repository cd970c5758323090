/**
 * How a cluster crosses from the worker to the page. Nine tenths of a large cluster are the
 * nodes' netfilter tables (34 of 37.5 MB at 2,000 pods), and structured clone rebuilds every
 * one of their objects on the page's thread: seconds of a frozen tab. The page needs the
 * tables of one node at a time (the inspector, the terminal, an export), and of the others
 * only two facts the canvas shows. So each node's tables travel as one JSON string (copied
 * as bytes, not rebuilt as objects) and are parsed on first use; the two facts travel
 * beside them, computed once in the worker.
 */
import type { Cluster, NodeDataplane } from '../engine';

/** What the canvas and the links need of a node's tables without reading them. */
export interface TableSummary {
  /** Rules in the nat table (the netfilter box's count). */
  natRules: number;
  /** The YAML objects (Kind/ns/name) that made some rule in the node's tables. */
  objects: string[];
}

interface PackedDataplane extends Omit<NodeDataplane, 'tables'> {
  tablesJson: string;
  summary: TableSummary;
}

export type PackedCluster = Omit<Cluster, 'nodeDataplanes'> & { nodeDataplanes: PackedDataplane[]; packed: true };

const summaries = new WeakMap<NodeDataplane, TableSummary>();

function summarise(dp: NodeDataplane): TableSummary {
  const objects = new Set<string>();
  for (const table of dp.tables) for (const rule of table.rules) if (rule.provenance) objects.add(rule.provenance.object);
  return { natRules: dp.tables.find((t) => t.name === 'nat')?.rules.length ?? 0, objects: [...objects] };
}

/** The summary of a node's tables: the one the worker sent, or computed here once (tests, the CLI). */
export function tableSummary(dp: NodeDataplane): TableSummary {
  let summary = summaries.get(dp);
  if (!summary) {
    summary = summarise(dp);
    summaries.set(dp, summary);
  }
  return summary;
}

/** In the worker: the cluster as it is posted. */
export function packCluster(cluster: Cluster): PackedCluster {
  return {
    ...cluster,
    packed: true,
    nodeDataplanes: cluster.nodeDataplanes.map(({ tables, ...dp }) => ({ ...dp, tablesJson: JSON.stringify(tables), summary: tableSummary({ ...dp, tables }) })),
  };
}

/** On the page: the cluster as the engine made it, each node's tables parsed when first read. */
export function unpackCluster(packed: PackedCluster): Cluster {
  const { packed: _, ...rest } = packed;
  const nodeDataplanes = packed.nodeDataplanes.map(({ tablesJson, summary, ...dp }) => {
    let tables: NodeDataplane['tables'] | undefined;
    const out = dp as NodeDataplane;
    Object.defineProperty(out, 'tables', {
      enumerable: true,
      configurable: true,
      get: () => (tables ??= JSON.parse(tablesJson) as NodeDataplane['tables']),
    });
    summaries.set(out, summary);
    return out;
  });
  return { ...rest, nodeDataplanes } as Cluster;
}

/** A reply's cluster may be packed (from the worker) or plain (an older message shape in tests). */
export const isPacked = (cluster: Cluster | PackedCluster): cluster is PackedCluster => (cluster as PackedCluster).packed === true;
