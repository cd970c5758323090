/**
 * How a cluster crosses from the worker to the page. Nine tenths of a large cluster are the
 * nodes' netfilter tables (34 of 37.5 MB at 2,000 pods), and structured clone rebuilds every
 * one of their objects on the page's thread: seconds of a frozen tab. The page needs the
 * tables of one node at a time (the inspector, the terminal, an export), and of the others
 * only a few facts the canvas shows. So each node's tables travel as one JSON string (copied
 * as bytes, not rebuilt as objects) and are parsed on first use; the facts travel beside them,
 * computed once in the worker.
 *
 * A small cluster's tables go with the build (a lesson's cost a few milliseconds). A large
 * one's are not even made before the picture: making and serialising them took 2.4 s of the
 * worker's time at 2,000 pods, every keystroke. The build goes without them, and the worker
 * sends them node by node afterwards (handler.ts, `tables` replies), the nodes the trace
 * crosses first; the page reads them through the same getters once they are in.
 */
import type { Cluster, NodeDataplane } from '../engine';
import type { NftLine } from '../terminal/nftlist';

/** What the canvas and the links need of a node's tables without reading them. */
export interface TableSummary {
  /** Rules in the nat table (the netfilter box's count); undefined while the tables are still being made (a large cluster). */
  natRules: number | undefined;
  /** The YAML objects (Kind/ns/name) that made some rule in the node's tables. */
  objects: string[];
  /** IPVS virtual servers (kube-proxy's IPVS mode), 0 otherwise. */
  virtualServers: number;
  /** kube-proxy's nftables mode: the chains of its `ip kube-proxy` table, and the elements of its sets and maps. */
  nft?: { chains: number; elements: number };
}

/** A node's tables as they cross: with the build (small clusters) or in a `tables` reply after it. */
export interface PackedTables {
  tablesJson: string;
  /**
   * kube-proxy's nftables mode: `nft list ruleset` as lines (NftLine[]), as JSON. Rendered in the
   * worker so that the page carries neither the table nor nft's renderer, only what it shows.
   */
  nftJson?: string;
  summary: TableSummary;
  ipvs?: NodeDataplane['ipvs'];
  ipsets?: NodeDataplane['ipsets'];
}

/** A dataplane's plain fields (interfaces, routes, …), and its tables when they travel with the build. */
export type PackedDataplane = Omit<NodeDataplane, 'tables' | 'ipvs' | 'ipsets' | 'nftables'> & Partial<PackedTables>;

/**
 * The fields of a large cluster that travel as JSON text, parsed on first read: structured
 * clone rebuilt their 4 MB of small objects (2,000 pods) on the page's thread in one task of
 * 400 ms, though a keystroke's picture reads only some of them (a pod's own interfaces, the
 * apply state, are read when asked for).
 */
export const LAZY_FIELDS = ['pods', 'services', 'endpointSlices', 'podDataplanes', 'workloads', 'accepted', 'outline'] as const;
export type LazyField = (typeof LAZY_FIELDS)[number];

export type PackedCluster = Omit<Cluster, 'nodeDataplanes'> & {
  nodeDataplanes: PackedDataplane[];
  packed: true;
  /** A large cluster's LAZY_FIELDS, as JSON (absent from the object itself). */
  json?: Partial<Record<LazyField, string>>;
};

/** Up to this many pods, a build carries every node's tables (a lesson: at once, as before). */
export const EAGER_TABLES_PODS = 300;

/** While a large cluster's tables are still being made. */
const PENDING: TableSummary = Object.freeze({ natRules: undefined, objects: [], virtualServers: 0 }) as TableSummary;

const summaries = new WeakMap<NodeDataplane, TableSummary>();
/** The tables of a page-side dataplane whose tables come later (filled by receiveTables). */
type Slot = Partial<PackedTables> & { tables?: NodeDataplane['tables']; nft?: NftLine[] };
const slots = new WeakMap<NodeDataplane, Slot>();

