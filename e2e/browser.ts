/**
 * Which Chromium the tests drive: Playwright's own when it is installed, else CHROMIUM_PATH,
 * else Debian's /usr/bin/chromium. Shared by playwright.config.ts and the benchmark.
 */
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

export function findChromium(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined; // Playwright's bundled browser
  } catch {
    // not installed: fall through
  }
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install one of:\n' +
        '  npx playwright install chromium      (Playwright\'s own browser)\n' +
        '  apt-get install -y chromium          (Debian; or set CHROMIUM_PATH to any Chromium binary)',
    );
  }
  return found;
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
