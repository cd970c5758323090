/**
 * Start-up figures of issue 14, each a ratio to a baseline measured in the same run:
 *
 * - the app against a bare Vite + React page (bench/bare/: one <h1>), built and served beside
 *   it: first contentful paint, the canvas drawn with its boxes (a `.react-flow__node` shown)
 *   and the editor ready (the `podpath:editor-ready` mark: the text is shown and can be typed
 *   in, in the plain editor of the first frame), each over the bare page's FCP; and, with no
 *   target, Monaco in (`podpath:monaco-ready`: it has taken over from the plain editor).
 *   Runs alternate bare/app and app/bare, each in a fresh browser context (empty storage, no
 *   service worker, nothing cached);
 * - the entry JS: what index.html loads before anything else (its module script and the
 *   chunks it modulepreloads), gzipped;
 * - `podpath trace` on the default lesson against `node -e 0`, wall time of the whole process,
 *   alternating too (one warm-up of each first).
 *
 * Used by bench/app.mjs (`npm run bench`); the medians, min and max of every figure are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BARE_OUT = join(ROOT, 'dist-bare');

/** Builds bench/bare into dist-bare/ (relative paths, like the app). */
export async function buildBare() {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  await build({ configFile: false, root: join(ROOT, 'bench/bare'), base: './', logLevel: 'warn', plugins: [react()], build: { outDir: BARE_OUT, emptyOutDir: true } });
  return BARE_OUT;
}

