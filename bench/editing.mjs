/* global PerformanceObserver, localStorage, sessionStorage -- functions run in the page (page.evaluate, addInitScript) */
/**
 * Editing benchmarks (issue 14), against a bare Vite + React page built and served beside the
 * app in the same run (bench/bare, built by startup.mjs's buildBare):
 *
 * - keystroke → painted picture: one key typed in a comment line of the document (so every
 *   build is a good one), from the keydown to the first animation frame after the canvas shows
 *   the build of that text (`podpath:picture-updated` mark, `data-picture-version`), on the
 *   default lesson and on 20 nodes / 200 Services / 2,000 pods (bench/clusters.ts);
 * - the longest main-thread task while typing ten keys on the large cluster (PerformanceObserver
 *   'longtask'), from the first key until the picture of the last one;
 * - a 10 MB paste into the editor (through the clipboard, Ctrl+A Ctrl+V): the longest task from
 *   the paste until the picture of the pasted text, or PASTE_WAIT_MS;
 * - the baseline: keydown → next frame on the bare page (the floor of any keystroke → paint).
 *
 * Runs alternate app and bare, each in a fresh browser context. Medians with min–max.
 */
import { generatedSize, lessonSize, SHAPES } from './clusters.ts';

const PASTE_WAIT_MS = 60_000;
const TYPED_KEYS = 10;
const KEY_GAP_MS = 120;

/** Installed before the page's own scripts: long tasks and the frame after each picture. */
function observe() {
  const w = window;
  w.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: the figure says 0 tasks seen
  }
}

async function openApp(browser, url, yaml, timeout) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  context.setDefaultTimeout(timeout);
  await context.addInitScript(observe);
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('bench-seeded')) {
      localStorage.setItem('podpath.yaml', text);
      sessionStorage.setItem('bench-seeded', '1');
    }
  }, yaml);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.monacoReady === 'true' && document.documentElement.dataset.pictureVersion !== undefined);
  // Let the first builds settle.
  await page.waitForTimeout(1500);
  return { context, page, errors };
}

/** Puts the cursor at the end of the editor's first line (the bench's comment). */
async function cursorOnFirstLine(page) {
  const line = page.locator('[data-testid="yaml-editor"] .view-line').first();
  await line.click();
  await page.keyboard.press('End');
}

