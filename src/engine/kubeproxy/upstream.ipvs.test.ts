/**
 * kube-proxy's own IPVS unit tests (kubernetes pkg/proxy/ipvs/proxier_test.go, the v1.27/1.28
 * file), ported where Podpath can express the setup: the virtual servers with their real
 * servers (upstream's FakeIPVS state), the ipset members (checkIPSet) and the iptables jumps
 * keyed by sets (checkIptables). Upstream's fake proxier has no LocalTrafficDetector
 * (NewNoOpLocalDetector: here no clusterCIDR) and node `test-hostname`. IPv6 cases are left out.
 */
import { describe, expect, it } from 'vitest';
import type { ProxySettings, ServiceInfo } from '../model';
import type { Table } from '../netfilter/rules';
import { testService, testSlice, testSettings, type TestEndpoint } from './flows.testing';
import { kubeProxyIpvs } from './ipvs';

const HOST = 'test-hostname';

function sync(services: ServiceInfo[], slices: ReturnType<typeof testSlice>[], nodeIPs: string[], proxy: Partial<ProxySettings> = {}) {
  return kubeProxyIpvs({
    nodeName: HOST, nodeIP: nodeIPs[0] ?? '', localAddresses: ['127.0.0.1', ...nodeIPs],
    settings: testSettings({ mode: 'ipvs', clusterCIDR: '', ...proxy }), services, slices,
  });
}

/** FakeIPVS's Services and Destinations, one line per virtual server, sorted. */
function ipvsState(p: ReturnType<typeof sync>): string[] {
  return p.virtualServers
    .map((v) => `${v.protocol} ${v.address}:${v.port} ${v.scheduler}${v.persistent ? ` persistent ${v.persistent}` : ''} -> [${v.reals.map((r) => `${r.address}:${r.port} w${r.weight}`).join(', ')}]`)
    .sort();
}

const sets = (p: ReturnType<typeof sync>) => Object.fromEntries(p.ipsets.filter((s) => s.entries.length > 0).map((s) => [s.name, s.entries]));

/**
 * checkIptables: the chain's rules, nat's then filter's as upstream's getRules reads them, must be
 * exactly the expected (target, match-set) pairs, same number, same order.
 */
function expectJumps(p: ReturnType<typeof sync>, chain: string, expected: { to: string; set: string }[]) {
  const rules = [p.nat, p.filter].flatMap((t: Table) => t.rules.filter((r) => r.chain === chain));
  const got = rules.map((r) => ({
    to: r.target?.kind === 'jump' ? r.target.chain : r.target?.kind ?? '',
    set: (r.matches.find((m) => m.kind === 'set') as { name: string } | undefined)?.name ?? '',
  }));
  expect(got, chain).toEqual(expected);
}

/**
 * v1.28's writeIptablesRules starts KUBE-SERVICES with `-s 127.0.0.0/8 -j RETURN` ("Dismiss
 * connects to localhost early", kevinhehc/k8s-1.28 pkg/proxy/ipvs/proxier.go); the 1.27 test
 * file these cases were read from predates it, so the v1.28 expectation starts with it.
 */
const LO_RETURN = { to: 'RETURN', set: '' };

const nodePortSvc = (protocol: 'TCP' | 'UDP' | 'SCTP', extra: Partial<ServiceInfo> = {}) =>
  testService('ns1', 'svc1', { type: 'NodePort', clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, protocol, targetPort: 80, nodePort: 3001 }], ...extra });
