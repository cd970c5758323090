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
    ['apiVersion: v1\nmetadata:\n  name: a\n', 'missing-kind', 'error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false', 1],
    // Article 002 prints its service-nodeport.yaml without apiVersion.
    ['kind: Service\nmetadata:\n  name: a\n', 'missing-apiversion', 'error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false', 1],
    ['metadata:\n  name: a\n', 'missing-apiversion', 'error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false', 1],
    ['apiVersion: 1\nkind: Pod\nmetadata:\n  name: a\n', 'missing-apiversion', "error validating data: apiVersion isn't string type; if you choose to ignore these errors, turn validation off with --validate=false", 1],
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
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: nginx}]\n';
    const c = build(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n---\n${pod}---\n${pod}`);
    expect(c.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['unsupported-kind', 'kind Secret is not simulated yet; it is ignored', 1],
      ['duplicate-object', 'pods "p" already exists', 13],
    ]);
    expect(c.pods).toHaveLength(1);
  });
});

describe('YAML aliases', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &l
    app: web
spec:
  selector:
    matchLabels: *l
  template:
    metadata:
      labels: *l
    spec:
      containers:
      - name: c
        image: nginx
`;

  it('expand as YAML defines them, each field pointing at the alias', () => {
    const { objects, diagnostics } = parseManifests(deployment);
    expect(diagnostics).toEqual([]);
    const spec = objects[0].body.spec as { selector: unknown; template: { metadata: unknown } };
    expect(spec.selector).toEqual({ matchLabels: { app: 'web' } });
    expect(spec.template.metadata).toEqual({ labels: { app: 'web' } });
    expect(objects[0].paths['spec.selector.matchLabels.app'].start.line).toBe(9);
    expect(objects[0].paths['spec.template.metadata.labels.app'].start.line).toBe(12);
    expect(objects[0].paths['metadata.labels.app'].start.line).toBe(6);
  });

  it('select the pods of a Deployment whose selector is an alias of its labels', () => {
    const c = build(`${deployment}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`);
    expect(c.diagnostics).toEqual([]);
    expect(c.pods.map((p) => p.labels.app)).toEqual(['web']);
    expect(c.endpointSlices[0].endpoints).toHaveLength(1);
  });

  it('merge a mapping with <<, as kubectl\'s reader does; keys written beside it win', () => {
    const { objects } = parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: &b {x: "1", y: "1"}\n  annotations:\n    <<: *b\n    y: "2"\n');
    expect(objects[0].body.metadata).toMatchObject({ annotations: { x: '1', y: '2' } });
    expect(objects[0].paths['metadata.annotations.x'].start.line).toBe(7);
    expect(objects[0].paths['metadata.annotations.y'].start.line).toBe(8);
  });

  it('refuse an alias bomb with the parser\'s message, without expanding it', () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const n of 'bcdefghi') {
      bomb += `  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = n;
    }
    const c = buildCluster(bomb);
    expect(c.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([['error', 'yaml-alias', 'Excessive alias count indicates a resource exhaustion attack']]);
  });

  it('report an alias to no anchor at its line, and one inside its own anchor with go-yaml\'s words', () => {
    expect(parseManifests('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: *nope\n').diagnostics).toEqual([
      expect.objectContaining({ code: 'yaml-alias', message: 'Unresolved alias (the anchor must be set before the alias): nope', range: expect.objectContaining({ start: { line: 5, column: 11 } }) }),
    ]);
    const circular = buildCluster('apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: a\n  labels: {x: *m}\n');
    expect(circular.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([['yaml-alias', "anchor 'm' value contains itself", 5]]);
  });
});
