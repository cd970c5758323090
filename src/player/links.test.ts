import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { linksOf, objectAtLine } from './links';

const yaml = nodePortLesson.yaml;
const cluster = buildCluster(yaml);
const trace = traceRequest(cluster, nodePortLesson.request);
const line = (s: string) => yaml.split('\n').findIndex((l) => l.includes(s)) + 1;

describe('the YAML object under the cursor', () => {
  it('is the document holding the line', () => {
    expect(objectAtLine(cluster, line('replicas: 2'))?.object).toBe('Deployment/default/my-nginx-deploment');
    expect(objectAtLine(cluster, line('nodePort: 31101'))?.object).toBe('Service/default/my-nginx-deploment');
    expect(objectAtLine(cluster, line('nodePort: 31101'))?.range.start.line).toBe(line('kind: Service') - 1);
    expect(objectAtLine(cluster, line('---'))).toBeUndefined();
  });

  it('comes from the build’s own parse, refused objects and Nodes included', () => {
    const text = `apiVersion: v1\nkind: Node\nmetadata:\n  name: node09\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 99999\n`;
    const built = buildCluster(text);
    expect(built.diagnostics.some((d) => d.severity === 'error' && d.object === 'Service/default/bad')).toBe(true);
    expect(objectAtLine(built, 3)?.object).toBe('Node/node09');
    expect(objectAtLine(built, 12)?.object).toBe('Service/default/bad');
    expect(built.outline?.map((o) => o.object)).toEqual(['Node/node09', 'Service/default/bad']);
  });
});

describe('what an object shapes', () => {
  it('a Deployment: its pods, and the hops in and out of the pod that served', () => {
    const links = linksOf(cluster, trace, 'Deployment/default/my-nginx-deploment');
    const pods = cluster.pods.filter((p) => p.name.startsWith('my-nginx')).map((p) => `pod/default/${p.name}`);
    expect([...links.elements].sort()).toEqual(pods.sort());
    const kinds = [...links.hops].map((i) => `${trace.hops[i].phase} ${trace.hops[i].kind}`);
    expect(kinds).toEqual(['request veth', 'request arrive', 'request deliver', 'reply route', 'reply veth']);
  });
  it('a Service: its box, its endpoint pods, every node\'s netfilter, and the hops its rules decided', () => {
    const links = linksOf(cluster, trace, 'Service/default/my-nginx-deploment');
    expect(links.elements).toContain('svc/default/my-nginx-deploment');
    for (const n of ['master01', 'node01', 'node02']) expect(links.elements).toContain(`node/${n}/netfilter`);
    expect(links.elements).toContain(`pod/default/${cluster.pods.find((p) => p.ip === '10.244.1.2')!.name}`);
    const titles = [...links.hops].filter((i) => trace.hops[i].kind === 'chain').map((i) => trace.hops[i].netfilter!.chain);
    expect(titles).toEqual(['KUBE-NODEPORTS', 'KUBE-EXT-O34RRTA663ZXJZ3Q', 'KUBE-EXT-O34RRTA663ZXJZ3Q', 'KUBE-SVC-O34RRTA663ZXJZ3Q', 'KUBE-SEP-KDCPXYTLRMIIBTDL']);
  });
});
