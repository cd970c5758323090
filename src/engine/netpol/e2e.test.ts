/**
 * The upstream NetworkPolicy e2e tests, ported as cases: kubernetes
 * test/e2e/network/netpol/network_policy.go ("Netpol NetworkPolicy between server and client",
 * and its UDP and SCTP variants), each with its pods, policies and truth tables
 * (reachability.go's ExpectPeer / ExpectAllIngress / ExpectAllEgress / Expect, loopback
 * ignored). Every policy goes through the whole build: YAML, admission, defaulting, the
 * semantics, on a Calico cluster that enforces them. A test that updates a policy or a label
 * between two checks is two stages here, each its own YAML.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { reachability } from './reach';
import { CALICO, modelYaml, policy, Truth, type ModelPod } from './testdata';
import type { Protocol } from './types';

const NS = 'kubernetes.io/metadata.name';
const sel = (matchLabels: Record<string, string>) => ({ matchLabels });
const expr = (key: string, operator: string, values: string[]) => ({ matchExpressions: [{ key, operator, values }] });

interface Check {
  port: number;
  protocol: Protocol;
  truth: (t: Truth) => Truth;
}

interface Stage {
  /** The policies, given each model pod's IP (for the ipBlock tests). */
  policies: (ip: (pod: string) => string) => object[];
  pods?: (string | ModelPod)[];
  namespaceLabels?: Record<string, Record<string, string>>;
  checks: Check[];
}

interface Case {
  name: string;
  pods: string[];
  ports: number[];
  protocols: Protocol[];
  stages: Stage[];
}

const tcp = (port: number, truth: Check['truth'] = (t) => t): Check => ({ port, protocol: 'TCP', truth });
const udp = (port: number, truth: Check['truth'] = (t) => t): Check => ({ port, protocol: 'UDP', truth });
const sctp = (port: number, truth: Check['truth'] = (t) => t): Check => ({ port, protocol: 'SCTP', truth });
const one = (pods: string[], ports: number[], policies: object[], ...checks: Check[]): Pick<Case, 'pods' | 'ports' | 'protocols' | 'stages'> => ({
  pods, ports, protocols: [...new Set(checks.map((c) => c.protocol))], stages: [{ policies: () => policies, checks }],
});

/** makeLargeCIDRForIP: the /4 around an address. */
const largeCidr = (ip: string) => `${(Number(ip.split('.')[0]) & 0xf0)}.0.0.0/4`;

const denyIngress = (name = 'deny-ingress') => policy('x', name, { podSelector: {}, policyTypes: ['Ingress'], ingress: [] });
const allowPort = (name: string, port: number | string, protocol?: Protocol) =>
  policy('x', name, { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'y' }) }], ports: [{ port, ...(protocol ? { protocol } : {}) }] }] });
const fromNsY = (protocol: Protocol, port: number) => policy('x', 'allow-ingress-on-port-81-ns-x', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'y' }) }], ports: [{ port, protocol }] }] });
const fromYA = policy('x', 'allow-ns-y-pod-a-via-namespace-pod-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'y' }), podSelector: sel({ pod: 'a' }) }] }] });
const egressToYA = policy('x', 'allow-to-ns-y-pod-a', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: sel({ [NS]: 'y' }), podSelector: sel({ pod: 'a' }) }] }] });
const onlyFromY = (t: Truth) => t.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
const exceptPolicy = (ip: (p: string) => string) => policy('x', 'allow-client-a-via-cidr-egress-rule', {
  podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: largeCidr(ip('x/b')), except: [`${ip('x/b')}/32`] } }] }],
});

