#!/usr/bin/env node
/**
 * Benchmark of the built app in headless Chromium: first contentful paint, time until the YAML
 * editor (Monaco) is ready, the time from an edit to the updated picture on the canvas, and the
 * animation's frame rate on a 20-node, 200-pod cluster: frames counted with requestAnimationFrame
 * in the page for FPS_SECONDS, once with the packet still and once with it moving (and once in
 * presenter mode at 1920x1080, following the packet).
 *
 *   npm run bench                 # builds, then runs this file (with tsx, for bench/fpsCluster.ts)
 *   BENCH_RUNS=15 npm run bench   # more runs (default 7; the start-up ratios take at least 15)
 *   BENCH_FPS_ONLY=1 node --import tsx bench/app.mjs   # the frame rates alone, on the last build
 *   BENCH_STARTUP_ONLY=1 node --import tsx bench/app.mjs   # the start-up ratios alone (bench/startup.mjs)
 *   BENCH_EDITING_ONLY=1 node --import tsx bench/app.mjs   # keystroke → picture, long tasks, 10 MB paste (bench/editing.mjs)
 *
 * Serves dist/ itself on 127.0.0.1 (a free port), runs every measurement in a fresh browser
 * context (empty localStorage), prints a table and a final JSON line. Exits non-zero on failure.
 */
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChromium } from '../e2e/browser.ts';
import { fpsScenario } from './fpsCluster.ts';
import { buildBare, startupBench } from './startup.mjs';
import { editingBench } from './editing.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist'); // BENCH_DIST: another build folder
const RUNS = parseRuns(process.env.BENCH_RUNS);
// The start-up figures are ratios of times around a tenth of a second whose run-to-run spread on
// this machine is a sixth of them (the bare page's first paint alone went 88-164 ms): seven runs
// moved a median by a tenth between two runs of the bench. A run takes two seconds.
const STARTUP_RUNS = Math.max(RUNS, 15);
const RUN_TIMEOUT_MS = 60_000;
const DEBOUNCE_MS = 250; // the longest edit debounce (rebuildDelay in src/app/EditorPane.tsx follows the last build's cost, up to 250 ms)
const FPS_SECONDS = 3;
const OLD_PORT = '31101';
const NEW_PORT = '31102';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function parseRuns(value) {
  if (value === undefined || value === '') return 7;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: BENCH_RUNS must be a positive integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Static server for dist/

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

function startServer(root) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

function stopServer(server) {
  if (!server) return Promise.resolve();
  server.closeAllConnections?.();
  return new Promise((r) => server.close(() => r()));
}

// ---------------------------------------------------------------------------------------------
// Browser

function isOffsite(rawUrl) {
  let u;
  try {
    u = new URL(rawUrl);
  } catch {
    return true;
  }
  if (!/^(https?|wss?):$/.test(u.protocol)) return false; // data:, blob:, about:, chrome-…
  return u.hostname !== '127.0.0.1';
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One measurement in a fresh context. Returns { fcp, editorReady, editToPicture, offsite }. */
async function measureOnce(browser, url, offsite) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  context.setDefaultTimeout(RUN_TIMEOUT_MS);
  context.on('request', (req) => {
    if (isOffsite(req.url())) offsite.push(`${req.method()} ${req.url()}`);
  });
  context.on('page', (p) =>
    p.on('websocket', (ws) => {
      if (isOffsite(ws.url())) offsite.push(`WS ${ws.url()}`);
    }),
  );
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));

    await page.goto(url, { waitUntil: 'load' });

    // First contentful paint.
    const fcpHandle = await page.waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false,
    );
    const fcp = await fcpHandle.jsonValue();

    // Editor ready (the plain editor of the first frame), then Monaco in: the edit is typed into Monaco.
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true');
    const editorReady = await page.evaluate(() => {
      const marks = performance.getEntriesByName('podpath:editor-ready', 'mark');
      return marks.length ? marks[marks.length - 1].startTime : null;
    });
    if (editorReady == null) throw new Error('editorReady is set but the mark "podpath:editor-ready" is missing');
    await page.waitForFunction(() => document.documentElement.dataset.monacoReady === 'true');

    // Edit → updated picture.
    const editor = page.locator('[data-testid="yaml-editor"]');
    const flow = page.locator('.react-flow');
    await flow.getByText(`nodePort ${OLD_PORT}`).first().waitFor({ state: 'visible' });
    // Let the initial builds / measurements settle, so the baseline version is stable.
    await page.waitForFunction(() => document.documentElement.dataset.pictureVersion !== undefined);
    await page.waitForTimeout(DEBOUNCE_MS + 100);

    const target = editor.getByText(OLD_PORT, { exact: true }).first();
    await target.waitFor({ state: 'visible' });
    await target.dblclick();
    const baseline = await page.evaluate(() => {
      const w = window;
      w.__benchKeydown = undefined;
      window.addEventListener(
        'keydown',
        () => {
          if (w.__benchKeydown === undefined) w.__benchKeydown = performance.now();
        },
        { capture: true },
      );
      return Number(document.documentElement.dataset.pictureVersion ?? 0);
    });
    await page.keyboard.type(NEW_PORT);

    await page.waitForFunction(
      ({ baseline: b, text, typed }) => {
        const v = Number(document.documentElement.dataset.pictureVersion ?? 0);
        if (!(v > b)) return false;
        const flowEl = document.querySelector('.react-flow');
        // The editor paints the last key on its own frame, which can come after the picture's.
        const lines = document.querySelector('[data-testid="yaml-editor"] .view-lines');
        return !!flowEl && (flowEl.textContent ?? '').includes(text) && (lines?.textContent ?? '').replace(/\u00a0/g, ' ').includes(typed);
      },
      { baseline, text: `nodePort ${NEW_PORT} →`, typed: `nodePort: ${NEW_PORT}` },
      { polling: 'raf' },
    );
    const edit = await page.evaluate(() => {
      const marks = performance.getEntriesByName('podpath:picture-updated', 'mark');
      const lines = document.querySelector('[data-testid="yaml-editor"] .view-lines');
      return {
        keydown: window.__benchKeydown,
        latest: marks.length ? marks[marks.length - 1].startTime : null,
        marksAfter: marks.filter((m) => m.startTime >= (window.__benchKeydown ?? Infinity)).map((m) => m.startTime),
        editorText: (lines?.textContent ?? '').replace(/\u00a0/g, ' '),
      };
    });
    // Double-click must have selected exactly the number, so typing replaced it.
    if (!edit.editorText.includes(`nodePort: ${NEW_PORT}`) || edit.editorText.includes(OLD_PORT)) {
      const around = edit.editorText.match(/.{0,30}nodePort.{0,30}/g) ?? [];
      throw new Error(`the edit did not replace ${OLD_PORT} by ${NEW_PORT} in the editor: ${JSON.stringify(around)}`);
    }
    if (edit.keydown === undefined) throw new Error('no keydown was seen while typing into the editor');
    if (edit.latest == null) throw new Error('the mark "podpath:picture-updated" is missing');
    if (edit.latest < edit.keydown)
      throw new Error('the latest "podpath:picture-updated" mark is older than the edit');
    if (errors.length) throw new Error(`page errors:\n  ${errors.join('\n  ')}`);

    return {
      fcp,
      editorReady,
      editToPicture: edit.latest - edit.keydown,
      marksAfter: edit.marksAfter.map((t) => t - edit.keydown),
    };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Frame rate

