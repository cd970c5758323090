import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { parseCidr, parseIp } from '../ip';
import { userView } from '../testing';

const build = (text: string) => userView(buildCluster(text));

const svc = (name: string, spec: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('Service admission', () => {
  it('defaults type, protocol and targetPort', () => {
    const c = build(svc('web', '  selector:\n    app: web\n  ports:\n  - port: 8080\n'));
    expect(c.services[0]).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }] });
  });

  it('allocates cluster IPs from the upper band and node ports above the static band, deterministically', () => {
    const text = svc('a', '  type: NodePort\n  ports:\n  - port: 80\n') + svc('b', '  type: NodePort\n  ports:\n  - port: 80\n');
    const c = build(text);
    const [a, b] = c.services;
    expect(a.clusterIP).not.toBe(b.clusterIP);
    const range = parseCidr('10.96.0.0/12')!;
    for (const s of [a, b]) {
      // 10.96.0.0/12 keeps its lowest 256 host addresses (10.96.0.1–10.96.1.0) for requests.
      const offset = parseIp(s.clusterIP)! - range.base;
      expect(offset).toBeGreaterThan(256);
      expect(offset).toBeLessThan(2 ** 20 - 1);
      expect(s.ports[0].nodePort).toBeGreaterThanOrEqual(30086);
      expect(s.ports[0].nodePort).toBeLessThanOrEqual(32767);
    }
    expect(build(text).services.map((s) => [s.clusterIP, s.ports[0].nodePort])).toEqual([
      [a.clusterIP, a.ports[0].nodePort],
      [b.clusterIP, b.ports[0].nodePort],
    ]);
  });

  it.each([
    ['  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n', 'nodeport-out-of-range', 'The Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767', 10],
    ['  ports:\n  - port: 80\n    nodePort: 30080\n', 'nodeport-forbidden', "The Service \"x\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'", 9],
    ['  clusterIP: 10.0.0.5\n  ports:\n  - port: 80\n', 'clusterip-out-of-range', 'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12', 7],
    ['  clusterIP: 10.96.0.10\n  ports:\n  - port: 53\n', 'clusterip-taken', 'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated', 7],
    ['  selector:\n    app: x\n', 'service-ports-required', 'The Service "x" is invalid: spec.ports: Required value', 6],
    ['  ports:\n  - port: 70000\n', 'service-port-invalid', 'The Service "x" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 8],
  ])('rejects %j with the API server\'s text', (spec, code, message, line) => {
    const c = build(svc('x', spec));
    expect(c.services).toEqual([]);
    expect(c.diagnostics).toEqual([expect.objectContaining({ code, message, object: 'Service/default/x', range: expect.objectContaining({ start: expect.objectContaining({ line }) }) })]);
  });

  it('reports every error of a Service, each at its line', () => {
    const c = build(svc('x', '  type: NodePort\n  externalTrafficPolicy: local\n  ports:\n  - port: 80\n  - port: 80\n    name: a\n    nodePort: 31101\n'));
    expect(c.services).toEqual([]);
    expect(c.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['service-port-name-required', 'The Service "x" is invalid: spec.ports[0].name: Required value', 10],
      ['service-port-duplicate', 'The Service "x" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}', 11],
      ['etp-unsupported', 'The Service "x" is invalid: spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"', 8],
    ]);
  });

  it('refuses a Service its JSON decoding fails on with the decoder\'s one error, before any validation', () => {
    const c = build(svc('x', '  type: NodePort\n  externalTrafficPolicy: local\n  ports:\n  - port: 80\n  - port: 80\n    name: a\n    nodePort: 31101.5\n'));
    expect(c.services).toEqual([]);
    expect(c.diagnostics.map((d) => [d.code, d.message, d.range.start.line])).toEqual([
      ['not-an-integer', 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 31101.5 into Go struct field ServicePort.spec.ports.nodePort of type int32', 13],
    ]);
  });

  it.each([
    ['  type: NodePort\n  clusterIP: None\n  ports:\n  - port: 80\n', 'headless-nodeport', "The Service \"x\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"],
    ['  externalTrafficPolicy: Local\n  ports:\n  - port: 80\n', 'etp-not-external', 'The Service "x" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'],
    ['  ports:\n  - name: a\n    port: 80\n  - name: a\n    port: 81\n', 'service-port-name-duplicate', 'The Service "x" is invalid: spec.ports[1].name: Duplicate value: "a"'],
    ['  ports:\n  - port: 80\n    targetPort: 70000\n', 'service-targetport-invalid', 'The Service "x" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ])('rejects %j', (spec, code, message) => {
    expect(build(svc('x', spec)).diagnostics.map((d) => [d.code, d.message])).toEqual([[code, message]]);
  });

  it('accepts one node port number for TCP and UDP in the same Service', () => {
    const c = build(svc('dns', '  type: NodePort\n  ports:\n  - name: tcp\n    port: 53\n    nodePort: 30053\n  - name: udp\n    port: 53\n    protocol: UDP\n    nodePort: 30053\n'));
    expect(c.diagnostics).toEqual([]);
    expect(c.services[0].ports.map((p) => `${p.protocol}/${p.nodePort}`)).toEqual(['TCP/30053', 'UDP/30053']);
  });

  it('keeps a headless Service, with endpoints but without kube-proxy rules', () => {
    const c = build(svc('h', '  clusterIP: None\n  selector:\n    app: h\n  ports:\n  - port: 80\n') + '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: h\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    expect(c.diagnostics).toEqual([]);
    expect(c.services[0].clusterIP).toBe('None');
    expect(c.endpointSlices[0].endpoints.map((e) => e.ip)).toEqual([c.pods[0].ip]);
    const nat = c.nodeDataplanes[1].tables.find((t) => t.name === 'nat')!;
    expect(nat.rules.some((r) => r.matches.some((m) => m.kind === 'comment' && m.text.includes('default/h')))).toBe(false);
  });

  it('treats an empty selector as no selector: no endpoints', () => {
    const c = build(svc('e', '  selector: {}\n  ports:\n  - port: 80\n') + '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    expect(c.services[0].selector).toBeUndefined();
    expect(c.endpointSlices).toEqual([]);
  });

  it('rejects a node port another Service holds, and keeps the first', () => {
    const c = build(svc('one', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 31101\n') + svc('two', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 31101\n'));
    expect(c.services.map((s) => s.name)).toEqual(['one']);
    expect(c.diagnostics.map((d) => d.message)).toEqual(['The Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 31101: provided port is already allocated']);
  });
});
