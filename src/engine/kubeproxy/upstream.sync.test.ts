/**
 * kube-proxy v1.28's whole-sync iptables tests (pkg/proxy/iptables/proxier_test.go):
 * TestSyncProxyRulesLargeClusterMode and TestSyncProxyRulesRepeated, their full syncs (Podpath
 * has no partial sync), with their expected restore text.
 */
import { describe, expect, it } from 'vitest';
import { renderRestore } from '../netfilter/render';
import type { Table } from '../netfilter/rules';
import { fakeProxierRestore, syncProxyRules, testService, testSlice } from './flows.testing';

describe('upstream TestSyncProxyRulesLargeClusterMode (the full syncs; Podpath has no partial sync)', () => {
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ ip: `${prefix}.${i % 256}.${Math.floor(i / 256)}` }));
  const services = [
    testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] }),
    testService('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP', targetPort: 8080 }] }),
    testService('ns3', 'svc3', { clusterIP: '172.30.0.43', ports: [{ name: 'p8081', port: 8081, protocol: 'TCP', targetPort: 8081 }] }),
  ];
  const base = [
    testSlice('ns1', 'svc1', many('10.0', 1000 / 2 - 1), [{ name: 'p80', port: 80 }]),
    testSlice('ns2', 'svc2', many('10.1', 1000 / 2 - 1), [{ name: 'p8080', port: 8080 }]),
  ];
  const dnats = (nat: Table) => renderRestore(nat).split('\n').filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('-j DNAT'));
  const masqAll = { masqueradeAll: true };

  it('998 endpoints: every endpoint rule keeps its comment', () => {
    const lines = dnats(syncProxyRules(services, base, masqAll).nat);
    expect(lines).toHaveLength(998);
    expect(lines.filter((l) => l.includes('--comment'))).toHaveLength(998);
    expect(lines.find((l) => l.includes('10.0.0.0'))).toBe('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');
  });

  it('1001 endpoints: past the threshold, no endpoint rule has a comment', () => {
    const svc3 = testSlice('ns3', 'svc3', [{ ip: '203.0.113.4' }, { ip: '203.0.113.8' }, { ip: '203.0.113.12' }], [{ name: 'p8081', port: 8081 }]);
    const lines = dnats(syncProxyRules(services, [...base, svc3], masqAll).nat);
    expect(lines).toHaveLength(1001);
    expect(lines.filter((l) => l.includes('--comment'))).toHaveLength(0);
    expect(lines.find((l) => l.includes('10.0.0.0'))).toBe('-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80');
    expect(lines.find((l) => l.includes('203.0.113.4'))).toBe('-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081');
  });
});

describe('upstream TestSyncProxyRulesRepeated (the first sync)', () => {
  it('two ClusterIP Services: both tables as expected', () => {
    const services = [
      testService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }] }),
      testService('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [{ name: 'p8080', port: 8080, protocol: 'TCP', targetPort: 8080 }] }),
    ];
    const slices = [testSlice('ns1', 'svc1', [{ ip: '10.0.1.1' }], [{ name: 'p80', port: 80 }]), testSlice('ns2', 'svc2', [{ ip: '10.0.2.1' }], [{ name: 'p8080', port: 8080 }])];
    const { filter, nat } = syncProxyRules(services, slices);
    const got = fakeProxierRestore([filter, nat]);
    expect(got).toBe(`*filter
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-NODEPORTS - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-SNQ3ZNILQDEJNDQO - [0:0]
:KUBE-SEP-UHEGFW77JX3KXTOV - [0:0]
:KUBE-SVC-2VJB64SDSIJUP5T6 - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SERVICES -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 -j KUBE-SVC-2VJB64SDSIJUP5T6
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -s 10.0.1.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SNQ3ZNILQDEJNDQO -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.1.1:80
-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -s 10.0.2.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-UHEGFW77JX3KXTOV -m comment --comment ns2/svc2:p8080 -m tcp -p tcp -j DNAT --to-destination 10.0.2.1:8080
-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 8080 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-2VJB64SDSIJUP5T6 -m comment --comment "ns2/svc2:p8080 -> 10.0.2.1:8080" -j KUBE-SEP-UHEGFW77JX3KXTOV
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.1.1:80" -j KUBE-SEP-SNQ3ZNILQDEJNDQO
COMMIT
`);
  });
});
