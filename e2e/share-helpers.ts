/**
 * Helpers for the share specs: a second, fresh browser context guarded like the fixture's
 * (requests may only go to localhost; page errors are collected), downloads read back, and
 * the editor's text.
 */
import { readFileSync } from 'node:fs';
import { expect, type Browser, type BrowserContext, type Download, type Page } from '@playwright/test';

const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|file:)/;

export interface Guarded {
  context: BrowserContext;
  page: Page;
  offsite: string[];
  errors: string[];
  /** Fails if anything left localhost or the page had an error; closes the context. */
  close(): Promise<void>;
}

export async function guardedContext(browser: Browser, baseURL: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Guarded> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 900 }, ...options });
  const offsite: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (LOCAL.test(url)) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return {
    context,
    page,
    offsite,
    errors,
    close: async () => {
      await context.close();
      expect(offsite, 'requests that left localhost').toEqual([]);
      expect(errors, 'errors in the page').toEqual([]);
    },
  };
}

export async function downloaded(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/** Runs a command of the Export menu and returns its download. */
export async function exportVia(page: Page, command: string, timeout = 30_000): Promise<Download> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), page.locator(`[role="menu"] [data-command="${command}"]`).click()]);
  return download;
}

/** The YAML the app keeps in this browser (what the editor holds, saved on every change). */
export async function savedText(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('podpath.yaml'));
}

/** The realistic dump of a kubeadm cluster the engine tests use. */
export const DUMP_PATH = 'src/engine/import/testdata/kubeadm-3node.yaml';
