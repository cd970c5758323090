/**
 * Stage 1: YAML text → Kubernetes objects, each with the source range of every field, plus
 * diagnostics. Nothing here throws on user input.
 */
import { LineCounter, isMap, isSeq, isScalar, parseAllDocuments, type Node as YamlNode } from 'yaml';
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

/** Parses a multi-document YAML stream into objects and diagnostics. */
export function parseManifests(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const docs = Array.from(parseAllDocuments(text, { lineCounter, prettyErrors: false }));
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
    const body = root.toJSON() as Record<string, unknown>;
    const paths: Record<string, SourceRange> = {};
    collectPaths(root, '', paths, rangeOf);
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

function collectPaths(
  node: YamlNode | null,
  prefix: string,
  out: Record<string, SourceRange>,
  rangeOf: (a: number, b: number) => SourceRange,
  replaced = false,
): void {
  if (!node) return;
  // A value whose key has a range gets the key's line below: here it only takes its place in
  // the order of the paths, without the cost of a range that is thrown away.
  if (node.range && prefix) out[prefix] = replaced ? (undefined as unknown as SourceRange) : rangeOf(node.range[0], node.range[1]);
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const value = pair.value as YamlNode | null;
      const keyNode = pair.key as YamlNode;
      const path = join(key);
      collectPaths(value, path, out, rangeOf, !!keyNode?.range);
      // A field points at its whole line, key included: that is what the eye looks for.
      if (keyNode?.range) {
        const end = value?.range?.[1] ?? keyNode.range[1];
        out[path] = rangeOf(keyNode.range[0], end);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collectPaths(item as YamlNode, join(String(i)), out, rangeOf));
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

/** The checks kubectl makes before it sends anything: the texts are kubectl's own. */
export function checkShape(body: Record<string, unknown>): ShapeProblem | undefined {
  if (typeof body.kind !== 'string' || body.kind === '') {
    return { code: 'missing-kind', message: "Object 'Kind' is missing", path: 'kind' };
  }
  if (typeof body.apiVersion !== 'string' || body.apiVersion === '') {
    return { code: 'missing-apiversion', message: "Object 'apiVersion' is missing", path: 'apiVersion' };
  }
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
