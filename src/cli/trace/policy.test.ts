/**
 * felix's NetworkPolicy verdicts on the trace's filter hops (engine/trace/policy.ts), pinned as
 * the hop's English title (here, where the catalogue may be imported)
 * and the lines under it: the policy and rule that let a packet in or out, the policies that
 * select a pod when none did, the profile where none selects it, conntrack for the reply; and
 * nothing of the kind on flannel, where no chain decides.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Hop } from '../../engine';
import { CALICO, modelYaml, policy } from '../../engine/netpol/testdata';
import { loadLang, translate } from '../../i18n/index';
import { english as en } from './hops';
const allowY = policy('x', 'allow-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] });
const denyAll = policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
// x/b may only talk to pods a of its namespace on TCP 80 (and nothing else).
const egressB = policy('x', 'b-egress', { podSelector: { matchLabels: { pod: 'b' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 81 }] }, { to: [{ podSelector: { matchLabels: { pod: 'a' } } }], ports: [{ port: 80 }] }] });

const cluster = (extra: object[]) => buildCluster(modelYaml(['x/a', 'x/b', 'y/a'], [80], ['TCP'], extra));

function trace(c: ReturnType<typeof cluster>, from: string, to: string) {
  const ip = c.pods.find((p) => `${p.namespace}/${p.name}` === to)!.ip!;
  return traceRequest(c, { from: `pod/${from}`, to: `${ip}:80` });
}

/** The filter hops that carry verdicts: `PHASE TITLE` and each verdict's sentence. */
const verdicts = (hops: Hop[]) => hops.filter((h) => h.policy).map((h) => [`${h.phase} ${en(h.title)}`, ...h.policy!.map((d) => en(d.message))]);

// The chains of x/a, x/b and y/a's host veths: "cali" + SHA-1("x.a")[:11] (libcalico-go VethNameForWorkload).
const TW_XA = 'cali-tw-cali456b416f2bf';
const FW_XA = 'cali-fw-cali456b416f2bf';
const FW_XB = 'cali-fw-cali08041ab898a';
const FW_YA = 'cali-fw-calidac200d72ba';

describe('NetworkPolicy verdicts where felix gives them', () => {
  const c = cluster([CALICO, denyAll, allowY]);

  it('names the policy and its rule that let a packet into the server, and the YAML lines of that rule', () => {
    const t = trace(c, 'y/a', 'x/a');
    expect(t.outcome).toBe('served');
    expect(verdicts(t.hops)).toEqual([
      [
        'request filter FORWARD: ACCEPT, NetworkPolicy x/allow-y lets it into x/a',
        `Egress of y/a (${FW_YA}): no NetworkPolicy selects it for egress; the namespace profile kns.y allows it.`,
        `Ingress of x/a (${TW_XA}): NetworkPolicy x/allow-y allows it by its rule spec.ingress[0].`,
      ],
      [
        'reply filter FORWARD: ACCEPT',
        `Egress of x/a (${FW_XA}): a packet of an established connection; conntrack accepts it before any policy.`,
      ],
    ]);
    const hop = t.hops.find((h) => h.policy?.some((d) => d.verdict === 'allowed'))!;
    const decision = hop.policy!.find((d) => d.verdict === 'allowed')!;
    expect(decision).toMatchObject({ direction: 'ingress', pod: 'x/a', chain: TW_XA, policy: 'x/allow-y', rule: 0 });
    const rule = c.networkPolicies!.find((p) => p.name === 'allow-y')!.ingress[0].provenance!;
    expect(decision.provenance).toEqual([rule]);
    expect(hop.provenance).toContainEqual(rule);
  });

  it('says no rule allowed it, naming every policy that selects the pod, where the packet is dropped', () => {
    const t = trace(c, 'x/b', 'x/a');
    expect(t.outcome).toBe('dropped');
    expect(verdicts(t.hops)).toEqual([
      [
        'request filter FORWARD: ACCEPT',
        `Egress of x/b (${FW_XB}): no NetworkPolicy selects it for egress; the namespace profile kns.x allows it.`,
      ],
      [
        'request filter FORWARD: DROP, no NetworkPolicy rule lets it into x/a',
        `Ingress of x/a (${TW_XA}): selected for ingress by NetworkPolicy x/allow-y, x/deny-all, and no rule allows this packet: "Drop if no policies passed packet".`,
      ],
    ]);
    expect(en(t.outcomeMessage)).toBe('Dropped by NetworkPolicy on its way into x/a: selected for ingress by x/allow-y, x/deny-all, and no rule allows this connection. The client waits until it times out.');
    const denied = t.hops.flatMap((h) => h.policy ?? []).find((d) => d.verdict === 'denied')!;
    expect(denied.policies).toEqual(['x/allow-y', 'x/deny-all']);
    expect(denied.provenance.map((p) => p.object)).toEqual(['NetworkPolicy/x/allow-y', 'NetworkPolicy/x/deny-all']);
  });

  it('gives the client\'s egress verdict: the second rule of its policy, or none', () => {
    const e = cluster([CALICO, egressB]);
    const allowed = trace(e, 'x/b', 'x/a');
    expect(allowed.outcome).toBe('served');
    // x/b is on node02, x/a on node01: each end's chain on its own node.
    expect(verdicts(allowed.hops).slice(0, 2)).toEqual([
      [
        'request filter FORWARD: ACCEPT, NetworkPolicy x/b-egress lets it out of x/b',
        `Egress of x/b (${FW_XB}): NetworkPolicy x/b-egress allows it by its rule spec.egress[1].`,
      ],
      [
        'request filter FORWARD: ACCEPT',
        `Ingress of x/a (${TW_XA}): no NetworkPolicy selects it for ingress; the namespace profile kns.x allows it.`,
      ],
    ]);
    const denied = trace(e, 'x/b', 'y/a');
    expect(denied.outcome).toBe('dropped');
    expect(en(denied.outcomeMessage)).toBe('Dropped by NetworkPolicy on its way out of x/b: selected for egress by x/b-egress, and no rule allows this connection. The client waits until it times out.');
    expect(verdicts(denied.hops)).toEqual([[
      'request filter FORWARD: DROP, no NetworkPolicy rule lets it out of x/b',
      `Egress of x/b (${FW_XB}): selected for egress by NetworkPolicy x/b-egress, and no rule allows this packet: "Drop if no policies passed packet".`,
    ]]);
  });

  it('speaks Chinese too', async () => {
    await loadLang('zh-CN');
    const hop = trace(c, 'x/b', 'x/a').hops.find((h) => h.policy?.some((d) => d.verdict === 'denied'))!;
    expect(translate('zh-CN', hop.title.key, hop.title.params)).toBe('filter FORWARD：DROP，没有 NetworkPolicy 规则允许它进入 x/a');
  });

  it('gives no verdict on flannel, where no chain decides', () => {
    const t = trace(cluster([denyAll, allowY]), 'x/b', 'x/a');
    expect(t.outcome).toBe('served');
    expect(t.hops.filter((h) => h.policy)).toEqual([]);
  });
});
