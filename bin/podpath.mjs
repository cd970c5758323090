#!/usr/bin/env node
// The podpath command: runs the built JavaScript in dist-cli/podpath.mjs (scripts/build-cli.mjs,
// run by `npm install` and `npm run build`), with no TypeScript loader at run time. In a
// checkout, when a source file that went into it has changed since (or it is missing), it is
// built again first, so the command always runs the sources as they are.
import { existsSync, readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22.1+ keeps the compiled bundle on disk between runs (a no-op on Node 20).
module.enableCompileCache?.();

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist-cli/podpath.mjs`;

function stale() {
  if (!existsSync(bundle)) return true;
  if (!existsSync(`${root}scripts/build-cli.mjs`)) return false; // shipped without sources: nothing to compare
  const built = statSync(bundle).mtimeMs;
  try {
    const inputs = JSON.parse(readFileSync(`${root}dist-cli/inputs.json`, 'utf8'));
    return inputs.some((file) => {
      const s = statSync(`${root}${file}`, { throwIfNoEntry: false });
      return !s || s.mtimeMs > built;
    });
  } catch {
    return true;
  }
}

if (stale()) {
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli({ quiet: true });
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
