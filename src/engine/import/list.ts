/**
 * `kubectl get … -o yaml` prints one document: a `List` (apiVersion v1) whose `items` are the
 * objects, each with its own apiVersion and kind. The API server's own list kinds (`PodList`,
 * `ServiceList`…, what `curl …/api/v1/pods` returns) have the same shape. kubectl apply reads
 * both as the objects they hold (k8s.io/cli-runtime, resource.Builder flattens lists), so
 * each item becomes an object of its own here, keeping its lines for hops and errors.
 */
import { arr, obj } from '../fields';
import { checkShape, type ParsedObject } from '../parse';
import type { Diagnostic, SourceRange } from '../types';

/** A `List`, or a typed list such as `PodList`, with an `items` array. */
export function isList(o: ParsedObject): boolean {
  return (o.kind === 'List' || o.kind.endsWith('List')) && Array.isArray(o.body.items);
}

/**
 * Replaces every list by its items, in order; other objects are kept as they are. An item
 * kubectl would refuse (no kind, no apiVersion, no name) is reported at its own line.
 */
export function expandLists(objects: ParsedObject[], diagnostics: Diagnostic[]): ParsedObject[] {
  if (!objects.some(isList)) return objects;
  const out: ParsedObject[] = [];
  for (const o of objects) {
    if (!isList(o)) {
      out.push(o);
      continue;
    }
    const items = arr(o.body.items);
    const paths = splitPaths(o.paths, items.length);
    // The API server's typed lists leave kind and apiVersion out of their items.
    const itemKind = o.kind === 'List' ? undefined : o.kind.slice(0, -'List'.length);
    items.forEach((raw, i) => {
      const written = obj(raw);
      const body = written && itemKind ? { apiVersion: o.apiVersion, kind: itemKind, ...written } : written;
      const range = o.paths[`items.${i}`] ?? o.range;
      if (!body) {
        diagnostics.push({
          severity: 'error',
          code: 'not-an-object',
          message: 'a Kubernetes object must be a YAML mapping (key: value), not a list or a scalar',
          key: 'diag.notAnObject',
          range,
        });
        return;
      }
      const shape = checkShape(body);
      if (shape) {
        diagnostics.push({ severity: 'error', code: shape.code, message: shape.message, range: paths[i][shape.path] ?? range });
        return;
      }
      const meta = obj(body.metadata) ?? {};
      const item: ParsedObject = {
        apiVersion: body.apiVersion as string,
        kind: body.kind as string,
        name: typeof meta.name === 'string' ? meta.name : (body.kind as string),
        namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
        body,
        range,
        paths: paths[i],
      };
      // A list inside a list (rare, but kubectl flattens it too).
      out.push(...(isList(item) ? expandLists([item], diagnostics) : [item]));
    });
  }
  return out;
}

/** `items.3.spec.ports.0.port` → item 3's `spec.ports.0.port`, in one pass over the paths. */
function splitPaths(paths: Record<string, SourceRange>, count: number): Record<string, SourceRange>[] {
  const out = Array.from({ length: count }, () => ({}) as Record<string, SourceRange>);
  for (const path of Object.keys(paths)) {
    if (!path.startsWith('items.')) continue;
    const dot = path.indexOf('.', 6);
    if (dot < 0) continue;
    const index = Number(path.slice(6, dot));
    if (index < count) out[index][path.slice(dot + 1)] = paths[path];
  }
  return out;
}
