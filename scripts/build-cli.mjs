#!/usr/bin/env node
/**
 * Builds the podpath command (src/cli/main.ts and what it imports: the engine, the English
 * catalogue, yaml) into one plain JavaScript file, dist-cli/podpath.mjs, that Node runs as it
 * is: no TypeScript loader at run time (bin/podpath.mjs imports it). Vite's own bundler does it
 * (its SSR build: Node's built-in modules stay imports, every package is bundled).
 *
 * Beside it, dist-cli/inputs.json lists the source files that went in, so that bin/podpath.mjs
 * can tell when one has changed since and build again before running (an edited engine is
 * what `npx podpath` runs, as it was with tsx).
 *
 *   node scripts/build-cli.mjs     # npm run build:cli; also run by `npm install` (prepare) and `npm run build`
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'dist-cli');

/** Builds dist-cli/podpath.mjs and dist-cli/inputs.json. */
export async function buildCli({ quiet = false } = {}) {
  const { build } = await import('vite');
  const inputs = new Set();
  await build({
    configFile: false,
    root: ROOT,
    logLevel: quiet ? 'error' : 'warn',
    publicDir: false,
    build: {
      ssr: join(ROOT, 'src/cli/main.ts'),
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'podpath.mjs', codeSplitting: false } },
    },
    ssr: { noExternal: true, target: 'node' },
    plugins: [{
      name: 'podpath-cli-inputs',
      generateBundle(_options, bundle) {
        for (const item of Object.values(bundle)) {
          if (item.type !== 'chunk') continue;
          for (const id of Object.keys(item.modules)) {
            const file = id.replace(/\?.*$/, '');
            if (file.startsWith(ROOT) && !file.includes('/node_modules/')) inputs.add(relative(ROOT, file));
          }
        }
      },
    }],
  });
  writeFileSync(join(OUT_DIR, 'inputs.json'), `${JSON.stringify([...inputs].sort(), null, 0)}\n`);
  if (!quiet) console.log(`podpath command built: ${relative(process.cwd(), join(OUT_DIR, 'podpath.mjs'))} (${inputs.size} source files)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
