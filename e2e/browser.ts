/**
 * Which Chromium the tests drive: Playwright's own when it is installed, else CHROMIUM_PATH,
 * else Debian's /usr/bin/chromium (never Ubuntu's snap wrapper). The search is
 * scripts/ensure-test-deps.mjs's, which `npm test` runs first to install one where it can.
 * Used by playwright.config.ts and bench/app.mjs.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { head, locateChromium } from '../scripts/ensure-test-deps.mjs';

/** The executablePath to launch: undefined for Playwright's own browser. */
export function findChromium(): string | undefined {
  let own: string | undefined;
  try {
    own = chromium.executablePath();
  } catch {
    // not installed: fall through
  }
  const found = locateChromium({ own, env: process.env, exists: existsSync, head });
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. `node scripts/ensure-test-deps.mjs --browser` (which\n' +
        '`npm test` and `npm run test:e2e` run first) installs one where it can, or names the command:\n' +
        '  npx playwright install chromium      (Playwright\'s own browser)\n' +
        '  apt-get install -y chromium          (Debian; or set CHROMIUM_PATH to any Chromium binary)',
    );
  }
  return found.own ? undefined : found.path;
}

/** Flags for a headless Chromium that makes no connection of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
