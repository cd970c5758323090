/**
 * `podpath trace` on Calico: the filter hop where felix's chains decide names the policy and
 * rule that allowed the packet, or the policies under which none did, in the text (a `policy:`
 * line under the hop) and in the JSON (`policy` on the hop, with the YAML lines).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { CALICO, modelYaml, policy } from '../engine/netpol/testdata';
import { memoryIo } from './io';
import { run } from './run';

const yaml = modelYaml(['x/a', 'x/b', 'y/a'], [80], ['TCP'], [
  CALICO,
  policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] }),
  policy('x', 'allow-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }),
]);
const ip = buildCluster(yaml).pods.find((p) => p.namespace === 'x' && p.name === 'a')!.ip!;

async function trace(from: string, ...extra: string[]) {
  const io = memoryIo({ 'np.yaml': yaml });
  const code = await run(['trace', '--from', from, '--to', `${ip}:80`, '-f', 'np.yaml', ...extra], io);
  return { code, out: io.out, err: io.err };
}

describe('podpath trace with NetworkPolicies on Calico', () => {
  it('text: the hop that dropped it says no rule let it in, and which policies select the pod', async () => {
    const { code, out, err } = await trace('pod/x/b');
    expect([code, err]).toEqual([0, '']);
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.endsWith('filter FORWARD: DROP, no NetworkPolicy rule lets it into x/a'));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3).map((l) => l.trim())).toEqual([
      '-A cali-tw-cali456b416f2bf -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP',
      'policy: Ingress of x/a (cali-tw-cali456b416f2bf): selected for ingress by NetworkPolicy x/allow-y, x/deny-all, and no rule allows this packet: "Drop if no policies passed packet".',
    ]);
    expect(out).toContain('Outcome: dropped');
  });

  it('JSON: the verdicts on the hop, with the policy, the rule and its YAML line', async () => {
    const { code, out } = await trace('pod/y/a', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { outcome: string; hops: { title: string; policy?: unknown[] }[] };
    expect(json.outcome).toBe('served');
    const hop = json.hops.find((h) => h.policy)!;
    expect(hop.title).toBe('filter FORWARD: ACCEPT, NetworkPolicy x/allow-y lets it into x/a');
    // Documents are one JSON line each: the namespaces, the pods, the Installation, then the policies.
    expect(hop.policy).toEqual([
      {
        direction: 'egress', pod: 'y/a', chain: 'cali-fw-calidac200d72ba', verdict: 'open', policy: null, rule: null, policies: [],
        text: 'Egress of y/a (cali-fw-calidac200d72ba): no NetworkPolicy selects it for egress; the namespace profile kns.y allows it.', yaml: [],
      },
      {
        direction: 'ingress', pod: 'x/a', chain: 'cali-tw-cali456b416f2bf', verdict: 'allowed', policy: 'x/allow-y', rule: 0, policies: [],
        text: 'Ingress of x/a (cali-tw-cali456b416f2bf): NetworkPolicy x/allow-y allows it by its rule spec.ingress[0].',
        yaml: [{ object: 'NetworkPolicy/x/allow-y', file: 'np.yaml', line: 17 }],
      },
    ]);
  });
});
