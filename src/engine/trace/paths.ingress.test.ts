/**
 * Issue 4's Ingress paths (seed 004's apps.cherry.com demo), through ingress-nginx however it
 * is exposed: the assumed bare-metal DaemonSet on the host network, a real controller
 * Deployment behind a NodePort Service, and behind a LoadBalancer. The controller matches Host
 * and path and opens its own connection straight to a pod endpoint; 404 and 503 are its own.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { nats, routes, steps } from './testing';
import { traceRequest } from './trace';
import { SEED004_APPS as APPS } from '../ingress/testdata';

/** ingress-nginx's own controller, as its bare-metal manifest deploys it, exposed by `type`. */
const controller = (type: 'NodePort' | 'LoadBalancer') => `---
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.9.4
        args:
        - /nginx-ingress-controller
        - --ingress-class=nginx
        ports:
        - name: http
          containerPort: 80
          protocol: TCP
        - name: https
          containerPort: 443
          protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  type: ${type}
  selector:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
  ports:
  - name: http
    port: 80
    protocol: TCP
    targetPort: http
  - name: https
    port: 443
    protocol: TCP
    targetPort: https
`;
const POOL = `---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
`;

const veth = (pod: string) => pod.replace(/^pod\//, 'veth/');
const routedBy = (node: string, route: string) => [
  `node/${node} chainJump PREROUTING`, `node/${node} chainEnd KUBE-SERVICES`, `node/${node} chainPolicy PREROUTING`, `node/${node} ${route}`,
  `node/${node} filter FORWARD`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn KUBE-POSTROUTING`, `node/${node} chainJump POSTROUTING`, `node/${node} chainReturn FLANNEL-POSTRTG`, `node/${node} chainPolicy POSTROUTING`,
];
const into = (node: string, pod: string) => [`node/${node} bridgeToPod @cbr0`, `node/${node} vethToPod @${veth(pod)}`, `${pod} arrive @eth0`];
const APP = (name: string) => `pod/default/deployment-apps-v1-785b56d5f6-${name}`;
const match = (t: ReturnType<typeof traceRequest>) => t.hops.find((h) => h.title.key === 'hop.ingressMatch.title')!;

describe('the assumed ingress-nginx: a hostNetwork DaemonSet on every worker', () => {
  const cluster = buildCluster(APPS);
  const IC = 'pod/ingress-nginx/ingress-nginx-controller-gj27f'; // node01's, on 192.168.255.102

  it('the outside host\'s /etc/hosts points apps.cherry.com at a worker; the controller there proxies from the node\'s own address', () => {
    const t = traceRequest(cluster, { from: 'external', to: 'http://apps.cherry.com/', pick: 3 });
    expect(t.hops[0].title.params).toMatchObject({ name: 'apps.cherry.com', dst: '192.168.255.102:80', via: 'hosts' });
    expect(steps(t).request).toEqual([
      'external/client sendNamed', 'external/client routeLink', 'lan wire', 'node/node01 arrive @eth0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainEnd KUBE-NODEPORTS', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy PREROUTING',
      'node/node01 filter INPUT', `${IC} deliverHostNetwork`, `${IC} ingressMatch`,
      // Its own connection, from the node's namespace: nat and filter OUTPUT, no Service rule.
      'node/node01 chainJump OUTPUT', 'node/node01 chainEnd KUBE-SERVICES', 'node/node01 chainPolicy OUTPUT', 'node/node01 filter OUTPUT', 'node/node01 routeVia',
      // flanneld masquerades what the node itself sends into the pod network (its port, here).
      'node/node01 chainJump POSTROUTING', 'node/node01 chainReturn KUBE-POSTROUTING', 'node/node01 chainJump POSTROUTING', 'node/node01 chainMasqRule FLANNEL-POSTRTG', 'node/node01 masq',
      'lan wire', 'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'), ...into('node02', APP('wbr6g')), `${APP('wbr6g')} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${APP('wbr6g')} routeVia`, `${APP('wbr6g')} vethFromPod @${veth(APP('wbr6g'))}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0',
      'node/node02 routeLink', 'node/node02 filter FORWARD', 'lan wire', 'node/node01 arrive @eth0', 'node/node01 unsnat', 'node/node01 filter INPUT', 'node/node01 replyDelivered',
      `${IC} ingressRelay`, 'node/node01 routeLink', 'lan wire', 'external/client arrive', 'external/client replyDelivered',
    ]);
    expect(nats(t)).toEqual([
      'node/node01 masq 192.168.255.102:32845 > 10.244.2.2:80 => 192.168.255.102:35050 > 10.244.2.2:80',
      'node/node01 unsnat 10.244.2.2:80 > 192.168.255.102:35050 => 10.244.2.2:80 > 192.168.255.102:32845',
    ]);
    expect(routes(t).slice(1, 3)).toEqual(['node/node01 10.244.2.0/24 via 192.168.255.103 dev eth0', 'node/node02 10.244.2.0/24 dev cbr0 proto kernel scope link src 10.244.2.1']);
    expect(match(t).explain.params).toEqual({
      host: 'apps.cherry.com', path: '/', server: 'apps.cherry.com', rule: 'ImplementationSpecific /', ingress: 'default/apps-ingress', backend: 'svc-apps:80', to: '10.244.2.2:80',
    });
    expect(t.candidates.map((c) => [c.pod, c.ip, c.port, c.probability, c.chain])).toEqual([
      ['deployment-apps-v1-785b56d5f6-87h2k', '10.244.1.2', 80, 1 / 3, 'default/svc-apps'],
      ['deployment-apps-v1-785b56d5f6-mjfgl', '10.244.1.3', 80, 1 / 3, 'default/svc-apps'],
      ['deployment-apps-v1-785b56d5f6-wbr6g', '10.244.2.2', 80, 1 / 3, 'default/svc-apps'],
    ]);
    expect([t.outcome, t.httpStatus, t.sourceIpSeen]).toEqual(['served', 200, '192.168.255.102']);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '192.168.255.102', sport: 80, dst: '192.168.255.1', flags: 'SYN,ACK' });
  });

  it('404 from the default backend for a host no Ingress has; 503 for a backend without a ready pod', () => {
    const notFound = traceRequest(cluster, { from: 'external', to: 'http://other.cherry.com/', connect: '192.168.255.103' });
    expect(steps(notFound).request.slice(-3)).toEqual([
      'node/node02 filter INPUT', 'pod/ingress-nginx/ingress-nginx-controller-q7rxz deliverHostNetwork', 'pod/ingress-nginx/ingress-nginx-controller-q7rxz ingress404',
    ]);
    expect(steps(notFound).reply).toEqual(['node/node02 routeLink', 'lan wire', 'external/client arrive', 'external/client replyDelivered']);
    expect([notFound.outcome, notFound.httpStatus, notFound.servedBy, notFound.candidates]).toEqual(['http_error', 404, undefined, []]);
    const empty = traceRequest(buildCluster(APPS.replace('replicas: 3', 'replicas: 0')), { from: 'external', to: 'http://apps.cherry.com/' });
    expect(steps(empty).request.at(-1)).toBe('pod/ingress-nginx/ingress-nginx-controller-gj27f ingress503');
    expect(empty.hops.find((h) => h.title.key === 'hop.ingress503.title')!.explain.params).toMatchObject({ host: 'apps.cherry.com', path: '/', backend: 'svc-apps:80', status: 503 });
    expect([empty.outcome, empty.httpStatus]).toEqual(['http_error', 503]);
  });
});

