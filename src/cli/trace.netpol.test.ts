/** `podpath trace` on flannel with a NetworkPolicy: served, and a note saying nothing enforced the policy. */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { memoryIo } from './io';
import { run } from './run';

const yaml = `${nodePortLesson.yaml}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n`;

async function trace(...extra: string[]) {
  const io = memoryIo({ 'np.yaml': yaml });
  const code = await run(['trace', '--from', 'external', '--to', 'http://192.168.255.102:31101/', '--pick', '2', '-f', 'np.yaml', ...extra], io);
  return { code, out: io.out, err: io.err };
}

describe('podpath trace with a NetworkPolicy on flannel', () => {
  const pod = (traceRequest(buildCluster(yaml), { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 }).servedBy as { pod: string }).pod;
  const note = `NetworkPolicy default/deny-all selects default/${pod} for ingress and no rule allows this connection to port 80: enforced, it would be dropped. flannel enforces no NetworkPolicy, so it went through.`;

  it('text: the note after the outcome, in words', async () => {
    const { code, out, err } = await trace();
    expect([code, err]).toEqual([0, '']);
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  Note: '));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('Outcome: served')));
    const joined = lines.slice(at).join('\n').split(/\n(?! {2}\S)/)[0].replace(/\n {2}/g, ' ').trim();
    expect(joined).toBe(`Note: ${note}`);
  });

  it('JSON: policyNote beside the message', async () => {
    const { code, out } = await trace('--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ outcome: 'served', policyNote: note });
  });
});