function summarise(dp: NodeDataplane): TableSummary {
  const objects = new Set<string>();
  for (const table of dp.tables) for (const rule of table.rules) if (rule.provenance) objects.add(rule.provenance.object);
  const summary: TableSummary = { natRules: dp.tables.find((t) => t.name === 'nat')?.rules.length ?? 0, objects: [], virtualServers: dp.ipvs?.virtualServers.length ?? 0 };
  const nft = dp.nftables;
  if (nft) {
    let elements = 0;
    for (const chain of nft.chains.values()) for (const rule of chain.rules) if (rule.provenance) objects.add(rule.provenance.object);
    for (const set of nft.sets.values()) {
      elements += set.elements.length;
      for (const e of set.elements) if (e.provenance) objects.add(e.provenance.object);
    }
    summary.nft = { chains: nft.chains.size, elements };
  }
  summary.objects = [...objects];
  return summary;
}

/** The summary of a node's tables: the one the worker sent, PENDING until it comes, or computed here once (tests, the CLI). */
export function tableSummary(dp: NodeDataplane): TableSummary {
  let summary = summaries.get(dp);
  if (summary) return summary;
  const slot = slots.get(dp);
  if (slot && slot.tablesJson === undefined) return PENDING;
  summary = summarise(dp);
  summaries.set(dp, summary);
  return summary;
}

// The worker's half (packTables, packCluster) is in packWorker.ts: it renders nft's listing,
// which the page must not carry (a re-export here would put it in the page's chunk).

/** The clusters unpacked from a large build (their bulky fields parsed when first read). */
const large = new WeakSet<object>();

/** Whether the cluster came from a large build (more than EAGER_TABLES_PODS pods): the page then spreads its work over several tasks. */
export const isLarge = (cluster: Cluster): boolean => large.has(cluster);

/** On the page: the cluster as the engine made it, each node's tables parsed when first read (empty until they come). */
export function unpackCluster(packed: PackedCluster): Cluster {
  const { packed: _, json, ...rest } = packed;
  if (json) large.add(rest);
  for (const [field, text] of Object.entries(json ?? {})) {
    let value: unknown;
    Object.defineProperty(rest, field, { enumerable: true, configurable: true, get: () => (value ??= JSON.parse(text)) });
  }
  const nodeDataplanes = packed.nodeDataplanes.map(({ tablesJson, summary, ipvs, ipsets, nftJson, ...plain }) => {
    const out = plain as NodeDataplane;
    const slot: Slot = { tablesJson, summary, ipvs, ipsets, nftJson };
    slots.set(out, slot);
    Object.defineProperty(out, 'tables', {
      enumerable: true,
      configurable: true,
      get: () => (slot.tablesJson === undefined ? [] : (slot.tables ??= JSON.parse(slot.tablesJson) as NodeDataplane['tables'])),
    });
    for (const key of ['ipvs', 'ipsets'] as const) Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => slot[key] });
    if (summary) summaries.set(out, summary);
    return out;
  });
  // Not spread: that would read (parse) the lazy fields.
  return Object.assign(rest, { nodeDataplanes }) as unknown as Cluster;
}

/** On the page: a node's tables, come after the build. False when the cluster has no such node (another build's). */
export function receiveTables(cluster: Cluster, node: string, tables: PackedTables): boolean {
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  const slot = dp && slots.get(dp);
  if (!dp || !slot) return false;
  Object.assign(slot, { nftJson: undefined }, tables, { tables: undefined, nft: undefined });
  summaries.set(dp, tables.summary);
  return true;
}

/** True when the node's tables are on the page (always, for a small cluster's or an engine-built one). */
export function hasTables(cluster: Cluster, node: string): boolean {
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  const slot = dp && slots.get(dp);
  return !!dp && (!slot || slot.tablesJson !== undefined);
}

/**
 * A node's `nft list ruleset` in kube-proxy's nftables mode, line by line (parsed once, on first
 * read); undefined on another mode's node, while a large cluster's tables are still coming, and
 * for a dataplane the engine built here (not unpacked): the page never renders the table itself.
 */
export function nftLines(dp: NodeDataplane): NftLine[] | undefined {
  const slot = slots.get(dp);
  if (slot?.nftJson === undefined) return undefined;
  return (slot.nft ??= JSON.parse(slot.nftJson) as NftLine[]);
}

/** A reply's cluster may be packed (from the worker) or plain (an older message shape in tests). */
export const isPacked = (cluster: Cluster | PackedCluster): cluster is PackedCluster => (cluster as PackedCluster).packed === true;