const CASES: Case[] = [
  { name: "should support a 'default-deny-ingress' policy", ...one(['x/a', 'x/b', 'y/a', 'y/b'], [80], [policy('x', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })], tcp(80, (t) => t.expectPeer({}, { ns: 'x' }, false))) },
  { name: "should support a 'default-deny-all' policy", ...one(['x/a', 'x/b', 'y/a'], [80], [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] })], tcp(80, (t) => t.expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false))) },
  { name: 'should enforce policy to allow traffic from pods within server namespace based on PodSelector', ...one(['x/a', 'x/b', 'x/c', 'y/a'], [80], [policy('x', 'x-a-allows-x-b', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }] })], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('x/b', 'x/a', true))) },
  { name: 'should enforce policy to allow ingress traffic for a target', ...one(['x/a', 'x/b', 'y/a'], [80], [
    policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] }),
    policy('x', 'allow-all-to-a', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] }),
  ], tcp(80, (t) => t.expectAllIngress('x/a', true).expectAllIngress('x/b', false))) },
  { name: 'should enforce policy to allow ingress traffic from pods in all namespaces', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'allow-from-another-ns', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({}) }] }] })], tcp(80)) },
  { name: 'should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'allow-client-a-via-ns-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'y' }) }] }] })], tcp(80, onlyFromY)) },
  { name: 'should enforce policy based on PodSelector with MatchExpressions', ...one(['x/a', 'x/b', 'y/a'], [80], [policy('x', 'x-a-allows-x-b', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: expr('pod', 'In', ['b']) }] }] })], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('x/b', 'x/a', true))) },
  { name: 'should enforce policy based on NamespaceSelector with MatchExpressions', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'allow-ns-y-match-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: expr(NS, 'In', ['y']) }] }] })], tcp(80, onlyFromY)) },
  { name: 'should enforce policy based on PodSelector or NamespaceSelector', ...one(['x/a', 'x/b', 'x/c', 'y/a'], [80], [policy('x', 'allow-ns-y-match-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: expr(NS, 'NotIn', ['x']) }, { podSelector: sel({ pod: 'b' }) }] }] })], tcp(80, (t) => t.expect('x/a', 'x/a', false).expect('x/c', 'x/a', false))) },
  { name: 'should enforce policy based on PodSelector and NamespaceSelector', ...one(['x/a', 'x/b', 'y/a', 'y/b', 'z/b'], [80], [policy('x', 'allow-ns-y-podselector-and-nsselector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: expr(NS, 'NotIn', ['x']), podSelector: sel({ pod: 'b' }) }] }] })], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true))) },
  { name: 'should enforce policy based on Multiple PodSelectors and NamespaceSelectors', ...one(['x/a', 'x/b', 'y/a', 'y/b', 'y/c'], [80], [policy('x', 'allow-ns-y-z-pod-b-c', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: expr(NS, 'NotIn', ['x']), podSelector: expr('pod', 'In', ['b', 'c']) }] }] })], tcp(80, (t) => t.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expect('y/a', 'x/a', false))) },
  { name: 'should enforce policy based on any PodSelectors', ...one(['x/a', 'x/b', 'x/c'], [80], [policy('x', 'allow-ns-x-pod-b-c', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }, { podSelector: sel({ pod: 'c' }) }] }] })], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('x/b', 'x/a', true).expect('x/c', 'x/a', true))) },
  { name: 'should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', ...one(['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], [80], [fromYA], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('y/a', 'x/a', true))) },
  { name: 'should enforce policy based on Ports', ...one(['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], [81], [allowPort('allow-client-a-via-ns-selector', 81, 'TCP')], tcp(81, (t) => t.expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'y' }, { ns: 'x', pod: 'a' }, true).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false))) },
  {
    name: 'should enforce multiple, stacked policies with overlapping podSelectors', pods: ['x/a', 'x/b', 'y/a', 'y/b', 'z/a'], ports: [80, 81], protocols: ['TCP'], stages: [
      { policies: () => [allowPort('allow-client-a-via-ns-selector', 81, 'TCP')], checks: [tcp(81, onlyFromY), tcp(80, (t) => t.expectAllIngress('x/a', false))] },
      { policies: () => [allowPort('allow-client-a-via-ns-selector', 81, 'TCP'), allowPort('allow-client-a-via-ns-selector-80', 80, 'TCP')], checks: [tcp(80, onlyFromY)] },
    ],
  },
  { name: 'should support allow-all policy', ...one(['x/a', 'x/b', 'y/a'], [80, 81], [policy('x', 'allow-all', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{}] })], tcp(80), tcp(81)) },
  { name: 'should allow ingress access on one named port', ...one(['x/a', 'x/b', 'y/a'], [80, 81], [policy('x', 'allow-all', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] })], tcp(81), tcp(80, (t) => t.expectPeer({}, { ns: 'x' }, false))) },
  { name: 'should allow ingress access from namespace on one named port', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80, 81], [allowPort('allow-client-a-via-ns-selector-80', 'serve-80-tcp', 'TCP')], tcp(80, onlyFromY), tcp(81, (t) => t.expectAllIngress('x/a', false))) },
  { name: 'should allow egress access on one named port', ...one(['x/a', 'y/a'], [80, 81], [policy('x', 'allow-egress', { podSelector: sel({}), policyTypes: ['Egress'], egress: [{ ports: [{ port: 'serve-80-tcp' }] }] })], tcp(80), tcp(81, (t) => t.expectPeer({ ns: 'x' }, {}, false))) },
  {
    name: 'should enforce updated policy', pods: ['x/a', 'y/a'], ports: [81], protocols: ['TCP'], stages: [
      { policies: () => [policy('x', 'allow-all-mutate-to-deny-all', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{}] })], checks: [tcp(81)] },
      { policies: () => [policy('x', 'allow-all-mutate-to-deny-all', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [] })], checks: [tcp(81, (t) => t.expectPeer({}, { ns: 'x' }, false))] },
    ],
  },
  {
    name: 'should allow ingress access from updated namespace', pods: ['x/a', 'y/a'], ports: [80], protocols: ['TCP'], stages: [0, 1].map((updated): Stage => ({
      policies: () => [policy('x', 'allow-client-a-via-ns-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ ns2: 'updated' }) }] }] })],
      namespaceLabels: updated ? { y: { ns2: 'updated' } } : {},
      checks: [tcp(80, (t) => (updated ? t.expectAllIngress('x/a', false).expectPeer({ ns: 'y' }, {}, true) : t.expectAllIngress('x/a', false)))],
    })),
  },
  {
    name: 'should allow ingress access from updated pod', pods: ['x/a', 'x/b'], ports: [80], protocols: ['TCP'], stages: [0, 1].map((updated): Stage => ({
      policies: () => [policy('x', 'allow-client-a-via-pod-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: sel({ pod: 'b', pod2: 'updated' }) }] }] })],
      pods: ['x/a', { id: 'x/b', labels: updated ? { pod2: 'updated' } : {} }],
      checks: [tcp(80, (t) => (updated ? t.expectAllIngress('x/a', false).expect('x/b', 'x/a', true) : t.expectAllIngress('x/a', false)))],
    })),
  },
  { name: 'should deny ingress from pods on other namespaces', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'deny-empty-policy', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: sel({}) }] }] })], tcp(80, (t) => t.expectPeer({ ns: 'y' }, { ns: 'x' }, false).expectPeer({ ns: 'z' }, { ns: 'x' }, false))) },
  {
    name: 'should deny ingress access to updated pod', pods: ['x/a', 'y/a'], ports: [80], protocols: ['TCP'], stages: [0, 1].map((updated): Stage => ({
      policies: () => [policy('x', 'deny-ingress-via-label-selector', { podSelector: sel({ target: 'isolated' }), policyTypes: ['Ingress'], ingress: [] })],
      pods: [{ id: 'x/a', labels: updated ? { target: 'isolated' } : {} }, 'y/a'],
      checks: [tcp(80, (t) => (updated ? t.expectAllIngress('x/a', false) : t))],
    })),
  },
  { name: 'should deny egress from pods based on PodSelector', ...one(['x/a', 'x/b', 'y/a'], [80], [policy('x', 'deny-egress-pod-a', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [] })], tcp(80, (t) => t.expectAllEgress('x/a', false))) },
  { name: 'should deny egress from all pods in a namespace', ...one(['x/a', 'x/b', 'y/a'], [80], [policy('x', 'deny-egress-ns-x', { podSelector: {}, policyTypes: ['Egress'], egress: [] })], tcp(80, (t) => t.expectPeer({ ns: 'x' }, {}, false))) },
  {
    name: 'should work with Ingress, Egress specified together', ...one(['x/a', 'x/b', 'x/c', 'y/a'], [80, 81], [policy('x', 'allow-client-a-via-pod-selector', {
      podSelector: sel({ pod: 'a' }), policyTypes: ['Egress', 'Ingress'], ingress: [{ from: [{ podSelector: sel({ pod: 'b' }) }] }], egress: [{ ports: [{ port: 80 }] }],
    })], tcp(80, (t) => t.expectAllIngress('x/a', false).expect('x/b', 'x/a', true)), tcp(81, (t) => t.expectAllIngress('x/a', false).expectAllEgress('x/a', false).expect('x/b', 'x/a', true))),
  },
  {
    name: 'should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)', ...one(['x/a', 'y/a', 'y/b'], [80], [
      egressToYA,
      policy('y', 'allow-from-xa-on-ya-match-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'x' }), podSelector: sel({ pod: 'a' }) }] }] }),
      policy('y', 'allow-from-xa-on-yb-match-selector', { podSelector: sel({ pod: 'b' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'x' }), podSelector: sel({ pod: 'a' }) }] }] }),
    ], tcp(80, (t) => t.expectPeer({ ns: 'x', pod: 'a' }, {}, false).expectPeer({}, { ns: 'y', pod: 'a' }, false).expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y', pod: 'a' }, true).expectPeer({}, { ns: 'y', pod: 'b' }, false))),
  },
  { name: 'should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector', ...one(['x/a', 'y/a', 'y/b'], [80], [egressToYA], tcp(80, (t) => t.expectAllEgress('x/a', false).expect('x/a', 'y/a', true))) },
  { name: 'should enforce ingress policy allowing any port traffic to a server on a specific protocol', ...one(['x/a', 'y/a'], [80], [policy('x', 'allow-ingress-by-proto', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP' }] }] })], tcp(80), udp(80, (t) => t.expectPeer({}, { ns: 'x', pod: 'a' }, false))) },
  {
    name: 'should enforce multiple ingress policies with ingress allow-all policy taking precedence', pods: ['x/a', 'y/a'], ports: [81], protocols: ['TCP'], stages: [
      { policies: () => [policy('x', 'allow-ingress-port-80', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] })], checks: [tcp(81, (t) => t.expectPeer({}, { ns: 'x' }, false))] },
      { policies: () => [policy('x', 'allow-ingress-port-80', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80 }] }] }), policy('x', 'allow-ingress', { podSelector: sel({}), policyTypes: ['Ingress'], ingress: [{}] })], checks: [tcp(81)] },
    ],
  },
  {
    name: 'should enforce multiple egress policies with egress allow-all policy taking precedence', pods: ['x/a', 'y/a'], ports: [81], protocols: ['TCP'], stages: [
      { policies: () => [policy('x', 'allow-egress-port-80', { podSelector: sel({}), policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] })], checks: [tcp(81, (t) => t.expectPeer({ ns: 'x' }, {}, false))] },
      { policies: () => [policy('x', 'allow-egress-port-80', { podSelector: sel({}), policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }] }] }), policy('x', 'allow-egress', { podSelector: sel({}), policyTypes: ['Egress'], egress: [{}] })], checks: [tcp(81)] },
    ],
  },
  {
    name: 'should stop enforcing policies after they are deleted', pods: ['x/a', 'y/a'], ports: [80], protocols: ['TCP'], stages: [
      { policies: () => [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] })], checks: [tcp(80, (t) => t.expectPeer({ ns: 'x' }, {}, false).expectPeer({}, { ns: 'x' }, false))] },
      { policies: () => [], checks: [tcp(80)] },
    ],
  },
  {
    name: 'should allow egress access to server in CIDR block', pods: ['x/a', 'y/a', 'y/b'], ports: [80], protocols: ['TCP'], stages: [{
      policies: (ip) => [policy('x', 'allow-client-a-via-cidr-egress-rule', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: `${ip('y/b')}/32` } }] }] })],
      checks: [tcp(80, (t) => t.expectAllEgress('x/a', false).expect('x/a', 'y/b', true))],
    }],
  },
  { name: 'should enforce except clause while egress access to server in CIDR block', pods: ['x/a', 'x/b', 'x/c'], ports: [80], protocols: ['TCP'], stages: [{ policies: (ip) => [exceptPolicy(ip)], checks: [tcp(80, (t) => t.expect('x/a', 'x/b', false))] }] },
  {
    name: 'should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed', pods: ['x/a', 'x/b', 'x/c'], ports: [80], protocols: ['TCP'], stages: [
      { policies: (ip) => [exceptPolicy(ip)], checks: [tcp(80, (t) => t.expect('x/a', 'x/b', false))] },
      // UpdatePolicy: the same policy, now allowing only x/b's address.
      { policies: (ip) => [policy('x', 'allow-client-a-via-cidr-egress-rule', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: `${ip('x/b')}/32` } }] }] })], checks: [tcp(80, (t) => t.expectAllEgress('x/a', false).expect('x/a', 'x/b', true))] },
    ],
  },
  {
    name: 'should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector', pods: ['x/a', 'x/b', 'y/a'], ports: [80], protocols: ['TCP'], stages: [
      { policies: () => [policy('x', 'allow-egress-for-target', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{}] })], checks: [tcp(80)] },
      { policies: () => [policy('x', 'allow-egress-for-target', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{}] }), policy('x', 'deny-ingress-via-label-selector', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [] })], checks: [tcp(80, (t) => t.expectAllIngress('x/a', false))] },
    ],
  },
  { name: "should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP", ...one(['x/a', 'y/a'], [81], [denyIngress(), policy('x', 'allow-only-sctp-ingress-on-port-81', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 81, protocol: 'SCTP' }] }] })], tcp(81, (t) => t.expectPeer({}, { ns: 'x' }, false))) },
  { name: "should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP", ...one(['x/a', 'y/a'], [81], [policy('x', 'allow-only-sctp-ingress-on-port-80', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 80, protocol: 'SCTP' }] }] })], tcp(81, (t) => t.expectAllIngress('x/a', false))) },
  { name: 'should not allow access by TCP when a policy specifies only UDP', ...one(['x/a', 'y/a'], [81], [policy('x', 'allow-only-udp-ingress-on-port-81', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 81, protocol: 'UDP' }] }] })], tcp(81, (t) => t.expectAllIngress('x/a', false))) },
  { name: 'should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'allow-client-a-via-ns-selector-for-immutable-ns-label', { podSelector: sel({ pod: 'a' }), policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: sel({ [NS]: 'y' }) }] }] })], tcp(80, onlyFromY)) },
  { name: 'should enforce policy based on NamespaceSelector with MatchExpressions using default ns label', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [80], [policy('x', 'allow-ns-y-match-selector-for-immutable-ns-label', { podSelector: sel({ pod: 'a' }), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: expr(NS, 'NotIn', ['y']) }] }] })], tcp(80, (t) => t.expectPeer({ ns: 'x', pod: 'a' }, { ns: 'y' }, false))) },
  // "NetworkPolicy between server and client using UDP"
  { name: "UDP: should support a 'default-deny-ingress' policy", ...one(['x/a', 'x/b', 'y/a', 'y/b'], [80], [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })], udp(80, (t) => t.expectPeer({}, { ns: 'x' }, false))) },
  { name: 'UDP: should enforce policy based on Ports', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [81], [fromNsY('UDP', 81)], udp(81, onlyFromY)) },
  { name: 'UDP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', ...one(['x/a', 'x/b', 'y/a'], [80], [fromYA], udp(80, (t) => t.expectAllIngress('x/a', false).expect('y/a', 'x/a', true))) },
  // "NetworkPolicy between server and client using SCTP"
  { name: "SCTP: should support a 'default-deny-ingress' policy", ...one(['x/a', 'x/b', 'y/a', 'y/b'], [80], [policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'], ingress: [] })], sctp(80, (t) => t.expectPeer({}, { ns: 'x' }, false))) },
  { name: 'SCTP: should enforce policy based on Ports', ...one(['x/a', 'x/b', 'y/a', 'z/a'], [81], [fromNsY('SCTP', 81)], sctp(81, onlyFromY)) },
  { name: 'SCTP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector', ...one(['x/a', 'x/b', 'y/a'], [80], [fromYA], sctp(80, (t) => t.expectAllIngress('x/a', false).expect('y/a', 'x/a', true))) },
];

/** Every cell where the model's verdict differs from the truth table, as `from>to port/protocol: got`. */
function mismatches(c: Case): string[] {
  // Calico IPAM: the addresses of the cluster with the Installation, before any policy.
  const addresses = buildCluster(modelYaml(c.pods, c.ports, c.protocols, [CALICO]));
  const ip = (id: string) => addresses.pods.find((p) => `${p.namespace}/${p.name}` === id)?.ip ?? 'missing';
  const out: string[] = [];
  for (const stage of c.stages) {
    const cluster = buildCluster(modelYaml(stage.pods ?? c.pods, c.ports, c.protocols, [CALICO, ...stage.policies(ip)], stage.namespaceLabels));
    const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) return errors.map((d) => d.message);
    if (cluster.pods.some((p) => c.pods.includes(`${p.namespace}/${p.name}`) && p.ip !== ip(`${p.namespace}/${p.name}`))) out.push('pod addresses moved between builds');
    for (const check of stage.checks) {
      const truth = check.truth(new Truth(c.pods));
      const probes = reachability(cluster, [check.port], [check.protocol]).probes.filter((p) => c.pods.includes(p.from) && c.pods.includes(p.to));
      if (probes.length !== c.pods.length * (c.pods.length - 1)) out.push(`${probes.length} probes`);
      for (const p of probes) {
        if (truth.expected.get(`${p.from}>${p.to}`) !== p.allowed) out.push(`${p.from}>${p.to} ${p.port}/${p.protocol}: ${p.allowed ? 'allowed' : 'denied'} (${p.reason})`);
      }
    }
  }
  return out;
}

describe('the upstream NetworkPolicy e2e truth tables (test/e2e/network/netpol/network_policy.go)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(mismatches(c)).toEqual([]);
  });

  it('ports every case of the file', () => {
    expect(CASES.length).toBe(48);
  });
});
