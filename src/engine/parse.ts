/**
 * Stage 1: YAML text → Kubernetes objects, each with the source range of every field, plus
 * diagnostics. Nothing here throws on user input.
 */
import { LineCounter, isAlias, type Alias, isMap, isSeq, isScalar, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceRange } from './types';

/** One Kubernetes object as written, before the API server has looked at it. */
export interface ParsedObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written; undefined means "the default namespace", decided later. */
  namespace?: string;
  /** The object as plain JSON. */
  body: Record<string, unknown>;
  /** The whole document. */
  range: SourceRange;
  /** Ranges by dotted path (`spec.ports.0.nodePort`), for pointing hops and errors at lines. */
  paths: Record<string, SourceRange>;
  /** True for the cluster's own objects (kubeadm's), which are not in the user's text. */
  system?: boolean;
}

export interface ParseResult {
  objects: ParsedObject[];
  diagnostics: Diagnostic[];
}

/**
 * Parses a multi-document YAML stream into objects and diagnostics.
 *
 * Each document is parsed on its own and remembered by its text: an edit re-parses the
 * document it touched, not the 450 others of a 2,000-pod cluster (the YAML parse was two thirds
 * of a build). This gives what parsing the stream gives because a `---` at the start of a line
 * always starts a document in YAML 1.2 (it ends any block or flow scalar: c-forbidden), so the
 * stream is the documents' texts one after another. Directives (`%YAML`, `%TAG`) and `...`
 * end markers would tie documents together; a text with any is parsed whole.
 */
export function parseManifests(text: string): ParseResult {
  const chunks = documentChunks(text);
  if (!chunks) return parseStream(text);
  const objects: ParsedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const chunk of chunks) {
    const parsed = parsedDocs.get(chunk.text) ?? parseStream(chunk.text);
    // Most recently used last: the oldest documents go first when the memory is full.
    parsedDocs.delete(chunk.text);
    parsedDocs.set(chunk.text, parsed);
    for (const d of parsed.diagnostics) diagnostics.push({ ...d, range: shift(d.range, chunk.line) });
    for (const o of parsed.objects) {
      const paths: Record<string, SourceRange> = {};
      for (const [path, range] of Object.entries(o.paths)) paths[path] = shift(range, chunk.line);
      // The engine gets its own copy of the body: the remembered one stays as parsed.
      objects.push({ ...o, body: structuredClone(o.body), range: shift(o.range, chunk.line), paths });
    }
  }
  for (const text of parsedDocs.keys()) {
    if (parsedDocs.size <= DOCS_KEPT) break;
    parsedDocs.delete(text);
  }
  return { objects, diagnostics };
}

/**
 * The documents remembered, across calls: not only the last text's, since the terminal and
 * kubectl parse other texts (one object, a file) between two builds of the editor's.
 * 10,000 holds the 20,000-pod cluster's 4,200 documents twice over.
 */
const DOCS_KEPT = 10_000;
const parsedDocs = new Map<string, ParseResult>();

/** A document start marker at the start of a line; `...` and directives tie documents together. */
const DOC_START = /^---(?:[ \t]|$)/;
const TIED = /^(?:\.\.\.(?:[ \t]|$)|%)/m;

/** The text cut before each line that starts a document, with the line each piece starts at (0-based); undefined if the documents are tied. */
function documentChunks(text: string): { text: string; line: number }[] | undefined {
  if (TIED.test(text)) return undefined;
  const lines = text.split('\n');
  const out: { text: string; line: number }[] = [];
  let start = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!DOC_START.test(lines[i])) continue;
    out.push({ text: lines.slice(start, i).join('\n') + '\n', line: start });
    start = i;
  }
  out.push({ text: lines.slice(start).join('\n'), line: start });
  return out;
}

const shift = (r: SourceRange, lines: number): SourceRange =>
  lines === 0 ? r : { start: { ...r.start, line: r.start.line + lines }, end: { ...r.end, line: r.end.line + lines } };

