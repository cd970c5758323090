/** The matching tables of the Ingress documentation and the conformance features. */
import { describe, expect, it } from 'vitest';
import type { IngressInfo, IngressPath, PathType } from './admit';
import { matchIngress, prefixMatches } from './route';

const paths = (...specs: [PathType, string, string][]): IngressPath[] => specs.map(([pathType, path, service]) => ({ pathType, path, backend: { service, port: 80 } }));
const ingress = (rules: { host?: string; paths: IngressPath[] }[], defaultBackend?: string): IngressInfo => ({
  namespace: 'default', name: 'ing', rules: rules.map((r) => ({ host: r.host ?? '', paths: r.paths })),
  ...(defaultBackend ? { defaultBackend: { service: defaultBackend, port: 80 } } : {}),
});
const served = (ings: IngressInfo[], host: string, path: string) => matchIngress(ings, host, path).backend?.service ?? '404';

describe('path types (docs "Examples" table)', () => {
  it.each([
    ['Prefix', '/', '/(all paths)', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['ImplementationSpecific', '/foo', '/foo/bar', true],
    ['ImplementationSpecific', '/foo', '/foobar', false],
  ] as [PathType, string, string, boolean][])('%s %s vs %s → %s', (type, path, request, matches) => {
    const r = request === '/(all paths)' ? '/anything/at/all' : request;
    expect(served([ingress([{ paths: paths([type, path, 'svc']) }])], 'x', r) === 'svc').toBe(matches);
  });

  it('prefers the longest path, and Exact over Prefix at equal length', () => {
    const ing = [ingress([{ paths: paths(['Prefix', '/', 'root'], ['Prefix', '/aaa', 'aaa'], ['Prefix', '/aaa/bbb', 'aaabbb'], ['Exact', '/aaa', 'exact']) }])];
    expect(served(ing, 'x', '/aaa/bbb/ccc')).toBe('aaabbb');
    expect(served(ing, 'x', '/aaa')).toBe('exact');
    expect(served(ing, 'x', '/aaa/')).toBe('aaa');
    expect(served(ing, 'x', '/ccc')).toBe('root');
    expect(prefixMatches('/foo', '/foobar')).toBe(false);
  });

  it('uses an Ingress\'s defaultBackend for its unmatched paths, else 404', () => {
    expect(served([ingress([{ paths: paths(['Prefix', '/aaa', 'aaa']) }], 'fallback')], 'x', '/ccc')).toBe('fallback');
    expect(served([ingress([{ paths: paths(['Prefix', '/aaa', 'aaa']) }])], 'x', '/ccc')).toBe('404');
  });
});

describe('hosts (docs "Hostname wildcards" table)', () => {
  const ing = [
    ingress([{ host: 'foo.bar.com', paths: paths(['Prefix', '/', 'exact']) }]),
    ingress([{ host: '*.foo.com', paths: paths(['Prefix', '/', 'wild']) }]),
    ingress([{ host: '*.bar.com', paths: paths(['Prefix', '/', 'wildbar']) }]),
    ingress([{ paths: paths(['Prefix', '/', 'any']) }]),
  ];
  it.each([
    ['foo.bar.com', 'exact'],
    ['FOO.bar.com:8080', 'exact'],
    ['baz.bar.com', 'wildbar'],
    ['bar.foo.com', 'wild'],
    ['baz.bar.foo.com', 'any'],
    ['foo.com', 'any'],
    ['192.168.255.102', 'any'],
  ])('%s → %s', (host, service) => {
    expect(served(ing, host, '/')).toBe(service);
  });

  it('only looks at the chosen host\'s paths: no fallback to the catch-all server', () => {
    const two = [ingress([{ host: 'a.com', paths: paths(['Prefix', '/app', 'app']) }]), ingress([{ paths: paths(['Prefix', '/', 'any']) }])];
    expect(served(two, 'a.com', '/other')).toBe('404');
  });
});
