import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';

// Overridable so that two runs on one machine (two developers, or a watch run) do not collide.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    viewport: { width: 1600, height: 900 },
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
  },
  // The production build, served as `npm start` serves it.
  webServer: {
    command: `npx vite build --outDir ${DIST} --emptyOutDir && npx vite build --mode file --outDir ${DIST} && node scripts/serve.mjs ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    env: { PORT: String(PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
