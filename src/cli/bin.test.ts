/** The real executable: Node runs bin/podpath.mjs, which loads the TypeScript through tsx. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';

const root = fileURLToPath(new URL('../..', import.meta.url));

function podpath(args: string[], input: string) {
  const r = spawnSync(process.execPath, ['bin/podpath.mjs', ...args], { cwd: root, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/podpath.mjs', () => {
  it('builds the YAML given on stdin', () => {
    expect(podpath(['build', '-f', '-'], nodePortLesson.yaml)).toEqual({
      code: 0,
      out: '3 nodes, 4 pods (4 Running), 3 services, 3 endpoint slices, 0 ingresses\nno problems\n',
      err: '',
    });
  }, 30_000);

  it('exits 1 when the API server would reject an object', () => {
    const r = podpath(['build', '-f', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 0\n');
    expect([r.code, r.err]).toEqual([1, '<stdin>:7:5: error: The Service "s" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive [service-port-invalid]\n']);
  }, 30_000);

  it('traces a request, JSON on stdout, exit 0 even when the request is refused', () => {
    const r = podpath(['trace', '--from', 'external', '--to', '192.168.255.102:31101', '--json', '-f', '-'], nodePortLesson.yaml.replace('targetPort: 80', 'targetPort: 8080'));
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toMatchObject({ outcome: 'refused', httpStatus: null, servedBy: null });
  }, 30_000);
});
