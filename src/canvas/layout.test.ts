import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { podNetworkLesson } from '../lessons/podnetwork';
import { calicoInstallation } from '../engine/testdata/calico';
import { lessons } from '../lessons';
import { HANDLE_IDS, layoutCluster } from './layout';

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

describe('the stage reads from the back row (issue 13)', () => {
  const abs = (diagram: ReturnType<typeof layoutCluster>) => {
    const out = new Map<string, { x: number; y: number; w: number; h: number }>();
    for (const n of diagram.nodes) {
      const p = n.parentId ? out.get(n.parentId)! : { x: 0, y: 0 };
      out.set(n.id, { x: p.x + n.position.x, y: p.y + n.position.y, w: n.width!, h: n.height! });
    }
    return out;
  };

  it('shows every route whole: the box is as wide as the longest and as tall as all of them', () => {
    const cluster = buildCluster(podNetworkLesson.yaml);
    for (const n of layoutCluster(cluster).nodes.filter((x) => x.data.kind === 'routes')) {
      const routes = n.data.kind === 'routes' ? n.data.routes : [];
      expect(routes.length).toBeGreaterThanOrEqual(4);
      expect(n.width!).toBeGreaterThanOrEqual(Math.max(...routes.map((r) => r.length)) * 6.1 + 24);
      expect(n.height!).toBeGreaterThanOrEqual(30 + routes.length * 14);
      expect(routes.every((r) => !r.includes('…'))).toBe(true);
    }
  });

  it('keeps the Services above the outside host and the LAN, so no LAN line crosses them', () => {
    const boxes = abs(layoutCluster(buildCluster(nodePortLesson.yaml)));
    const lan = boxes.get('lan')!;
    const client = boxes.get('external/client')!;
    for (const [id, b] of boxes) if (id.startsWith('svc/')) expect(b.y + b.h).toBeLessThan(client.y);
    expect(client.y + client.h).toBeLessThan(lan.y);
    for (const [id, b] of boxes) if (/^node\/[^/]+$/.test(id)) expect(b.y).toBeGreaterThanOrEqual(lan.y + lan.h + 40);
  });

  it('leaves room for the packet’s label above every box inside a node', () => {
    const diagram = layoutCluster(buildCluster(nodePortLesson.yaml));
    const inside = diagram.nodes.filter((n) => n.parentId === 'node/node01');
    for (const a of inside) {
      for (const b of inside) {
        const overlapsX = a.position.x < b.position.x + b.width! && b.position.x < a.position.x + a.width!;
        const above = b.position.y + b.height! <= a.position.y;
        // A pod's eth0 sits on the pod's own top edge; everything else has 40 px above it.
        if (overlapsX && above && !(a.id.startsWith(b.id) || b.id.startsWith(a.id))) expect(a.position.y - (b.position.y + b.height!)).toBeGreaterThanOrEqual(40);
      }
    }
  });

  it("puts eth0 below the node's head with the label's room between: the label at eth0 is not on the node's name or podCIDR", () => {
    const diagram = layoutCluster(buildCluster(nodePortLesson.yaml));
    const eth0 = diagram.nodes.find((n) => n.id === 'node/node01/eth0')!;
    // The head is one 12 px line with 6 px padding above and below (30 px); the label stands 34 px above eth0, 20 px high.
    expect(eth0.position.y - 34).toBeGreaterThanOrEqual(30);
  });

  it('puts Pending pods in rows right under the nodes, no wider than the cluster', () => {
    const text = nodePortLesson.yaml.replace('replicas: 2', 'replicas: 2') + '\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: stuck\nspec:\n  nodeName: nowhere\n  containers:\n  - name: c\n    image: nginx\n';
    const diagram = layoutCluster(buildCluster(text));
    const boxes = abs(diagram);
    const bottom = Math.max(...[...boxes].filter(([id]) => /^node\/[^/]+$/.test(id)).map(([, b]) => b.y + b.h));
    const pending = [...boxes].filter(([id]) => id === 'pod/default/stuck').map(([, b]) => b);
    expect(pending).toHaveLength(1);
    expect(pending[0].y).toBe(bottom + 40);
  });
});

