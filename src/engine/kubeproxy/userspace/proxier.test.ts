/**
 * The rules of kube-proxy's userspace mode, line for line as v1.25's pkg/proxy/userspace/proxier.go
 * builds them (commit 0096f4a4d137aa03ee1f5d168dadb325833b3a57): iptablesInit's jumps,
 * iptablesCommonPortalArgs (`-m comment --comment NS/SVC:PORT -p PROTO -m PROTO --dport PORT
 * [-d IP/32] [-m physdev ! --physdev-is-in] [-m addrtype --dst-type LOCAL]`) followed by
 * iptablesContainerPortalArgs' `-j REDIRECT --to-ports PROXYPORT` (listening on 0.0.0.0),
 * iptablesHostPortalArgs' / iptablesHostNodePortArgs' `-j DNAT --to-destination HOSTIP:PROXYPORT`
 * and iptablesNonLocalNodePortArgs' `--dport PROXYPORT -m state --state NEW -j ACCEPT`, as
 * iptables-save prints them (addresses and protocol first, then the modules in order).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../defaults';
import type { EndpointSliceInfo, ServiceInfo } from '../../model';
import { saveRule } from '../../netfilter/render';
import { EPHEMERAL_PORTS, kubeProxyUserspace, proxyPorts } from './proxier';

const settings = { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, mode: 'userspace' as const } };

function svc1(overrides: Partial<ServiceInfo> = {}): ServiceInfo {
  return {
    namespace: 'ns1', name: 'svc1', type: 'ClusterIP', clusterIP: '172.30.0.41', externalIPs: [], loadBalancerIPs: [], loadBalancerSourceRanges: [],
    selector: { app: 'x' }, ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80 }],
    externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', affinityTimeout: 10800, publishNotReadyAddresses: false,
    fieldProvenance: {}, ...overrides,
  };
}

function slice(endpoints: { ip: string; ready?: boolean }[]): EndpointSliceInfo {
  return {
    namespace: 'ns1', name: 'svc1-abcde', serviceName: 'svc1',
    endpoints: endpoints.map((e) => ({ ip: e.ip, port: 80, portName: 'p80', protocol: 'TCP', ready: e.ready ?? true })),
  };
}

const build = (services: ServiceInfo[], slices: EndpointSliceInfo[] = [], proxy = settings.proxy) =>
  kubeProxyUserspace({ nodeName: 'node1', nodeIP: '192.168.0.2', settings: { ...settings, proxy }, services, slices });
const lines = (t: { rules: Parameters<typeof saveRule>[0][] }) => t.rules.map(saveRule);
/** A single-port range makes the proxy port known: 36000, as `portRange: 36000-36000` would. */
const fixed = { ...settings.proxy, portRange: { min: 36000, max: 36000 } };

