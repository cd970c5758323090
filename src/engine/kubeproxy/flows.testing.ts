/**
 * Test helpers that port kube-proxy's own unit-test fixtures: upstream's fake proxier setup
 * (v1.28 pkg/proxy/iptables/proxier_test.go, NewFakeProxier: pod CIDR 10.0.0.0/8, node
 * `test-node` at 192.168.0.2 with 192.168.1.2 and 192.168.99.11 on eth0 and 127.0.0.1 on lo)
 * and its packet tracer (`tracePacket` / `runPacketFlowTests`): nat KUBE-SERVICES first, every
 * branch of the load balancing followed; then filter KUBE-SERVICES, KUBE-EXTERNAL-SERVICES,
 * KUBE-NODEPORTS and KUBE-PROXY-FIREWALL with the DNATed destination. The output is the
 * endpoints reached (`ip:port, ip:port`) or the filter verdict, and whether KUBE-MARK-MASQ was hit.
 * Podpath's own rule evaluator does the matching, so these check the engine, not a copy of it.
 */
import { DEFAULT_SETTINGS } from '../defaults';
import type { ClusterSettings, EndpointInfo, EndpointSliceInfo, ProxySettings, ServiceInfo } from '../model';
import { evaluateHook, type EvalContext } from '../netfilter/evaluate';
import { renderRestore } from '../netfilter/render';
import type { Table } from '../netfilter/rules';
import type { Packet } from '../trace/packet';
import { kubeProxyTables, type ProxyInput } from './iptables';

export const TEST_NODE = 'test-node';
export const TEST_NODE_IP = '192.168.0.2';
export const TEST_NODE_IP_ALT = '192.168.1.2';
export const TEST_EXTERNAL_IP = '192.168.99.11';
export const TEST_EXTERNAL_CLIENT = '203.0.113.2';
/** The fake proxier's interface addresses (IPv4 ones: Podpath simulates IPv4 only). */
export const TEST_LOCAL_ADDRESSES = ['127.0.0.1', TEST_NODE_IP, TEST_NODE_IP_ALT, TEST_EXTERNAL_IP];

export function testSettings(proxy: Partial<ProxySettings> = {}): ClusterSettings {
  return { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, clusterCIDR: '10.0.0.0/8', ...proxy } };
}

/** makeTestService: a ClusterIP Service with nothing set but what the test sets. */
export function testService(namespace: string, name: string, spec: Partial<ServiceInfo>): ServiceInfo {
  return {
    namespace, name, type: 'ClusterIP', clusterIP: '', externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    selector: {}, ports: [], externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None',
    affinityTimeout: 10800, publishNotReadyAddresses: false, fieldProvenance: {}, ...spec,
  };
}

export interface TestEndpoint {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

/** makeTestEndpointSlice: every endpoint × every port, conditions as written (absent stays absent). */
export function testSlice(namespace: string, service: string, endpoints: TestEndpoint[], ports: { name?: string; port: number; protocol?: EndpointInfo['protocol'] }[]): EndpointSliceInfo {
  return {
    namespace, name: `${service}-1`, serviceName: service,
    endpoints: endpoints.flatMap((e) => ports.map((p) => ({
      ip: e.ip, port: p.port, portName: p.name, protocol: p.protocol ?? 'TCP', ready: e.ready ?? true,
      ...(e.serving !== undefined ? { serving: e.serving } : {}),
      ...(e.terminating !== undefined ? { terminating: e.terminating } : {}),
      nodeName: e.node,
    }))),
  };
}

/** syncProxyRules on the fake proxier's node. */
export function syncProxyRules(services: ServiceInfo[], slices: EndpointSliceInfo[], proxy: Partial<ProxySettings> = {}): { filter: Table; nat: Table } {
  const input: ProxyInput = { nodeName: TEST_NODE, nodeIP: TEST_NODE_IP, localAddresses: TEST_LOCAL_ADDRESSES, settings: testSettings(proxy), services, slices };
  return kubeProxyTables(input);
}

export interface Flow {
  output: string;
  masq: boolean;
}

/** tracePacket: where a new TCP connection from `src` to `dst:dport` goes, per the node's rules. */
export function tracePacket(tables: { filter: Table; nat: Table }, src: string, dst: string, dport: number, proto: 'tcp' | 'udp' = 'tcp'): Flow {
  const packet: Packet = { src, dst, ttl: 64, proto, sport: 40000, dport, flags: proto === 'tcp' ? 'SYN' : '', mark: 0 };
  const context = (draw: EvalContext['draw']): EvalContext => ({ localAddresses: TEST_LOCAL_ADDRESSES, ctState: 'NEW', dnatted: false, draw, recent: new Map() });
  const endpoints: string[] = [];
  let masq = false;
  // Every branch of the statistic rules: the k-th draw succeeds, the others fail, then none does.
  for (let k = 0; k <= 64; k++) {
    const result = evaluateHook(tables.nat, 'PREROUTING', packet, context((_rule, _p, index) => index === k));
    if (result.visits.some((v) => v.rules.some((r) => r.matched && r.rule.target?.kind === 'jump' && r.rule.target.chain === 'KUBE-MARK-MASQ'))) masq = true;
    if (result.dnat && !endpoints.includes(result.dnat)) endpoints.push(result.dnat);
    if (!result.visits.some((v) => v.rules.some((r) => r.probability !== undefined))) break;
  }
  const after = endpoints.length > 0 ? { ...packet, dst: endpoints[0].split(':')[0] } : packet;
  const verdicts: string[] = [];
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) {
    if (!tables.filter.chains.some((c) => c.name === chain)) continue;
    const result = evaluateHook(tables.filter, chain, after, context(() => false));
    const fired = result.visits.flatMap((v) => v.rules).find((r) => r.matched && ['ACCEPT', 'DROP', 'REJECT'].includes(r.rule.target?.kind ?? ''));
    if (fired) verdicts.push(fired.rule.target!.kind);
  }
  const sorted = [...endpoints].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { output: [...sorted, ...verdicts].join(', '), masq };
}

