/**
 * The engine's side of the contract (protocol.ts), as a plain function of messages: the Web
 * Worker (engine.worker.ts) is a thin wrapper around it, and Node (the unit tests, the store's
 * tests) calls it directly. It keeps the clusters it built by sequence number, only those the
 * store may still name: the one on screen and the newest.
 */
import type { Cluster, Diagnostic, Trace } from '../engine';
import { reachMatrix, type ReachMatrix } from '../engine/netpol/reach';
import { askDns } from '../lessons/play';
import { expandLists } from '../engine/import';
import { parseManifests } from '../engine/parse';
import { firstThatBuilds, tryBuild, tryTrace } from './guard';
import { runCommand } from '../terminal';
import { EAGER_TABLES_PODS } from './pack';
import { packCluster, packTables } from './packWorker';
import type {
  BuildMessage, BuiltReply, CountedReply, CountMessage, DnsMessage, DnsReply, EngineReply, EngineRequest, ExecMessage, ExecutedReply, ReachedReply, ReachMessage, StartMessage, TablesMessage, TablesReply, TraceMessage,
} from './protocol';

export function hasSyntaxErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error');
}

export interface EngineHandler {
  /** The answer to one message (undefined for a trace on a build no longer held). */
  handle(message: EngineRequest): EngineReply | undefined;
  /**
   * The next piece of background work: one node's tables of the newest large build (pack.ts),
   * or undefined when there is none. The worker runs it between messages, one per task, so a
   * new keystroke's build waits for one node at most; a newer build drops what is left.
   */
  background(): TablesReply | undefined;
  /** The sequence numbers of the builds held (tests). */
  held(): number[];
}

/**
 * The nodes whose tables a large build sends by itself: those the trace crosses (the canvas
 * shows their rule counts, the inspector opens them). Any other node's come when asked
 * (TablesMessage), and the terminal runs in the worker: at 20,000 pods a node's tables are
 * megabytes, and all of them would not fit the page.
 */
export function tablesOrder(cluster: Cluster, trace: Trace | undefined): string[] {
  const names = cluster.nodeDataplanes.map((d) => d.node);
  const first = new Set<string>();
  for (const hop of trace?.hops ?? []) {
    const m = /^node\/([^/]+)/.exec(hop.element);
    if (m && names.includes(m[1])) first.add(m[1]);
  }
  return [...first];
}

