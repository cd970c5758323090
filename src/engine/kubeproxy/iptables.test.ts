import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../defaults';
import type { EndpointSliceInfo, ServiceInfo } from '../model';
import { renderRestore, saveRule } from '../netfilter/render';
import { kubeProxyTables } from './iptables';

const settings = { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, clusterCIDR: '10.0.0.0/8' } };

function svc1(overrides: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    namespace: 'ns1', name: 'svc1', type: 'NodePort', clusterIP: '172.30.0.41', externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    selector: { app: 'x' }, ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 3001 }],
    externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', affinityTimeout: 10800, publishNotReadyAddresses: false,
    fieldProvenance: {}, ...overrides,
  };
}

function slice(endpoints: { ip: string; node?: string; ready?: boolean }[]): EndpointSliceInfo {
  return {
    namespace: 'ns1', name: 'svc1-abcde', serviceName: 'svc1',
    endpoints: endpoints.map((e) => ({ ip: e.ip, port: 80, portName: 'p80', protocol: 'TCP', ready: e.ready ?? true, nodeName: e.node })),
  };
}

const saved = (t: { rules: Parameters<typeof saveRule>[0][] }) => t.rules.map(saveRule);

describe('kube-proxy nat rules', () => {
  it('matches the upstream lines for an externalTrafficPolicy Local NodePort (kube-proxy.md §5)', () => {
    const { nat } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [svc1({ externalTrafficPolicy: 'Local' })], slices: [slice([{ ip: '10.180.0.1', node: 'node1' }])] });
    const lines = saved(nat);
    for (const expected of [
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -s 10.0.0.0/8 -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]) {
      expect(lines).toContain(expected);
    }
    // Order matters inside a chain: "masquerade LOCAL" must come before "route LOCAL".
    expect(lines.filter((l) => l.startsWith('-A KUBE-EXT-'))).toEqual([
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -s 10.0.0.0/8 -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O',
    ]);
    expect(lines.filter((l) => l.startsWith('-A KUBE-SVC-'))).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    ]);
  });

  it('pins clients with ClientIP affinity: recent checks first, then the draw; the SEP remembers (kube-proxy.md §5)', () => {
    const { nat } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [svc1({ sessionAffinity: 'ClientIP' })], slices: [slice([{ ip: '10.180.0.1' }, { ip: '10.180.0.2' }])] });
    const lines = saved(nat);
    expect(lines.filter((l) => l.startsWith('-A KUBE-SVC-')).slice(1, 3)).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource -j KUBE-SEP-SXIVWICOYRO3J4NJ',
      expect.stringMatching(/^-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1\/svc1:p80 -> 10\.180\.0\.2:80" -m recent --rcheck --seconds 10800 --reap --name (KUBE-SEP-\w+) --mask 255\.255\.255\.255 --rsource -j \1$/),
    ]);
    expect(lines).toContain('-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m recent --set --name KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.1:80');
    const restore = renderRestore(nat);
    expect(restore).toContain('-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80');
    expect(restore).toContain('-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --rcheck --seconds 10800 --reap -j KUBE-SEP-SXIVWICOYRO3J4NJ');
  });

  it('matches upstream TestLoadBalancer: VIPs through KUBE-FW with source ranges, the node allowed', () => {
    const lb = svc1({ type: 'LoadBalancer', loadBalancerIPs: ['1.2.3.4', '5.6.7.8'], loadBalancerSourceRanges: ['192.168.0.0/24', '203.0.113.0/25'] });
    const { nat, filter } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [lb], slices: [slice([{ ip: '10.180.0.1' }])] });
    const chain = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`-A ${name} `));
    const natText = renderRestore(nat);
    expect(chain(renderRestore(filter), 'KUBE-PROXY-FIREWALL')).toEqual([
      '-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP',
      '-A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP',
    ]);
    expect(chain(natText, 'KUBE-SERVICES')).toEqual([
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-FW-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-XPGD46QRK7WJZT7O',
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    ]);
    expect(chain(natText, 'KUBE-FW-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 5.6.7.8 -j KUBE-EXT-XPGD46QRK7WJZT7O',
      '-A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"',
    ]);
    expect(chain(natText, 'KUBE-EXT-XPGD46QRK7WJZT7O')).toEqual([
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O',
    ]);
  });

  it('rejects traffic to external IPs and VIPs of a Service without endpoints, and accepts health checks', () => {
    const lb = svc1({ type: 'LoadBalancer', externalIPs: ['192.168.99.11'], loadBalancerIPs: ['1.2.3.4'], externalTrafficPolicy: 'Local', healthCheckNodePort: 30000 });
    const { filter } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [lb], slices: [] });
    expect(renderRestore(filter).split('\n').filter((l) => /^-A KUBE-(EXTERNAL-SERVICES|NODEPORTS) /.test(l))).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 192.168.99.11 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j REJECT',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j REJECT',
      '-A KUBE-NODEPORTS -m comment --comment "ns1/svc1:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT',
    ]);
  });

  it('writes the restore input in kube-proxy syntax and order', () => {
    const { nat } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [svc1()], slices: [slice([{ ip: '10.180.0.1', node: 'node1' }])] });
    expect(renderRestore(nat)).toBe(`*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
`);
  });

  it('spreads over endpoints sorted by the ip:port string, with 1/n probabilities', () => {
    const eps = ['10.0.0.2', '10.0.0.10', '10.0.0.3'].map((ip) => ({ ip }));
    const { nat } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [svc1()], slices: [slice(eps)] });
    const svcRules = saved(nat).filter((l) => l.startsWith('-A KUBE-SVC-') && l.includes('->'));
    expect(svcRules.map((l) => l.replace(/ -j KUBE-SEP-\w+$/, ''))).toEqual([
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.0.10:80" -m statistic --mode random --probability 0.33333333349',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.0.2:80" -m statistic --mode random --probability 0.50000000000',
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.0.0.3:80"',
    ]);
  });

  it('REJECTs in the filter table when a Service has no ready endpoint, and writes no nat chains', () => {
    const { nat, filter } = kubeProxyTables({ nodeName: 'node1', nodeIP: '192.168.0.2', settings, services: [svc1()], slices: [slice([{ ip: '10.180.0.1', ready: false }])] });
    expect(saved(filter)).toContain('-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    expect(saved(filter)).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 3001 -j REJECT --reject-with icmp-port-unreachable');
    expect(nat.chains.map((c) => c.name).filter((c) => /-(SVC|SEP|EXT)-/.test(c))).toEqual([]);
  });

  it('DROPs external traffic on a node without a local endpoint under externalTrafficPolicy Local', () => {
    const { nat, filter } = kubeProxyTables({ nodeName: 'node2', nodeIP: '192.168.0.3', settings, services: [svc1({ externalTrafficPolicy: 'Local' })], slices: [slice([{ ip: '10.180.0.1', node: 'node1' }])] });
    expect(saved(filter)).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "ns1/svc1:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 3001 -j DROP');
    // The EXT chain keeps its short-circuits but has no jump to a KUBE-SVL chain.
    expect(saved(nat).filter((l) => l.startsWith('-A KUBE-EXT-'))).toHaveLength(3);
    expect(nat.chains.some((c) => c.name.startsWith('KUBE-SVL-'))).toBe(false);
  });
});
