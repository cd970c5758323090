import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { expandLists } from './list';

const list = `apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    type: NodePort
    selector:
      app: web
    ports:
    - port: 80
      nodePort: 30999
- apiVersion: apps/v1
  metadata:
    name: nameless-kind
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 1
    selector:
      matchLabels:
        app: web
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - name: web
          image: nginx:1.25
`;

describe('a List, as kubectl get -o yaml prints it', () => {
  it('becomes its items, each keeping its own lines', () => {
    const { objects, diagnostics } = parseManifests(list);
    expect(diagnostics).toEqual([]);
    const items = expandLists(objects, diagnostics);
    expect(items.map((o) => `${o.kind}/${o.name}`)).toEqual(['Service/web', 'Deployment/web']);
    const [svc, deploy] = items;
    expect(svc.range.start.line).toBe(6);
    expect(svc.paths['spec.ports.0.nodePort'].start.line).toBe(16);
    expect(deploy.paths['spec.replicas'].start.line).toBe(25);
    // The item missing its kind is refused with kubectl's message, at its own line.
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'missing-kind', message: 'error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false', range: expect.objectContaining({ start: { line: 17, column: 3 } }) })]);
  });

  it('builds as the same objects written one per document', () => {
    const cluster = buildCluster(list);
    const svc = cluster.services.find((s) => s.name === 'web')!;
    expect(svc.ports[0].nodePort).toBe(30999);
    expect(svc.provenance!.range.start.line).toBe(6);
    expect(cluster.pods.filter((p) => p.name.startsWith('web-')).map((p) => p.provenance!.range.start.line)).toEqual([29]);
  });

  it("fills in the kind of a typed list's items (the API server's PodList)", () => {
    const { objects, diagnostics } = parseManifests(`apiVersion: v1
kind: ServiceList
items:
- metadata:
    name: a
  spec:
    ports:
    - port: 80
`);
    const items = expandLists(objects, diagnostics);
    expect(diagnostics).toEqual([]);
    expect(items.map((o) => [o.apiVersion, o.kind, o.name])).toEqual([['v1', 'Service', 'a']]);
  });

  it('leaves YAML without lists untouched', () => {
    const { objects, diagnostics } = parseManifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n');
    expect(expandLists(objects, diagnostics)).toBe(objects);
  });
});
