/**
 * `kubectl apply` semantics across edits. The API server refuses an invalid object whole, and an
 * object it had accepted before keeps running as it was: a Service edited to `nodePort: 80`
 * does not vanish, it keeps its old node port, and the error stands at the line. A refused
 * object that was never accepted does not exist.
 *
 * The engine is pure, so "before" is an input: the previous build's `accepted` objects.
 */
import type { AcceptedObject, Cluster } from '../model';
import { CONFIG_KINDS, type ParsedObject } from '../parse';
import type { Diagnostic } from '../types';

export const objectId = (o: { kind: string; namespace?: string; name: string }) => `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;

/** The user's objects without an error of their own: what the API server now stores. */
export function acceptedObjects(user: ParsedObject[], diagnostics: Diagnostic[]): Record<string, AcceptedObject> {
  const refused = new Set(diagnostics.filter((d) => d.severity === 'error' && d.object).map((d) => d.object));
  const out: Record<string, AcceptedObject> = {};
  for (const o of user) {
    const id = objectId(o);
    if (o.system || refused.has(id) || out[id]) continue;
    out[id] = { apiVersion: o.apiVersion, kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}), body: o.body };
  }
  return out;
}

/**
 * The objects of this text that were refused but had an accepted version before: those the
 * cluster keeps running as they were. Configuration files are not API objects: a broken
 * KubeProxyConfiguration is not "kept", it is reported.
 */
export function keptIds(build: Cluster, previous: Record<string, AcceptedObject>): string[] {
  const ids = new Set<string>();
  for (const d of build.diagnostics) {
    const id = d.object;
    if (d.severity !== 'error' || !id || build.accepted[id] || !previous[id]) continue;
    if (CONFIG_KINDS.includes(previous[id].kind)) continue;
    ids.add(id);
  }
  return [...ids];
}

/** The accepted version in place of the refused one, at the refused one's place in the text. */
export function substitute(objects: ParsedObject[], kept: Set<string>, previous: Record<string, AcceptedObject>): ParsedObject[] {
  if (kept.size === 0) return objects;
  return objects.map((o) => {
    const id = objectId(o);
    const before = kept.has(id) ? previous[id] : undefined;
    return before ? { ...o, apiVersion: before.apiVersion, body: before.body } : o;
  });
}

/** Says, at the object, that the picture runs its last accepted version. */
export function keptNotice(o: ParsedObject): Diagnostic {
  return {
    severity: 'info',
    code: 'kept-last-accepted',
    message: `the API server refused this version of ${objectId(o)}; the cluster keeps running the version it accepted before`,
    key: 'diag.keptLastAccepted',
    params: { object: objectId(o) },
    range: o.range,
    object: objectId(o),
  };
}
