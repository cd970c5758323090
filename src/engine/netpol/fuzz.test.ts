/**
 * Whatever NetworkPolicy or Installation a stranger writes, the build returns a cluster without
 * an internal error and the matrix is computed without a throw. Fixed seeds, so a failure replays.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { rand, type Rand } from '../fuzz/generate';
import { reachability } from './reach';
import { CALICO, modelYaml, policy } from './testdata';

const ODD: unknown[] = [null, 0, -1, 80, 65536, 1.5, '', 'http', 'serve-80-tcp', 'TCP', 'UDP', 'SCTP', 'ICMP', 'Ingress', 'Egress', '10.0.0.0/8', '10.244.1.10/4', 'fd00::/8', '::/0', 'x/y', true, [], {}, [{}], { a: 'b' }];

function value(r: Rand, depth: number): unknown {
  if (depth > 3 || r.chance(0.5)) return r.pick(ODD);
  if (r.chance(0.5)) return Array.from({ length: r.int(3) }, () => value(r, depth + 1));
  const keys = ['podSelector', 'namespaceSelector', 'ipBlock', 'cidr', 'except', 'ports', 'port', 'endPort', 'protocol', 'from', 'to', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values', 'ingress', 'egress', 'policyTypes', 'calicoNetwork', 'ipPools', 'encapsulation', 'natOutgoing', 'blockSize'];
  const out: Record<string, unknown> = {};
  for (let i = r.int(4); i > 0; i--) out[r.pick(keys)] = value(r, depth + 1);
  return out;
}

function randomPolicy(r: Rand): object {
  const rule = () => ({ ...(r.chance(0.6) ? { ports: [{ port: r.pick([80, 81, 'serve-80-tcp', 'nope']), ...(r.chance(0.5) ? { protocol: r.pick(['TCP', 'UDP', 'SCTP']) } : {}), ...(r.chance(0.2) ? { endPort: 90 } : {}) }] } : {}) });
  const peer = () => r.pick<object>([
    { podSelector: { matchLabels: { pod: r.pick(['a', 'b']) } } },
    { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: r.pick(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: r.chance(0.5) ? ['x'] : [] }] } },
    { ipBlock: { cidr: r.pick(['10.244.0.0/16', '0.0.0.0/0', '10.244.1.10/4']), except: r.chance(0.5) ? ['10.244.1.0/24'] : [] } },
    value(r, 2) as object,
  ]);
  const spec: Record<string, unknown> = { podSelector: r.chance(0.5) ? {} : { matchLabels: { pod: 'a' } } };
  if (r.chance(0.7)) spec.ingress = Array.from({ length: r.int(3) }, () => ({ ...rule(), ...(r.chance(0.6) ? { from: [peer()] } : {}) }));
  if (r.chance(0.5)) spec.egress = Array.from({ length: r.int(3) }, () => ({ ...rule(), ...(r.chance(0.6) ? { to: [peer()] } : {}) }));
  if (r.chance(0.3)) spec.policyTypes = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress'], value(r, 2)]);
  if (r.chance(0.2)) spec[r.pick(['ingress', 'egress', 'podSelector'])] = value(r, 1);
  return policy(r.pick(['x', 'y', 'nowhere']), r.pick(['p', 'q', 'Bad_Name']), spec);
}

describe('NetworkPolicy and Installation inputs never make the engine throw', () => {
  it('random policies and installations (seeds 1–60)', () => {
    const problems: string[] = [];
    let stored = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = rand(seed);
      const extra = [...Array.from({ length: 1 + r.int(3) }, () => randomPolicy(r)), r.chance(0.5) ? CALICO : { ...CALICO, spec: value(r, 0) }];
      const cluster = buildCluster(modelYaml(['x/a', 'x/b', 'y/a'], [80], ['TCP', 'UDP'], extra));
      stored += cluster.networkPolicies?.length ?? 0;
      if (cluster.diagnostics.some((d) => d.code === 'internal-error')) problems.push(`seed ${seed}: ${cluster.diagnostics.find((d) => d.code === 'internal-error')?.message}`);
      try {
        reachability(cluster, [80, 81], ['TCP', 'UDP', 'SCTP']);
      } catch (e) {
        problems.push(`seed ${seed}: reach threw ${String(e)}`);
      }
    }
    expect(problems).toEqual([]);
    // Some of them were valid: the semantics ran on them, not only admission.
    expect(stored).toBeGreaterThan(10);
  }, 60_000);
});
