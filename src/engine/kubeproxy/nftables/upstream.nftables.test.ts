/**
 * kube-proxy's own nftables unit tests (kubernetes pkg/proxy/nftables/proxier_test.go, at the
 * commit this model follows: the v1.34 filter-chain layout, PR #132456), ported where Podpath
 * can express the setup: the same Services and EndpointSlices on the same fake node
 * (flows.testing.ts), the same expected ruleset compared as upstream compares it
 * (helpers_test.go sortNFTablesTransaction: by object type, then name, rule order kept), and
 * the same packet flows traced through the generated table. IPv6 cases are left out: Podpath
 * is IPv4 only.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceInfo } from '../../model';
import { testService, testSlice, type TestEndpoint } from '../flows.testing';
import {
  overallSetup, syncNftRules, traceNftPacket, TEST_EXTERNAL_CLIENT, TEST_EXTERNAL_CLIENT_BLOCKED, TEST_NODE, TEST_NODE_IP, TEST_NODE_IP_ALT,
} from './flows.testing';
import type { NftTable } from './model';
import { renderTransaction, sortTransaction } from './render';
import { BASE_RULES, dedent, OVERALL_EXPECTED } from './upstream.testing';

interface Flow {
  name: string;
  src: string;
  dst: string;
  dport: number;
  output: string;
  masq?: boolean;
  proto?: 'tcp' | 'udp' | 'sctp';
}

/** runPacketFlowTests: output and masquerading of each flow (masq false unless given, as in Go). */
function runPacketFlowTests(table: NftTable, flows: Flow[]): void {
  for (const f of flows) {
    const got = traceNftPacket(table, f.src, f.dst, f.dport, f.proto ?? 'tcp');
    expect({ name: f.name, output: got.output, masq: got.masq }).toEqual({ name: f.name, output: f.output, masq: f.masq ?? false });
  }
}

describe('upstream TestOverallNFTablesRules', () => {
  it('writes exactly the expected ruleset, compared as assertNFTablesTransactionEqual compares it', () => {
    const { services, slices } = overallSetup();
    expect(sortTransaction(renderTransaction(syncNftRules(services, slices)))).toBe(sortTransaction(OVERALL_EXPECTED));
  });
});

describe('upstream Test_sortNFTablesTransaction (helpers_test.go)', () => {
  it('sorts by object type, then name, keeping rule order', () => {
    const input = dedent(`
	add table ip testing { comment "rules for kube-proxy" ; }

	add chain ip testing mark-for-masquerade
	add rule ip testing mark-for-masquerade mark set mark or 0x4000
	add chain ip testing masquerading
	add rule ip testing masquerading mark and 0x4000 == 0 return
	add rule ip testing masquerading mark set mark xor 0x4000
	add rule ip testing masquerading masquerade fully-random

	add set ip testing firewall { type ipv4_addr . inet_proto . inet_service ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
	add set ip testing firewall-allow { type ipv4_addr . inet_proto . inet_service . ipv4_addr ; flags interval ; comment "destinations+sources that are allowed by LoadBalancerSourceRanges" ; }
	add chain ip testing firewall-check
	add chain ip testing firewall-allow-check
	add rule ip testing firewall-allow-check ip daddr . meta l4proto . th dport . ip saddr @firewall-allow return
	add rule ip testing firewall-allow-check drop
	add rule ip testing firewall-check ip daddr . meta l4proto . th dport @firewall jump firewall-allow-check

	# svc1
	add chain ip testing service-ULMVA6XW-ns1/svc1/tcp/p80
	add rule ip testing service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
	add rule ip testing service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }

	add chain ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
	add rule ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
	add rule ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80

	add element ip testing service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

	# svc2
	add chain ip testing service-42NFTM6N-ns2/svc2/tcp/p80
	add rule ip testing service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
	add rule ip testing service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
	add chain ip testing external-42NFTM6N-ns2/svc2/tcp/p80
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
	add chain ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
	add rule ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
	add rule ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80

	add element ip testing service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }

	add element ip testing no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
	add element ip testing no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
	add element ip testing no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }
	`);
    const expected = dedent(`
	add table ip testing { comment "rules for kube-proxy" ; }
	add chain ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
	add chain ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
	add chain ip testing external-42NFTM6N-ns2/svc2/tcp/p80
	add chain ip testing firewall-allow-check
	add chain ip testing firewall-check
	add chain ip testing mark-for-masquerade
	add chain ip testing masquerading
	add chain ip testing service-42NFTM6N-ns2/svc2/tcp/p80
	add chain ip testing service-ULMVA6XW-ns1/svc1/tcp/p80
	add rule ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
	add rule ip testing endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
	add rule ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
	add rule ip testing endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
	add rule ip testing external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
	add rule ip testing firewall-allow-check ip daddr . meta l4proto . th dport . ip saddr @firewall-allow return
	add rule ip testing firewall-allow-check drop
	add rule ip testing firewall-check ip daddr . meta l4proto . th dport @firewall jump firewall-allow-check
	add rule ip testing mark-for-masquerade mark set mark or 0x4000
	add rule ip testing masquerading mark and 0x4000 == 0 return
	add rule ip testing masquerading mark set mark xor 0x4000
	add rule ip testing masquerading masquerade fully-random
	add rule ip testing service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
	add rule ip testing service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
	add rule ip testing service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
	add rule ip testing service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
	add set ip testing firewall { type ipv4_addr . inet_proto . inet_service ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
	add set ip testing firewall-allow { type ipv4_addr . inet_proto . inet_service . ipv4_addr ; flags interval ; comment "destinations+sources that are allowed by LoadBalancerSourceRanges" ; }
	add element ip testing no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
	add element ip testing no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
	add element ip testing no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }
	add element ip testing service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
	add element ip testing service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
	add element ip testing service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
	`);
    expect(sortTransaction(input)).toBe(expected.trim());
  });
});