/** The stream parsed whole (exported for the test that checks the documents parsed one by one give the same). */
export function parseStream(text: string): ParseResult {
  const lineCounter = new LineCounter();
  // `merge`: kubectl's YAML reader (go-yaml, behind sigs.k8s.io/yaml) takes `<<: *anchor`
  // merge keys; YAML 1.2, this package's default, would keep `<<` as a plain key.
  const docs = Array.from(parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true }));
  const objects: ParsedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const pos = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const rangeOf = (from: number, to: number): SourceRange => ({ start: pos(from), end: pos(Math.max(from, to)) });

  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    for (const problem of problems) {
      diagnostics.push({
        severity: doc.errors.includes(problem as never) ? 'error' : 'warning',
        code: 'yaml-syntax',
        message: firstLine(problem.message),
        range: rangeOf(problem.pos[0], problem.pos[1]),
      });
    }
    if (doc.errors.length > 0) continue;
    const root = doc.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // empty document
    const docRange = rangeOf(root.range?.[0] ?? 0, root.range?.[1] ?? 0);
    if (!isMap(root)) {
      diagnostics.push({
        severity: 'error',
        code: 'not-an-object',
        message: 'a Kubernetes object must be a YAML mapping (key: value), not a list or a scalar',
        key: 'diag.notAnObject',
        range: docRange,
      });
      continue;
    }
    const converted = toPlain(doc);
    if ('problem' in converted) {
      diagnostics.push({ severity: 'error', code: 'yaml-alias', message: converted.problem, range: converted.at ? rangeOf(converted.at[0], converted.at[1]) : docRange });
      continue;
    }
    const body = converted.body;
    const paths: Record<string, SourceRange> = {};
    collectPaths(root, '', paths, rangeOf, doc);
    const shape = checkShape(body);
    if (shape) {
      const at = paths[shape.path] ?? docRange;
      diagnostics.push({ severity: 'error', code: shape.code, message: shape.message, range: at });
      continue;
    }
    const meta = (body.metadata ?? {}) as Record<string, unknown>;
    objects.push({
      apiVersion: body.apiVersion as string,
      kind: body.kind as string,
      name: typeof meta.name === 'string' ? meta.name : (body.kind as string),
      namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
      body,
      range: docRange,
      paths,
    });
  }
  return { objects, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/**
 * The YAML's maximum alias count: the `yaml` package's own default. It weighs each alias by
 * the size of what it expands to, so "billion laughs" (anchors of aliases of aliases) is caught
 * before it is expanded, while a manifest's few `*labels` pass.
 */
const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain data, its aliases expanded as YAML defines them (`labels: *l` is the
 * mapping anchored `&l`). A document the conversion cannot finish is a problem, not a throw:
 * an alias to no anchor, too many aliases (the parser's words), or an anchor whose value holds
 * an alias to itself (go-yaml's words, the reader kubectl uses: yaml.v2 decode.go).
 */
function toPlain(doc: Document.Parsed): { body: Record<string, unknown> } | { problem: string; at?: [number, number] } {
  const bad = badAlias(doc.contents, doc, []);
  const at = bad?.alias.range ? [bad.alias.range[0], bad.alias.range[1]] as [number, number] : undefined;
  if (bad?.circular) return { problem: `anchor '${bad.alias.source}' value contains itself`, at };
  try {
    return { body: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown> };
  } catch (e) {
    // An alias to no anchor is found first, so that the parser's message points at it.
    return { problem: e instanceof Error ? firstLine(e.message) : String(e), at };
  }
}

/** The first alias that names no anchor, or that stands inside the value it names (`&x {b: *x}`). */
function badAlias(node: unknown, doc: Document.Parsed, open: unknown[]): { alias: Alias; circular: boolean } | undefined {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) return { alias: node, circular: false };
    // An anchored value is checked once, where it is written; an alias to it from outside is safe.
    return open.includes(target) ? { alias: node, circular: true } : undefined;
  }
  const children = isMap(node) ? node.items.flatMap((p) => [p.key, p.value]) : isSeq(node) ? node.items : [];
  if (children.length === 0) return undefined;
  open.push(node);
  for (const child of children) {
    const found = badAlias(child, doc, open);
    if (found) return found;
  }
  open.pop();
  return undefined;
}

/**
 * Every field's source range by dotted path. The fields an alias brings in (`labels: *l`) all
 * point at the alias: that is where they are written in this object.
 */
function collectPaths(
  node: YamlNode | null,
  prefix: string,
  out: Record<string, SourceRange>,
  rangeOf: (a: number, b: number) => SourceRange,
  doc: Document.Parsed,
  replaced = false,
  alias?: [number, number],
): void {
  if (!node) return;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    const at = alias ?? (node.range ? [node.range[0], node.range[1]] as [number, number] : undefined);
    if (prefix && at) out[prefix] = replaced ? (undefined as unknown as SourceRange) : rangeOf(at[0], at[1]);
    // The target's own range would point at the anchor, elsewhere; its fields take the alias's.
    if (target && (isMap(target) || isSeq(target))) collectChildren(target, prefix, out, rangeOf, doc, at);
    return;
  }
  // A value whose key has a range gets the key's line below: here it only takes its place in
  // the order of the paths, without the cost of a range that is thrown away.
  const own = alias ?? node.range;
  if (own && prefix) out[prefix] = replaced ? (undefined as unknown as SourceRange) : rangeOf(own[0], own[1]);
  collectChildren(node, prefix, out, rangeOf, doc, alias);
}

