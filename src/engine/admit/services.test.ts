import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';

const svc = (name: string, spec: string) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('Service admission', () => {
  it('defaults type, protocol and targetPort', () => {
    const c = buildCluster(svc('web', '  selector:\n    app: web\n  ports:\n  - port: 8080\n'));
    expect(c.services[0]).toMatchObject({ type: 'ClusterIP', ports: [{ port: 8080, targetPort: 8080, protocol: 'TCP' }] });
  });

  it('allocates cluster IPs from the upper band and node ports above the static band, deterministically', () => {
    const text = svc('a', '  type: NodePort\n  ports:\n  - port: 80\n') + svc('b', '  type: NodePort\n  ports:\n  - port: 80\n');
    const c = buildCluster(text);
    const [a, b] = c.services;
    expect(a.clusterIP).not.toBe(b.clusterIP);
    for (const s of [a, b]) {
      // 10.96.0.0/12 keeps its lowest 256 addresses (10.96.0.0–10.96.0.255, plus .1.0) for requests.
      const [, , third, fourth] = s.clusterIP.split('.').map(Number);
      expect(s.clusterIP.startsWith('10.9') || s.clusterIP.startsWith('10.10') || s.clusterIP.startsWith('10.11')).toBe(true);
      expect(third * 256 + fourth).toBeGreaterThan(256);
      expect(s.ports[0].nodePort).toBeGreaterThanOrEqual(30086);
      expect(s.ports[0].nodePort).toBeLessThanOrEqual(32767);
    }
    expect(buildCluster(text).services.map((s) => [s.clusterIP, s.ports[0].nodePort])).toEqual([
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
    ['  ports:\n  - port: 80\n  - port: 81\n', 'service-port-name-required', 'The Service "x" is invalid: spec.ports[0].name: Required value', 8],
    ['  ports:\n  - port: 70000\n', 'service-port-invalid', 'The Service "x" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 8],
  ])('rejects %j with the API server\'s text', (spec, code, message, line) => {
    const c = buildCluster(svc('x', spec));
    expect(c.services).toEqual([]);
    expect(c.diagnostics).toEqual([expect.objectContaining({ code, message, object: 'Service/default/x', range: expect.objectContaining({ start: expect.objectContaining({ line }) }) })]);
  });

  it('rejects a node port another Service holds, and keeps the first', () => {
    const c = buildCluster(svc('one', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 31101\n') + svc('two', '  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 31101\n'));
    expect(c.services.map((s) => s.name)).toEqual(['one']);
    expect(c.diagnostics.map((d) => d.message)).toEqual(['The Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 31101: provided port is already allocated']);
  });
});