const p80 = (nodePort?: number, targetPort = 80) => [{ name: 'p80', port: 80, protocol: 'TCP' as const, targetPort, ...(nodePort ? { nodePort } : {}) }];
const slice = (ns: string, name: string, eps: TestEndpoint[], ports = [{ name: 'p80', port: 80 }]) => testSlice(ns, name, eps, ports);

describe('upstream TestNoEndpointsReject', () => {
  it('a Service with no endpoints rejects at its cluster IP, external IP, node port and LoadBalancer IP', () => {
    const svc = testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.41', externalIPs: ['192.168.99.11'], ports: p80(3001), loadBalancerIPs: ['1.2.3.4'] });
    runPacketFlowTests(syncNftRules([svc], []), [
      { name: 'pod to cluster IP with no endpoints', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: 'REJECT' },
      { name: 'external to external IP with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: '192.168.99.11', dport: 80, output: 'REJECT' },
      { name: 'pod to NodePort with no endpoints', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: 'REJECT' },
      { name: 'external to NodePort with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: 'REJECT' },
      { name: 'pod to LoadBalancer IP with no endpoints', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: 'REJECT' },
      { name: 'external to LoadBalancer IP with no endpoints', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
    ]);
  });
});

describe('upstream TestClusterIPGeneral', () => {
  it('cluster IPs: hairpin, several endpoints, target ports, TCP/UDP/SCTP on one port, wrong ports and unallocated addresses', () => {
    const svc1 = testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] });
    const svc2 = testService('ns2', 'svc2', {
      clusterIP: '172.30.0.42',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 80 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        { name: 'dns-udp', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 },
        { name: 'dns-sctp', port: 53, protocol: 'SCTP', targetPort: 53 },
      ],
    });
    const slices = [
      testSlice('ns1', 'svc1', [{ ip: '10.180.0.1', node: TEST_NODE }], [{ name: 'http', port: 80 }]),
      testSlice('ns2', 'svc2', [{ ip: '10.180.0.1', node: TEST_NODE }, { ip: '10.180.2.1', node: 'node2' }], [
        { name: 'http', port: 80 }, { name: 'https', port: 8443 }, { name: 'dns-udp', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 5353 }, { name: 'dns-sctp', port: 53, protocol: 'SCTP' },
      ]),
    ];
    runPacketFlowTests(syncNftRules([svc1, svc2], slices), [
      { name: 'simple clusterIP', src: '10.180.0.2', dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80', masq: false },
      { name: 'hairpin to cluster IP', src: '10.180.0.1', dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80', masq: true },
      { name: 'clusterIP with multiple endpoints', src: '10.180.0.2', dst: '172.30.0.42', dport: 80, output: '10.180.0.1:80, 10.180.2.1:80', masq: false },
      { name: 'clusterIP with TargetPort', src: '10.180.0.2', dst: '172.30.0.42', dport: 443, output: '10.180.0.1:8443, 10.180.2.1:8443', masq: false },
      { name: 'clusterIP with TCP, UDP, and SCTP on same port (TCP)', src: '10.180.0.2', proto: 'tcp', dst: '172.30.0.42', dport: 53, output: '10.180.0.1:5353, 10.180.2.1:5353', masq: false },
      { name: 'clusterIP with TCP, UDP, and SCTP on same port (UDP)', src: '10.180.0.2', proto: 'udp', dst: '172.30.0.42', dport: 53, output: '10.180.0.1:53, 10.180.2.1:53', masq: false },
      { name: 'clusterIP with TCP, UDP, and SCTP on same port (SCTP)', src: '10.180.0.2', proto: 'sctp', dst: '172.30.0.42', dport: 53, output: '10.180.0.1:53, 10.180.2.1:53', masq: false },
      { name: 'TCP-only port does not match UDP traffic', src: '10.180.0.2', proto: 'udp', dst: '172.30.0.42', dport: 80, output: 'REJECT' },
      { name: "svc1 does not accept svc2's ports", src: '10.180.0.2', dst: '172.30.0.41', dport: 443, output: 'REJECT' },
      { name: 'packet to unallocated cluster ip', src: '10.180.0.2', dst: '172.30.0.50', dport: 80, output: 'DROP' },
    ]);
  });
});

describe('upstream TestLoadBalancer', () => {
  it('loadBalancerSourceRanges: allowed and blocked sources, node ports exempt, the node and its own VIPs allowed', () => {
    const svc = testService('ns1', 'svc1', {
      type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: p80(3001), loadBalancerIPs: ['1.2.3.4', '5.6.7.8'],
      // Regression test that excess whitespace gets ignored.
      loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
    });
    const table = syncNftRules([svc], [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }])]);
    const ep = '10.180.0.1:80';
    runPacketFlowTests(table, [
      { name: 'pod to cluster IP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: ep, masq: false },
      { name: 'external to nodePort', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: ep, masq: true },
      { name: 'nodePort bypasses LoadBalancerSourceRanges', src: TEST_EXTERNAL_CLIENT_BLOCKED, dst: TEST_NODE_IP, dport: 3001, output: ep, masq: true },
      { name: 'accepted external to LB1', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'accepted external to LB2', src: TEST_EXTERNAL_CLIENT, dst: '5.6.7.8', dport: 80, output: ep, masq: true },
      { name: 'blocked external to LB1', src: TEST_EXTERNAL_CLIENT_BLOCKED, dst: '1.2.3.4', dport: 80, output: 'DROP' },
      { name: 'blocked external to LB2', src: TEST_EXTERNAL_CLIENT_BLOCKED, dst: '5.6.7.8', dport: 80, output: 'DROP' },
      { name: 'pod to LB1 (blocked by LoadBalancerSourceRanges)', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: 'DROP' },
      { name: 'pod to LB2 (blocked by LoadBalancerSourceRanges)', src: '10.0.0.2', dst: '5.6.7.8', dport: 80, output: 'DROP' },
      { name: 'node to LB1 (allowed by LoadBalancerSourceRanges)', src: TEST_NODE_IP, dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'node to LB2 (allowed by LoadBalancerSourceRanges)', src: TEST_NODE_IP, dst: '5.6.7.8', dport: 80, output: ep, masq: true },
      { name: 'same node to LB1, SNATted to LB1 (implicitly allowed)', src: '1.2.3.4', dst: '1.2.3.4', dport: 80, output: ep, masq: true },
      { name: 'same node to LB2, SNATted to LB2 (implicitly allowed)', src: '5.6.7.8', dst: '5.6.7.8', dport: 80, output: ep, masq: true },
    ]);
    // The firewall chain the flows went through, as kube-proxy writes it (its LB IPs allowed: the node is in a range).
    expect(renderTransaction(table)).toContain('add rule ip kube-proxy firewall-ULMVA6XW-ns1/svc1/tcp/p80 ip saddr != { 192.168.0.0/24 , 203.0.113.0/25 , 1.2.3.4 , 5.6.7.8 } drop\n');
  });
});

