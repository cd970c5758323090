/**
 * kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go v1.28): the virtual servers as
 * `ipvsadm -Ln` prints them, the ipsets, and the fixed iptables rules keyed by them.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { DEFAULT_SETTINGS } from '../defaults';
import type { EndpointSliceInfo, ServiceInfo } from '../model';
import { renderRestore, renderSave, saveRule } from '../netfilter/render';
import { kubeProxyIpvs } from './ipvs';
import { msort, renderIpvsadm } from './ipvsadm';

const IPVS = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
`;

const settings = { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, mode: 'ipvs' as const, clusterCIDR: '10.0.0.0/8' } };

function svc1(overrides: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    namespace: 'ns1', name: 'svc1', type: 'NodePort', clusterIP: '172.30.0.41', externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    selector: { app: 'x' }, ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 3001 }],
    externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', affinityTimeout: 10800, publishNotReadyAddresses: false,
    fieldProvenance: {}, ...overrides,
  };
}

function slice(endpoints: { ip: string; node?: string; ready?: boolean }[], proto: 'TCP' | 'UDP' | 'SCTP' = 'TCP'): EndpointSliceInfo {
  return {
    namespace: 'ns1', name: 'svc1-abcde', serviceName: 'svc1',
    endpoints: endpoints.map((e) => ({ ip: e.ip, port: 80, portName: 'p80', protocol: proto, ready: e.ready ?? true, nodeName: e.node })),
  };
}

const proxy = (services: ServiceInfo[], slices: EndpointSliceInfo[], extra: Partial<typeof settings.proxy> = {}) =>
  kubeProxyIpvs({
    nodeName: 'node1', nodeIP: '192.168.0.2', podCIDR: '10.0.1.0/24', localAddresses: ['127.0.0.1', '192.168.0.2', '10.0.1.1'],
    settings: { ...settings, proxy: { ...settings.proxy, ...extra } }, services, slices,
  });
const members = (p: ReturnType<typeof proxy>) => Object.fromEntries(p.ipsets.filter((s) => s.entries.length > 0).map((s) => [s.name, s.entries]));

describe('ipvsadm -Ln', () => {
  const cluster = buildCluster(nodePortLesson.yaml + IPVS);
  const node01 = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;

  it('lists every virtual server of the lesson cluster on node01, as ipvsadm 1.31 prints them', () => {
    expect(cluster.diagnostics).toEqual([]);
    // 192.168.255.102 sorts before 10.96.0.1: libipvs subtracts the addresses as ints, and the
    // difference overflows (see ipvsadm.ts).
    expect(renderIpvsadm(node01.ipvs!.virtualServers)).toBe(`IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  192.168.255.102:31101 rr
  -> 10.244.1.2:80                Masq    1      0          0         
  -> 10.244.2.2:80                Masq    1      0          0         
TCP  10.96.0.1:443 rr
  -> 192.168.255.101:6443         Masq    1      0          0         
TCP  10.96.0.10:53 rr
  -> 10.244.0.2:53                Masq    1      0          0         
  -> 10.244.0.3:53                Masq    1      0          0         
TCP  10.96.0.10:9153 rr
  -> 10.244.0.2:9153              Masq    1      0          0         
  -> 10.244.0.3:9153              Masq    1      0          0         
TCP  10.108.229.67:8001 rr
  -> 10.244.1.2:80                Masq    1      0          0         
  -> 10.244.2.2:80                Masq    1      0          0         
TCP  10.244.1.1:31101 rr
  -> 10.244.1.2:80                Masq    1      0          0         
  -> 10.244.2.2:80                Masq    1      0          0         
UDP  10.96.0.10:53 rr
  -> 10.244.0.2:53                Masq    1      0          0         
  -> 10.244.0.3:53                Masq    1      0          0         
`);
  });

  it('binds every cluster IP to kube-ipvs0, a dummy device left down', () => {
    expect(node01.interfaces.find((i) => i.name === 'kube-ipvs0')).toMatchObject({
      kind: 'dummy', down: true, extraAddresses: ['10.96.0.1/32', '10.96.0.10/32', '10.108.229.67/32'],
    });
    expect(node01.interfaces.map((i) => i.name).slice(0, 4)).toEqual(['lo', 'eth0', 'kube-ipvs0', 'cbr0']);
  });

  it('prints persistence, the mh scheduler\'s flag, SCTP, and cuts long names as ipvsadm does', () => {
    const vs = (over: object) => ({ protocol: 'TCP' as const, address: '10.0.0.1', port: 443, scheduler: 'rr', reals: [], servicePort: 'ns/x', role: 'cluster IP' as const, ...over });
    expect(renderIpvsadm([
      vs({ persistent: 10800 }),
      vs({ protocol: 'SCTP', address: '10.0.0.2', scheduler: 'mh', schedulerFlags: ['mh-port'] }),
      vs({ protocol: 'UDP', address: '10.0.0.3', port: 53, reals: [{ address: '10.244.0.2', port: 53, weight: 1 }] }),
    ]).split('\n').slice(3)).toEqual([
      'TCP  10.0.0.1:443 rr persistent 10800',
      'UDP  10.0.0.3:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0         ',
      'SCTP 10.0.0.2:443 mh (mh-port)',
      '',
    ]);
  });

  it('sorts with glibc\'s merge sort and libipvs\'s overflowing comparison', () => {
    const cmp = (a: number, b: number) => (a - b) | 0;
    expect(msort([3, 1, 2], cmp)).toEqual([1, 2, 3]);
    // 0xC0000000 - 0x0A000000 overflows to a negative int: "192.x" < "10.x".
    expect(msort([0x0a000000, 0xc0000000], cmp)).toEqual([0xc0000000, 0x0a000000]);
  });
});

describe('the iptables rules of IPVS mode', () => {
  it('writes the lesson node\'s tables as iptables-save prints them', () => {
    const cluster = buildCluster(nodePortLesson.yaml + IPVS);
    const node01 = cluster.nodeDataplanes.find((d) => d.node === 'node01')!;
    const date = new Date(Date.UTC(2026, 0, 8, 12, 5));
    const [, filter, nat] = node01.tables;
    expect(renderSave([nat], { date }).split('\n').slice(2, -3)).toEqual([
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':FLANNEL-POSTRTG - [0:0]',
      ':KUBE-KUBELET-CANARY - [0:0]',
      ':KUBE-LOAD-BALANCER - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-NODE-PORT - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.1.0/24 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment "flanneld masq" -j RETURN',
      '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully',
      '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    ]);
    expect(renderSave([filter], { date }).split('\n').slice(2, -3)).toEqual([
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':FLANNEL-FWD - [0:0]',
      ':KUBE-FIREWALL - [0:0]',
      ':KUBE-FORWARD - [0:0]',
      ':KUBE-IPVS-FILTER - [0:0]',
      ':KUBE-KUBELET-CANARY - [0:0]',
      ':KUBE-NODE-PORT - [0:0]',
      ':KUBE-PROXY-FIREWALL - [0:0]',
      ':KUBE-SOURCE-RANGES-FIREWALL - [0:0]',
      '-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER',
      '-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT',
      '-A INPUT -j KUBE-FIREWALL',
      '-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL',
      '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
      '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
      '-A OUTPUT -j KUBE-FIREWALL',
      '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
      '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
      '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
      '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
    ]);
    expect(members({ ...node01.ipvs!, nat, filter, bound: [] })).toEqual({
      'KUBE-LOOP-BACK': ['10.244.1.2,tcp:80,10.244.1.2'],
      'KUBE-CLUSTER-IP': ['10.108.229.67,tcp:8001', '10.96.0.1,tcp:443', '10.96.0.10,tcp:53', '10.96.0.10,tcp:9153', '10.96.0.10,udp:53'],
      'KUBE-NODE-PORT-TCP': ['31101'],
      'KUBE-IPVS-IPS': ['10.108.229.67', '10.96.0.1', '10.96.0.10'],
    });
  });

  it('hands iptables-restore kube-proxy\'s own chains only, nat first, with its quoting', () => {
    const p = proxy([svc1()], [slice([{ ip: '10.0.1.5', node: 'node1' }])]);
    expect(renderRestore(p.nat).split('\n').slice(0, 8)).toEqual([
      '*nat',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-POSTROUTING - [0:0]',
      ':KUBE-NODE-PORT - [0:0]',
      ':KUBE-LOAD-BALANCER - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    ]);
    expect(renderRestore(p.nat)).toContain('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ\n');
  });

  it('masquerades every cluster IP packet with masqueradeAll, and only those from a Service address without a detector', () => {
    const all = proxy([svc1()], [slice([{ ip: '10.0.1.5' }])], { masqueradeAll: true }).nat.rules.map(saveRule);
    expect(all).toContain('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
    const none = proxy([svc1()], [slice([{ ip: '10.0.1.5' }])], { clusterCIDR: '' }).nat.rules.map(saveRule);
    expect(none).toContain('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ');
  });
});

describe('virtual servers and ipsets per Service shape', () => {
  it('externalTrafficPolicy Local: node ports and VIPs keep the client, real servers are the local ones', () => {
    const p = proxy(
      [svc1({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerIPs: ['1.2.3.4'], healthCheckNodePort: 30000 })],
      [slice([{ ip: '10.0.1.5', node: 'node1' }, { ip: '10.0.2.5', node: 'node2' }])],
    );
    expect(members(p)).toEqual({
      'KUBE-LOOP-BACK': ['10.0.1.5,tcp:80,10.0.1.5'],
      'KUBE-CLUSTER-IP': ['172.30.0.41,tcp:80'],
      'KUBE-LOAD-BALANCER': ['1.2.3.4,tcp:80'],
      'KUBE-LOAD-BALANCER-LOCAL': ['1.2.3.4,tcp:80'],
      'KUBE-NODE-PORT-TCP': ['3001'],
      'KUBE-NODE-PORT-LOCAL-TCP': ['3001'],
      'KUBE-HEALTH-CHECK-NODE-PORT': ['30000'],
      'KUBE-IPVS-IPS': ['1.2.3.4', '172.30.0.41'],
    });
    const reals = (address: string) => p.virtualServers.find((v) => v.address === address)!.reals.map((r) => r.address);
    expect(reals('172.30.0.41')).toEqual(['10.0.1.5', '10.0.2.5']);
    expect(reals('1.2.3.4')).toEqual(['10.0.1.5']);
    expect(p.virtualServers.filter((v) => v.role === 'node port').map((v) => `${v.address}:${v.port} ${v.reals.length}`)).toEqual(['192.168.0.2:3001 1', '10.0.1.1:3001 1']);
    expect(p.nat.rules.map(saveRule)).toEqual(expect.arrayContaining([
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER',
      '-A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN',
      '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port with externalTrafficPolicy=local" -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j RETURN',
      '-A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT',
    ]));
    // The LOCAL RETURN comes before the masquerade mark.
    const np = p.nat.rules.filter((r) => r.chain === 'KUBE-NODE-PORT').map((r) => r.target);
    expect(np).toEqual([{ kind: 'RETURN' }, { kind: 'jump', chain: 'KUBE-MARK-MASQ' }]);
  });

  it('externalTrafficPolicy Local with no local endpoint falls back to every endpoint (kubernetes#97081)', () => {
    const p = proxy([svc1({ externalTrafficPolicy: 'Local' })], [slice([{ ip: '10.0.2.5', node: 'node2' }])]);
    expect(p.virtualServers.filter((v) => v.role === 'node port').map((v) => v.reals)).toEqual([
      [{ address: '10.0.2.5', port: 80, weight: 1 }], [{ address: '10.0.2.5', port: 80, weight: 1 }],
    ]);
  });

  it('loadBalancerSourceRanges: the FW set sends the VIP to KUBE-SOURCE-RANGES-FIREWALL, allowed sources return', () => {
    const p = proxy([svc1({ type: 'LoadBalancer', loadBalancerIPs: ['1.2.3.4'], loadBalancerSourceRanges: ['203.0.113.0/25', '192.168.0.0/24'] })], [slice([{ ip: '10.0.1.5' }])]);
    expect(members(p)).toMatchObject({
      'KUBE-LOAD-BALANCER-FW': ['1.2.3.4,tcp:80'],
      'KUBE-LOAD-BALANCER-SOURCE-CIDR': ['1.2.3.4,tcp:80,192.168.0.0/24', '1.2.3.4,tcp:80,203.0.113.0/25'],
      // The node's own address is in a range: it may reach the VIP SNATed to the VIP.
      'KUBE-LOAD-BALANCER-SOURCE-IP': ['1.2.3.4,tcp:80,1.2.3.4'],
    });
    expect(p.filter.rules.map(saveRule).filter((l) => /PROXY-FIREWALL|SOURCE-RANGES/.test(l) && !l.startsWith('-A INPUT') && !l.startsWith('-A FORWARD'))).toEqual([
      '-A KUBE-PROXY-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port for load balancer with sourceRange" -m set --match-set KUBE-LOAD-BALANCER-FW dst,dst -j KUBE-SOURCE-RANGES-FIREWALL',
      '-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port + source cidr for packet filter purpose" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-CIDR dst,dst,src -j RETURN',
      '-A KUBE-SOURCE-RANGES-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port + source IP for packet filter purpose" -m set --match-set KUBE-LOAD-BALANCER-SOURCE-IP dst,dst,src -j RETURN',
      '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
    ]);
  });

  it('externalIPs: masqueraded, accepted from off the machine or when local; not rebound when the node has them', () => {
    const p = proxy([svc1({ type: 'ClusterIP', ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80 }], externalIPs: ['192.168.0.2', '198.51.100.7'] })], [slice([{ ip: '10.0.1.5' }])]);
    expect(members(p)['KUBE-EXTERNAL-IP']).toEqual(['192.168.0.2,tcp:80', '198.51.100.7,tcp:80']);
    expect(p.bound).toEqual(['172.30.0.41', '198.51.100.7']);
    expect(p.nat.rules.map(saveRule).filter((l) => l.includes('external ip'))).toEqual([
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m addrtype --dst-type LOCAL -j ACCEPT',
    ]);
  });

  it('session affinity makes the virtual servers persistent; mh adds its flag', () => {
    const p = proxy([svc1({ sessionAffinity: 'ClientIP', affinityTimeout: 600 })], [slice([{ ip: '10.0.1.5' }])], { ipvs: { scheduler: 'mh', strictARP: false } });
    expect(p.virtualServers.map((v) => [v.persistent, v.scheduler, v.schedulerFlags])).toEqual([
      [600, 'mh', ['mh-port']], [600, 'mh', ['mh-port']], [600, 'mh', ['mh-port']],
    ]);
  });

  it('a Service without endpoints still has its virtual servers, with no real server (and no REJECT rule)', () => {
    const p = proxy([svc1()], []);
    expect(p.virtualServers.map((v) => `${v.address}:${v.port} ${v.reals.length}`)).toEqual(['172.30.0.41:80 0', '192.168.0.2:3001 0', '10.0.1.1:3001 0']);
    expect([...p.nat.rules, ...p.filter.rules].some((r) => r.target?.kind === 'REJECT' && r.chain !== 'KUBE-IPVS-FILTER')).toBe(false);
  });

  it('UDP node ports go to their bitmap set, SCTP ones to the hash set with every node address', () => {
    const udp = proxy([svc1({ ports: [{ name: 'p80', protocol: 'UDP', port: 80, targetPort: 80, nodePort: 3001 }] })], [slice([{ ip: '10.0.1.5' }], 'UDP')]);
    expect(members(udp)['KUBE-NODE-PORT-UDP']).toEqual(['3001']);
    expect(udp.nat.rules.map(saveRule)).toContain('-A KUBE-NODE-PORT -p udp -m comment --comment "Kubernetes nodeport UDP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-UDP dst -j KUBE-MARK-MASQ');
    const sctp = proxy([svc1({ ports: [{ name: 'p80', protocol: 'SCTP', port: 80, targetPort: 80, nodePort: 3001 }] })], [slice([{ ip: '10.0.1.5' }], 'SCTP')]);
    expect(members(sctp)['KUBE-NODE-PORT-SCTP-HASH']).toEqual(['10.0.1.1,sctp:3001', '192.168.0.2,sctp:3001']);
    expect(sctp.nat.rules.map(saveRule)).toContain('-A KUBE-NODE-PORT -p sctp -m comment --comment "Kubernetes nodeport SCTP port for masquerade purpose with type \\\'hash ip:port\\\'" -m set --match-set KUBE-NODE-PORT-SCTP-HASH dst,dst -j KUBE-MARK-MASQ');
  });
});
