/**
 * kube-proxy v1.28's own iptables unit tests (kubernetes pkg/proxy/iptables/proxier_test.go),
 * ported where Podpath can express the setup: the same Services and EndpointSlices, the same
 * expected rule text (kube-proxy's restore syntax) and the same packet flows, traced by
 * Podpath's rule evaluator (flows.testing.ts). IPv6 cases are left out: Podpath is IPv4 only.
 */
import { describe, expect, it } from 'vitest';
import { renderRestore } from '../netfilter/render';
import type { Table } from '../netfilter/rules';
import type { ServiceInfo } from '../model';
import {
  fakeProxierRestore, syncProxyRules, testService, testSlice, tracePacket, TEST_EXTERNAL_CLIENT, TEST_EXTERNAL_IP, TEST_NODE, TEST_NODE_IP, TEST_NODE_IP_ALT,
  type TestEndpoint,
} from './flows.testing';

/** assertIPTablesChainEqual: the lines of one chain in kube-proxy's restore input. */
const chainOf = (table: Table, chain: string) => renderRestore(table).split('\n').filter((l) => l.startsWith(`-A ${chain} `));
const declared = (table: Table) => renderRestore(table).split('\n').filter((l) => l.startsWith(':')).map((l) => l.slice(1, l.indexOf(' ')));

interface FlowCase {
  name: string;
  src: string;
  dst: string;
  dport: number;
  output: string;
  masq?: boolean;
}

function runPacketFlowTests(tables: { filter: Table; nat: Table }, flows: FlowCase[]) {
  for (const f of flows) {
    const got = tracePacket(tables, f.src, f.dst, f.dport);
    expect(got.output, f.name).toBe(f.output);
    if (f.masq !== undefined) expect(got.masq, `${f.name}: masquerade`).toBe(f.masq);
  }
}

describe('upstream TestNodePorts (IPv4 cases): node ports under localhostNodePorts and nodePortAddresses', () => {
  const cases = [
    { name: 'ipv4, localhost-nodeports enabled', localhostNodePorts: true, nodePortAddresses: [] as string[], allowAltNodeIP: true, expectFirewall: true },
    { name: 'ipv4, localhost-nodeports disabled', localhostNodePorts: false, nodePortAddresses: [], allowAltNodeIP: true, expectFirewall: false },
    { name: 'ipv4, localhost-nodeports disabled, localhost in nodeport-addresses', localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '127.0.0.1/32'], allowAltNodeIP: false, expectFirewall: false },
    // 2001:db8::/64 of the upstream case is an IPv6 CIDR, which an IPv4 proxier ignores.
    { name: 'ipv4, localhost-nodeports enabled, multiple nodeport-addresses', localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24'], allowAltNodeIP: true, expectFirewall: false },
    // Not upstream's: localhostNodePorts left on, but nodePortAddresses without loopback turns it off (NewProxier).
    { name: 'localhost-nodeports on, nodePortAddresses without loopback', localhostNodePorts: true, nodePortAddresses: ['192.168.0.0/24'], allowAltNodeIP: false, expectFirewall: false },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const svc = testService('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }] });
      const slice = testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: TEST_NODE }], [{ name: 'p80', port: 80 }]);
      const tables = syncProxyRules([svc], [slice], { localhostNodePorts: tc.localhostNodePorts, nodePortAddresses: tc.nodePortAddresses });
      const output = '10.180.0.1:80, 10.180.2.1:80';
      runPacketFlowTests(tables, [
        { name: 'pod to cluster IP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output, masq: false },
        { name: 'external to nodePort', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output, masq: true },
        { name: 'node to nodePort', src: TEST_NODE_IP, dst: TEST_NODE_IP, dport: 3001, output, masq: true },
      ]);
      const localhostOn = tc.localhostNodePorts && tc.expectFirewall;
      runPacketFlowTests(tables, [localhostOn
        ? { name: 'localhost to nodePort gets masqueraded', src: '127.0.0.1', dst: '127.0.0.1', dport: 3001, output, masq: true }
        : { name: 'localhost to nodePort is ignored', src: '127.0.0.1', dst: '127.0.0.1', dport: 3001, output: '' }]);
      runPacketFlowTests(tables, [tc.allowAltNodeIP
        ? { name: 'external to nodePort on secondary IP', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP_ALT, dport: 3001, output, masq: true }
        : { name: 'secondary nodeIP ignores NodePorts', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP_ALT, dport: 3001, output: '' }]);
      // The firewall rule is checked as text (upstream's tracer has no conntrack states).
      expect(chainOf(tables.filter, 'KUBE-FIREWALL')).toEqual(tc.expectFirewall
        ? ['-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP']
        : []);
      // Not declared either: kube-proxy's restore input leaves the chain to the kubelet.
      expect(declared(tables.filter).includes('KUBE-FIREWALL')).toBe(tc.expectFirewall);
    });
  }
});

