/** Seed 004's Ingress demo, end to end: the assumed controller, host routing, 404 and 503. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { traceRequest } from '../trace/trace';
import { SEED004_APPS as apps } from './testdata';

describe('Ingress through ingress-nginx', () => {
  const cluster = buildCluster(apps);

  it('assumes the bare-metal controller, says so, and runs it on every worker in hostNetwork', () => {
    expect(cluster.diagnostics.map((d) => [d.severity, d.code])).toEqual([['info', 'ingress-controller-assumed']]);
    const controllers = cluster.pods.filter((p) => p.name.startsWith('ingress-nginx-controller-'));
    expect(controllers.map((p) => [p.node, p.ip, p.hostNetwork])).toEqual([
      ['node01', '192.168.255.102', true],
      ['node02', '192.168.255.103', true],
    ]);
  });

  it('takes http://apps.cherry.com/ to a pod, proxied by the controller without kube-proxy', () => {
    const t = traceRequest(cluster, { from: 'external', to: 'http://apps.cherry.com/', pick: 3 });
    expect(t.outcome).toBe('served');
    expect(t.httpStatus).toBe(200);
    expect(t.hops[0]).toMatchObject({ title: { key: 'hop.sendNamed.title', params: { name: 'apps.cherry.com', dst: '192.168.255.102:80' } } });
    const match = t.hops.find((h) => h.title.key === 'hop.ingressMatch.title')!;
    expect(match.explain.params).toMatchObject({ server: 'apps.cherry.com', rule: 'ImplementationSpecific /', ingress: 'default/apps-ingress', backend: 'svc-apps:80' });
    expect(match.candidates!.map((c) => c.probability)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(t.servedBy).toMatchObject({ ip: match.candidates![2].ip, port: 80 });
    // The pod sees the controller's node as the client; no KUBE-SVC chain on the way.
    expect(t.sourceIpSeen).toBe('192.168.255.102');
    expect(t.hops.some((h) => h.netfilter?.chain.startsWith('KUBE-SVC-'))).toBe(false);
    // The answer goes back through the controller to the outside host.
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '192.168.255.102', sport: 80, dst: '192.168.255.1' });
    expect(t.hops.filter((h) => h.title.key === 'hop.ingressRelay.title')).toHaveLength(1);
  });

  it('answers 404 for a path on an unknown host, and 503 when the backend has no ready pod', () => {
    const notFound = traceRequest(cluster, { from: 'external', to: 'http://other.cherry.com/', connect: '192.168.255.103' });
    expect([notFound.outcome, notFound.httpStatus]).toEqual(['http_error', 404]);
    const empty = traceRequest(buildCluster(apps.replace('replicas: 3', 'replicas: 0')), { from: 'external', to: 'http://apps.cherry.com/' });
    expect([empty.outcome, empty.httpStatus]).toEqual(['http_error', 503]);
  });

  it('cannot resolve a name that no Ingress knows, as curl says', () => {
    const t = traceRequest(cluster, { from: 'external', to: 'http://www.example.com/' });
    expect(t.outcome).toBe('unreachable');
    expect(t.outcomeMessage).toEqual({ key: 'outcome.noResolve', params: { name: 'www.example.com' } });
  });

  it('reports invalid Ingresses with the API server\'s texts', () => {
    const bad = apps.replace('        pathType: ImplementationSpecific\n', '').replace('  - host: apps.cherry.com', '  - host: 1.2.3.4');
    expect(buildCluster(bad).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      'The Ingress "apps-ingress" is invalid: spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      'The Ingress "apps-ingress" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    ]);
  });
});