describe('a Calico cluster', () => {
  const calico = (enc: string) => `${nodePortLesson.yaml}\n${calicoInstallation(enc)}`;

  it('has no bridge: each pod’s cali veth runs straight to the node’s routing table', () => {
    const cluster = buildCluster(calico('IPIP'));
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const diagram = layoutCluster(cluster);
    expect(diagram.nodes.some((n) => n.id.endsWith('/cbr0'))).toBe(false);
    const pod = cluster.pods.find((p) => p.name.startsWith('my-nginx') && p.node === 'node01')!;
    const veth = diagram.edges.find((e) => e.id === `veth/default/${pod.name}`)!;
    expect(veth.target).toBe('node/node01/routes');
    expect((veth.data as { veth: string }).veth).toMatch(/^cali[0-9a-f]{11}$/);
    expect(diagram.anchors[`veth/default/${pod.name}`]).toBeDefined();
  });

  it('has a place for every hop of the lesson’s request, on IPIP and on VXLAN', () => {
    for (const enc of ['IPIP', 'VXLAN']) {
      const cluster = buildCluster(calico(enc));
      const trace = traceRequest(cluster, nodePortLesson.request);
      expect(trace.outcome).toBe('served');
      const anchors = layoutCluster(cluster).anchors;
      expect(trace.hops.filter((h) => !anchors[h.element]).map((h) => h.element)).toEqual([]);
    }
  });

  it('shows each route with the tunnel it takes, and the node’s own block as the blackhole it is', () => {
    const cluster = buildCluster(calico('IPIP'));
    const routes = layoutCluster(cluster).nodes.find((n) => n.id === 'node/node01/routes')!;
    const lines = routes.data.kind === 'routes' ? routes.data.routes : [];
    const own = cluster.nodeDataplanes.find((d) => d.node === 'node01')!.routes.find((r) => r.type === 'blackhole')!;
    expect(lines).toContain(`blackhole ${own.dst}`);
    expect(lines.filter((l) => / via 192\.168\.255\.\d+ dev tunl0$/.test(l))).toHaveLength(2);
    expect(lines.every((l) => !/ dev $/.test(l))).toBe(true);
  });

  it('draws the tunnel device by its name: tunl0 for IPIP, vxlan.calico for VXLAN', () => {
    expect(layoutCluster(buildCluster(calico('IPIP'))).nodes.some((n) => n.id === 'node/node01/tunl0')).toBe(true);
    const vxlan = layoutCluster(buildCluster(calico('VXLAN'))).nodes.find((n) => n.id === 'node/node01/vxlan.calico');
    expect(vxlan?.data).toMatchObject({ kind: 'device', device: 'vxlan.calico' });
  });
});

describe('the handles', () => {
  it('every edge names its handles, and every box renders exactly the handles its edges use, in every lesson', () => {
    for (const lesson of lessons) {
      const { nodes, edges } = layoutCluster(buildCluster(lesson.yaml));
      const expected = new Map<string, Set<string>>();
      for (const e of edges) {
        expect(e.sourceHandle, `${lesson.id}: ${e.id}`).toBeTruthy();
        expect(e.targetHandle, `${lesson.id}: ${e.id}`).toBeTruthy();
        for (const [node, handle] of [[e.source, e.sourceHandle!], [e.target, e.targetHandle!]]) {
          if (!expected.has(node)) expected.set(node, new Set());
          expected.get(node)!.add(handle);
        }
      }
      for (const n of nodes) {
        const want = HANDLE_IDS.filter((h) => expected.get(n.id)?.has(h));
        expect(n.data.handles ?? [], `${lesson.id}: ${n.id}`).toEqual(want);
      }
    }
  });

  it('a pod has none, its eth0 the one up to the bridge, the bridge the one down to its veths', () => {
    const { nodes } = layoutCluster(buildCluster(nodePortLesson.yaml));
    const byId = new Map(nodes.map((n) => [n.id, n.data.handles]));
    const pod = nodes.find((n) => n.type === 'pod')!;
    expect(byId.get(pod.id)).toBeUndefined();
    expect(byId.get(`${pod.id}/eth0`)).toEqual(['up']);
    expect(byId.get('node/node01/cbr0')).toEqual(['t', 'down']);
    expect(byId.get('node/node01/eth0')).toEqual(['t', 'b']);
    expect(byId.get('node/node01/netfilter')).toEqual(['t', 'right']);
    expect(byId.get('node/node01/routes')).toEqual(['b', 'left']);
    expect(byId.get('lan')).toEqual(['t', 'b']);
  });
});
