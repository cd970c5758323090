/**
 * Benchmark of the engine alone: the time and memory to build clusters of three sizes, next to
 * the time the `yaml` package takes to parse the same text (the floor: the build parses too).
 *
 *   node --expose-gc --import tsx bench/build.ts      # run by `npm run bench`
 *   BENCH_RUNS=15 node --expose-gc --import tsx bench/build.ts
 *
 * Each cluster is checked first (bench/check.ts). Times are medians of BENCH_RUNS runs (default
 * 7) after two warm-ups; a garbage collection runs before each timed step, so each pays for its
 * own garbage only. Prints a table and a final JSON line. Exits non-zero on failure.
 */
import { parseAllDocuments } from 'yaml';
import { buildCluster } from '../src/engine/build';
import type { Cluster } from '../src/engine/model';
import { traceRequest } from '../src/engine/trace/trace';
import { checkCluster, nodePortTarget } from './check';
import { generatedSize, lessonSize, SHAPES, type Size } from './clusters';

const WARMUPS = 2;
const RUNS = parseRuns(process.env.BENCH_RUNS);

function parseRuns(value: string | undefined): number {
  if (value === undefined || value === '') return 7;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be a positive integer, got "${value}"`);
  return n;
}

function gc(): void {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (the heap figures need it)');
  globalThis.gc();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed<T>(f: () => T): { value: T; ms: number } {
  gc();
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
}

interface Result {
  size: string;
  yamlBytes: number;
  parseMs: number;
  buildMs: number;
  ratio: number;
  heapMB: number;
  tablesMs: number;
  rules: number;
  traceMs: number;
}

/** Heap still held while the built cluster is alive (its node tables not built yet: they are lazy). */
function retainedHeap(text: string): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const cluster = buildCluster(text);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (cluster.nodes.length === 0) throw new Error('empty cluster'); // keeps `cluster` alive until here
  return after - before;
}

function measure(size: Size): Result {
  const text = size.text;
  const first = buildCluster(text);
  checkCluster(size, first);
  const target = nodePortTarget(first);
  const parse: number[] = [];
  const build: number[] = [];
  const tables: number[] = [];
  const trace: number[] = [];
  let rules = 0;
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const p = timed(() => parseAllDocuments(text));
    const b = timed(() => buildCluster(text));
    const cluster: Cluster = b.value;
    // The first node's tables, built on first use; then one trace, which builds the tables of
    // the other nodes it passes through.
    const t = timed(() => cluster.nodeDataplanes[0].tables);
    const r = timed(() => traceRequest(cluster, { from: 'external', to: target }));
    if (r.value.outcome !== 'served') throw new Error(`${size.label}: the trace to ${target} was ${r.value.outcome}, not served`);
    rules = t.value.reduce((n, table) => n + table.rules.length, 0);
    if (i < WARMUPS) continue;
    parse.push(p.ms);
    build.push(b.ms);
    tables.push(t.ms);
    trace.push(r.ms);
  }
  const parseMs = median(parse);
  const buildMs = median(build);
  return {
    size: size.label,
    yamlBytes: Buffer.byteLength(text),
    parseMs: round(parseMs),
    buildMs: round(buildMs),
    ratio: round(buildMs / parseMs),
    heapMB: round(retainedHeap(text) / 2 ** 20),
    tablesMs: round(median(tables)),
    rules,
    traceMs: round(median(trace)),
  };
}

/** Three significant digits: 0.123, 1.23, 12.3, 123. */
function round(n: number): number {
  return Number(n.toPrecision(3));
}

const COLUMNS: [string, number, (r: Result) => string][] = [
  ['size', 28, (r) => r.size],
  ['YAML', 9, (r) => (r.yamlBytes < 2 ** 20 ? `${round(r.yamlBytes / 1024)} kB` : `${round(r.yamlBytes / 2 ** 20)} MB`)],
  ['yaml parse', 11, (r) => `${r.parseMs} ms`],
  ['build', 10, (r) => `${r.buildMs} ms`],
  ['build/parse', 11, (r) => `${r.ratio}×`],
  ['heap', 9, (r) => `${r.heapMB} MB`],
  ['node tables', 12, (r) => `${r.tablesMs} ms`],
  ['rules', 7, (r) => String(r.rules)],
  ['trace', 9, (r) => `${r.traceMs} ms`],
];

function line(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1]))).join('  ');
}

function main(): void {
  const sizes = [lessonSize(), ...SHAPES.map(generatedSize)];
  const results = sizes.map(measure);
  console.log(`Podpath build benchmark (median of ${RUNS} run${RUNS === 1 ? '' : 's'} after ${WARMUPS} warm-ups, Node ${process.versions.node})`);
  console.log(line(COLUMNS.map(([title]) => title)));
  for (const r of results) console.log(line(COLUMNS.map(([, , cell]) => cell(r))));
  console.log('heap: retained by the built cluster; node tables: the first node\'s nat and filter tables, built on first use; trace: outside host → a NodePort on that node');
  console.log(JSON.stringify({ build: results, runs: RUNS }));
}

try {
  main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.stack : String(err)}`);
  process.exitCode = 1;
}