describe('upstream TestHealthCheckNodePort', () => {
  it('the firewall accepts the health check node port; once the Service is gone, nothing does', () => {
    const svc = testService('ns1', 'svc1', {
      type: 'LoadBalancer', clusterIP: '172.30.0.42', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }],
      healthCheckNodePort: 30000, externalTrafficPolicy: 'Local',
    });
    runPacketFlowTests(syncProxyRules([svc], [], { nodePortAddresses: ['127.0.0.0/8'] }), [
      { name: 'firewall accepts HealthCheckNodePort', src: '1.2.3.4', dst: TEST_NODE_IP, dport: 30000, output: 'ACCEPT', masq: false },
    ]);
    runPacketFlowTests(syncProxyRules([], [], { nodePortAddresses: ['127.0.0.0/8'] }), [
      { name: 'HealthCheckNodePort no longer has any rule', src: '1.2.3.4', dst: TEST_NODE_IP, dport: 30000, output: '' },
    ]);
  });
});

describe('upstream TestMasqueradeRule and TestDropInvalidRule (the v1.28 cases)', () => {
  it('KUBE-POSTROUTING masquerades marked packets, --random-fully (iptables with random-fully)', () => {
    expect(chainOf(syncProxyRules([], []).nat, 'KUBE-POSTROUTING')).toEqual([
      '-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
  });
  it('KUBE-FORWARD drops INVALID first (no nfacct, no tcp_be_liberal check in 1.28)', () => {
    expect(chainOf(syncProxyRules([], []).filter, 'KUBE-FORWARD')).toEqual([
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x00004000/0x00004000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
  });
});

function lbService(policy: 'Local' | 'Cluster'): ServiceInfo {
  return testService('ns1', 'svc1', {
    type: 'LoadBalancer', clusterIP: '172.30.0.41', externalIPs: [TEST_EXTERNAL_IP], loadBalancerIPs: ['1.2.3.4'],
    ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }], externalTrafficPolicy: policy,
    ...(policy === 'Local' ? { healthCheckNodePort: 30000 } : {}),
  });
}

describe('upstream TestExternalTrafficPolicyLocal and TestExternalTrafficPolicyCluster', () => {
  const slice = testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: TEST_NODE }], [{ name: 'p80', port: 80 }]);
  const both = '10.180.0.1:80, 10.180.2.1:80';
  it('Local: pods reach every endpoint unmasqueraded, outside clients only the local one, their address kept', () => {
    runPacketFlowTests(syncProxyRules([lbService('Local')], [slice]), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: both, masq: false },
      { name: 'pod to external IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: TEST_EXTERNAL_IP, dport: 80, output: both, masq: false },
      { name: 'external to external IP hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_EXTERNAL_IP, dport: 80, output: '10.180.2.1:80', masq: false },
      { name: 'pod to LB IP hits only both endpoints, unmasqueraded', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: both, masq: false },
      { name: 'external to LB IP hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.180.2.1:80', masq: false },
      { name: 'pod to NodePort hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: both, masq: false },
      { name: 'external to NodePort hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: '10.180.2.1:80', masq: false },
    ]);
  });
  it('Cluster: every external path is masqueraded, to both endpoints', () => {
    runPacketFlowTests(syncProxyRules([lbService('Cluster')], [slice]), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: both, masq: false },
      { name: 'pod to external IP hits both endpoints, masqueraded', src: '10.0.0.2', dst: TEST_EXTERNAL_IP, dport: 80, output: both, masq: true },
      { name: 'external to external IP hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_EXTERNAL_IP, dport: 80, output: both, masq: true },
      { name: 'pod to LB IP hits both endpoints, masqueraded', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: both, masq: true },
      { name: 'external to LB IP hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: both, masq: true },
      { name: 'pod to NodePort hits both endpoints, masqueraded', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: both, masq: true },
      { name: 'external to NodePort hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: both, masq: true },
    ]);
  });
});

describe('upstream TestInternalTrafficPolicy', () => {
  const cases: { name: string; policy: 'Cluster' | 'Local'; endpoints: TestEndpoint[]; output: string }[] = [
    { name: 'internalTrafficPolicy is cluster', policy: 'Cluster', endpoints: [{ ip: '10.0.1.1', node: TEST_NODE }, { ip: '10.0.1.2', node: 'node1' }, { ip: '10.0.1.3', node: 'node2' }], output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80' },
    { name: 'internalTrafficPolicy is local and there is one local endpoint', policy: 'Local', endpoints: [{ ip: '10.0.1.1', node: TEST_NODE }, { ip: '10.0.1.2', node: 'node1' }, { ip: '10.0.1.3', node: 'node2' }], output: '10.0.1.1:80' },
    { name: 'internalTrafficPolicy is local and there are multiple local endpoints', policy: 'Local', endpoints: [{ ip: '10.0.1.1', node: TEST_NODE }, { ip: '10.0.1.2', node: TEST_NODE }, { ip: '10.0.1.3', node: 'node2' }], output: '10.0.1.1:80, 10.0.1.2:80' },
    { name: 'internalTrafficPolicy is local and there are no local endpoints', policy: 'Local', endpoints: [{ ip: '10.0.1.1', node: 'node0' }, { ip: '10.0.1.2', node: 'node1' }, { ip: '10.0.1.3', node: 'node2' }], output: 'DROP' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const svc = testService('ns1', 'svc1', { clusterIP: '172.30.1.1', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], internalTrafficPolicy: tc.policy });
      runPacketFlowTests(syncProxyRules([svc], [testSlice('ns1', 'svc1', tc.endpoints, [{ port: 80 }])]), [
        { name: 'pod to ClusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: tc.output, masq: false },
      ]);
      runPacketFlowTests(syncProxyRules([svc], []), [{ name: 'endpoints deleted', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' }]);
    });
  }
});

/** The Service of upstream's terminating-endpoint tests: a LoadBalancer without a node port. */
function terminatingService(policy: 'Local' | 'Cluster'): ServiceInfo {
  return testService('ns1', 'svc1', {
    type: 'LoadBalancer', clusterIP: '172.30.1.1', loadBalancerIPs: ['1.2.3.4'], externalTrafficPolicy: policy,
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    // NeedsHealthCheck: only a LoadBalancer with externalTrafficPolicy Local keeps its health check port.
    ...(policy === 'Local' ? { healthCheckNodePort: 30000 } : {}),
  });
}

const cond = (ip: string, node: string, ready: boolean, serving: boolean, terminating: boolean): TestEndpoint => ({ ip, node, ready, serving, terminating });

describe('upstream TestTerminatingEndpointsTrafficPolicyLocal (ProxyTerminatingEndpoints)', () => {
  const cases: { name: string; endpoints: TestEndpoint[]; pod: string; lb: string; masq?: boolean }[] = [
    {
      name: 'ready endpoints exist',
      endpoints: [cond('10.0.1.1', TEST_NODE, true, true, false), cond('10.0.1.2', TEST_NODE, true, true, false), cond('10.0.1.3', TEST_NODE, false, true, true), cond('10.0.1.4', TEST_NODE, false, false, true), cond('10.0.1.5', 'node-1', true, true, false)],
      pod: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', lb: '10.0.1.1:80, 10.0.1.2:80', masq: false,
    },
    {
      name: 'only terminating endpoints exist',
      endpoints: [cond('10.0.1.2', TEST_NODE, false, true, true), cond('10.0.1.3', TEST_NODE, false, true, true), cond('10.0.1.4', TEST_NODE, false, false, true), cond('10.0.1.5', 'node-1', true, true, false)],
      pod: '10.0.1.5:80', lb: '10.0.1.2:80, 10.0.1.3:80', masq: false,
    },
    {
      name: 'terminating endpoints on remote node',
      endpoints: [cond('10.0.1.5', 'node-1', false, true, true)],
      pod: '10.0.1.5:80', lb: 'DROP',
    },
    {
      name: 'no usable endpoints on any node',
      endpoints: [cond('10.0.1.5', TEST_NODE, false, false, true), cond('10.0.1.5', 'node-1', false, false, true)],
      pod: 'REJECT', lb: 'REJECT',
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const svc = terminatingService('Local');
      runPacketFlowTests(syncProxyRules([svc], [testSlice('ns1', 'svc1', tc.endpoints, [{ port: 80 }])]), [
        { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: tc.pod, masq: tc.masq },
        { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: tc.lb, masq: tc.masq },
      ]);
      runPacketFlowTests(syncProxyRules([svc], []), [
        { name: 'pod to clusterIP after endpoints deleted', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' },
        { name: 'external to LB after endpoints deleted', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
      ]);
    });
  }

  it('only terminating local endpoints: the SVL chain holds them, and SEP chains exist for the union (kube-proxy.md §2.1)', () => {
    const endpoints = [cond('10.0.1.2', TEST_NODE, false, true, true), cond('10.0.1.3', TEST_NODE, false, true, true), cond('10.0.1.4', TEST_NODE, false, false, true), cond('10.0.1.5', 'node-1', true, true, false)];
    const { nat, filter } = syncProxyRules([terminatingService('Local')], [testSlice('ns1', 'svc1', endpoints, [{ port: 80 }])]);
    expect(declared(nat).filter((c) => /^KUBE-(SVC|SVL|EXT|SEP)-/.test(c))).toEqual([
      'KUBE-EXT-AQI2S6QIMU7PVVRP', 'KUBE-SVC-AQI2S6QIMU7PVVRP', 'KUBE-SVL-AQI2S6QIMU7PVVRP',
      expect.stringMatching(/^KUBE-SEP-/), expect.stringMatching(/^KUBE-SEP-/), expect.stringMatching(/^KUBE-SEP-/),
    ]);
    expect(chainOf(nat, 'KUBE-EXT-AQI2S6QIMU7PVVRP').at(-1)).toBe('-A KUBE-EXT-AQI2S6QIMU7PVVRP -j KUBE-SVL-AQI2S6QIMU7PVVRP');
    expect(chainOf(nat, 'KUBE-SVL-AQI2S6QIMU7PVVRP').map((l) => l.replace(/ -j KUBE-SEP-\w+$/, ''))).toEqual([
      '-A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.5000000000',
      '-A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80"',
    ]);
    expect(chainOf(nat, 'KUBE-SVC-AQI2S6QIMU7PVVRP').slice(1)).toEqual([
      '-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.5:80" -j KUBE-SEP-EQCHZ7S2PJ72OHAY',
    ]);
    // The health check port is there, and no DROP: the node has (terminating) local endpoints.
    expect(renderRestore(filter)).not.toContain('has no local endpoints');
  });
});

describe('upstream TestTerminatingEndpointsTrafficPolicyCluster (ProxyTerminatingEndpoints)', () => {
  const cases: { name: string; endpoints: TestEndpoint[]; output: string; masq?: [boolean, boolean] }[] = [
    {
      name: 'ready endpoints exist',
      endpoints: [cond('10.0.1.1', TEST_NODE, true, true, false), cond('10.0.1.2', TEST_NODE, true, true, false), cond('10.0.1.3', 'another-node', false, true, true), cond('10.0.1.4', 'another-node', false, false, true), cond('10.0.1.5', 'another-node', true, true, false)],
      output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', masq: [false, true],
    },
    {
      name: 'only terminating endpoints exist',
      endpoints: [cond('10.0.1.2', TEST_NODE, false, true, true), cond('10.0.1.3', TEST_NODE, false, true, true), cond('10.0.1.4', 'another-node', false, false, true), cond('10.0.1.5', 'another-node', false, true, true)],
      output: '10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', masq: [false, true],
    },
    { name: 'terminating endpoints on remote node', endpoints: [cond('10.0.1.5', 'node-1', false, true, true)], output: '10.0.1.5:80', masq: [false, true] },
    { name: 'no usable endpoints on any node', endpoints: [cond('10.0.1.5', TEST_NODE, false, false, true), cond('10.0.1.5', 'node-1', false, false, true)], output: 'REJECT' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const svc = terminatingService('Cluster');
      runPacketFlowTests(syncProxyRules([svc], [testSlice('ns1', 'svc1', tc.endpoints, [{ port: 80 }])]), [
        { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: tc.output, masq: tc.masq?.[0] },
        { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: tc.output, masq: tc.masq?.[1] },
      ]);
      runPacketFlowTests(syncProxyRules([svc], []), [
        { name: 'pod to clusterIP after endpoints deleted', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' },
        { name: 'external to LB after endpoints deleted', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
      ]);
    });
  }
});

describe('upstream TestOverallIPTablesRules', () => {
  it('writes exactly the expected filter and nat tables for a ClusterIP, an eTP Local LoadBalancer, a NodePort, an external IP, a source-ranged sticky LoadBalancer and a Service without endpoints', () => {
    const port = (nodePort?: number) => [{ name: 'p80', port: 80, protocol: 'TCP' as const, targetPort: 80, ...(nodePort ? { nodePort } : {}) }];
    const services = [
      testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: port() }),
      testService('ns2', 'svc2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42', ports: port(3001), loadBalancerIPs: ['1.2.3.4'], externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000 }),
      testService('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: port(3003) }),
      testService('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: port() }),
      // Upstream writes " 203.0.113.0/25" to show the whitespace is trimmed; Podpath's admission trims it.
      testService('ns5', 'svc5', { type: 'LoadBalancer', clusterIP: '172.30.0.45', ports: port(3002), loadBalancerIPs: ['5.6.7.8'], loadBalancerSourceRanges: ['203.0.113.0/25'], sessionAffinity: 'ClientIP', affinityTimeout: 10800 }),
      testService('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: port() }),
    ];
    const p80 = [{ name: 'p80', port: 80 }];
    const slices = [
      testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }], p80),
      testSlice('ns2', 'svc2', [{ ip: '10.180.0.2' }], p80),
      testSlice('ns3', 'svc3', [{ ip: '10.180.0.3' }], p80),
      testSlice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', node: TEST_NODE }], p80),
      testSlice('ns5', 'svc5', [{ ip: '10.180.0.3' }], p80),
    ];
    const { filter, nat } = syncProxyRules(services, slices);
    // The v1.31 expectation's nfacct lines are not in 1.28.
    const got = fakeProxierRestore([filter, nat]);
    expect(got).toBe(`*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT
-A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]
:KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
:KUBE-EXT-NUKIZ6OKUXPJNT4C - [0:0]
:KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
:KUBE-FW-NUKIZ6OKUXPJNT4C - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
:KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]
:KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
:KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
:KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
:KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
:KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
:KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]
:KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
-A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
-A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK
-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C
-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
-A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
COMMIT
`);
  });
});

describe('upstream TestNoEndpointsReject', () => {
  it('a Service without endpoints rejects on its cluster IP, external IP, node port and LoadBalancer IP', () => {
    const svc = testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.41', externalIPs: [TEST_EXTERNAL_IP], loadBalancerIPs: ['1.2.3.4'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }] });
    runPacketFlowTests(syncProxyRules([svc], []), [
      { name: 'pod to cluster IP with no endpoints', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: 'REJECT' },
      { name: 'external to external IP with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: TEST_EXTERNAL_IP, dport: 80, output: 'REJECT' },
      { name: 'pod to NodePort with no endpoints', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: 'REJECT' },
      { name: 'external to NodePort with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: 'REJECT' },
      { name: 'pod to LoadBalancer IP with no endpoints', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: 'REJECT' },
      { name: 'external to LoadBalancer IP with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
    ]);
  });
});

describe('upstream TestClusterIPGeneral', () => {
  it('named ports, a targetPort, TCP and UDP on one port number, hairpin masquerade', () => {
    const services = [
      testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] }),
      testService('ns2', 'svc2', {
        clusterIP: '172.30.0.42', ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 },
          { name: 'dns-sctp', port: 53, protocol: 'SCTP', targetPort: 53 },
        ],
      }),
    ];
    const slices = [
      testSlice('ns1', 'svc1', [{ ip: '10.180.0.1', node: TEST_NODE }], [{ name: 'http', port: 80 }]),
      testSlice('ns2', 'svc2', [{ ip: '10.180.0.1', node: TEST_NODE }, { ip: '10.180.2.1', node: 'node2' }], [
        { name: 'http', port: 80 }, { name: 'https', port: 8443 }, { name: 'dns-udp', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 5353 }, { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
      ]),
    ];
    const tables = syncProxyRules(services, slices);
    runPacketFlowTests(tables, [
      { name: 'simple clusterIP', src: '10.180.0.2', dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80', masq: false },
      { name: 'hairpin to cluster IP', src: '10.180.0.1', dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80', masq: true },
      { name: 'clusterIP with multiple endpoints', src: '10.180.0.2', dst: '172.30.0.42', dport: 80, output: '10.180.0.1:80, 10.180.2.1:80', masq: false },
      { name: 'clusterIP with TargetPort', src: '10.180.0.2', dst: '172.30.0.42', dport: 443, output: '10.180.0.1:8443, 10.180.2.1:8443', masq: false },
      { name: 'clusterIP with TCP, UDP, and SCTP on same port (TCP)', src: '10.180.0.2', dst: '172.30.0.42', dport: 53, output: '10.180.0.1:5353, 10.180.2.1:5353', masq: false },
      { name: 'svc1 does not accept svc2\'s ports', src: '10.180.0.2', dst: '172.30.0.41', dport: 443, output: '' },
    ]);
    // The UDP cases; the SCTP one is left out: Podpath's packets are TCP, UDP or ICMP.
    const udp = (dport: number) => tracePacket(tables, '10.180.0.2', '172.30.0.42', dport, 'udp');
    expect(udp(53)).toEqual({ output: '10.180.0.1:53, 10.180.2.1:53', masq: false });
    expect(udp(80).output, 'TCP-only port does not match UDP traffic').toBe('');
  });
});

describe('upstream TestLoadBalancer', () => {
  it('loadBalancerSourceRanges: allowed sources and the node reach the VIPs, others are dropped, node ports bypass the ranges', () => {
    const svc = testService('ns1', 'svc1', {
      type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }],
      loadBalancerIPs: ['1.2.3.4', '5.6.7.8'], loadBalancerSourceRanges: ['192.168.0.0/24', '203.0.113.0/25'],
    });
    const ep = '10.180.0.1:80';
    const blocked = '203.0.113.130';
    runPacketFlowTests(syncProxyRules([svc], [testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }], [{ name: 'p80', port: 80 }])]), [
      { name: 'pod to cluster IP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: ep, masq: false },
      { name: 'external to nodePort', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: ep, masq: true },
      { name: 'nodePort bypasses LoadBalancerSourceRanges', src: blocked, dst: TEST_NODE_IP, dport: 3001, output: ep, masq: true },
      { name: 'accepted external to LB1', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'accepted external to LB2', src: TEST_EXTERNAL_CLIENT, dst: '5.6.7.8', dport: 80, output: ep, masq: true },
      { name: 'blocked external to LB1', src: blocked, dst: '1.2.3.4', dport: 80, output: 'DROP' },
      { name: 'blocked external to LB2', src: blocked, dst: '5.6.7.8', dport: 80, output: 'DROP' },
      { name: 'pod to LB1 (blocked by LoadBalancerSourceRanges)', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: 'DROP' },
      { name: 'pod to LB2 (blocked by LoadBalancerSourceRanges)', src: '10.0.0.2', dst: '5.6.7.8', dport: 80, output: 'DROP' },
      { name: 'node to LB1 (allowed by LoadBalancerSourceRanges)', src: TEST_NODE_IP, dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'node to LB2 (allowed by LoadBalancerSourceRanges)', src: TEST_NODE_IP, dst: '5.6.7.8', dport: 80, output: ep, masq: true },
      { name: 'same node to LB1, SNATted to LB1 (implicitly allowed)', src: '1.2.3.4', dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'same node to LB2, SNATted to LB2 (implicitly allowed)', src: '5.6.7.8', dst: '5.6.7.8', dport: 80, output: ep, masq: true },
    ]);
  });
});

describe('upstream TestInternalExternalMasquerade: 30 flows under 4 configurations', () => {
  const lb = (ns: string, ip: string, nodePort: number, vip: string, extra: Partial<ServiceInfo>) =>
    testService(ns, ns.replace('ns', 'svc'), { type: 'LoadBalancer', clusterIP: ip, loadBalancerIPs: [vip], ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort }], ...extra });
  const services = [
    lb('ns1', '172.30.0.41', 3001, '1.2.3.4', {}),
    lb('ns2', '172.30.0.42', 3002, '5.6.7.8', { externalTrafficPolicy: 'Local', healthCheckNodePort: 30002 }),
    lb('ns3', '172.30.0.43', 3003, '9.10.11.12', { internalTrafficPolicy: 'Local' }),
  ];
  const slices = [1, 2, 3].map((i) => testSlice(`ns${i}`, `svc${i}`, [{ ip: `10.180.0.${i}`, node: TEST_NODE }, { ip: `10.180.1.${i}`, node: 'remote' }], [{ name: 'p80', port: 80 }]));
  const all = (i: number) => `10.180.0.${i}:80, 10.180.1.${i}:80`;
  const E = TEST_EXTERNAL_CLIENT;
  const N = TEST_NODE_IP;
  const flows: FlowCase[] = [
    { name: 'pod to ClusterIP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: all(1), masq: false },
    { name: 'pod to NodePort', src: '10.0.0.2', dst: N, dport: 3001, output: all(1), masq: true },
    { name: 'pod to LB', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: all(1), masq: true },
    { name: 'node to ClusterIP', src: N, dst: '172.30.0.41', dport: 80, output: all(1), masq: true },
    { name: 'node to NodePort', src: N, dst: N, dport: 3001, output: all(1), masq: true },
    { name: 'localhost to NodePort', src: '127.0.0.1', dst: '127.0.0.1', dport: 3001, output: all(1), masq: true },
    { name: 'node to LB', src: N, dst: '1.2.3.4', dport: 80, output: all(1), masq: true },
    { name: 'external to ClusterIP', src: E, dst: '172.30.0.41', dport: 80, output: all(1), masq: true },
    { name: 'external to NodePort', src: E, dst: N, dport: 3001, output: all(1), masq: true },
    { name: 'external to LB', src: E, dst: '1.2.3.4', dport: 80, output: all(1), masq: true },
    { name: 'pod to ClusterIP with eTP:Local', src: '10.0.0.2', dst: '172.30.0.42', dport: 80, output: all(2), masq: false },
    { name: 'pod to NodePort with eTP:Local', src: '10.0.0.2', dst: N, dport: 3002, output: all(2), masq: false },
    { name: 'pod to LB with eTP:Local', src: '10.0.0.2', dst: '5.6.7.8', dport: 80, output: all(2), masq: false },
    { name: 'node to ClusterIP with eTP:Local', src: N, dst: '172.30.0.42', dport: 80, output: all(2), masq: true },
    // Upstream's case uses port 3001 here, svc1's node port: kept as written.
    { name: 'node to NodePort with eTP:Local', src: N, dst: N, dport: 3001, output: all(1), masq: true },
    { name: 'localhost to NodePort with eTP:Local', src: '127.0.0.1', dst: '127.0.0.1', dport: 3002, output: all(2), masq: true },
    { name: 'node to LB with eTP:Local', src: N, dst: '5.6.7.8', dport: 80, output: all(2), masq: true },
    { name: 'external to ClusterIP with eTP:Local', src: E, dst: '172.30.0.42', dport: 80, output: all(2), masq: true },
    { name: 'external to NodePort with eTP:Local', src: E, dst: N, dport: 3002, output: '10.180.0.2:80', masq: false },
    { name: 'external to LB with eTP:Local', src: E, dst: '5.6.7.8', dport: 80, output: '10.180.0.2:80', masq: false },
    { name: 'pod to ClusterIP with iTP:Local', src: '10.0.0.2', dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: false },
    { name: 'pod to NodePort with iTP:Local', src: '10.0.0.2', dst: N, dport: 3003, output: all(3), masq: true },
    { name: 'pod to LB with iTP:Local', src: '10.0.0.2', dst: '9.10.11.12', dport: 80, output: all(3), masq: true },
    { name: 'node to ClusterIP with iTP:Local', src: N, dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: true },
    { name: 'node to NodePort with iTP:Local', src: N, dst: N, dport: 3003, output: all(3), masq: true },
    { name: 'localhost to NodePort with iTP:Local', src: '127.0.0.1', dst: '127.0.0.1', dport: 3003, output: all(3), masq: true },
    { name: 'node to LB with iTP:Local', src: N, dst: '9.10.11.12', dport: 80, output: all(3), masq: true },
    { name: 'external to ClusterIP with iTP:Local', src: E, dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: true },
    { name: 'external to NodePort with iTP:Local', src: E, dst: N, dport: 3003, output: all(3), masq: true },
    { name: 'external to LB with iTP:Local', src: E, dst: '9.10.11.12', dport: 80, output: all(3), masq: true },
  ];
  const noDetector: Record<string, Partial<FlowCase>> = {
    // Without a LocalTrafficDetector all traffic to a ClusterIP is assumed to be from a pod.
    'node to ClusterIP': { masq: false },
    'node to ClusterIP with eTP:Local': { masq: false },
    'node to ClusterIP with iTP:Local': { masq: false },
    'external to ClusterIP': { masq: false },
    'external to ClusterIP with eTP:Local': { masq: false },
    'external to ClusterIP with iTP:Local': { masq: false },
    // And there is no eTP:Local short-circuit for pod traffic, so pods get only the local endpoints.
    'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' },
    'pod to LB with eTP:Local': { output: '10.180.0.2:80' },
  };
  const masqueradeAll: Record<string, Partial<FlowCase>> = {
    'pod to ClusterIP': { masq: true },
    'pod to ClusterIP with eTP:Local': { masq: true },
    'pod to ClusterIP with iTP:Local': { masq: true },
  };
  const cases: { name: string; masqueradeAll: boolean; detector: boolean; overrides: Record<string, Partial<FlowCase>> }[] = [
    { name: 'base', masqueradeAll: false, detector: true, overrides: {} },
    { name: 'no LocalTrafficDetector', masqueradeAll: false, detector: false, overrides: noDetector },
    { name: 'masqueradeAll', masqueradeAll: true, detector: true, overrides: masqueradeAll },
    // Upstream's overrides here: masqueradeAll's, and no detector's two eTP:Local outputs only
    // (with --masquerade-all, node and outside traffic to a ClusterIP is masqueraded anyway).
    {
      name: 'masqueradeAll, no LocalTrafficDetector', masqueradeAll: true, detector: false,
      overrides: { ...masqueradeAll, 'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' }, 'pod to LB with eTP:Local': { output: '10.180.0.2:80' } },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      // No detector: kube-proxy's NoOpLocalDetector, here detectLocalMode ClusterCIDR without a clusterCIDR.
      const tables = syncProxyRules(services, slices, { masqueradeAll: tc.masqueradeAll, ...(tc.detector ? {} : { clusterCIDR: '' }) });
      expect(Object.keys(tc.overrides).every((k) => flows.some((f) => f.name === k))).toBe(true);
      runPacketFlowTests(tables, flows.map((f) => ({ ...f, ...tc.overrides[f.name] })));
    });
  }
});

describe('endpoints written twice (v1.28 endpointslicecache.go: "the local one is preferred")', () => {
  it('the first copy counts, unless a later one is on this node; so a local serving copy beats a remote one', () => {
    const svc = testService('ns1', 'svc1', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '172.30.1.1', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }] });
    const remoteFirst = [testSlice('ns1', 'svc1', [{ ip: '10.0.1.5', node: 'node-1' }, { ip: '10.0.1.5', node: TEST_NODE }], [{ port: 80 }])];
    const localFirst = [testSlice('ns1', 'svc1', [{ ip: '10.0.1.5', node: TEST_NODE }, { ip: '10.0.1.5', node: 'node-1' }], [{ port: 80 }])];
    for (const slices of [remoteFirst, localFirst]) {
      runPacketFlowTests(syncProxyRules([svc], slices), [{ name: 'external to NodePort reaches the local copy', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: '10.0.1.5:80', masq: false }]);
    }
  });
});
