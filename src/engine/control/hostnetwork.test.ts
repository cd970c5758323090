/** Seed 003: hostNetwork, as the article runs it. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { userView } from '../testing';
import { traceRequest } from '../trace/trace';

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
});
