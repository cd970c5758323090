/** `podpath reach`: the NetworkPolicy matrix as JSON and as a table, its flags, its errors. */
import { describe, expect, it } from 'vitest';
import { CALICO, modelYaml, policy } from '../engine/netpol/testdata';
import { memoryIo } from './io';
import { run } from './run';

const DENY = policy('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const CALICO_YAML = modelYaml(['x/a', 'y/a'], [80], ['TCP'], [CALICO, DENY]);
const FLANNEL_YAML = modelYaml(['x/a', 'y/a'], [80], ['TCP'], [DENY]);

async function podpath(argv: string[], files: Record<string, string> = { 'calico.yaml': CALICO_YAML, 'flannel.yaml': FLANNEL_YAML }) {
  const io = memoryIo(files);
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

type Probe = { from: string; to: string; port: number; protocol: string; allowed: boolean; reason: string };
const ours = (probes: Probe[]) => probes.filter((p) => !p.from.startsWith('kube-system/') && !p.to.startsWith('kube-system/'));

describe('podpath reach', () => {
  it('--json on Calico: exactly cni, enforced and the probes, each with from, to, port, protocol, allowed, reason', async () => {
    const r = await podpath(['reach', '-f', 'calico.yaml', '--json', '--ports', '80,81', '--protocols', 'tcp,UDP']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['cni', 'enforced', 'probes']);
    expect([json.cni, json.enforced]).toEqual(['calico', true]);
    expect(json.probes.every((p: object) => Object.keys(p).join() === 'from,to,port,protocol,allowed,reason')).toBe(true);
    // 4 pods (2 CoreDNS), 12 ordered pairs, 2 ports, 2 protocols.
    expect(json.probes.length).toBe(48);
    expect(ours(json.probes).map((p) => `${p.from}>${p.to} ${p.port}/${p.protocol} ${p.allowed}`)).toEqual([
      'x/a>y/a 80/TCP true', 'x/a>y/a 80/UDP true', 'x/a>y/a 81/TCP true', 'x/a>y/a 81/UDP true',
      'y/a>x/a 80/TCP false', 'y/a>x/a 80/UDP false', 'y/a>x/a 81/TCP false', 'y/a>x/a 81/UDP false',
    ]);
  });

  it('--json on flannel: not enforced, every probe allowed, the reason naming the policy', async () => {
    const json = JSON.parse((await podpath(['reach', '-f', 'flannel.yaml', '--json'])).out);
    expect([json.cni, json.enforced, json.probes.every((p: { allowed: boolean }) => p.allowed)]).toEqual(['flannel', false, true]);
    expect(json.probes.find((p: { from: string; to: string }) => p.from === 'y/a' && p.to === 'x/a')).toEqual({
      from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP', allowed: true,
      reason: 'allowed: flannel enforces no NetworkPolicy; enforced, it would be denied: ingress of x/a: NetworkPolicy x/deny-ingress selects it for ingress, and no ingress rule allows TCP port 80 from y/a',
    });
  });

  it('prints a table without --json', async () => {
    const r = await podpath(['reach', '-f', 'calico.yaml']);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('CNI: calico, which enforces NetworkPolicy');
    expect(lines[1]).toMatch(/^FROM\s+TO\s+PORT\s+PROTOCOL\s+ALLOWED\s+REASON$/);
    expect(lines.find((l) => /^y\/a\s+x\/a\s/.test(l))).toMatch(/^y\/a\s+x\/a\s+80\s+TCP\s+no\s+denied: ingress of x\/a: NetworkPolicy x\/deny-ingress selects it/);
    expect((await podpath(['reach', '-f', 'flannel.yaml'])).out.split('\n')[0]).toBe('CNI: flannel, which enforces no NetworkPolicy: every connection goes through');
  });

  it('refuses bad --ports and --protocols', async () => {
    expect(await podpath(['reach', '-f', 'calico.yaml', '--ports', '80,0'])).toEqual({ code: 1, out: '', err: 'error: invalid --ports "80,0": give port numbers from 1 to 65535, comma separated\n' });
    expect(await podpath(['reach', '-f', 'calico.yaml', '--protocols', 'TCP,ICMP'])).toEqual({ code: 1, out: '', err: 'error: invalid --protocols "TCP,ICMP": give TCP, UDP or SCTP, comma separated\n' });
  });

  it('has help', async () => {
    expect((await podpath(['reach', '--help'])).out).toContain('podpath reach -f FILE... [--ports 80,81] [--protocols TCP,UDP,SCTP] [--json]');
    expect((await podpath(['--help'])).out).toContain('  reach          the NetworkPolicy matrix');
  });
});
