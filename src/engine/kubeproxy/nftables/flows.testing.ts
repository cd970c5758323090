/**
 * Test helpers porting kube-proxy's nftables unit-test fixtures (kubernetes
 * pkg/proxy/nftables/proxier_test.go NewFakeProxier, and helpers_test.go's packet tracer).
 *
 * The fake proxier: node `test-node` at 192.168.0.2 (with 192.168.1.2 and 192.168.99.11 on eth0,
 * 127.0.0.1 on lo), pods in 10.0.0.0/8, ServiceCIDR 172.30.0.0/16, --nodeport-addresses
 * 192.168.0.2/32, and the mark as the string "0x4000" (NewFakeProxier sets masqueradeMark so).
 *
 * The tracer (tracePacket): runs filter-prerouting-pre-dnat, then nat-prerouting, takes the first
 * DNAT as the new destination, then filter-forward and filter-input, following every branch of a
 * `numgen` vmap; the output is the endpoints reached (`ip:port, ip:port`) or the verdicts
 * (DROP/REJECT), and whether mark-for-masquerade was jumped to. Upstream's tracer (written before
 * kubernetes PR #132456) starts at `filter-prerouting`; the chain of that name is now
 * `filter-prerouting-pre-dnat`. It evaluates Podpath's model, not the text, through the same
 * matcher the trace uses (evaluate.ts).
 */
import { DEFAULT_SETTINGS } from '../../defaults';
import { testService, testSlice } from '../flows.testing';
import type { ClusterSettings, EndpointSliceInfo, ProxySettings, ServiceInfo } from '../../model';
import { kubeProxyNftables } from './proxier';
import type { NftTable } from './model';
import { runChainForTest } from './evaluate';

export const TEST_NODE = 'test-node';
export const TEST_NODE_IP = '192.168.0.2';
export const TEST_NODE_IP_ALT = '192.168.1.2';
export const TEST_EXTERNAL_IP = '192.168.99.11';
export const TEST_EXTERNAL_CLIENT = '203.0.113.2';
export const TEST_EXTERNAL_CLIENT_BLOCKED = '203.0.113.130';
/** The fake network's IPv4 addresses: lo, then eth0's. */
export const TEST_LOCAL_ADDRESSES = ['127.0.0.1', TEST_NODE_IP, TEST_NODE_IP_ALT, TEST_EXTERNAL_IP];
/** testNodeIPs: the addresses `fib … type local` holds for (IPv4 ones). */
export const TEST_NODE_IPS = [TEST_NODE_IP, TEST_NODE_IP_ALT, TEST_EXTERNAL_IP];

export function nftTestSettings(proxy: Partial<ProxySettings> = {}): ClusterSettings {
  return {
    ...DEFAULT_SETTINGS,
    serviceSubnet: '172.30.0.0/16',
    proxy: { ...DEFAULT_SETTINGS.proxy, mode: 'nftables', clusterCIDR: '10.0.0.0/8', nodePortAddresses: [`${TEST_NODE_IP}/32`], ...proxy },
  };
}

/** fp.syncProxyRules() on the fake proxier: the resulting table. */
export function syncNftRules(services: ServiceInfo[], slices: EndpointSliceInfo[], proxy: Partial<ProxySettings> = {}): NftTable {
  return kubeProxyNftables({
    nodeName: TEST_NODE, nodeIP: TEST_NODE_IP, localAddresses: TEST_LOCAL_ADDRESSES, podCIDR: undefined,
    settings: nftTestSettings(proxy), services, slices, masqueradeMark: '0x4000', serviceCIDRs: ['172.30.0.0/16'],
  });
}

export interface NftFlow {
  output: string;
  masq: boolean;
}

/** tracePacket: what becomes of a new connection from `src` to `dst:dport`. */
export function traceNftPacket(table: NftTable, src: string, dst: string, dport: number, proto: 'tcp' | 'udp' | 'sctp' = 'tcp', nodeIPs = TEST_NODE_IPS): NftFlow {
  const state = { outputs: [] as string[], masq: false };
  const run = (chain: string, daddr: string) => runChainForTest(table, chain, { saddr: src, daddr, proto, dport, nodeIPs }, state);
  if (run('filter-prerouting-pre-dnat', dst)) return { output: state.outputs.join(', '), masq: state.masq };
  run('nat-prerouting', dst);
  const after = state.outputs.length > 0 ? state.outputs[0].split(':')[0] : dst;
  if (run('filter-forward', after)) return { output: state.outputs.join(', '), masq: state.masq };
  run('filter-input', after);
  return { output: state.outputs.join(', '), masq: state.masq };
}


/** TestOverallNFTablesRules' Services and EndpointSlices. */
export function overallSetup(): { services: ServiceInfo[]; slices: EndpointSliceInfo[] } {
  const p80 = (nodePort?: number) => [{ name: 'p80', port: 80, protocol: 'TCP' as const, targetPort: 80, ...(nodePort ? { nodePort } : {}) }];
  const services = [
    // ClusterIP
    testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: p80() }),
    // LoadBalancer with Local traffic policy
    testService('ns2', 'svc2', {
      type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42', ports: p80(3001),
      loadBalancerIPs: ['1.2.3.4'], externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000,
    }),
    // NodePort
    testService('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: p80(3003) }),
    // ExternalIP (a NodePort Service without a node port)
    testService('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: p80() }),
    // LoadBalancer with Cluster traffic policy, source ranges and session affinity
    testService('ns5', 'svc5', {
      type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '172.30.0.45', ports: p80(3002),
      loadBalancerIPs: ['5.6.7.8'], healthCheckNodePort: 30000, loadBalancerSourceRanges: [' 203.0.113.0/25'],
      sessionAffinity: 'ClientIP', affinityTimeout: 10800,
    }),
    // ClusterIP with no endpoints
    testService('ns6', 'svc6', { type: 'ClusterIP', clusterIP: '172.30.0.46', ports: p80() }),
  ];
  const port = [{ name: 'p80', port: 80 }];
  const slices = [
    testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }], port),
    // No NodeName: a non-local endpoint, so the Local policy has none here.
    testSlice('ns2', 'svc2', [{ ip: '10.180.0.2' }], port),
    testSlice('ns3', 'svc3', [{ ip: '10.180.0.3' }], port),
    testSlice('ns4', 'svc4', [{ ip: '10.180.0.4' }, { ip: '10.180.0.5', node: TEST_NODE }], port),
    testSlice('ns5', 'svc5', [{ ip: '10.180.0.3' }], port),
  ];
  return { services, slices };
}