describe('upstream TestNodePorts (IPv4 cases)', () => {
  for (const tc of [
    { name: 'ipv4', nodePortAddresses: undefined, allowAltNodeIP: false },
    // 2001:db8::/64 of the upstream case is IPv6, which an IPv4 proxier ignores.
    { name: 'ipv4, multiple nodeport-addresses', nodePortAddresses: ['192.168.0.0/24', '192.168.1.0/24'], allowAltNodeIP: true },
  ]) {
    it(tc.name, () => {
      const svc = testService('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: p80(3001) });
      const table = syncNftRules([svc], [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: TEST_NODE }])], tc.nodePortAddresses ? { nodePortAddresses: tc.nodePortAddresses } : {});
      const output = '10.180.0.1:80, 10.180.2.1:80';
      runPacketFlowTests(table, [
        { name: 'pod to cluster IP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output, masq: false },
        { name: 'external to nodePort', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output, masq: true },
        { name: 'node to nodePort', src: TEST_NODE_IP, dst: TEST_NODE_IP, dport: 3001, output, masq: true },
        tc.allowAltNodeIP
          ? { name: 'external to nodePort on secondary IP', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP_ALT, dport: 3001, output, masq: true }
          : { name: 'secondary nodeIP ignores NodePorts', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP_ALT, dport: 3001, output: '' },
      ]);
    });
  }
});