/** Counts requestAnimationFrame callbacks in the page for `seconds`: frames per second and the worst gaps. */
function countFrames(page, seconds) {
  return page.evaluate(
    (ms) =>
      new Promise((resolveFrames) => {
        const gaps = [];
        const start = performance.now();
        let last = start;
        let frames = 0;
        const step = document.querySelector('[data-testid="packet"]')?.dataset.step;
        const tick = (now) => {
          frames++;
          gaps.push(now - last);
          last = now;
          if (now - start < ms) requestAnimationFrame(tick);
          else {
            gaps.sort((a, b) => a - b);
            resolveFrames({
              fps: (frames / (now - start)) * 1000,
              p95: gaps[Math.floor(gaps.length * 0.95)],
              worst: gaps.at(-1),
              stepBefore: step,
              stepAfter: document.querySelector('[data-testid="packet"]')?.dataset.step,
              // React Flow renders only the boxes in view (onlyRenderVisibleElements).
              inPage: document.querySelectorAll('.react-flow__node').length,
            });
          }
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
}

/**
 * Waits until the page draws at a steady rate (two half-second windows of at least 27 frames,
 * 54 fps), at most 15 s: a mode switch re-rasters the whole canvas once, which is not the
 * animation's frame rate.
 */
async function settle(page) {
  for (let tries = 0, steady = 0; tries < 30 && steady < 2; tries++) {
    const frames = await page.evaluate(
      () =>
        new Promise((done) => {
          let n = 0;
          const t0 = performance.now();
          const f = (now) => (now - t0 < 500 ? (n++, requestAnimationFrame(f)) : done(n));
          requestAnimationFrame(f);
        }),
    );
    steady = frames >= 27 ? steady + 1 : 0;
  }
}

/**
 * One page on the 20-node cluster: still (the player idle, the clock running, nothing moving),
 * then playing at 1× (the packet gliding from hop to hop). Presenter mode: the same, full
 * screen, with the view following the packet.
 */
async function measureFps(browser, url, scenario, offsite, presenter) {
  const viewport = presenter ? { width: 1920, height: 1080 } : { width: 1600, height: 900 };
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(RUN_TIMEOUT_MS);
  context.on('request', (req) => {
    if (isOffsite(req.url())) offsite.push(`${req.method()} ${req.url()}`);
  });
  await context.addInitScript(
    ({ yaml, request }) => {
      window.localStorage.setItem("podpath.yaml", yaml);
      window.localStorage.setItem("podpath.request", JSON.stringify(request));
    },
    { yaml: scenario.yaml, request: scenario.request },
  );
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.monacoReady === 'true');
    // The picture is drawn (the stage frames the first hop's part of the cluster by the time the
    // editor is in: a pod box need not be in view).
    await page.waitForFunction(() => document.documentElement.dataset.pictureVersion !== undefined && document.querySelector('.react-flow__node'));
    await page.waitForTimeout(1000);
    await settle(page); // Monaco tokenizing, the YAML worker's markers, React Flow's measuring
    if (presenter) {
      await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('p');
      await page.waitForSelector('[data-testid="presenter"]');
      await settle(page);
    }
    const still = await countFrames(page, FPS_SECONDS);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(' ');
    await page.waitForTimeout(1000); // past the first hop, where the packet does not glide
    const moving = await countFrames(page, FPS_SECONDS);
    if (moving.stepBefore === moving.stepAfter) throw new Error('the packet did not move while the frames were counted');
    if (still.stepBefore !== still.stepAfter) throw new Error('the packet moved while it should have been still');
    if (errors.length) throw new Error(`page errors:\n  ${errors.join('\n  ')}`);
    return { still, moving };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: Math.round(median), min: Math.round(sorted[0]), max: Math.round(sorted.at(-1)) };
}

function row(label, s, note = '') {
  const ms = (n) => `${String(n).padStart(5)} ms`;
  return `${label.padEnd(27)} median ${ms(s.median)}   (min ${s.min}, max ${s.max})${note ? `   ${note}` : ''}`;
}

// ---------------------------------------------------------------------------------------------

/** The editing benchmarks, with the bare page built and served beside the app for their baseline. */
async function runEditing(browser, appUrl) {
  const bare = await startServer(await buildBare());
  try {
    return await editingBench({ browser, appUrl, bareUrl: bare.url, runs: RUNS, timeout: RUN_TIMEOUT_MS, withTimeout });
  } finally {
    await stopServer(bare.server);
  }
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`no built app at ${DIST}/index.html: run "npm run bench" (it builds first) or "npm run build"`);
  }
  // The browser the tests use (e2e/browser.ts): undefined means Playwright's own.
  let executablePath;
  try {
    executablePath = findChromium();
  } catch (e) {
    console.error(`bench: ${e.message}`);
    process.exitCode = 1;
    return;
  }

  let server;
  let browser;
  try {
    const started = await startServer(DIST);
    server = started.server;
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
    const version = browser.version();
    const offsite = [];

    // Start-up ratios against the bare page, entry JS, podpath trace vs node -e 0 (bench/startup.mjs).
    const startup = process.env.BENCH_FPS_ONLY || process.env.BENCH_EDITING_ONLY
      ? undefined
      : await startupBench({ browser, appUrl: started.url, appDist: DIST, startServer, stopServer, runs: STARTUP_RUNS, timeout: RUN_TIMEOUT_MS, offsite, isOffsite, withTimeout });
    // Keystroke → picture, long tasks while typing, the 10 MB paste, against the bare page (bench/editing.mjs).
    const editing = process.env.BENCH_FPS_ONLY || process.env.BENCH_STARTUP_ONLY ? undefined : await runEditing(browser, started.url);
    if (process.env.BENCH_EDITING_ONLY) {
      for (const line of editing.lines) console.log(line);
      console.log(JSON.stringify({ ...editing.json, runs: RUNS }));
      return;
    }
    if (process.env.BENCH_STARTUP_ONLY) {
      for (const line of startup.lines) console.log(line);
      console.log(JSON.stringify({ ...startup.json, runs: STARTUP_RUNS, offsiteRequests: offsite.length }));
      return;
    }

    const results = [];
    for (let i = 0; i < (process.env.BENCH_FPS_ONLY ? 0 : RUNS); i++) {
      const run = measureOnce(browser, started.url, offsite);
      run.catch(() => {}); // if the timeout wins, the run's own later failure is not news
      const r = await withTimeout(run, RUN_TIMEOUT_MS, `run ${i + 1}`);
      results.push(r);
      if (process.env.BENCH_VERBOSE) {
        console.error(
          `run ${i + 1}: fcp ${r.fcp.toFixed(1)} ms, editor ${r.editorReady.toFixed(1)} ms, ` +
            `edit→picture ${r.editToPicture.toFixed(1)} ms (picture-updated marks after keydown at ` +
            `${r.marksAfter.map((t) => t.toFixed(1)).join(', ')} ms)`,
        );
      }
    }

    const scenario = fpsScenario();
    const fpsRuns = [];
    for (const presenter of [false, true]) {
      const run = measureFps(browser, started.url, scenario, offsite, presenter);
      run.catch(() => {});
      fpsRuns.push(await withTimeout(run, RUN_TIMEOUT_MS * 2, `fps${presenter ? ' (presenter)' : ''}`));
    }

    const major = version.split('.')[0];
    const timed = results.length > 0;
    const fcp = timed ? stats(results.map((r) => r.fcp)) : undefined;
    const editor = timed ? stats(results.map((r) => r.editorReady)) : undefined;
    const edit = timed ? stats(results.map((r) => r.editToPicture)) : undefined;
    console.log(`Podpath benchmark (${results.length} run${results.length === 1 ? '' : 's'}, headless Chromium ${major}, built app)`);
    if (timed) {
      console.log(row('first contentful paint', fcp));
      console.log(row('editor ready', editor));
      console.log(row('edit → updated picture', edit, `(5 keys typed; the debounce follows the last build's cost, ≤ ${DEBOUNCE_MS} ms)`));
    }
    const f = (r) => `${r.fps.toFixed(1).padStart(5)} fps (p95 frame ${r.p95.toFixed(1)} ms, worst ${r.worst.toFixed(1)} ms; ${r.inPage} boxes in view)`;
    console.log(`animation on ${scenario.label} (${scenario.hops} hops, rAF callbacks counted for ${FPS_SECONDS} s):`);
    console.log(`  ${'no packet moving'.padEnd(25)} ${f(fpsRuns[0].still)}`);
    console.log(`  ${'packet moving'.padEnd(25)} ${f(fpsRuns[0].moving)}`);
    console.log(`  ${'presenter 1920x1080, still'.padEnd(25)} ${f(fpsRuns[1].still)}`);
    console.log(`  ${'presenter, following'.padEnd(25)} ${f(fpsRuns[1].moving)}`);
    for (const line of startup?.lines ?? []) console.log(line);
    for (const line of editing?.lines ?? []) console.log(line);
    console.log(`${'requests leaving localhost'.padEnd(27)} ${offsite.length}`);
    for (const r of offsite) console.log(`  ${r}`);
    console.log(
      JSON.stringify({
        fcpMs: fcp?.median,
        editorReadyMs: editor?.median,
        editToPictureMs: edit?.median,
        fpsStill: Number(fpsRuns[0].still.fps.toFixed(1)),
        fpsMoving: Number(fpsRuns[0].moving.fps.toFixed(1)),
        fpsPresenterStill: Number(fpsRuns[1].still.fps.toFixed(1)),
        fpsPresenterFollowing: Number(fpsRuns[1].moving.fps.toFixed(1)),
        ...startup?.json,
        ...editing?.json,
        runs: results.length,
        offsiteRequests: offsite.length,
      }),
    );
    if (offsite.length) process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
  }
}

main().catch((err) => {
  console.error(`bench: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
