#!/usr/bin/env node
/**
 * What the entry chunk holds: builds the app (into a scratch folder, dist-report/ by default)
 * and prints, for the chunks the page loads before anything else (the entry and what it
 * imports statically), their size gzipped and the share of each package or source folder.
 *
 *   node scripts/bundle-report.mjs [outDir]
 */
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const outDir = process.argv[2] ?? 'dist-report';
const groupOf = (id) => {
  const clean = id.replace(/\?.*$/, '').replace(/\\/g, '/');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 14).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = clean.indexOf('/src/');
  if (src < 0) return clean;
  const parts = clean.slice(src + 1).split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
};

let report;
await build({
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
  plugins: [{
    name: 'podpath-bundle-report',
    apply: 'build',
    generateBundle(_o, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const initial = new Set();
      const visit = (c) => {
        if (!c || initial.has(c)) return;
        initial.add(c);
        for (const i of c.imports) visit(byName.get(i));
      };
      visit(entry);
      const groups = new Map();
      const codes = new Map();
      let total = 0;
      for (const c of initial) for (const [id, m] of Object.entries(c.modules)) {
        groups.set(groupOf(id), (groups.get(groupOf(id)) ?? 0) + m.renderedLength);
        codes.set(groupOf(id), (codes.get(groupOf(id)) ?? '') + (m.code ?? ''));
        total += m.renderedLength;
      }
      // Each group's code gzipped on its own: an upper bound of what leaving it out saves,
      // since gzip shares nothing across groups here.
      const gzipped = new Map([...codes].map(([g, code]) => [g, gzipSync(code).length]));
      const gz = [...initial].reduce((n, c) => n + gzipSync(c.code).length, 0);
      const raw = [...initial].reduce((n, c) => n + c.code.length, 0);
      report = { initial: [...initial].map((c) => c.fileName), raw, gz, groups: [...groups].sort((a, b) => b[1] - a[1]), gzipped, total,
        lazy: chunks.filter((c) => !initial.has(c)).map((c) => [c.fileName, gzipSync(c.code).length]) };
    },
  }],
});
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`entry: ${report.initial.join(', ')}: ${kb(report.raw)}, ${kb(report.gz)} gzip`);
for (const [g, n] of report.groups.slice(0, 30)) console.log(`  ${((n / report.total) * 100).toFixed(1).padStart(5)}%  ${kb(n).padStart(9)}  ${kb(report.gzipped.get(g)).padStart(8)} gzip alone  ${g}`);
console.log('loaded on use:');
for (const [f, n] of report.lazy.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(n).padStart(9)} gzip  ${f}`);
