import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { saveRule } from '../netfilter/render';
import { traceRequest } from '../trace/trace';

/** The lesson's Deployment, and a Service without selector whose endpoints are a hand-written slice. */
const yaml = (slice: string) => `${nodePortLesson.yaml.split('---')[0]}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  ports:
  - name: http
    port: 80
    nodePort: 30080
---
${slice}`;

const slice = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-manual
  labels:
    kubernetes.io/service-name: web
addressType: IPv4
ports:
- name: http
  port: 80
endpoints:
- addresses: ["10.244.1.2"]
  nodeName: node01
- addresses: ["10.244.2.2"]
  conditions:
    ready: false
`;

describe('EndpointSlices written by the user', () => {
  it('are read by kube-proxy through the service-name label: ready endpoints get a KUBE-SEP chain, not-ready ones none', () => {
    const cluster = buildCluster(yaml(slice));
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(cluster.endpointSlices.find((s) => s.name === 'web-manual')).toEqual({
      namespace: 'default',
      name: 'web-manual',
      serviceName: 'web',
      endpoints: [
        { ip: '10.244.1.2', port: 80, portName: 'http', protocol: 'TCP', ready: true, nodeName: 'node01', targetRef: undefined },
        { ip: '10.244.2.2', port: 80, portName: 'http', protocol: 'TCP', ready: false, nodeName: undefined, targetRef: undefined },
      ],
    });
    const nat = cluster.nodeDataplanes[1].tables.find((t) => t.name === 'nat')!;
    // sha256("default/web:http" + "tcp" + "10.244.1.2:80"), checked with Python's hashlib.
    const dnat = nat.rules.map(saveRule).filter((l) => l.includes('default/web:http') && l.includes('DNAT'));
    expect(dnat).toEqual(['-A KUBE-SEP-PBQ62IOVWGYEN623 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.2:80']);
  });

  it('carry a request from outside to the one ready endpoint', () => {
    const t = traceRequest(buildCluster(yaml(slice)), { from: 'external', to: '192.168.255.103:30080' });
    expect(t.outcome).toBe('served');
    expect(t.servedBy).toMatchObject({ ip: '10.244.1.2', port: 80, node: 'node01' });
    expect(t.candidates.map((c) => c.ip)).toEqual(['10.244.1.2']);
  });

  it('without the service-name label are accepted but serve nothing, and the user is told why', () => {
    const cluster = buildCluster(yaml(slice.replace('    kubernetes.io/service-name: web\n', '    app: web\n')));
    expect(cluster.endpointSlices.some((s) => s.name === 'web-manual')).toBe(false);
    expect(cluster.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'endpointslice-unowned', object: 'EndpointSlice/default/web-manual' }));
    expect(traceRequest(cluster, { from: 'external', to: '192.168.255.103:30080' }).outcome).toBe('refused');
  });

  it('are refused with every error the API server reports, each at its line', () => {
    const broken = slice
      .replace('addressType: IPv4', 'addressType: IP4')
      .replace('["10.244.2.2"]', '["127.0.0.1"]')
      .replace('- name: http\n  port: 80', '- name: HTTP\n  port: 80\n  protocol: tcp\n- name: HTTP\n  port: 81');
    const cluster = buildCluster(yaml(broken));
    const errors = cluster.diagnostics.filter((d) => d.object === 'EndpointSlice/default/web-manual');
    expect(errors.map((d) => d.message)).toEqual([
      'EndpointSlice.discovery.k8s.io "web-manual" is invalid: addressType: Unsupported value: "IP4": supported values: "FQDN", "IPv4", "IPv6"',
      `EndpointSlice.discovery.k8s.io "web-manual" is invalid: ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'EndpointSlice.discovery.k8s.io "web-manual" is invalid: ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      `EndpointSlice.discovery.k8s.io "web-manual" is invalid: ports[1].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'EndpointSlice.discovery.k8s.io "web-manual" is invalid: ports[1].name: Duplicate value: "HTTP"',
    ]);
    expect(errors[0].range.start.line).toBe(broken.split('\n').indexOf('addressType: IP4') + yaml('').split('\n').length);
    // With an IPv4 address type, the loopback address is refused too.
    const loopback = buildCluster(yaml(slice.replace('["10.244.2.2"]', '["127.0.0.1"]'))).diagnostics.filter((d) => d.severity === 'error');
    expect(loopback.map((d) => d.message)).toEqual([
      'EndpointSlice.discovery.k8s.io "web-manual" is invalid: endpoints[1].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(loopback[0].range.start.line).toBe(yaml(slice).split('\n').findIndex((l) => l.includes('127.0.0.1') || l.includes('10.244.2.2')) + 1);
  });

  it('need at least one address per endpoint, and a valid IPv4 address', () => {
    const cluster = buildCluster(yaml(slice.replace('["10.244.2.2"]', '[]').replace('["10.244.1.2"]', '["10.244.1"]')));
    expect(cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.split('invalid: ')[1])).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "10.244.1": must be a valid IPv4 address',
      'endpoints[0].addresses[0]: Invalid value: "10.244.1": must be a valid IP address',
      'endpoints[1].addresses: Required value: must contain at least 1 address',
    ]);
  });
});