const eps = (endpoints: TestEndpoint[], protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP') => [testSlice('ns1', 'svc1', endpoints, [{ name: 'p80', port: 80, protocol }])];

describe('upstream TestNodePortIPv4', () => {
  it('1 service with node port, has 2 endpoints (the IPv6 slice is not this proxier\'s)', () => {
    const p = sync([nodePortSvc('TCP')], eps([{ ip: '10.180.0.1' }]), ['100.101.102.103']);
    expect(ipvsState(p)).toEqual([
      'TCP 10.20.30.41:80 rr -> [10.180.0.1:80 w1]',
      'TCP 100.101.102.103:3001 rr -> [10.180.0.1:80 w1]',
    ]);
  });

  it('1 UDP service with node port, has endpoints', () => {
    const p = sync([nodePortSvc('UDP')], eps([{ ip: '10.180.0.1' }], 'UDP'), ['100.101.102.103'], { nodePortAddresses: ['0.0.0.0/0'] });
    expect(ipvsState(p)).toEqual([
      'UDP 10.20.30.41:80 rr -> [10.180.0.1:80 w1]',
      'UDP 100.101.102.103:3001 rr -> [10.180.0.1:80 w1]',
    ]);
    expect(sets(p)['KUBE-NODE-PORT-UDP']).toEqual(['3001']);
    expectJumps(p, 'KUBE-NODE-PORT', [{ to: 'KUBE-MARK-MASQ', set: 'KUBE-NODE-PORT-UDP' }, { to: 'ACCEPT', set: 'KUBE-HEALTH-CHECK-NODE-PORT' }]);
    expectJumps(p, 'KUBE-SERVICES', [LO_RETURN, { to: 'KUBE-MARK-MASQ', set: 'KUBE-CLUSTER-IP' }, { to: 'KUBE-NODE-PORT', set: '' }, { to: 'ACCEPT', set: 'KUBE-CLUSTER-IP' }]);
  });

  it('service has node port but no endpoints: the virtual servers stay, without real servers', () => {
    const p = sync([nodePortSvc('TCP')], [], ['100.101.102.103']);
    expect(ipvsState(p)).toEqual(['TCP 10.20.30.41:80 rr -> []', 'TCP 100.101.102.103:3001 rr -> []']);
  });

  it('node port service with protocol sctp on a node with multiple nodeIPs', () => {
    const p = sync([nodePortSvc('SCTP')], eps([{ ip: '10.180.0.1' }], 'SCTP'), ['100.101.102.103', '100.101.102.104', '100.101.102.105']);
    expect(ipvsState(p)).toEqual([
      'SCTP 10.20.30.41:80 rr -> [10.180.0.1:80 w1]',
      'SCTP 100.101.102.103:3001 rr -> [10.180.0.1:80 w1]',
      'SCTP 100.101.102.104:3001 rr -> [10.180.0.1:80 w1]',
      'SCTP 100.101.102.105:3001 rr -> [10.180.0.1:80 w1]',
    ]);
    expect(sets(p)['KUBE-NODE-PORT-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001', '100.101.102.104,sctp:3001', '100.101.102.105,sctp:3001']);
  });

  it('node port service with protocol sctp and externalTrafficPolicy local', () => {
    const p = sync([nodePortSvc('SCTP', { externalTrafficPolicy: 'Local' })], eps([{ ip: '10.180.0.1', node: HOST }, { ip: '10.180.1.1', node: 'otherHost' }], 'SCTP'), ['100.101.102.103']);
    expect(ipvsState(p)).toEqual([
      'SCTP 10.20.30.41:80 rr -> [10.180.0.1:80 w1, 10.180.1.1:80 w1]',
      'SCTP 100.101.102.103:3001 rr -> [10.180.0.1:80 w1]',
    ]);
    expect(sets(p)['KUBE-NODE-PORT-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001']);
    expect(sets(p)['KUBE-NODE-PORT-LOCAL-SCTP-HASH']).toEqual(['100.101.102.103,sctp:3001']);
    expectJumps(p, 'KUBE-NODE-PORT', [
      { to: 'RETURN', set: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-NODE-PORT-SCTP-HASH' }, { to: 'ACCEPT', set: 'KUBE-HEALTH-CHECK-NODE-PORT' },
    ]);
  });
});

/** checkIPVS: how many virtual servers, and the real servers of the one at ip:port/proto if there is one. */
function checkIPVS(p: ReturnType<typeof sync>, count: number, ip: string, port: number, reals: string[]) {
  expect(p.virtualServers).toHaveLength(count);
  const vs = p.virtualServers.find((v) => v.address === ip && v.port === port && v.protocol === 'TCP');
  if (vs) expect(vs.reals.map((r) => `${r.address}:${r.port}`)).toEqual(reals);
}

describe('upstream IPVS TestMasqueradeRule, TestExternalIPsNoEndpoint, TestExternalIPs, TestOnlyLocalExternalIPs', () => {
  it('KUBE-POSTROUTING masquerades with --random-fully (an iptables that has it)', () => {
    const p = sync([], [], []);
    expect(p.nat.rules.filter((r) => r.chain === 'KUBE-POSTROUTING' && r.target?.kind === 'MASQUERADE').map((r) => r.target)).toEqual([{ kind: 'MASQUERADE', randomFully: true }]);
  });

  const clusterWithEips = (externalIPs: string[], extra: Partial<ServiceInfo> = {}) =>
    testService('ns1', 'svc1', { clusterIP: '10.20.30.41', externalIPs, ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }], ...extra });

  it('an external IP without endpoints: its virtual server has no real server', () => {
    const p = sync([clusterWithEips(['50.60.70.81'])], [], []);
    expect(p.virtualServers).toHaveLength(2);
    expect(p.virtualServers.find((v) => v.address === '50.60.70.81')!.reals).toEqual([]);
  });

  it('external IPs of this family, 127.0.0.1 included, each get a virtual server (the endpoint is UDP: no real server matches)', () => {
    const p = sync([clusterWithEips(['50.60.70.81', '127.0.0.1'])], eps([{ ip: '10.180.0.1' }], 'UDP'), []);
    expect(p.virtualServers.map((v) => `${v.address}:${v.port}`).sort()).toEqual(['10.20.30.41:80', '127.0.0.1:80', '50.60.70.81:80']);
    for (const v of p.virtualServers) expect(v.reals).toEqual([]);
  });

  it('externalTrafficPolicy Local: an external IP\'s virtual server has the local endpoint only', () => {
    const p = sync([clusterWithEips(['50.60.70.81', '127.0.0.1'], { type: 'NodePort', externalTrafficPolicy: 'Local' })], eps([{ ip: '10.180.0.1', node: HOST }, { ip: '10.180.1.1', node: 'other-hostname' }]), []);
    expect(p.virtualServers).toHaveLength(3);
    for (const eip of ['50.60.70.81', '127.0.0.1']) expect(p.virtualServers.find((v) => v.address === eip)!.reals.map((r) => `${r.address}:${r.port}`)).toEqual(['10.180.0.1:80']);
  });
});

