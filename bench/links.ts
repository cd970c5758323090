/**
 * How long share links get: for every built-in lesson, at every step (the YAML and request
 * the step shows), the link and its embed variant, as the app makes them (src/share/link.ts,
 * raw DEFLATE + base64url in the fragment). Also a real cluster dump, the largest thing a
 * teacher is likely to share.
 *
 *   node --import tsx bench/links.ts
 */
import { readFileSync } from 'node:fs';
import { lessons } from '../src/lessons';
import { requestAt, yamlAt } from '../src/lessons/play';
import { decodeSession, encodeSession, linkFor, type SharedSession } from '../src/share/link';

/** A typical course address: the links are this long plus the fragment. */
const BASE = 'https://school.example.org/courses/k8s/podpath/';

interface Row {
  what: string;
  yamlChars: number;
  link: number;
  embed: number;
}

async function measure(what: string, session: SharedSession): Promise<Row> {
  const encoded = await encodeSession(session);
  // Every measured link must give back what went in.
  const back = await decodeSession(encoded);
  if (back.yaml !== session.yaml || JSON.stringify(back.requests) !== JSON.stringify(session.requests)) throw new Error(`${what}: the link does not round-trip`);
  return { what, yamlChars: session.yaml.length, link: linkFor(BASE, encoded).length, embed: linkFor(BASE, encoded, { embed: true }).length };
}

const rows: Row[] = [];
for (const lesson of lessons) {
  const steps = Math.max(1, lesson.steps?.length ?? 0);
  for (let i = 0; i < steps; i++) {
    const yaml = lesson.steps?.length ? yamlAt(lesson, i).yaml : lesson.yaml;
    const request = lesson.steps?.length ? requestAt(lesson, i) : lesson.request;
    rows.push(await measure(`lesson ${lesson.id}, step ${i + 1}/${steps}`, { yaml, requests: [request], lesson: { id: lesson.id, step: i }, hop: 30 }));
  }
}
const dump = readFileSync(new URL('../src/engine/import/testdata/kubeadm-3node.yaml', import.meta.url), 'utf8');
rows.push(await measure('kubectl get all -A -o yaml (3 nodes, 30 objects)', { yaml: dump, requests: [{ from: 'external', to: 'http://192.168.56.11:30080/' }] }));

const width = Math.max(...rows.map((r) => r.what.length));
console.log(`Share link lengths (characters), base ${BASE} (${BASE.length} characters)\n`);
console.log(`${'session'.padEnd(width)}  ${'YAML'.padStart(7)}  ${'link'.padStart(7)}  ${'embed'.padStart(7)}`);
for (const r of rows) console.log(`${r.what.padEnd(width)}  ${String(r.yamlChars).padStart(7)}  ${String(r.link).padStart(7)}  ${String(r.embed).padStart(7)}`);
const lessonRows = rows.filter((r) => r.what.startsWith('lesson'));
console.log(`\nLesson links: ${Math.min(...lessonRows.map((r) => r.link))}–${Math.max(...lessonRows.map((r) => r.link))} characters.`);
console.log(JSON.stringify({ links: rows }));
