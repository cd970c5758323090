/**
 * The cost of kube-proxy's modes (cost.ts), on the default lesson's cluster: master01, node01 and
 * node02, kubeadm's Services (kubernetes 443; kube-dns 53/UDP, 53/TCP, 9153) and
 * `my-nginx-deploment`, NodePort 31101 → 80, over the nginx pods (bzw22 on node01, lpgt8 on
 * node02, p7qjp on node01 with three replicas). The outside host calls node01:31101 and is sent
 * to lpgt8 (pick 2) unless said otherwise. Every number is derived in a comment from the rules
 * kube-proxy writes in that mode.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { packetCost, serviceCost, withOneMore, type ServiceCost } from './cost';
import { traceRequest } from './trace';
import type { TraceRequest } from './types';

const LESSON = nodePortLesson.yaml;
const SERVICE = 'default/my-nginx-deploment';
const NODE_PORT: TraceRequest = { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 };

type Mode = 'iptables' | 'ipvs' | 'nftables' | 'userspace';
const inMode = (yaml: string, mode: Mode) =>
  mode === 'iptables' ? yaml : `${yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${mode}\n`;
const replicas = (n: number) => LESSON.replace('replicas: 2', `replicas: ${n}`);
const affinity = LESSON.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
/** Ten more ClusterIP Services over the same pods, port 80. */
const tenMore = LESSON + Array.from({ length: 10 }, (_, i) => `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i + 1}\nspec:\n  selector:\n    app: my-nginx\n  ports:\n  - port: 80\n`).join('');

function costOf(yaml: string, request: TraceRequest = NODE_PORT) {
  const cluster = buildCluster(yaml);
  const trace = traceRequest(cluster, request);
  expect(trace.outcome).toBe('served');
  return packetCost(cluster, trace);
}
const none = { ipvs: 0, ipset: 0, nft: 0, recent: 0 };
const onNode01 = (c: Partial<ServiceCost>): ServiceCost => ({
  node: 'node01', rules: 0, chains: 0, elements: 0, sets: 0, virtualServers: 0, realServers: 0, addresses: 0, proxyPorts: 0, ...c,
});

