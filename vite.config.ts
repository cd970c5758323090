/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built folder works from any sub-path or straight from disk.
  base: './',
  // offline(): the service worker that keeps the built folder in the browser (README, "Host it").
  plugins: [react(), offline()],
  resolve: {
    // monaco-editor ≥0.56 maps `monaco-editor/*` through its exports map, which breaks
    // monaco-yaml's deep `monaco-editor/esm/vs/...` import (microsoft/monaco-editor#5405).
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/, replacement: 'monaco-editor/$1.js' }],
  },
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: { chunkSizeWarningLimit: 5000 },
  test: {
    // The kernel tests (src/lab) build network namespaces as root: `npm run test:lab` runs them alone.
    include: process.env.PODPATH_LAB ? ['src/lab/**/*.test.ts'] : ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: process.env.PODPATH_LAB ? [] : ['src/lab/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: process.env.PODPATH_LAB ? 60_000 : 5_000,
  },
});

/** Files that are not the app: the service worker itself, and the single-file copy for USB sticks. */
const NOT_CACHED = new Set(['sw.js', 'podpath.html']);

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, root) : [relative(root, path).split(sep).join('/')];
  });
}

/**
 * The offline plugin: after `vite build` has written the folder (public files included), it
 * writes sw.js from src/share/offline/sw.js with the list of every file in the folder and a
 * version hashed from their contents, so that a changed build is a new service worker.
 * Hand-written rather than vite-plugin-pwa: the whole job is this list and 50 lines of worker,
 * and workbox-build would add some hundred packages to the build for it.
 */
function offline(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'podpath-offline',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        const files = walk(outDir).filter((f) => !NOT_CACHED.has(f)).sort();
        const hash = createHash('sha256');
        for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
        const template = readFileSync(resolve(root, 'src/share/offline/sw.js'), 'utf8');
        const sw = template.replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16))).replace('__FILES__', JSON.stringify(files));
        writeFileSync(join(outDir, 'sw.js'), sw);
      },
    },
  };
}
