/** `kubectl get networkpolicy` typed in the terminal: kubectl's table, on the NetworkPolicy lesson's cluster. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { allowFrontend, calicoInstall, denyIngress, netpolPods } from '../lessons/netpolyaml';
import { runCommand } from './shell';

const yaml = netpolPods + calicoInstall + denyIngress + allowFrontend;

describe('kubectl get networkpolicy in the terminal', () => {
  it('lists the policies with NAME, POD-SELECTOR and AGE; none in default', () => {
    const run = (line: string) => {
      const r = runCommand({ yaml, cluster: buildCluster(yaml), shell: { kind: 'external' } }, line);
      return [r.output, r.exitCode];
    };
    expect(run('kubectl get netpol -n backend')).toEqual([`NAME                   POD-SELECTOR   AGE
allow-from-frontend    <none>         5m
default-deny-ingress   <none>         5m
`, 0]);
    expect(run('kubectl get networkpolicies')).toEqual(['No resources found in default namespace.\n', 0]);
  });
});