/** Types keys; resolves with the keydown times, and the time of the frame after the picture of the last one. */
async function typeAndWait(page, keys, gap, timeout) {
  await page.evaluate(() => {
    const w = window;
    w.__keydowns = [];
    w.__baseVersion = Number(document.documentElement.dataset.pictureVersion ?? 0);
    window.addEventListener('keydown', () => w.__keydowns.push(performance.now()), { capture: true });
  });
  for (const k of keys) {
    await page.keyboard.type(k);
    if (gap) await page.waitForTimeout(gap);
  }
  const expected = keys.join('');
  // The picture of the final text: a build newer than the last keydown whose text has it.
  return page.evaluate(
    ({ expected: text, timeout: ms }) =>
      new Promise((resolve, reject) => {
        const w = window;
        const lastKey = w.__keydowns[w.__keydowns.length - 1];
        const t0 = performance.now();
        const check = () => {
          const marks = performance.getEntriesByName('podpath:picture-updated', 'mark').filter((m) => m.startTime > lastKey);
          const first = document.querySelector('[data-testid="yaml-editor"] .view-line')?.textContent ?? '';
          if (marks.length && first.replace(/\u00a0/g, ' ').endsWith(text)) {
            requestAnimationFrame(() => resolve({ keydowns: w.__keydowns, painted: performance.now(), mark: marks[marks.length - 1].startTime }));
            return;
          }
          if (performance.now() - t0 > ms) reject(new Error(`no picture of the typed text within ${ms} ms`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { expected, timeout },
  );
}

async function keystroke(browser, url, yaml, timeout) {
  const { context, page, errors } = await openApp(browser, url, `# bench\n${yaml}`, timeout);
  try {
    await cursorOnFirstLine(page);
    const r = await typeAndWait(page, ['x'], 0, timeout);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return r.painted - r.keydowns[0];
  } finally {
    await context.close().catch(() => {});
  }
}

async function typing(browser, url, yaml, timeout) {
  const { context, page, errors } = await openApp(browser, url, `# bench\n${yaml}`, timeout);
  try {
    await cursorOnFirstLine(page);
    const keys = 'abcdefghij'.slice(0, TYPED_KEYS).split('');
    const r = await typeAndWait(page, keys, KEY_GAP_MS, timeout);
    const tasks = await page.evaluate(({ from, to }) => window.__longtasks.filter((t) => t.start + t.duration >= from && t.start <= to), { from: r.keydowns[0], to: r.painted });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { longest: Math.max(0, ...tasks.map((t) => t.duration)), count: tasks.length, lastKeyToPicture: r.painted - r.keydowns[r.keydowns.length - 1] };
  } finally {
    await context.close().catch(() => {});
  }
}

async function paste(browser, url, big, timeout) {
  const { context, page, errors } = await openApp(browser, url, lessonSize().text, timeout);
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await page.evaluate((text) => navigator.clipboard.writeText(text), big);
    const editor = page.locator('[data-testid="yaml-editor"] .view-line').first();
    await editor.click();
    const from = await page.evaluate(() => performance.now());
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('ControlOrMeta+v');
    // Until the picture of the pasted text (the first picture after the paste), or PASTE_WAIT_MS.
    const ended = await page
      .waitForFunction((t) => performance.getEntriesByName('podpath:picture-updated', 'mark').some((x) => x.startTime > t), from, { timeout: PASTE_WAIT_MS, polling: 250 })
      .then(() => 'picture')
      .catch(() => 'waited');
    const result = await page.evaluate(({ from: t }) => {
      const tasks = window.__longtasks.filter((x) => x.start + x.duration >= t);
      return { longest: Math.max(0, ...tasks.map((x) => x.duration)), count: tasks.length, until: performance.now() - t, notice: document.querySelector('[role="status"], .notice')?.textContent ?? '' };
    }, { from });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { ...result, ended };
  } finally {
    await context.close().catch(() => {});
  }
}

/** Keydown → next frame on the bare page: the floor of keystroke → paint. */
async function bareKeystroke(browser, url, timeout) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  context.setDefaultTimeout(timeout);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('h1');
    await page.evaluate(() => {
      const w = window;
      w.__frame = new Promise((resolve) => window.addEventListener('keydown', () => { const t = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t)); }, { capture: true, once: true }));
    });
    await page.keyboard.press('x');
    return await page.evaluate(() => window.__frame);
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * A text of `bytes` characters: the large generated cluster (200 nodes, 2,000 Services, 20,000
 * pods: 1.8 MB), then a ConfigMap whose data fills the rest (a dump pasted whole).
 */
export function tenMegabytes(bytes = 10_000_000) {
  const text = generatedSize(SHAPES[1]).text;
  const head = `${text}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-padding\ndata:\n  padding: |\n`;
  const line = `    ${'x'.repeat(75)}\n`;
  return head + line.repeat(Math.max(0, Math.ceil((bytes - head.length) / line.length)));
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
const ms = (s) => `${Math.round(s.median).toString().padStart(6)} ms (min ${Math.round(s.min)}, max ${Math.round(s.max)})`;

/**
 * Runs the editing benchmarks. `bareUrl` is the bare page served beside the app.
 * Returns printable lines and a JSON object.
 */
export async function editingBench({ browser, appUrl, bareUrl, runs, timeout, withTimeout }) {
  const lesson = lessonSize().text;
  const large = generatedSize(SHAPES[0]);
  const out = { bare: [], lesson: [], large: [], typing: [], paste: [] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 ? ['app', 'bare'] : ['bare', 'app'];
    for (const which of order) {
      if (which === 'bare') out.bare.push(await withTimeout(bareKeystroke(browser, bareUrl, timeout), timeout, `bare keystroke ${i + 1}`));
      else {
        out.lesson.push(await withTimeout(keystroke(browser, appUrl, lesson, timeout), timeout, `lesson keystroke ${i + 1}`));
        out.large.push(await withTimeout(keystroke(browser, appUrl, large.text, timeout * 3), timeout * 3, `2k-pod keystroke ${i + 1}`));
        out.typing.push(await withTimeout(typing(browser, appUrl, large.text, timeout * 3), timeout * 3, `2k-pod typing ${i + 1}`));
      }
    }
  }
  const big = tenMegabytes();
  const pasteRuns = Math.max(1, Math.min(runs, Number(process.env.BENCH_PASTE_RUNS ?? 3)));
  for (let i = 0; i < pasteRuns; i++) out.paste.push(await withTimeout(paste(browser, appUrl, big, timeout * 3), timeout * 3 + PASTE_WAIT_MS, `10 MB paste ${i + 1}`));

  const bare = stats(out.bare);
  const s = { lesson: stats(out.lesson), large: stats(out.large), longtask: stats(out.typing.map((t) => t.longest)), paste: stats(out.paste.map((p) => p.longest)) };
  const verdict = (v, target) => (v <= target ? 'met' : 'NOT met');
  const lines = [
    `editing (${runs} alternating runs each, fresh contexts; bare page = keydown → next frame on bench/bare):`,
    `  ${'bare keystroke → frame'.padEnd(34)} ${ms(bare)}`,
    `  ${'keystroke → picture, lesson'.padEnd(34)} ${ms(s.lesson)}  ${(s.lesson.median / bare.median).toFixed(1)}× bare  target ≤ 100 ms ${verdict(s.lesson.median, 100)}`,
    `  ${`keystroke → picture, ${large.label}`.padEnd(34)} ${ms(s.large)}  ${(s.large.median / bare.median).toFixed(1)}× bare  target ≤ 600 ms ${verdict(s.large.median, 600)}`,
    `  ${`longest task typing ${TYPED_KEYS} keys, 2k pods`.padEnd(34)} ${ms(s.longtask)}  target ≤ 100 ms ${verdict(s.longtask.max, 100)} (max)`,
    `  ${`10 MB paste (${(big.length / 1e6).toFixed(1)} MB), longest task`.padEnd(34)} ${ms(s.paste)}  target ≤ 200 ms ${verdict(s.paste.max, 200)} (max); ${out.paste.map((p) => p.ended).join(', ')}`,
  ];
  return {
    lines,
    json: {
      bareKeystrokeMs: Math.round(bare.median),
      keystrokeLessonMs: Math.round(s.lesson.median),
      keystroke2kPodsMs: Math.round(s.large.median),
      longestTaskTyping2kPodsMs: Math.round(s.longtask.max),
      pasteLongestTaskMs: Math.round(s.paste.max),
    },
  };
}
