/**
 * `podpath trace --protocol tcp|udp|sctp`: the probe's transport, carried in the packet (udp, an
 * SCTP INIT) and shown in the request line and the JSON; a policy that opens only TCP lets the
 * TCP request through and drops the UDP and SCTP ones at felix's chain (on flannel, served with
 * the note); a listener answers a datagram or INIT ACK, a closed SCTP port an ABORT.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { CALICO, modelYaml, policy } from '../engine/netpol/testdata';
import { Conntrack } from '../engine/trace/conntrack';
import { memoryIo } from './io';
import { run } from './run';
import { english } from './trace/hops';

const tcpOnly = policy('x', 'tcp-only', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }] });
const calico = modelYaml(['x/a', 'x/b'], [80], ['TCP', 'UDP', 'SCTP'], [CALICO, tcpOnly]);
const flannel = modelYaml(['x/a', 'x/b'], [80], ['TCP', 'UDP', 'SCTP'], [tcpOnly]);
const ipOf = (yaml: string, name: string) => buildCluster(yaml).pods.find((p) => p.namespace === 'x' && p.name === name)!.ip!;

async function trace(yaml: string, to: string, ...extra: string[]) {
  const io = memoryIo({ 'np.yaml': yaml });
  const code = await run(['trace', '--from', 'pod/x/b', '--to', to, '-f', 'np.yaml', ...extra], io);
  return { code, out: io.out, err: io.err, lines: io.out.split('\n') };
}

const outcome = (lines: string[]) => lines.find((l) => l.startsWith('Outcome: '));
const titles = (lines: string[]) => lines.filter((l) => /^\s*\d+ {2}/.test(l)).map((l) => l.replace(/^\s*\d+ {2}\S+\s+/, ''));

describe('podpath trace --protocol', () => {
  const a = `${ipOf(calico, 'a')}:80`;

  it('a policy that opens only TCP: TCP is served, UDP and SCTP are dropped by felix, and the request line says the protocol', async () => {
    const tcp = await trace(calico, a);
    expect(outcome(tcp.lines)).toBe('Outcome: served (HTTP 200, source seen 10.244.91.193)');
    expect(tcp.lines[0]).toBe(`Request: pod/x/b → ${a} (seed 1)`);
    for (const [flag, sent] of [['udp', 'b sends a UDP datagram'], ['SCTP', 'b sends an SCTP INIT']]) {
      const r = await trace(calico, a, '--protocol', flag);
      expect([r.code, r.err]).toEqual([0, '']);
      expect(r.lines[0]).toBe(`Request: pod/x/b → ${a} over ${flag.toUpperCase()} (seed 1)`);
      expect(titles(r.lines)[0]).toBe(sent);
      expect(titles(r.lines)).toContain('filter FORWARD: DROP, no NetworkPolicy rule lets it into x/a');
      expect(r.out).toContain('policy: Ingress of x/a (cali-tw-cali456b416f2bf): selected for ingress by NetworkPolicy x/tcp-only, and no rule allows this packet: "Drop if no policies passed packet".');
      expect(outcome(r.lines)).toBe('Outcome: dropped');
    }
  });

  it('JSON: the protocol in the request and in the packet', async () => {
    const r = await trace(calico, a, '--protocol', 'udp', '--json');
    const json = JSON.parse(r.out) as { request: { protocol: string }; outcome: string; httpStatus: number | null; hops: { before: { proto: string; flags: string } }[] };
    expect(json.request.protocol).toBe('udp');
    expect(json.hops[0].before).toMatchObject({ proto: 'udp', flags: '' });
    expect([json.outcome, json.httpStatus]).toEqual(['dropped', null]);
  });

  it('without a policy in the way, a UDP listener answers a datagram; a closed SCTP port answers ABORT', async () => {
    const open = modelYaml(['x/a', 'x/b'], [80], ['UDP', 'SCTP'], [CALICO]);
    const to = `${ipOf(open, 'a')}:80`;
    const udp = await trace(open, to, '--protocol', 'udp');
    expect(outcome(udp.lines)).toBe('Outcome: served (source seen 10.244.91.193)');
    expect(titles(udp.lines)).toEqual(expect.arrayContaining(['received on udp/80', 'the client gets the answer datagram']));
    const sctp = await trace(open, `${ipOf(open, 'a')}:81`, '--protocol', 'sctp');
    expect(outcome(sctp.lines)).toBe('Outcome: refused');
    expect(titles(sctp.lines)).toEqual(expect.arrayContaining(['ABORT: nothing listens on sctp/81', 'the client gets ABORT']));
    // conntrack -L's line for it: SCTP is protocol 132, an INIT leaves it in COOKIE_WAIT for 3 s.
    const t = { src: '10.244.91.193', sport: 50471, dst: '10.244.192.129', dport: 81 };
    expect(Conntrack.line({ host: 'node/node01', proto: 'sctp', orig: t, reply: { src: t.dst, sport: 81, dst: t.src, dport: 50471 }, dnat: false, snat: false }, false))
      .toBe('sctp     132 3 COOKIE_WAIT src=10.244.91.193 dst=10.244.192.129 sport=50471 dport=81 [UNREPLIED] src=10.244.192.129 dst=10.244.91.193 sport=81 dport=50471 mark=0 use=1');
  });

  it('on flannel the UDP probe the policy would drop goes through, and the note says so', async () => {
    const r = await trace(flannel, `${ipOf(flannel, 'a')}:80`, '--protocol', 'udp', '--json');
    const json = JSON.parse(r.out) as { outcome: string; policyNote: string };
    expect(json.outcome).toBe('served');
    expect(json.policyNote).toBe('NetworkPolicy x/tcp-only selects x/a for ingress and no rule allows this connection to port 80: enforced, it would be dropped. flannel enforces no NetworkPolicy, so it went through.');
    // TCP is what the policy allows: no note.
    const tcp = JSON.parse((await trace(flannel, `${ipOf(flannel, 'a')}:80`, '--json')).out) as { policyNote?: string };
    expect(tcp.policyNote).toBeUndefined();
  });

  it('refuses another protocol: the flag with its words, a saved request with the outcome', async () => {
    const r = await trace(calico, a, '--protocol', 'icmp');
    expect([r.code, r.err]).toEqual([1, 'error: --protocol must be tcp, udp or sctp, not "icmp"\nSee \'podpath trace --help\' for usage.\n']);
    const t = traceRequest(buildCluster(calico), { from: 'pod/x/b', to: a, protocol: 'icmp' as 'tcp' });
    expect([t.outcome, english(t.outcomeMessage), t.hops.length]).toEqual(['unreachable', 'Cannot send over "icmp": the protocol is tcp, udp or sctp.', 0]);
  });
});
