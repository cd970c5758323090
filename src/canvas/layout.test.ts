import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { layoutCluster } from './layout';

const ingress = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: my-nginx-deploment
      port:
        number: 8001
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: my-nginx-deploment
            port:
              number: 8001
      - path: /api
        pathType: Exact
        backend:
          service:
            name: my-nginx-deploment
            port:
              number: 8001
`;

describe('the virtual band', () => {
  it('puts each Ingress after the Services, as tall as its paths and default backend', () => {
    const diagram = layoutCluster(buildCluster(nodePortLesson.yaml + ingress));
    const band = diagram.nodes.filter((n) => n.data.kind === 'service' || n.data.kind === 'ingress');
    expect(band.map((n) => n.id)).toEqual(['svc/default/kubernetes', 'svc/kube-system/kube-dns', 'svc/default/my-nginx-deploment', 'ingress/default/web']);
    const box = band.at(-1)!;
    expect(box.height).toBe(46 + 15 * 3);
    expect(box.position.x).toBeGreaterThan(band[2].position.x);
    expect(new Set(band.map((n) => n.position.y)).size).toBe(1);
  });

  it('does not move the pods when an Ingress rule is edited', () => {
    const pods = (yaml: string) => Object.entries(layoutCluster(buildCluster(yaml)).anchors).filter(([id]) => id.startsWith('pod/'));
    const fewer = ingress.slice(0, ingress.indexOf('      - path: /api'));
    expect(pods(nodePortLesson.yaml + fewer)).toEqual(pods(nodePortLesson.yaml + ingress));
    expect(pods(nodePortLesson.yaml + ingress)).toHaveLength(10); // nginx and CoreDNS pods with their eth0, and the two hostNetwork controllers
  });
});

describe('a node with flannel\'s VXLAN device', () => {
  it('draws flannel.1 beside eth0, not over it', () => {
    const vxlan = `${nodePortLesson.yaml}---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}'
`;
    const nodes = layoutCluster(buildCluster(vxlan)).nodes;
    const eth0 = nodes.find((n) => n.id === 'node/node01/eth0')!;
    const vtep = nodes.find((n) => n.id === 'node/node01/flannel.1')!;
    expect(vtep.data).toMatchObject({ kind: 'device', device: 'flannel.1', address: '10.244.1.0/32' });
    expect(vtep.position.y).toBe(eth0.position.y);
    expect(vtep.position.x).toBeGreaterThanOrEqual(eth0.position.x + eth0.width!);
    expect(layoutCluster(buildCluster(nodePortLesson.yaml)).nodes.some((n) => n.id.endsWith('/flannel.1'))).toBe(false);
  });
});