/** The JS index.html loads first (its module scripts and modulepreloads) and its CSS, raw and gzipped. */
export function entrySize(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const js = [...html.matchAll(/<script type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const size = (files) =>
    files.reduce(
      (n, f) => {
        const body = readFileSync(join(dist, f.replace(/^\.?\//, '')));
        return { raw: n.raw + body.length, gzip: n.gzip + gzipSync(body, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  return { files: js, js: size(js), css: size(css) };
}

/** Watches, from the first script on, for the first frame that shows a React Flow box. */
function watchCanvas() {
  const tick = () => {
    const box = document.querySelector('.react-flow__node');
    if (box && window.getComputedStyle(box).visibility !== 'hidden') window.__benchCanvasAt = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function measurePage(browser, url, app, timeout, offsite, isOffsite) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  context.setDefaultTimeout(timeout);
  context.on('request', (req) => {
    if (isOffsite(req.url())) offsite.push(`${req.method()} ${req.url()}`);
  });
  try {
    if (app) await context.addInitScript(watchCanvas);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(url, { waitUntil: 'load' });
    const fcp = await (await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false)).jsonValue();
    if (!app) return { fcp };
    const canvas = await (await page.waitForFunction(() => window.__benchCanvasAt ?? false)).jsonValue();
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true');
    const editor = await page.evaluate(() => performance.getEntriesByName('podpath:editor-ready', 'mark')[0]?.startTime ?? null);
    if (editor == null) throw new Error('editorReady is set but the mark "podpath:editor-ready" is missing');
    // The editor that is ready holds the lesson's text, in the plain editor or in Monaco.
    const shown = await page.evaluate(() => {
      const plain = document.querySelector('[data-testid="plain-editor"] textarea');
      const text = plain ? plain.value : (document.querySelector('[data-testid="yaml-editor"] .view-lines')?.textContent ?? '');
      return text.includes('apiVersion');
    });
    if (!shown) throw new Error('editorReady is set but no editor on the page holds the text');
    await page.waitForFunction(() => document.documentElement.dataset.monacoReady === 'true');
    const monaco = await page.evaluate(() => performance.getEntriesByName('podpath:monaco-ready', 'mark')[0]?.startTime ?? null);
    if (monaco == null) throw new Error('monacoReady is set but the mark "podpath:monaco-ready" is missing');
    if (errors.length) throw new Error(`page errors:\n  ${errors.join('\n  ')}`);
    return { fcp, canvas, editor, monaco };
  } finally {
    await context.close().catch(() => {});
  }
}

function wall(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** `podpath trace` of the default lesson's request against `node -e 0`, alternating. */
export async function measureCli(runs) {
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli({ quiet: true }); // the bin would rebuild a stale bundle in its first run
  const { nodePortLesson } = await import('../src/lessons/nodeport.ts');
  const dir = mkdtempSync(join(tmpdir(), 'podpath-bench-'));
  try {
    const file = join(dir, 'lesson.yaml');
    writeFileSync(file, nodePortLesson.yaml);
    const { from, to } = nodePortLesson.request;
    const trace = ['bin/podpath.mjs', 'trace', '--from', from, '--to', to, '-f', file];
    const bare = ['-e', '0'];
    wall(trace);
    wall(bare);
    const t = [];
    const n = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2) {
        n.push(wall(bare));
        t.push(wall(trace));
      } else {
        t.push(wall(trace));
        n.push(wall(bare));
      }
    }
    return { trace: t, node: n, command: `podpath trace --from ${from} --to ${to}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
}

/**
 * Everything above; returns the lines to print and the JSON fields. `startServer`/`stopServer`
 * are bench/app.mjs's static server.
 */
export async function startupBench({ browser, appUrl, appDist, startServer, stopServer, runs, timeout, offsite, isOffsite, withTimeout }) {
  const bareDist = await buildBare();
  const served = await startServer(bareDist);
  const bare = [];
  const app = [];
  try {
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? ['app', 'bare'] : ['bare', 'app'];
      for (const which of order) {
        const run = measurePage(browser, which === 'app' ? appUrl : served.url, which === 'app', timeout, offsite, isOffsite);
        run.catch(() => {});
        (which === 'app' ? app : bare).push(await withTimeout(run, timeout, `start-up run ${i + 1} (${which})`));
      }
    }
  } finally {
    await stopServer(served.server);
  }
  const cli = await measureCli(runs);
  const entry = entrySize(appDist);

  const bareFcp = stats(bare.map((r) => r.fcp));
  const ratio = (s) => s.median / bareFcp.median;
  const fig = (label, s, target, note = '') => {
    const r = ratio(s);
    return `  ${label.padEnd(24)} ${Math.round(s.median).toString().padStart(5)} ms (min ${Math.round(s.min)}, max ${Math.round(s.max)})  ${r.toFixed(2)}× bare FCP  target ≤ ${target}× ${r <= target ? 'met' : 'NOT met'}${note}`;
  };
  const fcp = stats(app.map((r) => r.fcp));
  const canvas = stats(app.map((r) => r.canvas));
  const editor = stats(app.map((r) => r.editor));
  const monaco = stats(app.map((r) => r.monaco));
  const trace = stats(cli.trace);
  const node = stats(cli.node);
  const cliRatio = trace.median / node.median;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [
    `start-up against a bare Vite + React page (one <h1>), ${runs} alternating runs each, fresh contexts:`,
    `  ${'bare page FCP'.padEnd(24)} ${Math.round(bareFcp.median).toString().padStart(5)} ms (min ${Math.round(bareFcp.min)}, max ${Math.round(bareFcp.max)})`,
    fig('app FCP', fcp, 1.3),
    fig('canvas with boxes', canvas, 2),
    fig('editor ready', editor, 5),
    `  ${'Monaco in'.padEnd(24)} ${Math.round(monaco.median).toString().padStart(5)} ms (min ${Math.round(monaco.min)}, max ${Math.round(monaco.max)})  ${ratio(monaco).toFixed(2)}× bare FCP  (no target: it takes over the plain editor)`,
    `  ${'entry JS'.padEnd(24)} ${kb(entry.js.raw)}, ${kb(entry.js.gzip)} gzip in ${entry.files.length} file${entry.files.length === 1 ? '' : 's'} (CSS ${kb(entry.css.gzip)} gzip)  target ≤ 200 KB gzip ${entry.js.gzip <= 200 * 1024 ? 'met' : 'NOT met'}`,
    `${cli.command} (default lesson), ${runs} alternating runs:`,
    `  ${'podpath trace'.padEnd(24)} ${Math.round(trace.median).toString().padStart(5)} ms (min ${Math.round(trace.min)}, max ${Math.round(trace.max)})  ${cliRatio.toFixed(2)}× node -e 0  target ≤ 2.5× ${cliRatio <= 2.5 ? 'met' : 'NOT met'}`,
    `  ${'node -e 0'.padEnd(24)} ${Math.round(node.median).toString().padStart(5)} ms (min ${Math.round(node.min)}, max ${Math.round(node.max)})`,
  ];
  const round2 = (x) => Math.round(x * 100) / 100;
  const json = {
    bareFcpMs: Math.round(bareFcp.median),
    fcpRatio: round2(ratio(fcp)),
    canvasRatio: round2(ratio(canvas)),
    editorReadyRatio: round2(ratio(editor)),
    monacoReadyRatio: round2(ratio(monaco)),
    entryJsGzipKB: round2(entry.js.gzip / 1024),
    cliTraceMs: Math.round(trace.median),
    nodeMs: Math.round(node.median),
    cliRatio: round2(cliRatio),
  };
  return { lines, json };
}
