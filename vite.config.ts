/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, runnerImport, type Plugin } from 'vite';

export default defineConfig(({ mode }) => {
  // `vite build --mode file`: the one-file copy for USB sticks (README, "Host it"), into the same folder.
  const file = mode === 'file';
  return {
    // Relative asset URLs: the built folder works from any sub-path or straight from disk.
    base: './',
    // offline(): the service worker that keeps the built folder in the browser (README, "Host it").
    plugins: [react(), firstPicture(), file ? singleFile() : offline()],
    resolve: {
      // monaco-editor ≥0.56 maps `monaco-editor/*` through its exports map, which breaks
      // monaco-yaml's deep `monaco-editor/esm/vs/...` import (microsoft/monaco-editor#5405).
      alias: [{ find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/, replacement: 'monaco-editor/$1.js' }],
    },
    worker: { format: file ? 'iife' : 'es' },
    optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
    build: file
      ? { chunkSizeWarningLimit: 50_000, emptyOutDir: false, copyPublicDir: false, modulePreload: false, cssCodeSplit: false, assetsInlineLimit: () => true, rollupOptions: { output: { codeSplitting: false } } }
      : {
          chunkSizeWarningLimit: 5000,
          // React DOM and React Flow in chunks of their own: the browser parses each script on
          // its own background thread, and one 600 KB entry took as long to parse as the bare
          // page takes to paint (npm run bench, "canvas with boxes"). The bytes are the same.
          rollupOptions: {
            output: {
              codeSplitting: {
                groups: [
                  { name: 'react-dom', test: /node_modules[\\/](react-dom|scheduler)[\\/]/ },
                  { name: 'xyflow', test: /node_modules[\\/](@xyflow|d3-[a-z]+|classcat)[\\/]/ },
                ],
              },
            },
          },
        },
    test: {
      // The kernel tests (src/lab) build network namespaces as root: `npm run test:lab` runs them alone.
      include: process.env.PODPATH_LAB ? ['src/lab/**/*.test.ts'] : ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
      exclude: process.env.PODPATH_LAB ? [] : ['src/lab/**', 'node_modules/**'],
      environment: 'node',
      // The engine answers in the test's own thread, before `post` returns (src/worker/host.node.ts).
      alias: [{ find: /^\.\/host$/, replacement: resolve(import.meta.dirname, 'src/worker/host.node.ts') }],
      // Generous: a timeout here guards against hangs, it measures nothing; the first ESLint or
      // engine import in a worker takes seconds on a loaded 2-core machine.
      testTimeout: process.env.PODPATH_LAB ? 60_000 : 20_000,
    },
  };
});

/**
 * The first picture (src/worker/firstPicture.ts): the engine's answer for a fresh page on the
 * default lesson, put into the built index.html so the canvas is drawn without waiting for the
 * worker to load and build. Loaded when a build runs, not when the config is read (tests).
 */
function firstPicture(): Plugin {
  return {
    name: 'podpath-first-picture',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html) {
        // Vite's module runner loads the engine's TypeScript as the app's build sees it.
        const { module } = await runnerImport<typeof import('./src/worker/firstPicture')>(resolve(import.meta.dirname, 'src/worker/firstPicture.ts'));
        const { firstPictureElement } = module;
        if (!html.includes('</body>')) throw new Error('index.html: no </body> to put the first picture before');
        return html.replace('</body>', `${firstPictureElement()}\n  </body>`);
      },
    },
  };
}

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
        if (!template.includes("'__VERSION__'") || !template.includes('const FILES = __FILES__;')) throw new Error('sw.js: the version or file list placeholder is missing');
        const sw = template.replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16))).replace('const FILES = __FILES__;', `const FILES = ${JSON.stringify(files)};`);
        writeFileSync(join(outDir, 'sw.js'), sw);
      },
    },
  };
}

/**
 * The one-file build: a page opened from file:// may not load module scripts or workers from
 * files beside it (each file is its own origin), so everything goes inside podpath.html: the
 * script and styles inline, the editor's workers as inline (Blob) workers, fonts as data URLs.
 */
function singleFile(): Plugin {
  return {
    name: 'podpath-single-file',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('monacoSetup.ts')) return undefined;
      return code.replace(/\?worker(['"])/g, '?worker&inline$1');
    },
    generateBundle: { order: 'post', handler(_options, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') return;
      let page = String(html.source);
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk' && item.isEntry) {
          const code = item.code.replace(/<\/(script)/gi, '<\\/$1');
          page = page.replace(new RegExp(`<script type="module" crossorigin src="\\./${name.replace(/[.]/g, '\\.')}"></script>`), () => `<script type="module">${code}</script>`);
          delete bundle[name];
        } else if (item.type === 'asset' && name.endsWith('.css')) {
          page = page.replace(new RegExp(`<link rel="stylesheet" crossorigin href="\\./${name.replace(/[.]/g, '\\.')}">`), () => `<style>${String(item.source)}</style>`);
          delete bundle[name];
        } else if (name !== 'index.html') delete bundle[name];
      }
      delete bundle['index.html'];
      this.emitFile({ type: 'asset', fileName: 'podpath.html', source: page });
    } },
  };
}
