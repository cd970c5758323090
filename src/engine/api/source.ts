/**
 * The objects as written, for what the simulated Cluster does not keep: labels and
 * annotations, pod templates, the Endpoints and EndpointSlices a user wrote. kubeadm's own
 * objects (CoreDNS, the `kubernetes` Service) and the assumed ingress controller are looked up
 * the same way, so every pod has a spec to show.
 */
import { assumedIngressController, systemObjects } from '../addons';
import { obj, type Json } from '../fields';
import type { Cluster } from '../model';
import type { ParsedObject } from '../parse';

export interface Sources {
  /** The stored object of that kind, namespace and name, if the API server accepted one. */
  find(kind: string, namespace: string | undefined, name: string): ParsedObject | undefined;
  /** Every stored object of a kind, in document order. */
  all(kind: string): ParsedObject[];
}

const key = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/** Kinds without a namespace: their ids in diagnostics read `Kind/name`. */
const CLUSTER_SCOPED = ['Node', 'Namespace', 'IngressClass'];

/**
 * Indexes the user's objects (minus those the API server refused: an error diagnostic names
 * them) after the cluster's own. The first of two same-named objects is the one kept.
 */
export function indexSources(cluster: Cluster, objects: ParsedObject[]): Sources {
  const refused = new Set(
    cluster.diagnostics.filter((d) => d.severity === 'error' && d.object && d.code !== 'duplicate-object').map((d) => d.object!),
  );
  const byKey = new Map<string, ParsedObject>();
  const add = (o: ParsedObject) => {
    const scoped = !CLUSTER_SCOPED.includes(o.kind);
    const namespace = scoped ? (o.namespace ?? 'default') : undefined;
    const k = key(o.kind, namespace, o.name);
    if (!byKey.has(k)) byKey.set(k, o);
  };
  const user = objects.filter((o) => {
    const id = CLUSTER_SCOPED.includes(o.kind) ? `${o.kind}/${o.name}` : `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
    return !refused.has(id);
  });
  // The user's objects replace the cluster's own of the same name, as in build.ts.
  user.forEach(add);
  systemObjects(cluster.settings, cluster.nodes).forEach(add);
  // Harmless when no Ingress asked for it: only pods that exist are ever looked up.
  assumedIngressController().forEach(add);
  const list = [...byKey.values()];
  return {
    find: (kind, namespace, name) => byKey.get(key(kind, CLUSTER_SCOPED.includes(kind) ? undefined : namespace ?? 'default', name)),
    all: (kind) => list.filter((o) => o.kind === kind),
  };
}

/** metadata.labels and metadata.annotations as written (string values only, as the API keeps them). */
export function writtenMeta(source: ParsedObject | undefined): { labels?: Record<string, string>; annotations?: Record<string, string> } {
  const meta = obj(source?.body.metadata) ?? {};
  const strings = (value: unknown): Record<string, string> | undefined => {
    const map = obj(value);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(map)) if (v !== null && v !== undefined) out[k] = String(v);
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const labels = strings(meta.labels);
  const annotations = strings(meta.annotations);
  return { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) };
}

/** A deep copy of written JSON, so that defaulting never touches the parsed document. */
export function copy<T extends Json | unknown[]>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
