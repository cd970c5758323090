/**
 * How ingress-nginx picks a backend for a request, from the Host header and the path
 * (shared/reference/semantics.md §1): the nginx server for the host (exact name, then a
 * one-label wildcard, then the catch-all `_` server of host-less rules), then the longest
 * matching path in it (Exact beats Prefix at equal length; ImplementationSpecific is Prefix).
 */
import type { IngressBackend, IngressInfo, IngressPath } from './admit';

export interface IngressMatch {
  /** The nginx server that took the request: a host, `*.example.com`, or `_`. */
  server: string;
  ingress?: IngressInfo;
  path?: IngressPath;
  /** Undefined when nothing matched: the controller's default backend answers 404. */
  backend?: IngressBackend;
  /** The Ingress whose backend it is. */
  namespace?: string;
}

interface Location {
  ingress: IngressInfo;
  path: IngressPath;
}

/** Prefix matching by path element: `/aaa/bbb` matches `/aaa/bbb/ccc`, not `/aaa/bbbxyz`. */
export function prefixMatches(prefix: string, path: string): boolean {
  const want = prefix.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  return want.length <= got.length && want.every((e, i) => e === got[i]);
}

function pathMatches(p: IngressPath, path: string): boolean {
  return p.pathType === 'Exact' ? p.path === path : prefixMatches(p.path, path);
}

/** A `*.foo.com` server takes `bar.foo.com`, not `foo.com` nor `a.bar.foo.com`. */
function wildcardMatches(server: string, host: string): boolean {
  const suffix = server.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
}

export function matchIngress(ingresses: IngressInfo[], hostHeader: string, requestPath: string): IngressMatch {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  const path = requestPath.split('?')[0] || '/';
  const servers = new Map<string, Location[]>();
  const defaults = new Map<string, IngressInfo>();
  const add = (server: string, loc?: Location, ingress?: IngressInfo) => {
    if (!servers.has(server)) servers.set(server, []);
    if (loc) servers.get(server)!.push(loc);
    if (ingress?.defaultBackend && !defaults.has(server)) defaults.set(server, ingress);
  };
  for (const ingress of ingresses) {
    // An Ingress with only a defaultBackend lands on the catch-all server.
    if (ingress.rules.length === 0) add('_', undefined, ingress);
    for (const rule of ingress.rules) {
      const server = rule.host || '_';
      add(server, undefined, ingress);
      for (const p of rule.paths) add(server, { ingress, path: p });
    }
  }
  const exact = servers.has(host) && host !== '_' ? host : undefined;
  const wildcards = [...servers.keys()].filter((s) => s.startsWith('*.') && wildcardMatches(s, host)).sort((a, b) => b.length - a.length);
  const server = exact ?? wildcards[0] ?? '_';
  const locations = (servers.get(server) ?? []).filter((l) => pathMatches(l.path, path));
  locations.sort(
    (a, b) => b.path.path.replace(/\/$/, '').length - a.path.path.replace(/\/$/, '').length || rank(a.path) - rank(b.path),
  );
  const best = locations[0];
  if (best) return { server, ingress: best.ingress, path: best.path, backend: best.path.backend, namespace: best.ingress.namespace };
  const fallback = defaults.get(server);
  if (fallback) return { server, ingress: fallback, backend: fallback.defaultBackend, namespace: fallback.namespace };
  return { server };
}

/** At equal length, an Exact path beats a Prefix one. */
function rank(p: IngressPath): number {
  return p.pathType === 'Exact' ? 0 : 1;
}
