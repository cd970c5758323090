import { createServer, type Server } from 'node:http';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { expect, openApp, test } from './fixtures';
import { guardedContext } from './share-helpers';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.webmanifest': 'application/manifest+json' };

/**
 * The README's hosting: any static server, the built folder mounted under a sub-path. This one
 * serves the folder at /course/podpath/ only, redirects the folder's name without its slash
 * as static hosts do, and logs every path asked for.
 */
async function subPathServer(dir: string, prefix: string): Promise<{ server: Server; url: string; paths: string[] }> {
  const root = resolve(dir);
  const paths: string[] = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    paths.push(path);
    if (path === prefix.slice(0, -1)) return void res.writeHead(301, { location: prefix }).end();
    if (!path.startsWith(prefix)) return void res.writeHead(404).end();
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`, paths };
}

test('after the first visit, the app reloads and works with the network cut', async ({ page, context }) => {
  await openApp(page);
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('offline-status')).toHaveAttribute('title', 'All of Podpath is stored in this browser: it opens without a network.');
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-element="node/node02"]')).toBeVisible();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  // The editor's workers and the lazily loaded editor itself came from the cache.
  await expect(page.getByTestId('yaml-editor')).toContainText('kind: Deployment');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByTestId('player-position')).toContainText('Hop 2 of 48');
  // The terminal, loaded only when first opened, comes from the cache as well.
  await page.getByTestId('terminal-toggle').click();
  await expect(page.locator('[data-testid="terminal"] .xterm')).toBeVisible();
  // The embed player too, offline.
  await page.goto('./?embed=1');
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.locator('[data-element="node/node01"]')).toBeVisible();
  await context.setOffline(false);
});

test('the built folder served from a sub-path works there, online and offline, asking for nothing outside it', async ({ browser }) => {
  const { server, url, paths } = await subPathServer(process.env.E2E_DIST ?? 'dist', '/course/podpath/');
  try {
    const guarded = await guardedContext(browser, url);
    const { page, context } = guarded;
    // Without the trailing slash, as a teacher may type it: the host redirects.
    await page.goto(url.slice(0, -1));
    await expect(page).toHaveURL(url);
    await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
    await expect(page.locator('[data-element="node/node01"]')).toBeVisible();
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).toBe(url);
    expect(paths.filter((p) => !p.startsWith('/course/podpath'))).toEqual([]);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
    await context.setOffline(false);
    await guarded.close();
  } finally {
    server.close();
  }
});

test('from a USB stick: podpath.html runs from the one file, editor and its YAML checks included', async ({ page }) => {
  await page.goto(pathToFileURL(join(resolve(process.env.E2E_DIST ?? 'dist'), 'podpath.html')).href);
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await expect(page.locator('[data-element="node/node02"]')).toBeVisible();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  // The editor's YAML service runs in its (inline) worker: a schema problem is marked.
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'replicas: 2' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('two');
  await expect(page.getByTestId('yaml-editor').locator('.squiggly-warning, .squiggly-error').first()).toBeVisible({ timeout: 20_000 });
  // The terminal is inside the one file too.
  await page.getByTestId('terminal-toggle').click();
  await expect(page.locator('[data-testid="terminal"] .xterm')).toBeVisible();
  // No service worker from a file, and none needed: the page says it runs from the file.
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-status', 'file');
  await expect(page.getByTestId('offline-status')).toHaveText('Runs from this file');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByTestId('share-dialog')).toContainText('This copy of Podpath runs from a file on this computer');
  await expect(page.getByTestId('share-link')).toHaveValue(/^file:\/\/.*\/podpath\.html#s=1\./);
  await page.getByRole('button', { name: 'Close' }).click();
  // Pictures are drawn here too.
  await page.getByRole('button', { name: 'Export' }).click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-command="export.png"]').click()]);
  expect(png.suggestedFilename()).toMatch(/^podpath-.*\.png$/);
});

test('from a USB stick: index.html opened as a file sends the browser to podpath.html', async ({ browser }) => {
  const guarded = await guardedContext(browser, 'http://127.0.0.1/');
  await guarded.page.goto(pathToFileURL(join(resolve(process.env.E2E_DIST ?? 'dist'), 'index.html')).href);
  await expect(guarded.page).toHaveURL(/\/podpath\.html$/);
  await expect(guarded.page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  // What the browser may say of index.html's own files before it leaves (file:// refuses module
  // scripts; whether the message comes before the redirect is a race), and nothing else.
  const refused = guarded.errors.splice(0);
  expect(refused.filter((e) => !/blocked by CORS policy|Failed to load resource: net::ERR_FAILED/.test(e))).toEqual([]);
  await guarded.close();
});

test('a new build published over the old one is offered, and a click reloads into it', async ({ browser }) => {
  // A copy of the built folder, so that its service worker can be changed as a new build would.
  const copy = await mkdtemp(join(tmpdir(), 'podpath-update-'));
  await cp(resolve(process.env.E2E_DIST ?? 'dist'), copy, { recursive: true });
  const { server, url } = await subPathServer(copy, '/podpath/');
  try {
    const guarded = await guardedContext(browser, url);
    const { page } = guarded;
    await page.goto(url);
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
    const sw = join(copy, 'sw.js');
    await writeFile(sw, (await readFile(sw, 'utf8')).replace(/const VERSION = "([0-9a-f]+)";/, 'const VERSION = "$1-next";'));
    await page.reload();
    const notice = page.getByTestId('notice');
    await expect(notice).toHaveAttribute('data-key', 'share.offline.update', { timeout: 30_000 });
    await expect(notice).toContainText('A new version of Podpath is ready.');
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
    await expect(page.getByTestId('offline-status')).toHaveAttribute('data-status', 'ready');
    expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('podpath-')))).toEqual([expect.stringMatching(/-next$/)]);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await guarded.close();
  } finally {
    server.close();
    await rm(copy, { recursive: true, force: true });
  }
});