function lb(policy: 'Local' | 'Cluster'): ServiceInfo {
  return testService('ns1', 'svc1', {
    type: 'LoadBalancer', externalTrafficPolicy: policy, clusterIP: '172.30.0.41', externalIPs: ['192.168.99.11'], ports: p80(3001),
    loadBalancerIPs: ['1.2.3.4'], ...(policy === 'Local' ? { healthCheckNodePort: 30000 } : {}),
  });
}

describe('upstream TestExternalTrafficPolicyLocal and TestExternalTrafficPolicyCluster', () => {
  const eps = [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }, { ip: '10.180.2.1', node: TEST_NODE }])];
  const both = '10.180.0.1:80, 10.180.2.1:80';
  it('Local: pods reach every endpoint, outside clients only the local one, and nothing is masqueraded', () => {
    runPacketFlowTests(syncNftRules([lb('Local')], eps), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: both, masq: false },
      { name: 'pod to external IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: '192.168.99.11', dport: 80, output: both, masq: false },
      { name: 'external to external IP hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: '192.168.99.11', dport: 80, output: '10.180.2.1:80', masq: false },
      { name: 'pod to LB IP hits only both endpoints, unmasqueraded', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: both, masq: false },
      { name: 'external to LB IP hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.180.2.1:80', masq: false },
      { name: 'pod to NodePort hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: both, masq: false },
      { name: 'external to NodePort hits only local endpoint, unmasqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: '10.180.2.1:80', masq: false },
    ]);
  });
  it('Cluster: every endpoint, masqueraded but for pods to the cluster IP', () => {
    runPacketFlowTests(syncNftRules([lb('Cluster')], eps), [
      { name: 'pod to cluster IP hits both endpoints, unmasqueraded', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: both, masq: false },
      { name: 'pod to external IP hits both endpoints, masqueraded', src: '10.0.0.2', dst: '192.168.99.11', dport: 80, output: both, masq: true },
      { name: 'external to external IP hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: '192.168.99.11', dport: 80, output: both, masq: true },
      { name: 'pod to LB IP hits both endpoints, masqueraded', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: both, masq: true },
      { name: 'external to LB IP hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: both, masq: true },
      { name: 'pod to NodePort hits both endpoints, masqueraded', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: both, masq: true },
      { name: 'external to NodePort hits both endpoints, masqueraded', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: both, masq: true },
    ]);
  });
});

/** TestTerminatingEndpointsTrafficPolicy{Local,Cluster}'s Service: an unnamed port 80, LB 1.2.3.4. */
function terminatingService(policy: 'Local' | 'Cluster'): ServiceInfo {
  return testService('ns1', 'svc1', {
    type: 'LoadBalancer', externalTrafficPolicy: policy, clusterIP: '172.30.1.1', healthCheckNodePort: 30000,
    ports: [{ name: undefined, port: 80, protocol: 'TCP', targetPort: 80 }], loadBalancerIPs: ['1.2.3.4'],
  });
}
const ready = (ip: string, node: string): TestEndpoint => ({ ip, node, ready: true, serving: true, terminating: false });
const servingTerminating = (ip: string, node: string): TestEndpoint => ({ ip, node, ready: false, serving: true, terminating: true });
const notServing = (ip: string, node: string): TestEndpoint => ({ ip, node, ready: false, serving: false, terminating: true });

function runTerminating(policy: 'Local' | 'Cluster', endpoints: TestEndpoint[], flows: Flow[]): void {
  const svc = terminatingService(policy);
  runPacketFlowTests(syncNftRules([svc], [testSlice('ns1', 'svc1', endpoints, [{ name: undefined, port: 80 }])]), flows);
  // fp.OnEndpointSliceDelete: both reject.
  runPacketFlowTests(syncNftRules([svc], []), [
    { name: 'pod to clusterIP after endpoints deleted', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' },
    { name: 'external to LB after endpoints deleted', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
  ]);
}

describe('upstream TestTerminatingEndpointsTrafficPolicyLocal', () => {
  it('ready endpoints exist: the terminating and not-serving ones are left out', () => {
    runTerminating('Local', [ready('10.0.1.1', TEST_NODE), ready('10.0.1.2', TEST_NODE), servingTerminating('10.0.1.3', TEST_NODE), notServing('10.0.1.4', TEST_NODE), ready('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', masq: false },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.0.1.1:80, 10.0.1.2:80', masq: false },
    ]);
  });
  it('only terminating endpoints exist locally: the local serving ones take external traffic', () => {
    runTerminating('Local', [servingTerminating('10.0.1.2', TEST_NODE), servingTerminating('10.0.1.3', TEST_NODE), notServing('10.0.1.4', TEST_NODE), ready('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.5:80', masq: false },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.0.1.2:80, 10.0.1.3:80', masq: false },
    ]);
  });
  it('terminating endpoints on remote node: no locally usable endpoint drops external traffic', () => {
    runTerminating('Local', [servingTerminating('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.5:80' },
      { name: 'external to LB, no locally-usable endpoints', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'DROP' },
    ]);
  });
  it('no usable endpoints on any node: reject', () => {
    runTerminating('Local', [notServing('10.0.1.5', TEST_NODE), notServing('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP, no usable endpoints', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' },
      { name: 'external to LB, no usable endpoints', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
    ]);
  });
});

describe('upstream TestTerminatingEndpointsTrafficPolicyCluster', () => {
  it('ready endpoints exist', () => {
    runTerminating('Cluster', [ready('10.0.1.1', TEST_NODE), ready('10.0.1.2', TEST_NODE), servingTerminating('10.0.1.3', 'another-node'), notServing('10.0.1.4', 'another-node'), ready('10.0.1.5', 'another-node')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', masq: false },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80', masq: true },
    ]);
  });
  it('only terminating endpoints exist', () => {
    runTerminating('Cluster', [servingTerminating('10.0.1.2', TEST_NODE), servingTerminating('10.0.1.3', TEST_NODE), notServing('10.0.1.4', 'another-node'), servingTerminating('10.0.1.5', 'another-node')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', masq: false },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80', masq: true },
    ]);
  });
  it('terminating endpoints on remote node', () => {
    runTerminating('Cluster', [servingTerminating('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: '10.0.1.5:80', masq: false },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.0.1.5:80', masq: true },
    ]);
  });
  it('no usable endpoints on any node', () => {
    runTerminating('Cluster', [notServing('10.0.1.5', TEST_NODE), notServing('10.0.1.5', 'node-1')], [
      { name: 'pod to clusterIP', src: '10.0.0.2', dst: '172.30.1.1', dport: 80, output: 'REJECT' },
      { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: 'REJECT' },
    ]);
  });
});

describe('upstream TestInternalExternalMasquerade (the masquerade matrix)', () => {
  const services = [
    testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: p80(3001), healthCheckNodePort: 30001, loadBalancerIPs: ['1.2.3.4'] }),
    testService('ns2', 'svc2', { type: 'LoadBalancer', clusterIP: '172.30.0.42', ports: p80(3002), healthCheckNodePort: 30002, externalTrafficPolicy: 'Local', loadBalancerIPs: ['5.6.7.8'] }),
    testService('ns3', 'svc3', { type: 'LoadBalancer', clusterIP: '172.30.0.43', ports: p80(3003), healthCheckNodePort: 30003, internalTrafficPolicy: 'Local', loadBalancerIPs: ['9.10.11.12'] }),
  ];
  const slices = [1, 2, 3].map((n) => slice(`ns${n}`, `svc${n}`, [{ ip: `10.180.0.${n}`, node: TEST_NODE }, { ip: `10.180.1.${n}`, node: 'remote' }]));
  const flows: Flow[] = [
    { name: 'pod to ClusterIP', src: '10.0.0.2', dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: false },
    { name: 'pod to NodePort', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3001, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'pod to LB', src: '10.0.0.2', dst: '1.2.3.4', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'node to ClusterIP', src: TEST_NODE_IP, dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'node to NodePort', src: TEST_NODE_IP, dst: TEST_NODE_IP, dport: 3001, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'node to LB', src: TEST_NODE_IP, dst: '1.2.3.4', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'external to ClusterIP', src: TEST_EXTERNAL_CLIENT, dst: '172.30.0.41', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'external to NodePort', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3001, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'external to LB', src: TEST_EXTERNAL_CLIENT, dst: '1.2.3.4', dport: 80, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'pod to ClusterIP with eTP:Local', src: '10.0.0.2', dst: '172.30.0.42', dport: 80, output: '10.180.0.2:80, 10.180.1.2:80', masq: false },
    { name: 'pod to NodePort with eTP:Local', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3002, output: '10.180.0.2:80, 10.180.1.2:80', masq: false },
    { name: 'pod to LB with eTP:Local', src: '10.0.0.2', dst: '5.6.7.8', dport: 80, output: '10.180.0.2:80, 10.180.1.2:80', masq: false },
    { name: 'node to ClusterIP with eTP:Local', src: TEST_NODE_IP, dst: '172.30.0.42', dport: 80, output: '10.180.0.2:80, 10.180.1.2:80', masq: true },
    // Upstream's case uses svc1's node port 3001 here ("same as node to NodePort above").
    { name: 'node to NodePort with eTP:Local', src: TEST_NODE_IP, dst: TEST_NODE_IP, dport: 3001, output: '10.180.0.1:80, 10.180.1.1:80', masq: true },
    { name: 'node to LB with eTP:Local', src: TEST_NODE_IP, dst: '5.6.7.8', dport: 80, output: '10.180.0.2:80, 10.180.1.2:80', masq: true },
    { name: 'external to ClusterIP with eTP:Local', src: TEST_EXTERNAL_CLIENT, dst: '172.30.0.42', dport: 80, output: '10.180.0.2:80, 10.180.1.2:80', masq: true },
    { name: 'external to NodePort with eTP:Local', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3002, output: '10.180.0.2:80', masq: false },
    { name: 'external to LB with eTP:Local', src: TEST_EXTERNAL_CLIENT, dst: '5.6.7.8', dport: 80, output: '10.180.0.2:80', masq: false },
    { name: 'pod to ClusterIP with iTP:Local', src: '10.0.0.2', dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: false },
    { name: 'pod to NodePort with iTP:Local', src: '10.0.0.2', dst: TEST_NODE_IP, dport: 3003, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'pod to LB with iTP:Local', src: '10.0.0.2', dst: '9.10.11.12', dport: 80, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'node to ClusterIP with iTP:Local', src: TEST_NODE_IP, dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: true },
    { name: 'node to NodePort with iTP:Local', src: TEST_NODE_IP, dst: TEST_NODE_IP, dport: 3003, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'node to LB with iTP:Local', src: TEST_NODE_IP, dst: '9.10.11.12', dport: 80, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'external to ClusterIP with iTP:Local', src: TEST_EXTERNAL_CLIENT, dst: '172.30.0.43', dport: 80, output: '10.180.0.3:80', masq: true },
    { name: 'external to NodePort with iTP:Local', src: TEST_EXTERNAL_CLIENT, dst: TEST_NODE_IP, dport: 3003, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
    { name: 'external to LB with iTP:Local', src: TEST_EXTERNAL_CLIENT, dst: '9.10.11.12', dport: 80, output: '10.180.0.3:80, 10.180.1.3:80', masq: true },
  ];
  type Override = { output?: string; masq?: boolean };
  const cases: { name: string; masqueradeAll: boolean; localDetector: boolean; overrides: Record<string, Override> }[] = [
    { name: 'base', masqueradeAll: false, localDetector: true, overrides: {} },
    {
      name: 'no LocalTrafficDetector', masqueradeAll: false, localDetector: false,
      overrides: {
        // With no LocalTrafficDetector, all traffic to a ClusterIP is assumed to be from a pod.
        'node to ClusterIP': { masq: false },
        'node to ClusterIP with eTP:Local': { masq: false },
        'node to ClusterIP with iTP:Local': { masq: false },
        'external to ClusterIP': { masq: false },
        'external to ClusterIP with eTP:Local': { masq: false },
        'external to ClusterIP with iTP:Local': { masq: false },
        // And there's no eTP:Local short-circuit for pod traffic, so pods get only the local endpoints.
        'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' },
        'pod to LB with eTP:Local': { output: '10.180.0.2:80' },
      },
    },
    {
      name: 'masqueradeAll', masqueradeAll: true, localDetector: true,
      overrides: {
        'pod to ClusterIP': { masq: true },
        'pod to ClusterIP with eTP:Local': { masq: true },
        'pod to ClusterIP with iTP:Local': { masq: true },
      },
    },
    {
      name: 'masqueradeAll, no LocalTrafficDetector', masqueradeAll: true, localDetector: false,
      overrides: {
        'pod to ClusterIP': { masq: true },
        'pod to ClusterIP with eTP:Local': { masq: true },
        'pod to ClusterIP with iTP:Local': { masq: true },
        'pod to NodePort with eTP:Local': { output: '10.180.0.2:80' },
        'pod to LB with eTP:Local': { output: '10.180.0.2:80' },
      },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      // No LocalTrafficDetector: kube-proxy with no clusterCIDR to tell pods by (NewNoOpLocalDetector).
      const table = syncNftRules(services, slices, { masqueradeAll: tc.masqueradeAll, ...(tc.localDetector ? {} : { clusterCIDR: '' }) });
      expect(Object.keys(tc.overrides).every((n) => flows.some((f) => f.name === n))).toBe(true);
      runPacketFlowTests(table, flows.map((f) => ({ ...f, ...tc.overrides[f.name] })));
    });
  }
});

describe('upstream TestSyncProxyRulesRepeated (the states a full sync leaves)', () => {
  // Upstream's expected texts after each sync, composed from their per-Service blocks (each block
  // as upstream writes it). kube-proxy's incremental syncs leave a deleted Service's chains flushed
  // for a second before deleting them (staleChains); Podpath shows a node after a full sync, so
  // the states with such leftovers are not ported.
  const svc1 = dedent(`
		add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 }
		add chain ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 ip saddr 10.0.1.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-5TPGNJF2-ns1/svc1/tcp/p80__10.0.1.1/80 meta l4proto tcp dnat to 10.0.1.1:80
		`);
  const svc2 = dedent(`
		add chain ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-MHHHYRWA-ns2/svc2/tcp/p8080 numgen random mod 1 vmap { 0 : goto endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 }
		add chain ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 ip saddr 10.0.2.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-7RVP4LUQ-ns2/svc2/tcp/p8080__10.0.2.1/8080 meta l4proto tcp dnat to 10.0.2.1:8080
		`);
  const svc3 = dedent(`
		add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 }
		add chain ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80
		add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 ip saddr 10.0.3.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-2OCDJSZQ-ns3/svc3/tcp/p80__10.0.3.1/80 meta l4proto tcp dnat to 10.0.3.1:80
		`);
  const svc3Two = dedent(`
		add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 , 1 : goto endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 }
		add chain ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80
		add rule ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 ip saddr 10.0.3.2 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-SWWHDC7X-ns3/svc3/tcp/p80__10.0.3.2/80 meta l4proto tcp dnat to 10.0.3.2:80
		add chain ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80
		add rule ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 ip saddr 10.0.3.3 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-TQ2QKHCZ-ns3/svc3/tcp/p80__10.0.3.3/80 meta l4proto tcp dnat to 10.0.3.3:80
		`);
  const svc4 = dedent(`
		add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
		add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
		add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 }
		add chain ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80
		add rule ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 ip saddr 10.0.4.1 jump mark-for-masquerade
		add rule ip kube-proxy endpoint-WAHRBT2B-ns4/svc4/tcp/p80__10.0.4.1/80 meta l4proto tcp dnat to 10.0.4.1:80
		`);
  const cluster = (n: string, port = 80) => testService(`ns${n}`, `svc${n}`, { clusterIP: `172.30.0.4${n}`, ports: [{ name: `p${port}`, port, protocol: 'TCP', targetPort: port }] });
  const eps = (n: string, ips: string[], port = 80) => testSlice(`ns${n}`, `svc${n}`, ips.map((ip) => ({ ip })), [{ name: `p${port}`, port }]);
  const state = (services: ServiceInfo[], slices: ReturnType<typeof eps>[]) => sortTransaction(renderTransaction(syncNftRules(services, slices)));
  const expected = (...blocks: string[]) => sortTransaction(BASE_RULES + blocks.join('\n'));
  const elements = (lines: string) => dedent(lines);

  it('the initial state, a Service added, one deleted (after its stale chains went), one without and then with endpoints, endpoints changed and added', () => {
    const [s1, s2, s3, s4] = [cluster('1'), cluster('2', 8080), cluster('3'), cluster('4')];
    const [e1, e2, e3] = [eps('1', ['10.0.1.1']), eps('2', ['10.0.2.1'], 8080), eps('3', ['10.0.3.1'])];
    expect(state([s1, s2], [e1, e2])).toBe(expected(elements(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.42 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }
		`), svc1, svc2));
    expect(state([s1, s2, s3], [e1, e2, e3])).toBe(expected(elements(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.42 }
		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 8080 : goto service-MHHHYRWA-ns2/svc2/tcp/p8080 }
		add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
		`), svc1, svc2, svc3));
    const afterDelete = elements(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
		`);
    expect(state([s1, s3], [e1, e2, e3])).toBe(expected(afterDelete, svc1, svc3));
    expect(state([s1, s3, s4], [e1, e3])).toBe(expected(afterDelete, elements(`
		add element ip kube-proxy cluster-ips { 172.30.0.44 }
		add element ip kube-proxy no-endpoint-services { 172.30.0.44 . tcp . 80 comment "ns4/svc4:p80" : goto reject-chain }
		`), svc1, svc3));
    const withSvc4 = elements(`
		add element ip kube-proxy cluster-ips { 172.30.0.41 }
		add element ip kube-proxy cluster-ips { 172.30.0.43 }
		add element ip kube-proxy cluster-ips { 172.30.0.44 }
		add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
		add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
		`);
    const e4 = eps('4', ['10.0.4.1']);
    expect(state([s1, s3, s4], [e1, e3, e4])).toBe(expected(withSvc4, svc1, svc3, svc4));
    expect(state([s1, s3, s4], [e1, eps('3', ['10.0.3.2', '10.0.3.3']), e4])).toBe(expected(withSvc4, svc1, svc3Two, svc4));
  });
});