function collectChildren(
  node: YamlNode,
  prefix: string,
  out: Record<string, SourceRange>,
  rangeOf: (a: number, b: number) => SourceRange,
  doc: Document.Parsed,
  alias?: [number, number],
): void {
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (isMap(node)) {
    const merged: Record<string, SourceRange> = {};
    for (const pair of node.items) {
      const keyValue = isScalar(pair.key) ? pair.key.value : pair.key;
      const value = pair.value as YamlNode | null;
      const keyNode = pair.key as YamlNode;
      if (typeof keyValue === 'symbol' || keyValue === '<<') {
        // A merge key (`<<: *base` or `<<: [*a, *b]`): the anchored mappings' fields land here,
        // at the merge's line, unless the mapping writes them itself.
        const at = alias ?? (keyNode?.range && value?.range ? [keyNode.range[0], value.range[1]] as [number, number] : undefined);
        const sources = isSeq(value) ? value.items : [value];
        for (const source of sources) {
          const target = isAlias(source) ? source.resolve(doc) : source;
          if (isMap(target) && at) collectChildren(target as YamlNode, prefix, merged, rangeOf, doc, at);
        }
        continue;
      }
      const key = String(keyValue);
      const path = join(key);
      collectPaths(value, path, out, rangeOf, doc, !!keyNode?.range || !!alias, alias);
      // A field points at its whole line, key included: that is what the eye looks for.
      if (alias) out[path] = rangeOf(alias[0], alias[1]);
      else if (keyNode?.range) {
        const end = value?.range?.[1] ?? keyNode.range[1];
        out[path] = rangeOf(keyNode.range[0], end);
      }
    }
    for (const [path, range] of Object.entries(merged)) if (!(path in out)) out[path] = range;
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collectPaths(item as YamlNode, join(String(i)), out, rangeOf, doc, false, alias));
  }
}

export interface ShapeProblem {
  code: string;
  message: string;
  path: string;
}

/**
 * Configuration kinds read by kubeadm and kube-proxy from files, not by the API server: they
 * carry no metadata.
 */
export const CONFIG_KINDS = ['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', 'KubeProxyConfiguration', 'KubeletConfiguration'];

/** kubectl's hint after a client-side validation error (k8s.io/cli-runtime resource/visitor.go). */
const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

/**
 * The checks kubectl makes before it sends anything: the texts are kubectl's own. Without
 * apiVersion or kind, its schema validation (k8s.io/kubectl/pkg/validation/schema.go,
 * getObjectKind) lists what is missing, aggregated as Go's utilerrors does (`[a, b]` for two),
 * and kubectl prints `error validating "FILE": error validating data: …; if you choose to ignore
 * these errors, turn validation off with --validate=false`.
 */
export function checkShape(body: Record<string, unknown>): ShapeProblem | undefined {
  const missing: { code: string; path: string; text: string }[] = [];
  if (body.apiVersion === undefined || body.apiVersion === null || body.apiVersion === '') missing.push({ code: 'missing-apiversion', path: 'apiVersion', text: 'apiVersion not set' });
  else if (typeof body.apiVersion !== 'string') missing.push({ code: 'missing-apiversion', path: 'apiVersion', text: "apiVersion isn't string type" });
  if (body.kind === undefined || body.kind === null || body.kind === '') missing.push({ code: 'missing-kind', path: 'kind', text: 'kind not set' });
  else if (typeof body.kind !== 'string') missing.push({ code: 'missing-kind', path: 'kind', text: "kind isn't string type" });
  if (missing.length > 0) {
    const texts = missing.map((m) => m.text);
    const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
    return { code: missing[0].code, message: `error validating data: ${aggregate}; ${STOP_VALIDATE}`, path: missing[0].path };
  }
  if (typeof body.kind !== 'string' || typeof body.apiVersion !== 'string') return undefined;
  if (CONFIG_KINDS.includes(body.kind)) return undefined;
  // `kubectl get -o yaml` prints a List: no name of its own, only items (import/list.ts).
  if (body.kind.endsWith('List') && Array.isArray(body.items)) return undefined;
  const meta = body.metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return { code: 'missing-name', message: 'resource name may not be empty', path: 'metadata' };
  }
  const name = (meta as Record<string, unknown>).name;
  if (typeof name !== 'string' || name === '') {
    return { code: 'missing-name', message: 'resource name may not be empty', path: 'metadata' };
  }
  return undefined;
}
