import { describe, expect, it } from 'vitest';
import { buildCluster } from './build';
import { parseManifests } from './parse';
import { userView } from './testing';

const build = (text: string) => userView(buildCluster(text));

describe('parsing manifests', () => {
  it('keeps every object and the line of every field, across documents', () => {
    const { objects, diagnostics } = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  namespace: web\nspec:\n  ports:\n  - port: 80\n');
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => [o.kind, o.namespace, o.name, o.range.start.line])).toEqual([
      ['Pod', undefined, 'a', 1],
      ['Service', 'web', 'b', 8],
    ]);
    expect(objects[1].paths['spec.ports.0.port'].start).toEqual({ line: 15, column: 5 });
  });

  it('reports a syntax error at its line and column, with the parser\'s message', () => {
    const { diagnostics } = parseManifests('kind: Pod\nmetadata:\n  name: a: b\n');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'yaml-syntax', message: 'Nested mappings are not allowed in compact mappings', range: expect.objectContaining({ start: { line: 3, column: 9 } }) }),
    ]);
  });

  it.each([
    ['apiVersion: v1\nmetadata:\n  name: a\n', 'missing-kind', "Object 'Kind' is missing", 1],
    ['kind: Pod\nmetadata:\n  name: a\n', 'missing-apiversion', "Object 'apiVersion' is missing", 1],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {}\n', 'missing-name', 'resource name may not be empty', 3],
    ['- a\n- b\n', 'not-an-object', 'a Kubernetes object must be a YAML mapping (key: value), not a list or a scalar', 1],
  ])('rejects a malformed object: %j → %s', (text, code, message, line) => {
    const { diagnostics, objects } = parseManifests(text);
    expect(objects).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code, message, range: { start: { line } } });
  });

  it('never throws, whatever the input', () => {
    for (const text of ['', '---', ': :', '[', '{a: 1}', 'kind: 5\napiVersion: []\nmetadata: x', '\u0000', 'a: &x *x']) {
      expect(() => buildCluster(text)).not.toThrow();
    }
  });

  it('reports kinds it does not simulate and duplicate objects', () => {
    const c = build('apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
    expect(c.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['unsupported-kind', 'kind Secret is not simulated yet; it is ignored', 1],
      ['duplicate-object', 'pods "p" already exists', 11],
    ]);
    expect(c.pods).toHaveLength(1);
  });
});
