/** What an exported picture shows at a hop: the highlights and the caption, in the current language. */
import type { Cluster, Trace, TraceRequest } from '../../engine';
import type { View } from './svg';

type T = (key: string, params?: Record<string, string | number>) => string;

/** The request's source as the request bar names it. */
export function describeSource(cluster: Cluster, request: TraceRequest, t: T): string {
  if (request.from === 'external') return t('request.fromExternal', { ip: cluster.externals[0]?.ip ?? '' });
  const [kind, ...rest] = request.from.split('/');
  if (kind === 'node') {
    const node = cluster.nodes.find((n) => n.name === rest[0]);
    return t('request.fromNode', { name: rest[0], ip: node?.ip ?? '' });
  }
  const [namespace, name] = rest.length === 2 ? rest : ['default', rest[0]];
  const pod = cluster.pods.find((p) => p.namespace === namespace && p.name === name);
  return t('request.fromPod', { name, ip: pod?.ip ?? '' });
}

export function outcomeText(trace: Trace, t: T): string {
  return `${t(`outcome.label.${trace.outcome}`)}: ${t(trace.outcomeMessage.key, trace.outcomeMessage.params)}`;
}

export function viewAt(cluster: Cluster, trace: Trace, step: number, t: T, opts: { packet?: boolean; caption?: boolean } = {}): View {
  const hop = trace.hops[step];
  const view: View = {
    current: hop?.element,
    visited: new Set(trace.hops.slice(0, step + 1).map((h) => h.element)),
    acting: new Set((hop?.provenance ?? []).map((p) => p.object).filter((o) => o.startsWith('Service/') || o.startsWith('Ingress/'))),
  };
  if (hop && opts.packet !== false) {
    view.packet = { label: `${hop.after.src}:${hop.after.sport} → ${hop.after.dst}:${hop.after.dport}`, reply: hop.phase === 'reply' };
  }
  if (opts.caption !== false) {
    const title = hop ? t('export.caption.hop', { n: step + 1, total: trace.hops.length, title: t(hop.title.key, hop.title.params) }) : outcomeText(trace, t);
    view.caption = { title, subtitle: `${t('export.caption.request', { from: describeSource(cluster, trace.request, t), to: trace.request.to })} · ${outcomeText(trace, t)}` };
  }
  return view;
}