describe('iptables mode', () => {
  it('the first packet on node01: 20 nat rules, 4 filter rules, no lookup', () => {
    // nat PREROUTING: its jump to KUBE-SERVICES (1); KUBE-SERVICES: five cluster-IP rules fail,
    // the node-port rule, last, matches (6); KUBE-NODEPORTS (1); KUBE-EXT's mark rule (1);
    // KUBE-MARK-MASQ (1); KUBE-EXT's jump to KUBE-SVC (1); KUBE-SVC: the cluster-IP masquerade
    // rule, the 1/2 statistic rule that fails, the last one to lpgt8 (3); KUBE-SEP: the hairpin
    // rule, the DNAT (2). 16. nat POSTROUTING: its jump (1); KUBE-POSTROUTING: the RETURN that
    // fails, the mark clearing, the MASQUERADE (3). 20. flanneld's FLANNEL-POSTRTG is not reached.
    // filter FORWARD: the jump to KUBE-PROXY-FIREWALL (empty), the jump to KUBE-FORWARD, its
    // INVALID drop that fails and its 0x4000 accept (4).
    expect(costOf(LESSON)).toEqual({ node: 'node01', rules: { nat: 20, filter: 4 }, lookups: none, connections: 1, proxySockets: 0 });
  });

  it('ten more Services: ten more nat rules, one per Service port in KUBE-SERVICES, before the node-port rule', () => {
    expect(costOf(tenMore)?.rules).toEqual({ nat: 30, filter: 4 });
  });

  it('ClientIP affinity: KUBE-SVC checks each endpoint\'s recent list first, two lookups', () => {
    // KUBE-SVC: the masquerade rule, `-m recent --rcheck` for bzw22's and lpgt8's lists (both
    // miss), the statistic rule, the last one (5, two more); KUBE-SEP as before: 22.
    expect(costOf(affinity)).toEqual({ node: 'node01', rules: { nat: 22, filter: 4 }, lookups: { ...none, recent: 2 }, connections: 1, proxySockets: 0 });
  });

  it('a pod to the cluster IP: KUBE-SERVICES stops at the Service\'s own rule', () => {
    // PREROUTING (1); KUBE-SERVICES: kubernetes' rule fails, ours matches (2); KUBE-SVC: the
    // masquerade rule fails (the source is a pod), the statistic fails, the last one (3);
    // KUBE-SEP (2); POSTROUTING (1); KUBE-POSTROUTING: the RETURN of an unmarked packet (1). 10.
    // filter FORWARD: KUBE-PROXY-FIREWALL, KUBE-FORWARD and its three rules, the KUBE-SERVICES
    // and KUBE-EXTERNAL-SERVICES jumps (7); flanneld's FLANNEL-FWD after them is not kube-proxy's.
    const cost = costOf(LESSON, { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.108.229.67:8001', pick: 2 });
    expect(cost?.rules).toEqual({ nat: 10, filter: 7 });
  });

  it('per Service with N endpoints: 5 + 3N rules in 2 + N chains', () => {
    // KUBE-SERVICES' cluster-IP rule, KUBE-NODEPORTS' rule, KUBE-EXT's two (mark, jump), KUBE-SVC's
    // masquerade rule: 5; per endpoint a KUBE-SVC jump and KUBE-SEP's hairpin and DNAT rules: 3.
    // Chains: KUBE-SVC-…, KUBE-EXT-…, one KUBE-SEP-… per endpoint.
    expect([1, 2, 3].map((n) => serviceCost(replicas(n), SERVICE, 'node01'))).toEqual([
      onNode01({ rules: 8, chains: 3 }), onNode01({ rules: 11, chains: 4 }), onNode01({ rules: 14, chains: 5 }),
    ]);
    // Affinity: a `-m recent --rcheck` rule per endpoint in KUBE-SVC (the --set is in KUBE-SEP's DNAT rule).
    expect(serviceCost(affinity, SERVICE, 'node01')).toEqual(onNode01({ rules: 13, chains: 4 }));
  });
});

describe('IPVS mode', () => {
  const ipvsPacket = { node: 'node01', rules: { nat: 12, filter: 9 }, lookups: { ...none, ipvs: 1, ipset: 10 }, connections: 1, proxySockets: 0 };

  it('the first packet on node01: one virtual-server lookup and ten ipset lookups, the same with ten more Services', () => {
    // nat PREROUTING's jump (1); KUBE-SERVICES: the 127.0.0.0/8 RETURN, the KUBE-CLUSTER-IP
    // masquerade rule (a set lookup, miss), the jump to KUBE-NODE-PORT (3); KUBE-NODE-PORT's
    // KUBE-NODE-PORT-TCP rule (set lookup, hit) (1); KUBE-MARK-MASQ (1); back in KUBE-SERVICES, the
    // KUBE-CLUSTER-IP ACCEPT (set lookup, miss) (1). 7. POSTROUTING's jump (1); KUBE-POSTROUTING:
    // KUBE-LOOP-BACK (set lookup, miss), the RETURN, the mark clearing, the MASQUERADE (4). 12, and
    // 4 ipset lookups. filter INPUT: the jump to KUBE-IPVS-FILTER, its four RETURN rules on
    // KUBE-LOAD-BALANCER, KUBE-CLUSTER-IP, KUBE-EXTERNAL-IP, KUBE-HEALTH-CHECK-NODE-PORT and its
    // REJECT on KUBE-IPVS-IPS (5 lookups, all miss), the KUBE-PROXY-FIREWALL jump, the jump to
    // KUBE-NODE-PORT and its health-check rule (1 lookup): 9 rules, 6 lookups (the kubelet's
    // KUBE-FIREWALL is not counted). Then IPVS finds TCP 192.168.255.102:31101: 1.
    expect(costOf(inMode(LESSON, 'ipvs'))).toEqual(ipvsPacket);
    expect(costOf(inMode(tenMore, 'ipvs'))).toEqual(ipvsPacket);
  });

  it('per Service with N endpoints: no rule; 3 virtual servers of N real servers, 3 set entries, 1 address', () => {
    // Virtual servers: the cluster IP, and the node port on each of node01's addresses (eth0's
    // 192.168.255.102, cbr0's 10.244.1.1), each with every endpoint. Entries: KUBE-CLUSTER-IP
    // (cluster IP, port), KUBE-NODE-PORT-TCP (node port), KUBE-IPVS-IPS (cluster IP); the
    // KUBE-LOOP-BACK entries of the same pods are already there (an entry is endpoint, port,
    // endpoint). The cluster IP on kube-ipvs0: 1.
    expect([1, 2, 3].map((n) => serviceCost(inMode(replicas(n), 'ipvs'), SERVICE, 'node01'))).toEqual([1, 2, 3].map((n) =>
      onNode01({ elements: 3, virtualServers: 3, realServers: 3 * n, addresses: 1 })));
  });
});

describe('nftables mode', () => {
  const nftPacket = { node: 'node01', rules: { nat: 14, filter: 7 }, lookups: { ...none, nft: 7 }, connections: 1, proxySockets: 0 };

  it('the first packet on node01: seven set and map lookups, the same with ten more Services', () => {
    // filter-prerouting-pre-dnat: the jump to firewall-check, its `vmap @firewall-ips` (2 rules,
    // 1 lookup). nat-prerouting's jump (1); services: `vmap @service-ips` misses, `ip daddr
    // @nodeport-ips … vmap @service-nodeports` hits (2 rules, 3 lookups); the external chain's
    // jump to mark-for-masquerade (1), its mark (1), its goto to the service chain (1); the service
    // chain's cluster-IP masquerade rule, `numgen random mod 2 vmap { … }` (2 rules, 1 lookup of an
    // anonymous map); the endpoint chain's hairpin rule, its DNAT (2). 10. nat-postrouting's jump
    // (1); masquerading: mark test, mark clearing, masquerade (3). 14. filter-forward: the jump to
    // service-endpoints-check and its `vmap @no-endpoint-services` (1 lookup), the jump to
    // cluster-ips-check, its `@cluster-ips` reject (1 lookup) and its service-CIDR drop (5). 7 filter
    // rules; 1 + 3 + 1 + 2 = 7 lookups.
    expect(costOf(inMode(LESSON, 'nftables'))).toEqual(nftPacket);
    expect(costOf(inMode(tenMore, 'nftables'))).toEqual(nftPacket);
  });

  it('ClientIP affinity: an affinity set probed per endpoint, and updated', () => {
    // The service chain tests `ip saddr @affinity-… goto endpoint-…` for both endpoints before
    // numgen (2 rules, 2 lookups); the endpoint chain updates its set before the DNAT (1 rule).
    expect(costOf(inMode(affinity, 'nftables'))).toEqual({ ...nftPacket, rules: { nat: 17, filter: 7 }, lookups: { ...none, nft: 9 } });
  });

  it('per Service with N endpoints: 4 + 2N rules in 2 + N chains, 3 elements', () => {
    // service chain: masquerade rule and numgen (2); external chain: mark, goto (2); per endpoint a
    // chain with the hairpin rule and the DNAT (2). Elements: @service-ips (cluster IP),
    // @service-nodeports (node port), @cluster-ips.
    expect([1, 2, 3].map((n) => serviceCost(inMode(replicas(n), 'nftables'), SERVICE, 'node01'))).toEqual([1, 2, 3].map((n) =>
      onNode01({ rules: 4 + 2 * n, chains: 2 + n, elements: 3 })));
    // Affinity: per endpoint a `goto` rule in the service chain, an update in the endpoint chain, a set.
    expect(serviceCost(inMode(affinity, 'nftables'), SERVICE, 'node01')).toEqual(onNode01({ rules: 12, chains: 4, elements: 3, sets: 2 }));
  });
});

describe('userspace mode', () => {
  it('the first packet on node01: two connections, two sockets in kube-proxy, and kube-proxy\'s own connection walks the nat table too', () => {
    // The client's connection: PREROUTING's jump to KUBE-PORTALS-CONTAINER (1), its five Service
    // ports (5), PREROUTING's jump to KUBE-NODEPORT-CONTAINER (1), its REDIRECT (1). kube-proxy's
    // connection to lpgt8: OUTPUT's jump to KUBE-PORTALS-HOST (1), its five (5), OUTPUT's rule for
    // KUBE-NODEPORT-HOST, which fails (1). 15. filter INPUT: the jump to KUBE-NODEPORT-NON-LOCAL and
    // its accept (2). Connections: the client's and kube-proxy's; sockets: accepted and dialed.
    expect(costOf(inMode(LESSON, 'userspace'))).toEqual({ node: 'node01', rules: { nat: 15, filter: 2 }, lookups: none, connections: 2, proxySockets: 2 });
  });

  it('per Service, whatever its endpoints: 5 rules and 1 listening port', () => {
    // KUBE-PORTALS-CONTAINER, KUBE-PORTALS-HOST, KUBE-NODEPORT-CONTAINER, KUBE-NODEPORT-HOST,
    // KUBE-NODEPORT-NON-LOCAL: one rule each; the endpoints are in kube-proxy's memory only.
    expect([1, 2, 3].map((n) => serviceCost(inMode(replicas(n), 'userspace'), SERVICE, 'node01'))).toEqual([1, 2, 3].map(() =>
      onNode01({ rules: 5, proxyPorts: 1 })));
  });
});

describe('what cannot be costed', () => {
  it('a request no Service translates has no packet cost', () => {
    const cluster = buildCluster(LESSON);
    expect(packetCost(cluster, traceRequest(cluster, { from: 'external', to: '10.244.2.2:80' }))).toBeUndefined();
  });

  it('a Service or a node the YAML does not have has no Service cost', () => {
    expect(serviceCost(LESSON, 'default/nothing', 'node01')).toBeUndefined();
    expect(serviceCost(LESSON, SERVICE, 'node09')).toBeUndefined();
    expect(serviceCost('kind: [', SERVICE, 'node01')).toBeUndefined();
  });

  it('one more Service like it: the same spec under NAME-2, its addresses and node port allocated anew', () => {
    const cluster = buildCluster(withOneMore(LESSON, SERVICE)!);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [one, two] = ['my-nginx-deploment', 'my-nginx-deploment-2'].map((name) => cluster.services.find((s) => s.name === name)!);
    expect(two.selector).toEqual(one.selector);
    expect(two.clusterIP).not.toBe(one.clusterIP);
    expect(two.ports[0].nodePort).not.toBe(31101);
    expect(two.ports[0].port).toBe(8001);
  });
});
