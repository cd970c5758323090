/**
 * `iptables -L` on a Calico node: felix's gotos and its MARK --set-xmark, printed as iptables
 * prints them (iptables.c print_firewall's "[goto]", libxt_MARK.c mark_tg_print).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { nodePortLesson } from '../lessons/nodeport';
import { calicoInstallation } from '../engine/testdata/calico';
import { runCommand } from './shell';
import type { TerminalState } from './types';

const yaml = `${nodePortLesson.yaml}\n${calicoInstallation('IPIP')}`;
const cluster = buildCluster(yaml);
const node01: TerminalState = { yaml, cluster, shell: { kind: 'node', name: 'node01' } };
const list = (chain: string, flags = '-n') => runCommand(node01, `iptables -L ${chain} ${flags}`).output.split('\n');

describe('iptables -L on a Calico node', () => {
  it('prints a goto with its chain as the target and "[goto]" before the matches', () => {
    const lines = list('cali-to-wl-dispatch');
    const gotos = lines.filter((l) => l.includes('[goto]'));
    expect(gotos.length).toBeGreaterThan(0);
    for (const l of gotos) expect(l).toMatch(/^cali-tw-cali[0-9a-f]{11}\s+all\s+--\s+0\.0\.0\.0\/0\s+0\.0\.0\.0\/0\s+\[goto\] $/);
    // A chain reached only by gotos still counts its references.
    const tw = gotos[0].split(/\s+/)[0];
    expect(list(tw)[0]).toBe(`Chain ${tw} (1 references)`);
  });

  it('prints --set-xmark as the operation it amounts to: or for value = mask, and for a zero value', () => {
    const forward = list('cali-FORWARD').join('\n');
    expect(forward).toContain('MARK and 0xfff1ffff');
    expect(list('FORWARD').join('\n')).toContain('MARK or 0x10000');
  });

  it('shows the out-interface in the verbose listing', () => {
    const lines = list('cali-FORWARD', '-n -v');
    expect(lines.some((l) => /\s\*\s+cali\+\s/.test(l))).toBe(true);
  });
});