describe('a real ingress-nginx Deployment behind a NodePort Service', () => {
  const cluster = buildCluster(APPS + controller('NodePort'));
  const IC = 'pod/ingress-nginx/ingress-nginx-controller-d98f66dbc-m6wv9'; // node02, 10.244.2.3

  it('no assumption: kube-proxy takes node01:30884 to the controller pod, which proxies to an apps pod', () => {
    expect(cluster.diagnostics).toEqual([]);
    const svc = cluster.services.find((s) => s.name === 'ingress-nginx-controller')!;
    expect(svc.ports.map((p) => [p.name, p.port, p.nodePort])).toEqual([['http', 80, 30884], ['https', 443, 32593]]);
    const t = traceRequest(cluster, { from: 'external', to: 'http://apps.cherry.com/', pick: 2 });
    expect(t.hops[0].title.params).toMatchObject({ name: 'apps.cherry.com', dst: '192.168.255.102:30884', via: 'hosts' });
    const app = APP('mjfgl');
    expect(steps(t).request).toEqual([
      'external/client sendNamed', 'external/client routeLink', 'lan wire', 'node/node01 arrive @eth0',
      'node/node01 chainJump PREROUTING', 'node/node01 chainJump KUBE-SERVICES', 'node/node01 chainJump KUBE-NODEPORTS', 'node/node01 chainJump KUBE-EXT-CG5I4G2RS3ZVWGLK',
      'node/node01 chainMark KUBE-MARK-MASQ', 'node/node01 chainJump KUBE-EXT-CG5I4G2RS3ZVWGLK', 'node/node01 chainJump KUBE-SVC-CG5I4G2RS3ZVWGLK', 'node/node01 chainDnat KUBE-SEP-ANUN3PVETIGOGUYU',
      'node/node01 routeVia', 'node/node01 filter FORWARD', 'node/node01 chainJump POSTROUTING', 'node/node01 chainMasq KUBE-POSTROUTING', 'node/node01 masq',
      'lan wire', 'node/node02 arrive @eth0', ...routedBy('node02', 'routeLink'), ...into('node02', IC), `${IC} deliver`, `${IC} ingressMatch`,
      // The controller's own connection, from its pod to the apps pod: no Service rule on the way.
      `${IC} routeVia`, `${IC} vethFromPod @${veth(IC)}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', ...routedBy('node02', 'routeVia'),
      'lan wire', 'node/node01 arrive @eth0', ...routedBy('node01', 'routeLink'), ...into('node01', app), `${app} deliver`,
    ]);
    expect(steps(t).reply).toEqual([
      `${app} routeVia`, `${app} vethFromPod @${veth(app)}`, 'node/node01 bridgeToHost @cbr0', 'node/node01 arrive @cbr0', 'node/node01 routeVia', 'node/node01 filter FORWARD',
      'lan wire', 'node/node02 arrive @eth0', 'node/node02 routeLink', 'node/node02 filter FORWARD', ...into('node02', IC), `${IC} replyDelivered`, `${IC} ingressRelay`,
      `${IC} routeVia`, `${IC} vethFromPod @${veth(IC)}`, 'node/node02 bridgeToHost @cbr0', 'node/node02 arrive @cbr0', 'node/node02 routeLink', 'node/node02 filter FORWARD',
      'lan wire', 'node/node01 arrive @eth0', 'node/node01 unsnat', 'node/node01 routeLink', 'node/node01 filter FORWARD', 'node/node01 undnat',
      'lan wire', 'external/client arrive', 'external/client replyDelivered',
    ]);
    expect(nats(t)).toEqual([
      'node/node01 chainDnat 192.168.255.1:50471 > 192.168.255.102:30884 => 192.168.255.1:50471 > 10.244.2.3:80',
      'node/node01 masq 192.168.255.1:50471 > 10.244.2.3:80 => 192.168.255.102:1200 > 10.244.2.3:80',
      'node/node01 unsnat 10.244.2.3:80 > 192.168.255.102:1200 => 10.244.2.3:80 > 192.168.255.1:50471',
      'node/node01 undnat 10.244.2.3:80 > 192.168.255.1:50471 => 192.168.255.102:30884 > 192.168.255.1:50471',
    ]);
    expect(match(t).explain.params).toMatchObject({ ingress: 'default/apps-ingress', backend: 'svc-apps:80', to: '10.244.1.3:80' });
    // The apps pod sees the controller pod's address.
    expect([t.outcome, t.httpStatus, t.servedBy, t.sourceIpSeen]).toEqual(['served', 200, { namespace: 'default', pod: 'deployment-apps-v1-785b56d5f6-mjfgl', node: 'node01', ip: '10.244.1.3', port: 80 }, '10.244.2.3']);
    // The trace's candidates are the pods it can end on (nginx's choice), not the controller
    // kube-proxy chose first; that choice keeps its own candidates on its hop.
    expect(t.candidates.map((c) => c.pod)).toEqual(['deployment-apps-v1-785b56d5f6-87h2k', 'deployment-apps-v1-785b56d5f6-mjfgl', 'deployment-apps-v1-785b56d5f6-wbr6g']);
    expect(t.hops.find((h) => h.netfilter?.chain.startsWith('KUBE-SVC-'))!.candidates!.map((c) => c.pod)).toEqual([expect.stringMatching(/^ingress-nginx-controller-/)]);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '192.168.255.102', sport: 30884, dst: '192.168.255.1' });
  });

  it('404 and 503 come from the controller pod, and go back through kube-proxy\'s conntrack', () => {
    const notFound = traceRequest(cluster, { from: 'external', to: 'http://other.cherry.com/', connect: '192.168.255.102:30884' });
    expect(steps(notFound).request.slice(-3)).toEqual([`${IC} arrive @eth0`, `${IC} deliver`, `${IC} ingress404`]);
    expect(nats(notFound).map((n) => n.split(' ')[1])).toEqual(['chainDnat', 'masq', 'unsnat', 'undnat']);
    expect([notFound.outcome, notFound.httpStatus]).toEqual(['http_error', 404]);
    const empty = traceRequest(buildCluster(APPS.replace('replicas: 3', 'replicas: 0') + controller('NodePort')), { from: 'external', to: 'http://apps.cherry.com/' });
    expect(steps(empty).request.at(-1)).toMatch(/^pod\/ingress-nginx\/ingress-nginx-controller-[a-z0-9]+-[a-z0-9]+ ingress503$/);
    expect([empty.outcome, empty.httpStatus]).toEqual(['http_error', 503]);
  });
});

describe('a real ingress-nginx Deployment behind a LoadBalancer Service', () => {
  it('apps.cherry.com resolves to the Service\'s VIP; the speaker\'s node DNATs to the controller', () => {
    const cluster = buildCluster(APPS + controller('LoadBalancer') + POOL);
    const svc = cluster.services.find((s) => s.name === 'ingress-nginx-controller')!;
    expect([svc.loadBalancerIPs, svc.announcedBy]).toEqual([['192.168.255.240'], 'node02']);
    const t = traceRequest(cluster, { from: 'external', to: 'http://apps.cherry.com/', pick: 1 });
    expect(t.hops[0].title.params).toMatchObject({ dst: '192.168.255.240:80', via: 'hosts' });
    expect(steps(t).request.slice(0, 4)).toEqual(['external/client sendNamed', 'external/client routeLink', 'lan wireVip', 'node/node02 arrive @eth0']);
    expect(nats(t)).toEqual([
      'node/node02 chainDnat 192.168.255.1:50471 > 192.168.255.240:80 => 192.168.255.1:50471 > 10.244.2.3:80',
      'node/node02 masq 192.168.255.1:50471 > 10.244.2.3:80 => 10.244.2.1:1200 > 10.244.2.3:80',
      'node/node02 unsnat 10.244.2.3:80 > 10.244.2.1:1200 => 10.244.2.3:80 > 192.168.255.1:50471',
      'node/node02 undnat 10.244.2.3:80 > 192.168.255.1:50471 => 192.168.255.240:80 > 192.168.255.1:50471',
    ]);
    expect(match(t).explain.params).toMatchObject({ backend: 'svc-apps:80', to: '10.244.1.2:80' });
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { namespace: 'default', pod: 'deployment-apps-v1-785b56d5f6-87h2k', node: 'node01', ip: '10.244.1.2', port: 80 }, '10.244.2.3']);
  });
});