/** `now` is injected (performance.now in the worker) so the cost a reply reports can be tested. */
export function createEngineHandler(now: () => number = () => 0): EngineHandler {
  const clusters = new Map<number, Cluster>();
  /** The large build whose tables are still to be sent, and the nodes left. */
  let pending: { seq: number; nodes: string[] } | undefined;
  /** Packs a build for the page; a large one's tables are queued to follow it. */
  const pack = (seq: number, cluster: Cluster, trace: Trace | undefined) => {
    const small = cluster.pods.length <= EAGER_TABLES_PODS;
    pending = small ? undefined : { seq, nodes: tablesOrder(cluster, trace) };
    return packCluster(cluster, small);
  };

  const start = (m: StartMessage): BuiltReply => {
    const t0 = now();
    clusters.clear();
    const previous = m.accepted !== null && m.accepted !== undefined && m.accepted !== m.text ? tryBuild(m.accepted).cluster : undefined;
    const built = tryBuild(m.text, { previous });
    const ok = !!built.cluster && !hasSyntaxErrors(built.cluster.diagnostics);
    // A broken saved text, or one the engine fails on: the first picture is the last text that
    // built (or the lesson's), the errors still show, and the text stays as it was.
    const cluster = ok && built.cluster ? built.cluster : firstThatBuilds(m.fallbacks);
    clusters.set(m.seq, cluster);
    const trace = tryTrace(cluster, m.request);
    return {
      type: 'built', seq: m.seq, cluster: pack(m.seq, cluster, trace), trace, stale: !ok, acceptedWhole: false,
      diagnostics: built.cluster ? built.cluster.diagnostics : built.diagnostics,
      ...(built.crash !== undefined ? { crash: built.crash } : {}),
      ms: now() - t0,
    };
  };

  const build = (m: BuildMessage): BuiltReply => {
    const t0 = now();
    // Edits of one document are applied over the cluster it built: an object the API server
    // refuses now keeps the version it accepted before. A replaced document starts afresh.
    const shown = m.shown !== undefined ? clusters.get(m.shown) : undefined;
    const built = tryBuild(m.text, { previous: m.applyOverShown ? shown : undefined });
    // The store moved past every other build: only the one it shows may be named again.
    for (const seq of [...clusters.keys()]) if (seq !== m.shown) clusters.delete(seq);
    if (!built.cluster) return { type: 'built', seq: m.seq, diagnostics: built.diagnostics, stale: true, crash: built.crash, acceptedWhole: false, ms: now() - t0 };
    const cluster = built.cluster;
    if (hasSyntaxErrors(cluster.diagnostics)) return { type: 'built', seq: m.seq, diagnostics: cluster.diagnostics, stale: true, acceptedWhole: false, ms: now() - t0 };
    clusters.set(m.seq, cluster);
    const trace = tryTrace(cluster, m.request);
    const acceptedWhole = !cluster.diagnostics.some((d) => d.severity === 'error');
    return { type: 'built', seq: m.seq, diagnostics: cluster.diagnostics, stale: false, cluster: pack(m.seq, cluster, trace), trace, acceptedWhole, ms: now() - t0 };
  };

  /** Each build's matrices by port and protocol: derived once per build, when the view asks. */
  const matrices = new WeakMap<Cluster, Map<string, ReachMatrix>>();
  const reach = (m: ReachMessage): ReachedReply | undefined => {
    const cluster = clusters.get(m.build);
    if (!cluster) return undefined;
    let byKey = matrices.get(cluster);
    if (!byKey) matrices.set(cluster, (byKey = new Map()));
    const key = `${m.port}/${m.protocol}`;
    let matrix = byKey.get(key);
    if (!matrix) byKey.set(key, (matrix = reachMatrix(cluster, m.port, m.protocol)));
    return { type: 'reached', seq: m.seq, build: m.build, matrix };
  };

  const dns = (m: DnsMessage): DnsReply | undefined => {
    const cluster = clusters.get(m.build);
    return cluster && { type: 'dnsAnswer', seq: m.seq, build: m.build, dns: askDns(cluster, m.request, m.question) };
  };

  // Parsed here, the text's documents are in the parse cache for the build that follows.
  const count = (m: CountMessage): CountedReply => {
    const parsed = parseManifests(m.text);
    return { type: 'counted', seq: m.seq, objects: expandLists(parsed.objects, parsed.diagnostics).length };
  };

  const trace = (m: TraceMessage): EngineReply | undefined => {
    const cluster = clusters.get(m.build);
    return cluster ? { type: 'traced', seq: m.seq, build: m.build, trace: tryTrace(cluster, m.request) } : undefined;
  };

  const background = (): TablesReply | undefined => {
    const cluster = pending && clusters.get(pending.seq);
    const node = pending?.nodes.shift();
    const dp = node !== undefined ? cluster?.nodeDataplanes.find((d) => d.node === node) : undefined;
    if (!pending || !dp) {
      pending = undefined;
      return undefined;
    }
    const reply: TablesReply = { type: 'tables', build: pending.seq, node: dp.node, ...packTables(dp) };
    if (pending.nodes.length === 0) pending = undefined;
    return reply;
  };

  const tables = (m: TablesMessage): TablesReply | undefined => {
    const dp = clusters.get(m.build)?.nodeDataplanes.find((d) => d.node === m.node);
    return dp && { type: 'tables', build: m.build, node: dp.node, ...packTables(dp) };
  };

  const exec = (m: ExecMessage): ExecutedReply => {
    const held = m.build !== undefined ? clusters.get(m.build) : undefined;
    const fail = (error: string): ExecutedReply => ({ type: 'executed', seq: m.seq, result: { output: '', exitCode: 1, notices: [{ key: 'store.terminalCrashed', params: { error } }] } });
    // A stale picture: the terminal works on the text the editor holds, as far as it builds.
    const cluster = m.stale || !held ? (tryBuild(m.state.yaml).cluster ?? held) : held;
    if (!cluster) return fail('the text does not build');
    try {
      return { type: 'executed', seq: m.seq, result: runCommand({ ...m.state, cluster }, m.line) };
    } catch (e) {
      // A command that throws (a bug, in the shell or the engine under it) fails like a command, not like the worker.
      return fail(e instanceof Error ? e.message : String(e));
    }
  };

  return {
    handle: (m) => {
      switch (m.type) {
        case 'start': return start(m);
        case 'build': return build(m);
        case 'reach': return reach(m);
        case 'dns': return dns(m);
        case 'count': return count(m);
        case 'tables': return tables(m);
        case 'exec': return exec(m);
        default: return trace(m);
      }
    },
    background,
    held: () => [...clusters.keys()],
  };
}