describe('kube-proxy userspace mode: the rules', () => {
  it('iptablesInit: portals first in PREROUTING and OUTPUT, node ports last, the non-local chain in filter INPUT', () => {
    const { nat, filter } = build([]);
    expect(lines(nat)).toEqual([
      '-A PREROUTING -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-CONTAINER',
      '-A OUTPUT -m comment --comment "handle ClusterIPs; NOTE: this must be before the NodePort rules" -j KUBE-PORTALS-HOST',
      '-A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-CONTAINER',
      '-A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment "handle service NodePorts; NOTE: this must be the last rule in the chain" -j KUBE-NODEPORT-HOST',
    ]);
    expect(lines(filter)).toEqual(['-A INPUT -m comment --comment "Ensure that non-local NodePort traffic can flow" -j KUBE-NODEPORT-NON-LOCAL']);
    expect(nat.chains.map((c) => c.name).slice(4)).toEqual(['KUBE-PORTALS-CONTAINER', 'KUBE-PORTALS-HOST', 'KUBE-NODEPORT-CONTAINER', 'KUBE-NODEPORT-HOST']);
  });

  it('a ClusterIP port: REDIRECT from containers, DNAT to the host IP from the host', () => {
    const { nat, filter, userspace } = build([svc1()], [slice([{ ip: '10.180.0.1' }])], fixed);
    expect(lines(nat).slice(4)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j DNAT --to-destination 192.168.0.2:36000',
    ]);
    expect(lines(filter)).toHaveLength(1);
    expect(userspace).toEqual({
      listenIP: '0.0.0.0', hostIP: '192.168.0.2',
      ports: [{
        servicePort: 'ns1/svc1:p80', protocol: 'TCP', proxyPort: 36000, clusterIP: '172.30.0.41', port: 80, externalIPs: [], loadBalancerIPs: [],
        sessionAffinity: 'None', affinityTimeout: 10800, endpoints: ['10.180.0.1:80'],
      }],
    });
  });

  it('an unnamed port: the comment is ns/name, with no colon (ServicePortName.String)', () => {
    const { nat } = build([svc1({ ports: [{ protocol: 'UDP', port: 53, targetPort: 53 }] })], [], fixed);
    expect(lines(nat).slice(4)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -d 172.30.0.41/32 -p udp -m comment --comment "ns1/svc1" -m udp --dport 53 -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 172.30.0.41/32 -p udp -m comment --comment "ns1/svc1" -m udp --dport 53 -j DNAT --to-destination 192.168.0.2:36000',
    ]);
  });

  it('a NodePort: the portal, then KUBE-NODEPORT-CONTAINER/-HOST on the node port and the non-local ACCEPT on the proxy port', () => {
    const { nat, filter } = build([svc1({ type: 'NodePort', ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 3001 }] })], [], fixed);
    expect(lines(nat).slice(4)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j DNAT --to-destination 192.168.0.2:36000',
      '-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j REDIRECT --to-ports 36000',
      '-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j DNAT --to-destination 192.168.0.2:36000',
    ]);
    expect(lines(filter).slice(1)).toEqual([
      '-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 36000 -m state --state NEW -j ACCEPT',
    ]);
  });

  it('externalIPs: from containers when not bridged in or when local, from the host when local', () => {
    const { nat } = build([svc1({ externalIPs: ['192.168.99.11'] })], [], fixed);
    expect(lines(nat).slice(6)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -d 192.168.99.11/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -m physdev ! --physdev-is-in -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-CONTAINER -d 192.168.99.11/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -m addrtype --dst-type LOCAL -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 192.168.99.11/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -m addrtype --dst-type LOCAL -j DNAT --to-destination 192.168.0.2:36000',
    ]);
  });

  it('a LoadBalancer: its ingress IPs are portals like the cluster IP (isExternal false), then its node port', () => {
    const lb = svc1({ type: 'LoadBalancer', loadBalancerIPs: ['1.2.3.4'], ports: [{ name: 'p80', protocol: 'TCP', port: 80, targetPort: 80, nodePort: 3001 }] });
    const { nat, filter } = build([lb], [], fixed);
    expect(lines(nat).slice(4)).toEqual([
      '-A KUBE-PORTALS-CONTAINER -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j DNAT --to-destination 192.168.0.2:36000',
      '-A KUBE-PORTALS-CONTAINER -d 1.2.3.4/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j REDIRECT --to-ports 36000',
      '-A KUBE-PORTALS-HOST -d 1.2.3.4/32 -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 80 -j DNAT --to-destination 192.168.0.2:36000',
      '-A KUBE-NODEPORT-CONTAINER -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j REDIRECT --to-ports 36000',
      '-A KUBE-NODEPORT-HOST -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j DNAT --to-destination 192.168.0.2:36000',
    ]);
    expect(lines(filter)).toContain('-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 36000 -m state --state NEW -j ACCEPT');
  });

  it('session affinity writes no rule: the process remembers clients (LoadBalancerRR); the rules are those of a Service without it', () => {
    const sticky = build([svc1({ sessionAffinity: 'ClientIP', affinityTimeout: 600 })], [slice([{ ip: '10.180.0.1' }, { ip: '10.180.0.2' }])], fixed);
    const plain = build([svc1()], [slice([{ ip: '10.180.0.1' }, { ip: '10.180.0.2' }])], fixed);
    expect(lines(sticky.nat)).toEqual(lines(plain.nat));
    expect(sticky.userspace.ports[0]).toMatchObject({ sessionAffinity: 'ClientIP', affinityTimeout: 600, endpoints: ['10.180.0.1:80', '10.180.0.2:80'] });
  });

  it('round-robin takes the ready endpoints only (the Endpoints\' addresses), in ip:port order', () => {
    const { userspace } = build([svc1()], [slice([{ ip: '10.180.0.2' }, { ip: '10.180.0.10' }, { ip: '10.180.0.3', ready: false }])], fixed);
    expect(userspace.ports[0].endpoints).toEqual(['10.180.0.10:80', '10.180.0.2:80']);
  });

  it('no rules for headless or ExternalName Services, nor for SCTP ports (newProxySocket: unknown protocol)', () => {
    const { nat, userspace } = build([
      svc1({ name: 'headless', clusterIP: 'None' }),
      svc1({ name: 'ext', type: 'ExternalName', clusterIP: '' }),
      svc1({ name: 'sctp', ports: [{ name: 's', protocol: 'SCTP', port: 9, targetPort: 9 }] }),
    ], [], fixed);
    expect(lines(nat)).toHaveLength(4);
    expect(userspace.ports).toEqual([]);
  });

  it('proxy ports: the same for the same Services, spread over the ephemeral range, never shared; a full range leaves a port out', () => {
    const many = Array.from({ length: 50 }, (_, i) => svc1({ name: `svc${i}`, clusterIP: `172.30.1.${i + 1}` }));
    const ports = proxyPorts(many, settings.proxy);
    expect(ports.size).toBe(50);
    expect(new Set(ports.values()).size).toBe(50);
    for (const p of ports.values()) expect(p >= EPHEMERAL_PORTS.min && p <= EPHEMERAL_PORTS.max).toBe(true);
    expect(proxyPorts(many, settings.proxy)).toEqual(ports);
    // Adding a Service does not move the others' ports.
    const more = proxyPorts([...many, svc1({ name: 'zzz', clusterIP: '172.30.2.1' })], settings.proxy);
    for (const [k, v] of ports) expect(more.get(k)).toBe(v);
    const tight = proxyPorts(many.slice(0, 3), { ...settings.proxy, portRange: { min: 40000, max: 40001 } });
    expect([...tight.values()].sort()).toEqual([40000, 40001]);
    expect(proxyPorts([svc1()], settings.proxy)).toEqual(new Map([['ns1/svc1:p80/TCP', 36833]]));
  });
});