describe('upstream IPVS TestLoadBalancer and TestOnlyLocalNodePorts', () => {
  it('a LoadBalancer: VIP in KUBE-LOAD-BALANCER, which KUBE-SERVICES sends to KUBE-LOAD-BALANCER and accepts', () => {
    const svc = testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', loadBalancerIPs: ['1.2.3.4'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }] });
    const p = sync([svc], eps([{ ip: '10.180.0.1' }], 'UDP'), []);
    checkIPVS(p, 2, '1.2.3.4', 3001, ['10.180.0.1:80']);
    expect(sets(p)['KUBE-LOAD-BALANCER']).toEqual(['1.2.3.4,tcp:80']);
    expectJumps(p, 'KUBE-SERVICES', [LO_RETURN, 
      { to: 'KUBE-LOAD-BALANCER', set: 'KUBE-LOAD-BALANCER' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-CLUSTER-IP' }, { to: 'KUBE-NODE-PORT', set: '' },
      { to: 'ACCEPT', set: 'KUBE-CLUSTER-IP' }, { to: 'ACCEPT', set: 'KUBE-LOAD-BALANCER' },
    ]);
    expectJumps(p, 'KUBE-LOAD-BALANCER', [{ to: 'KUBE-MARK-MASQ', set: '' }]);
  });

  it('externalTrafficPolicy Local node port on nodePortAddresses 100.101.102.0/24: local real server, RETURN for the local set', () => {
    const p = sync([nodePortSvc('TCP', { externalTrafficPolicy: 'Local' })], eps([{ ip: '10.180.0.1', node: HOST }, { ip: '10.180.1.1', node: 'other-hostname' }]), ['100.101.102.103'], { nodePortAddresses: ['100.101.102.0/24'] });
    checkIPVS(p, 2, '100.101.102.103', 3001, ['10.180.0.1:80']);
    expect(sets(p)['KUBE-NODE-PORT-TCP']).toEqual(['3001']);
    expect(sets(p)['KUBE-NODE-PORT-LOCAL-TCP']).toEqual(['3001']);
    expectJumps(p, 'KUBE-SERVICES', [LO_RETURN, { to: 'KUBE-MARK-MASQ', set: 'KUBE-CLUSTER-IP' }, { to: 'KUBE-NODE-PORT', set: '' }, { to: 'ACCEPT', set: 'KUBE-CLUSTER-IP' }]);
    expectJumps(p, 'KUBE-NODE-PORT', [{ to: 'RETURN', set: 'KUBE-NODE-PORT-LOCAL-TCP' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-NODE-PORT-TCP' }, { to: 'ACCEPT', set: 'KUBE-HEALTH-CHECK-NODE-PORT' }]);
  });
});

const cond = (ip: string, node: string, ready: boolean, serving: boolean, terminating: boolean): TestEndpoint => ({ ip, node, ready, serving, terminating });
const realsOf = (p: ReturnType<typeof sync>, address: string) => p.virtualServers.find((v) => v.address === address)!.reals.map((r) => `${r.address}:${r.port}`);

describe('upstream IPVS ProxyTerminatingEndpoints tests (Test_EndpointSlice…Terminating…)', () => {
  const svc = (policy: 'Cluster' | 'Local') => testService('ns1', 'svc1', {
    type: 'NodePort', clusterIP: '172.20.1.1', externalIPs: ['1.2.3.4'], externalTrafficPolicy: policy, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
  });
  const slice = (endpoints: TestEndpoint[]) => [testSlice('ns1', 'svc1', endpoints, [{ port: 80 }])];
  const loopBack = (p: ReturnType<typeof sync>) => sets(p)['KUBE-LOOP-BACK'] ?? [];
  const mixed = [
    cond('10.0.1.1', HOST, true, true, false), cond('10.0.1.2', HOST, true, true, false), cond('10.0.1.3', HOST, false, true, true),
    cond('10.0.1.4', HOST, false, false, true), cond('10.0.1.5', 'another-host', true, true, false),
  ];

  it('Test_EndpointSliceReadyAndTerminatingCluster: only the ready endpoints, for the cluster IP and the external IP', () => {
    const p = sync([svc('Cluster')], slice(mixed), []);
    expect(loopBack(p)).toEqual(['10.0.1.1,tcp:80,10.0.1.1', '10.0.1.2,tcp:80,10.0.1.2', '10.0.1.3,tcp:80,10.0.1.3', '10.0.1.4,tcp:80,10.0.1.4']);
    expect(p.virtualServers).toHaveLength(2);
    expect(realsOf(p, '172.20.1.1')).toEqual(['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80']);
    expect(realsOf(p, '1.2.3.4')).toEqual(['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80']);
    const gone = sync([svc('Cluster')], [], []);
    expect([loopBack(gone), realsOf(gone, '172.20.1.1'), realsOf(gone, '1.2.3.4')]).toEqual([[], [], []]);
  });

  it('Test_EndpointSliceReadyAndTerminatingLocal: the external IP gets the local ready endpoints only', () => {
    const p = sync([svc('Local')], slice(mixed), []);
    expect(loopBack(p)).toHaveLength(4);
    expect(realsOf(p, '172.20.1.1')).toEqual(['10.0.1.1:80', '10.0.1.2:80', '10.0.1.5:80']);
    expect(realsOf(p, '1.2.3.4')).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
  });

  it('Test_EndpointSliceOnlyReadyAndTerminatingCluster: no ready endpoint, so the serving terminating ones', () => {
    const p = sync([svc('Cluster')], slice([
      cond('10.0.1.1', HOST, false, true, true), cond('10.0.1.2', HOST, false, true, true), cond('10.0.1.3', HOST, false, false, true),
      cond('10.0.1.4', 'another-host', false, true, true), cond('10.0.1.5', 'another-host', false, false, false),
    ]), []);
    expect(loopBack(p)).toEqual(['10.0.1.1,tcp:80,10.0.1.1', '10.0.1.2,tcp:80,10.0.1.2', '10.0.1.3,tcp:80,10.0.1.3']);
    expect(realsOf(p, '172.20.1.1')).toEqual(['10.0.1.1:80', '10.0.1.2:80', '10.0.1.4:80']);
    expect(realsOf(p, '1.2.3.4')).toEqual(['10.0.1.1:80', '10.0.1.2:80', '10.0.1.4:80']);
  });
});

describe('upstream IPVS Test_EndpointSliceOnlyReadyAndTerminatingLocal', () => {
  it('no local ready endpoint: the external IP falls back to the local serving terminating ones; the cluster IP keeps the ready remote one', () => {
    // The slice of upstream's test (as in its FeatureGateDisabled twin, whose gate is locked on in 1.28).
    const service = testService('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.20.1.1', externalIPs: ['1.2.3.4'], externalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    const p = sync([service], [testSlice('ns1', 'svc1', [
      cond('10.0.1.1', HOST, false, true, true), cond('10.0.1.2', HOST, false, true, true), cond('10.0.1.3', HOST, false, false, true),
      cond('10.0.1.4', 'another-host', false, true, true), cond('10.0.1.5', 'another-host', true, true, false),
    ], [{ port: 80 }])], []);
    expect(sets(p)['KUBE-LOOP-BACK']).toEqual(['10.0.1.1,tcp:80,10.0.1.1', '10.0.1.2,tcp:80,10.0.1.2', '10.0.1.3,tcp:80,10.0.1.3']);
    expect(p.virtualServers).toHaveLength(2);
    expect(realsOf(p, '172.20.1.1')).toEqual(['10.0.1.5:80']);
    expect(realsOf(p, '1.2.3.4')).toEqual(['10.0.1.1:80', '10.0.1.2:80']);
  });
});

describe('upstream IPVS TestTestInternalTrafficPolicyE2E', () => {
  // Upstream's Service port has no port number (port 0): its virtual server is 172.20.1.1:0.
  const cases: { name: string; policy: 'Cluster' | 'Local'; nodes: string[]; loopBack: number; reals: string[] }[] = [
    { name: 'internalTrafficPolicy is cluster with non-zero local endpoints', policy: 'Cluster', nodes: [HOST, 'host1', 'host2'], loopBack: 1, reals: ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.3:80'] },
    { name: 'internalTrafficPolicy is cluster with zero local endpoints', policy: 'Cluster', nodes: ['host0', 'host1', 'host2'], loopBack: 0, reals: ['10.0.1.1:80', '10.0.1.2:80', '10.0.1.3:80'] },
    { name: 'internalTrafficPolicy is local with non-zero local endpoints', policy: 'Local', nodes: [HOST, 'host1', 'host2'], loopBack: 1, reals: ['10.0.1.1:80'] },
    { name: 'internalTrafficPolicy is local with zero local endpoints', policy: 'Local', nodes: ['host0', 'host1', 'host2'], loopBack: 0, reals: [] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const service = testService('ns1', 'svc1', { clusterIP: '172.20.1.1', internalTrafficPolicy: tc.policy, ports: [{ port: 0, protocol: 'TCP', targetPort: 80 }] });
      const endpoints = tc.nodes.map((node, i) => ({ ip: `10.0.1.${i + 1}`, node }));
      const p = sync([service], [testSlice('ns1', 'svc1', endpoints, [{ port: 80 }])], []);
      expect(sets(p)['KUBE-LOOP-BACK'] ?? []).toHaveLength(tc.loopBack);
      expect(p.virtualServers).toHaveLength(1);
      expect(p.virtualServers[0].reals.map((r) => `${r.address}:${r.port}`)).toEqual(tc.reals);
      const gone = sync([service], [], []);
      expect([sets(gone)['KUBE-LOOP-BACK'] ?? [], gone.virtualServers.length, gone.virtualServers[0].reals]).toEqual([[], 1, []]);
    });
  }
});

describe('upstream IPVS TestHealthCheckNodePort, TestLoadBalancerSourceRanges, TestAcceptIPVSTraffic, TestOnlyLocalLoadBalancing', () => {
  it('only the health check ports of eTP Local LoadBalancers go to KUBE-HEALTH-CHECK-NODE-PORT', () => {
    const lb = (name: string, hc: number, policy: 'Local' | 'Cluster') => testService('ns1', name, {
      type: 'LoadBalancer', clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3000 }], externalTrafficPolicy: policy, healthCheckNodePort: hc,
    });
    const p = sync([lb('valid-svc1', 30000, 'Local'), lb('valid-svc2', 30001, 'Local'), lb('invalid-svc3', 30002, 'Cluster')], [], ['100.101.102.103'], { nodePortAddresses: ['100.101.102.0/24'] });
    expect(sets(p)['KUBE-HEALTH-CHECK-NODE-PORT']).toEqual(['30000', '30001']);
    expectJumps(p, 'KUBE-NODE-PORT', [{ to: 'RETURN', set: 'KUBE-NODE-PORT-LOCAL-TCP' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-NODE-PORT-TCP' }, { to: 'ACCEPT', set: 'KUBE-HEALTH-CHECK-NODE-PORT' }]);
  });

  it('loadBalancerSourceRanges: the FW and SOURCE-CIDR sets, KUBE-PROXY-FIREWALL to KUBE-SOURCE-RANGES-FIREWALL, RETURN then DROP', () => {
    const svc = testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', loadBalancerIPs: ['1.2.3.4'], loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] });
    const p = sync([svc], eps([{ ip: '10.180.0.1' }]), []);
    checkIPVS(p, 2, '1.2.3.4', 80, ['10.180.0.1:80']);
    expect(sets(p)).toMatchObject({
      'KUBE-LOAD-BALANCER': ['1.2.3.4,tcp:80'], 'KUBE-LOAD-BALANCER-FW': ['1.2.3.4,tcp:80'], 'KUBE-LOAD-BALANCER-SOURCE-CIDR': ['1.2.3.4,tcp:80,10.0.0.0/8'],
    });
    expectJumps(p, 'KUBE-SERVICES', [LO_RETURN, 
      { to: 'KUBE-LOAD-BALANCER', set: 'KUBE-LOAD-BALANCER' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-CLUSTER-IP' }, { to: 'KUBE-NODE-PORT', set: '' },
      { to: 'ACCEPT', set: 'KUBE-CLUSTER-IP' }, { to: 'ACCEPT', set: 'KUBE-LOAD-BALANCER' },
    ]);
    expectJumps(p, 'KUBE-PROXY-FIREWALL', [{ to: 'KUBE-SOURCE-RANGES-FIREWALL', set: 'KUBE-LOAD-BALANCER-FW' }]);
    expectJumps(p, 'KUBE-SOURCE-RANGES-FIREWALL', [{ to: 'RETURN', set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR' }, { to: 'DROP', set: '' }]);
  });

  it('acceptIPVSTraffic: a ClusterIP with an external IP, a LoadBalancer and a NodePort', () => {
    const svc = (name: string, type: ServiceInfo['type'], ip: string, extra: Partial<ServiceInfo>) =>
      testService('ns1', name, { type, clusterIP: ip, ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, ...(type === 'ClusterIP' ? {} : { nodePort: 80 }) }], ...extra });
    const p = sync([
      svc('svc1', 'ClusterIP', '10.20.30.40', { externalIPs: ['5.6.7.8'] }),
      svc('svc2', 'LoadBalancer', '10.20.30.41', { loadBalancerIPs: ['1.2.3.4'] }),
      svc('svc3', 'NodePort', '10.20.30.42', {}),
    ], [], []);
    expectJumps(p, 'KUBE-SERVICES', [LO_RETURN, 
      { to: 'KUBE-LOAD-BALANCER', set: 'KUBE-LOAD-BALANCER' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-CLUSTER-IP' }, { to: 'KUBE-MARK-MASQ', set: 'KUBE-EXTERNAL-IP' },
      { to: 'ACCEPT', set: 'KUBE-EXTERNAL-IP' }, { to: 'ACCEPT', set: 'KUBE-EXTERNAL-IP' }, { to: 'KUBE-NODE-PORT', set: '' },
      { to: 'ACCEPT', set: 'KUBE-CLUSTER-IP' }, { to: 'ACCEPT', set: 'KUBE-LOAD-BALANCER' },
    ]);
  });

  it('externalTrafficPolicy Local LoadBalancer: the local endpoint only, KUBE-LOAD-BALANCER returns for the local set', () => {
    const svc = testService('ns1', 'svc1', { type: 'LoadBalancer', clusterIP: '10.20.30.41', loadBalancerIPs: ['1.2.3.4'], externalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }] });
    const p = sync([svc], eps([{ ip: '10.180.0.1', node: HOST }, { ip: '10.180.1.1', node: 'other-hostname' }]), []);
    checkIPVS(p, 2, '1.2.3.4', 80, ['10.180.0.1:80']);
    expect(sets(p)).toMatchObject({ 'KUBE-LOAD-BALANCER': ['1.2.3.4,tcp:80'], 'KUBE-LOAD-BALANCER-LOCAL': ['1.2.3.4,tcp:80'] });
    expectJumps(p, 'KUBE-LOAD-BALANCER', [{ to: 'RETURN', set: 'KUBE-LOAD-BALANCER-LOCAL' }, { to: 'KUBE-MARK-MASQ', set: '' }]);
  });
});

describe('upstream IPVS TestIPv4Proxier (its IPv4 Service; the IPv6 one cannot be written in an IPv4 cluster)', () => {
  const svc1 = testService('ns1', 'svc1', { clusterIP: '10.20.30.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] });
  it('cluster IP service with endpoints', () => {
    expect(ipvsState(sync([svc1], eps([{ ip: '10.180.0.1' }]), []))).toEqual(['TCP 10.20.30.41:80 rr -> [10.180.0.1:80 w1]']);
  });
  it('cluster IP service with no endpoints', () => {
    expect(ipvsState(sync([svc1], [], []))).toEqual(['TCP 10.20.30.41:80 rr -> []']);
  });
});
