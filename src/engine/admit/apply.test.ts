/**
 * Apply semantics across edits: a refused edit of an object the API server had accepted keeps
 * the old object running, marked, with the error at the line (issue 15: "a Service with
 * nodePort: 80 disappears and the request is REFUSED").
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { defaultLesson } from '../../lessons';
import { traceRequest } from '../trace/trace';

const LESSON = defaultLesson.yaml;
const BAD = LESSON.replace('nodePort: 31101', 'nodePort: 80');
const ID = 'Service/default/my-nginx-deploment';
const service = (c: ReturnType<typeof buildCluster>) => c.services.find((s) => s.name === 'my-nginx-deploment');

describe('an edit the API server refuses', () => {
  const accepted = buildCluster(LESSON);
  const refused = buildCluster(BAD, { previous: accepted });

  it('keeps the accepted version running: the Service and its node port stay', () => {
    expect(BAD).not.toBe(LESSON);
    expect(service(refused)?.ports.map((p) => p.nodePort)).toEqual([31101]);
    expect(refused.kept).toEqual([ID]);
    expect(traceRequest(refused, defaultLesson.request).outcome).toBe('served');
  });

  it('shows the API server\'s error at the edited line, and says the old version runs', () => {
    const line = BAD.split('\n').findIndex((l) => l.includes('nodePort: 80')) + 1;
    expect(refused.diagnostics.filter((d) => d.object === ID).map((d) => [d.severity, d.code, d.message, d.range.start.line])).toEqual([
      ['error', 'nodeport-out-of-range', 'The Service "my-nginx-deploment" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767', line],
      ['info', 'kept-last-accepted', `the API server refused this version of ${ID}; the cluster keeps running the version it accepted before`, expect.any(Number)],
    ]);
  });

  it('without an earlier version, the refused object does not exist: the request is refused', () => {
    const fresh = buildCluster(BAD);
    expect(service(fresh)).toBeUndefined();
    expect(fresh.kept).toEqual([]);
    expect(traceRequest(fresh, defaultLesson.request).outcome).toBe('refused');
  });

  it('keeps the accepted version over several refused edits, and takes the next valid one', () => {
    const again = buildCluster(BAD.replace('nodePort: 80', 'nodePort: 81'), { previous: refused });
    expect(service(again)?.ports[0].nodePort).toBe(31101);
    const fixed = buildCluster(LESSON.replace('nodePort: 31101', 'nodePort: 31102'), { previous: again });
    expect(service(fixed)?.ports[0].nodePort).toBe(31102);
    expect(fixed.kept).toEqual([]);
    expect(fixed.diagnostics.filter((d) => d.object === ID)).toEqual([]);
  });

  it('forgets an object taken out of the text', () => {
    const withoutService = LESSON.slice(0, LESSON.indexOf('apiVersion: v1\nkind: Service'));
    expect(withoutService).not.toBe(LESSON);
    expect(service(buildCluster(withoutService, { previous: accepted }))).toBeUndefined();
  });

  it('does not keep a kubeadm or kube-proxy configuration file: those are not API objects', () => {
    const config = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n';
    const ok = buildCluster(`${LESSON}---\n${config}`);
    const broken = buildCluster(`${LESSON}---\n${config.replace('ipvs', 'nonsense')}`, { previous: ok });
    expect(broken.kept).toEqual([]);
  });
});

describe('buildCluster never throws', () => {
  it('turns an exception into an error diagnostic on an empty cluster', () => {
    const evil = { get accepted(): never { throw new Error('boom'); } };
    const c = buildCluster(LESSON, { previous: evil });
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'internal-error', message: 'Podpath could not build this cluster, a bug in Podpath: boom' })]);
    expect(c.pods).toEqual([]);
  });
});
