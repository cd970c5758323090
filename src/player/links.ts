/**
 * Provenance from the YAML side: which object the editor's cursor is in, and what that object
 * shapes: its pods (and a Service's endpoint pods), its box on the canvas, the netfilter blocks
 * that hold its rules, and the hops of the trace it decided.
 */
import type { Cluster, SourceRange, Trace } from '../engine';
import type { ParsedObject } from '../engine/parse';
import { tableSummary } from '../worker/pack';

export interface ObjectAt {
  /** `Kind/namespace/name` (`Node/name` for a Node), as provenance names objects. */
  object: string;
  range: SourceRange;
}

export function objectKey(o: Pick<ParsedObject, 'kind' | 'name' | 'namespace'>): string {
  return o.kind === 'Node' ? `Node/${o.name}` : `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
}

/**
 * The object whose document holds a line (1-based), if any: from the outline of the build on
 * screen (the engine's own parse of the text), never by parsing the text again. While a newer
 * text waits for its build, lines are those of the text the picture shows.
 */
export function objectAtLine(cluster: Pick<Cluster, 'outline'>, line: number): ObjectAt | undefined {
  const o = (cluster.outline ?? []).find((x) => x.range.start.line <= line && line <= x.range.end.line && !(x.range.end.line === line && x.range.end.column === 1 && line > x.range.start.line));
  return o && { object: o.object, range: o.range };
}

export interface Links {
  /** Canvas element ids. */
  elements: Set<string>;
  /** Hop indexes in the trace. */
  hops: Set<number>;
}

const CONFIG = ['KubeProxyConfiguration', 'ClusterConfiguration'];

export function linksOf(cluster: Cluster, trace: Trace, object: string): Links {
  const elements = new Set<string>();
  const [kind, ns, name] = object.split('/');
  // The object's own pods: the hops inside them are its (a Service's endpoints are not the Service's).
  const owned: string[] = [];
  for (const p of cluster.pods) {
    if (p.provenance?.object === object || p.owner === object) owned.push(`pod/${p.namespace}/${p.name}`);
  }
  for (const e of owned) elements.add(e);
  if (kind === 'Service') {
    elements.add(`svc/${ns}/${name}`);
    for (const slice of cluster.endpointSlices.filter((s) => s.namespace === ns && s.serviceName === name)) {
      for (const e of slice.endpoints) if (e.targetRef) elements.add(e.targetRef);
    }
  }
  if (kind === 'Ingress') elements.add(`ingress/${ns}/${name}`);
  if (kind === 'Node') elements.add(`node/${ns}`);
  for (const dp of cluster.nodeDataplanes) {
    const holds = CONFIG.includes(kind) || tableSummary(dp).objects.includes(object);
    if (holds) elements.add(`node/${dp.node}/netfilter`);
  }
  const hops = new Set<number>();
  trace.hops.forEach((h, i) => {
    const shaped = h.provenance.some((p) => p.object === object) || (h.netfilter?.rules.some((r) => r.matched && r.provenance?.object === object) ?? false);
    const atPod = owned.some((e) => h.element === e || h.element.startsWith(`${e}/`) || h.element === `veth/${e.slice(4)}`);
    if (shaped || atPod) hops.add(i);
  });
  return { elements, hops };
}