/** Two nginx pods pinned to node01 and node02 behind a NodePort Service; `deleting` are being deleted. */
export function terminatingYaml(deleting: string[], policy: 'Cluster' | 'Local' = 'Local'): string {
  const pod = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    app: web
${deleting.includes(name) ? '  deletionTimestamp: "2026-01-08T12:04:30Z"\n  deletionGracePeriodSeconds: 30\n' : ''}spec:
  nodeName: ${node}
  containers:
  - name: nginx
    image: nginx:1.26
    ports:
    - containerPort: 80
`;
  return `${pod('web-a', 'node01')}---
${pod('web-b', 'node02')}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  externalTrafficPolicy: ${policy}
  selector:
    app: web
  clusterIP: 10.96.100.100
  ports:
  - port: 80
    nodePort: 30080
`;
}

/**
 * assertIPTablesRulesEqual's canonical order (v1.28 proxier_test.go, sortIPTablesRules): tables
 * by name; chains KUBE-NODEPORTS, KUBE-SERVICES, then the other KUBE-* alphabetically; rules
 * chain by chain, in order, except KUBE-NODEPORTS (both tables) and KUBE-SERVICES (both; nat's
 * "must be the last rule" kept last) stable-sorted by the service name in their comment.
 */
export function canonicalRestore(tables: Table[]): string {
  const chainRank = (c: string) => (c === 'KUBE-NODEPORTS' ? '0' : c === 'KUBE-SERVICES' ? '1' : c.startsWith('KUBE-') ? `2${c}` : `3${c}`);
  const byRank = (a: string, b: string) => (chainRank(a) < chainRank(b) ? -1 : chainRank(a) > chainRank(b) ? 1 : 0);
  const serviceOf = (line: string) => /--comment "?([^ ":]*)/.exec(line)?.[1] ?? '';
  const out: string[] = [];
  for (const table of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const lines = renderRestore(table).trim().split('\n');
    const chains = lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1, l.indexOf(' '))).sort(byRank);
    const rules = lines.filter((l) => l.startsWith('-A '));
    out.push(`*${table.name}`, ...chains.map((c) => `:${c} - [0:0]`));
    for (const chain of chains) {
      let own = rules.filter((l) => l.startsWith(`-A ${chain} `));
      if (chain === 'KUBE-NODEPORTS' || chain === 'KUBE-SERVICES') {
        const last = own.filter((l) => l.includes('this must be the last rule'));
        own = [...own.filter((l) => !last.includes(l)).map((l, i) => ({ l, i })).sort((a, b) => (serviceOf(a.l) < serviceOf(b.l) ? -1 : serviceOf(a.l) > serviceOf(b.l) ? 1 : a.i - b.i)).map((x) => x.l), ...last];
      }
      out.push(...own);
    }
    out.push('COMMIT');
  }
  return out.join('\n') + '\n';
}

/**
 * canonicalRestore as upstream's fake proxier writes it: its mark is the string "0x4000" (the
 * real one is %#08x) and its fake iptables has no --random-fully.
 */
export function fakeProxierRestore(tables: Table[]): string {
  return canonicalRestore(tables).replaceAll('0x00004000', '0x4000').replace(' -j MASQUERADE --random-fully', ' -j MASQUERADE');
}
