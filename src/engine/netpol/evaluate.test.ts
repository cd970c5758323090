/**
 * The semantics beyond the e2e tables: named ports resolved on the destination pod, endPort,
 * ipBlock with except (and pod IPs inside it), the exemptions (node-local, self, hostNetwork),
 * which policy and rule allowed, the verdict's words, and flannel against Calico.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import type { Cluster, PodInfo } from '../model';
import { cidrHas, parseCidrSloppy } from './cidr';
import { evaluate, selectorMatches, type Connection } from './evaluate';
import { describeVerdict } from './explain';
import { policyContext, reachability } from './reach';
import { CALICO, modelYaml, policy } from './testdata';

const pod = (c: Cluster, id: string) => c.pods.find((p) => `${p.namespace}/${p.name}` === id) as PodInfo;
const calico = (policies: object[], pods = ['x/a', 'x/b', 'y/a'], ports = [80, 81]) => buildCluster(modelYaml(pods, ports, ['TCP', 'UDP'], [CALICO, ...policies]));
const verdict = (c: Cluster, from: string, to: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP') => {
  const conn: Connection = { from: { pod: pod(c, from) }, to: pod(c, to), port, protocol };
  const v = evaluate(policyContext(c), conn);
  return { allowed: v.allowed, egress: v.egress.verdict, ingress: v.ingress.verdict, why: describeVerdict(conn, v) };
};

describe('selectors', () => {
  it('NotIn matches a pod without the key; Exists and DoesNotExist; matchLabels needs every pair', () => {
    const s = (matchExpressions: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }[], matchLabels = {}) => ({ matchLabels, matchExpressions });
    expect(selectorMatches(s([{ key: 'env', operator: 'NotIn', values: ['prod'] }]), {})).toBe(true);
    expect(selectorMatches(s([{ key: 'env', operator: 'NotIn', values: ['prod'] }]), { env: 'prod' })).toBe(false);
    expect(selectorMatches(s([{ key: 'env', operator: 'Exists', values: [] }]), { env: '' })).toBe(true);
    expect(selectorMatches(s([{ key: 'env', operator: 'DoesNotExist', values: [] }]), { env: '' })).toBe(false);
    expect(selectorMatches(s([], { a: '1', b: '2' }), { a: '1' })).toBe(false);
    expect(selectorMatches(s([]), { anything: 'x' })).toBe(true);
  });
});

describe('CIDRs', () => {
  it('contains by the network bits, whatever the host bits; families never mix', () => {
    expect(cidrHas('10.244.1.10/4', '15.1.2.3')).toBe(true);
    expect(cidrHas('10.244.1.10/4', '16.0.0.0')).toBe(false);
    expect(cidrHas('010.244.000.000/16', '10.244.9.9')).toBe(true);
    expect(cidrHas('0.0.0.0/0', '1.2.3.4')).toBe(true);
    expect(cidrHas('::/0', '1.2.3.4')).toBe(false);
    expect(cidrHas('fd00::/8', 'fd12::1')).toBe(true);
    expect(parseCidrSloppy('::ffff:10.0.0.0/104')).toEqual({ v6: true, base: 0xffff0a000000n << 0n, bits: 104 });
    expect(parseCidrSloppy('1::2::3/64')).toBeUndefined();
  });
});

describe('ports', () => {
  it('a named port matches the destination pod\'s port of that name and protocol only', () => {
    const c = calico([policy('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'serve-81-udp', protocol: 'UDP' }] }] })]);
    expect(verdict(c, 'y/a', 'x/a', 81, 'UDP')).toMatchObject({ allowed: true, ingress: 'allowed' });
    expect(verdict(c, 'y/a', 'x/a', 81, 'TCP')).toMatchObject({ allowed: false, ingress: 'denied' });
    // A name with the protocol defaulted to TCP does not find the UDP port of that name.
    const tcpOnly = calico([policy('x', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'serve-81-udp' }] }] })]);
    expect(verdict(tcpOnly, 'y/a', 'x/a', 81, 'UDP')).toMatchObject({ allowed: false });
  });

  it('egress with a named port resolves it on the peer (the server) pod', () => {
    const c = calico([policy('x', 'egress-named', { podSelector: sel('a'), policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })]);
    expect(verdict(c, 'x/a', 'y/a', 80)).toMatchObject({ allowed: true, egress: 'allowed' });
    expect(verdict(c, 'x/a', 'y/a', 81)).toMatchObject({ allowed: false, egress: 'denied' });
  });

  it('endPort makes an inclusive range', () => {
    const c = calico([policy('x', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 80, endPort: 81 }] }] })], ['x/a', 'y/a'], [80, 81, 82]);
    expect([80, 81, 82].map((p) => verdict(c, 'y/a', 'x/a', p).allowed)).toEqual([true, true, false]);
  });
});

const sel = (name: string) => ({ matchLabels: { pod: name } });

describe('ipBlock', () => {
  it('matches pod addresses, with except carving a hole; the first allowing rule is named', () => {
    const base = calico([]);
    const ip = pod(base, 'x/b').ip!;
    const c = calico([policy('x', 'cidr', {
      podSelector: sel('a'), policyTypes: ['Ingress'],
      ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [`${ip}/32`] } }] }, { from: [{ podSelector: sel('b') }], ports: [{ port: 81 }] }],
    })]);
    expect(verdict(c, 'y/a', 'x/a', 80)).toEqual({ allowed: true, egress: 'not-isolated', ingress: 'allowed', why: 'egress of y/a: no NetworkPolicy selects it for egress; ingress of x/a: NetworkPolicy x/cidr, ingress rule 0, allows TCP port 80 from y/a' });
    expect(verdict(c, 'x/b', 'x/a', 80)).toEqual({ allowed: false, egress: 'not-isolated', ingress: 'denied', why: 'ingress of x/a: NetworkPolicy x/cidr selects it for ingress, and no ingress rule allows TCP port 80 from x/b' });
    expect(verdict(c, 'x/b', 'x/a', 81)).toMatchObject({ allowed: true, why: expect.stringContaining('NetworkPolicy x/cidr, ingress rule 1, allows') });
  });

  it('judges a client that is not a pod by its address alone; the server\'s own node always gets in', () => {
    const c = calico([policy('x', 'deny', { podSelector: {}, ingress: [] }), policy('x', 'from-lan', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.255.0/24', except: ['192.168.255.0/28'] } }] }] })], ['x/a']);
    const server = pod(c, 'x/a');
    const node = c.nodes.find((n) => n.name === server.node)!;
    const other = c.nodes.find((n) => n.name !== server.node)!;
    const ctx = policyContext(c);
    const at = (ip: string) => evaluate(ctx, { from: { ip }, to: server, port: 80, protocol: 'TCP' });
    expect(at(node.ip).ingress).toEqual({ verdict: 'exempt', why: 'node-local' });
    expect(at('192.168.255.1')).toMatchObject({ allowed: false, egress: { verdict: 'exempt', why: 'not-a-pod' } });
    expect(at('192.168.255.50')).toMatchObject({ allowed: true, ingress: { verdict: 'allowed', policy: { namespace: 'x', name: 'from-lan' }, rule: 0 } });
    // Another node is ordinary traffic, judged by ipBlock: its address is in 192.168.255.0/24, outside the except.
    expect(at(other.ip).ingress).toMatchObject({ verdict: 'allowed', policy: { name: 'from-lan' } });
    expect(at('192.168.255.7').ingress).toMatchObject({ verdict: 'denied', policies: [{ name: 'deny' }, { name: 'from-lan' }] });
  });
});

describe('what NetworkPolicy does not touch', () => {
  it('a pod to itself', () => {
    const c = calico([policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]);
    expect(verdict(c, 'x/a', 'x/a', 80)).toEqual({ allowed: true, egress: 'exempt', ingress: 'exempt', why: "a pod's traffic to itself is never blocked" });
  });

  it('an Egress-only policy leaves ingress open; policies of other namespaces select nothing here', () => {
    const c = calico([policy('x', 'egress-only', { podSelector: {}, policyTypes: ['Egress'] }), policy('y', 'deny', { podSelector: {} })]);
    expect(verdict(c, 'x/b', 'x/a', 80)).toMatchObject({ allowed: false, egress: 'denied', ingress: 'not-isolated' });
    expect(verdict(c, 'y/a', 'x/a', 80)).toMatchObject({ allowed: true, egress: 'not-isolated', ingress: 'not-isolated' });
  });

  it('a hostNetwork pod: not isolated, not in the matrix, not matched by a podSelector', () => {
    const text = `${modelYaml(['x/a', 'x/b'], [80], ['TCP'], [CALICO, policy('x', 'deny', { podSelector: {} })])}\n---\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"h","namespace":"x","labels":{"pod":"h"}},"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":8080}]}]}}`;
    const c = buildCluster(text);
    const h = pod(c, 'x/h');
    expect(h.hostNetwork).toBe(true);
    expect(evaluate(policyContext(c), { from: { pod: pod(c, 'x/a') }, to: h, port: 8080, protocol: 'TCP' }).ingress).toEqual({ verdict: 'exempt', why: 'host-network' });
    expect(reachability(c, [80], ['TCP']).probes.filter((p) => p.from === 'x/h' || p.to === 'x/h')).toEqual([]);
  });
});

describe('reachability: flannel enforces nothing, Calico does', () => {
  const policies = [policy('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })];

  it('on Calico a denied probe is denied, with the policy that selects the pod', () => {
    const c = calico(policies, ['x/a', 'y/a'], [80]);
    const r = reachability(c, [80], ['TCP']);
    expect({ cni: r.cni, enforced: r.enforced }).toEqual({ cni: 'calico', enforced: true });
    expect(r.probes.filter((p) => ['x/a', 'y/a'].includes(p.from) && ['x/a', 'y/a'].includes(p.to))).toEqual([
      { from: 'x/a', to: 'y/a', port: 80, protocol: 'TCP', allowed: true, reason: 'allowed: egress of x/a: no NetworkPolicy selects it for egress; ingress of y/a: no NetworkPolicy selects it for ingress' },
      { from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP', allowed: false, reason: 'denied: ingress of x/a: NetworkPolicy x/deny-ingress selects it for ingress, and no ingress rule allows TCP port 80 from y/a' },
    ]);
  });

  it('on flannel the same probe goes through, and the reason says which policy would deny it', () => {
    const c = buildCluster(modelYaml(['x/a', 'y/a'], [80], ['TCP'], policies));
    const r = reachability(c, [80], ['TCP']);
    expect({ cni: r.cni, enforced: r.enforced }).toEqual({ cni: 'flannel', enforced: false });
    expect(r.probes.find((p) => p.from === 'y/a' && p.to === 'x/a')).toEqual({
      from: 'y/a', to: 'x/a', port: 80, protocol: 'TCP', allowed: true,
      reason: 'allowed: flannel enforces no NetworkPolicy; enforced, it would be denied: ingress of x/a: NetworkPolicy x/deny-ingress selects it for ingress, and no ingress rule allows TCP port 80 from y/a',
    });
    expect(r.probes.every((p) => p.allowed)).toBe(true);
  });

  it('has one probe per ordered pair of distinct pods, port and protocol, CoreDNS included', () => {
    const c = calico([], ['x/a', 'x/b', 'y/a'], [80]);
    const pods = c.pods.filter((p) => p.ip && !p.hostNetwork).length;
    expect(reachability(c, [80, 81], ['TCP', 'UDP', 'SCTP']).probes.length).toBe(pods * (pods - 1) * 2 * 3);
    expect(c.pods.some((p) => p.namespace === 'kube-system')).toBe(true);
  });
});
