/** Seed 003: hostNetwork, as the article runs it. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { userView } from '../testing';
import { traceRequest } from '../trace/trace';
import { seed001Httpd } from '../../lessons/seed001';
import { nodePortLesson } from '../../lessons/nodeport';

const tomcat = (replicas: number, ports = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-tomcat
  namespace: default
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: tomcat
  template:
    metadata:
      name: pod-tomcat
      labels:
        app: tomcat
    spec:
      hostNetwork: true
      containers:
      - name: container-tomcat
        image: tomcat:9.0
${ports}      restartPolicy: Always
`;

describe('hostNetwork', () => {
  it('10 replicas without declared ports: one runs per worker, the others crash-loop on tomcat\'s shutdown port 8005', () => {
    const c = userView(buildCluster(tomcat(10)));
    const summary = c.pods.map((p) => `${p.node} ${p.ip} ${p.status ?? p.phase}`);
    expect(summary.filter((s) => s.endsWith('Running'))).toEqual(['node01 192.168.255.102 Running', 'node02 192.168.255.103 Running']);
    expect(summary.filter((s) => s.endsWith('CrashLoopBackOff'))).toHaveLength(8);
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      // Article 003's `kubectl logs`: "Failed to create server shutdown socket on address
      // [localhost] and port [8005]": the connector's 8080 failure is only logged.
      `pods ${c.pods[2].name} and 3 more on node01: CrashLoopBackOff, bind: address already in use (port 8005)`,
      `pods ${c.pods[3].name} and 3 more on node02: CrashLoopBackOff, bind: address already in use (port 8005)`,
    ]);
  });

  it('with the port declared, the scheduler sees the clash: one per worker, the rest Pending', () => {
    const c = userView(buildCluster(tomcat(10, '        ports:\n        - containerPort: 8080\n')));
    expect(c.pods.filter((p) => p.phase === 'Running').map((p) => p.node)).toEqual(['node01', 'node02']);
    expect(c.pods.filter((p) => p.phase === 'Pending')).toHaveLength(8);
    expect(c.diagnostics.map((d) => d.message)).toEqual([
      `pods ${c.pods[2].name} and 7 more are Pending: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    ]);
  });

  it('a single hostNetwork pod answers on its node\'s IP, without NAT', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-tomcat\nspec:\n  hostNetwork: true\n  containers:\n  - name: container-tomcat\n    image: tomcat:latest\n';
    const cluster = buildCluster(pod);
    expect(userView(cluster).pods.map((p) => [p.node, p.ip, p.hostVeth])).toEqual([['node01', '192.168.255.102', undefined]]);
    const t = traceRequest(cluster, { from: 'external', to: '192.168.255.102:8080' });
    expect(t.outcome).toBe('served');
    // Article 003: `curl 10.0.0.32:8080` prints Tomcat's 404 page: the request arrived, the
    // image has no ROOT webapp.
    expect([t.httpStatus, t.response]).toEqual([404, {
      statusLine: 'HTTP/1.1 404 ',
      firstBytes: '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><style type="text/c',
    }]);
    expect(t.servedBy).toEqual({ namespace: 'default', pod: 'pod-tomcat', node: 'node01', ip: '192.168.255.102', port: 8080 });
    expect(t.sourceIpSeen).toBe('192.168.255.1');
    expect(t.hops.some((h) => h.kind === 'veth')).toBe(false);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '192.168.255.102', sport: 8080, dst: '192.168.255.1', flags: 'SYN,ACK' });
    expect(traceRequest(cluster, { from: 'external', to: '192.168.255.103:8080' }).outcome).toBe('refused');
  });

  it('refuses a hostPort that differs from containerPort under hostNetwork', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: tomcat\n    ports:\n    - containerPort: 8080\n      hostPort: 8081\n';
    expect(buildCluster(pod).diagnostics.map((d) => [d.message, d.range.start.line])).toEqual([
      ['The Pod "p" is invalid: spec.containers[0].ports[0].hostPort: Invalid value: 8081: must match `containerPort` when `hostNetwork` is true', 12],
    ]);
  });

  // Issue 16 item 7: the program binds its own port, declared or not.
  const statuses = (yaml: string) => {
    const c = userView(buildCluster(yaml));
    return { pods: c.pods.map((p) => `${p.node ?? '-'} ${p.status ?? p.phase}`), diagnostics: c.diagnostics.map((d) => d.message.replace(/pods? \S+ /, 'pod ')) };
  };

  it('seed 001\'s httpd under hostNetwork, no port declared: the third replica shares a node and dies on httpd\'s port 80', () => {
    const yaml = seed001Httpd.replace('replicas: 2', 'replicas: 3').replace('    spec:\n', '    spec:\n      hostNetwork: true\n').replace('        ports:\n        - containerPort: 80', '');
    expect(statuses(yaml)).toEqual({
      pods: ['node01 Running', 'node02 Running', 'node01 CrashLoopBackOff'],
      diagnostics: ['pod on node01: CrashLoopBackOff, bind: address already in use (port 80)'],
    });
  });

  it('seed 001\'s httpd under hostNetwork with containerPort 80 declared: the scheduler sees it, the third stays Pending', () => {
    const yaml = seed001Httpd.replace('replicas: 2', 'replicas: 3').replace('    spec:\n', '    spec:\n      hostNetwork: true\n');
    expect(statuses(yaml).pods).toEqual(['node01 Running', 'node02 Running', '- Pending']);
  });

  it('seed 000\'s nginx under hostNetwork declaring 8080: the scheduler checks 8080, nginx binds 80 and the co-placed replica crashes', () => {
    // Declared ports are informational: nginx's default.conf listens on 80 whatever the YAML says.
    const deployment = nodePortLesson.yaml.split('---')[0];
    const yaml = deployment.replace('replicas: 2', 'replicas: 3').replace('    spec:\n', '    spec:\n      hostNetwork: true\n').replace('containerPort: 80', 'containerPort: 8080\n          hostPort: 8080');
    // With hostPort 8080 declared, the scheduler keeps one per node: the NodePorts filter.
    expect(statuses(yaml).pods).toEqual(['node01 Running', 'node02 Running', '- Pending']);
    const undeclared = deployment.replace('replicas: 2', 'replicas: 3').replace('    spec:\n', '    spec:\n      hostNetwork: true\n').replace('        ports:\n        - containerPort: 80\n', '');
    expect(statuses(undeclared)).toEqual({
      pods: ['node01 Running', 'node02 Running', 'node01 CrashLoopBackOff'],
      diagnostics: ['pod on node01: CrashLoopBackOff, bind: address already in use (port 80)'],
    });
  });

  const agnhost = (replicas: number, args: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: netserver
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: netserver
  template:
    metadata:
      labels:
        app: netserver
    spec:
      hostNetwork: true
      containers:
      - name: agnhost
        image: registry.k8s.io/e2e-test-images/agnhost:2.39
        args: ${args}
`;

  it('agnhost netexec binds the port its arguments name (--http-port=9000), and answers its hostname, the node\'s', () => {
    expect(statuses(agnhost(3, '["netexec", "--http-port=9000"]'))).toEqual({
      pods: ['node01 Running', 'node02 Running', 'node01 CrashLoopBackOff'],
      diagnostics: ['pod on node01: CrashLoopBackOff, bind: address already in use (port 9000)'],
    });
    const cluster = buildCluster(agnhost(1, '["netexec", "--http-port=9000"]'));
    const t = traceRequest(cluster, { from: 'external', to: 'http://192.168.255.102:9000/hostname' });
    // A hostNetwork pod has its node's UTS namespace too: os.Hostname() is the node's name.
    expect([t.outcome, t.response]).toEqual(['served', { statusLine: 'HTTP/1.1 200 OK', firstBytes: 'node01' }]);
    expect(traceRequest(cluster, { from: 'external', to: 'http://192.168.255.102:8080/' }).outcome).toBe('refused');
  });

  it('programs on different ports share a node: nginx on 80 beside agnhost on 8080 (TCP) and 8081 (UDP)', () => {
    const nginx = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  nodeName: node01\n  hostNetwork: true\n  containers:\n  - name: nginx\n    image: nginx:1.26\n---\n';
    const pinned = agnhost(1, '["netexec"]').replace('      hostNetwork: true\n', '      hostNetwork: true\n      nodeName: node01\n');
    expect(statuses(nginx + pinned)).toEqual({ pods: ['node01 Running', 'node01 Running'], diagnostics: [] });
    // Two netexecs on one node: the second dies on its HTTP port, which it binds first.
    expect(statuses(nginx + pinned.replace('replicas: 1', 'replicas: 2')).diagnostics).toEqual(['pod on node01: CrashLoopBackOff, bind: address already in use (port 8080)']);
  });
});
