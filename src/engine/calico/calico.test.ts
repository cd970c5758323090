/**
 * Calico's dataplane and felix's chains, pinned: veth names as libcalico-go computes them, the
 * routes of an IPIP cluster, a pod-to-pod trace across nodes through tunl0, felix's filter
 * chains for a default-deny policy, and a connection that policy drops in cali-tw-….
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { renderRoutes } from '../dataplane';
import { renderSave, saveRule } from '../netfilter/render';
import { routes, steps } from '../trace/testing';
import { traceRequest } from '../trace/trace';
import { calicoVethName, lengthLimitedId } from './names';
import { policyChainName } from './rules';
import { calicoInstallation } from '../testdata/calico';
import { calicoInstall, netpolPods } from '../../lessons/netpolyaml';

const installation = calicoInstallation;
const denyAll = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: default
spec:
  podSelector: {}
`;
const A = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';
const B = 'pod/default/my-nginx-deploment-55f596c87c-lpgt8';

describe('Calico names', () => {
  it('names the host veth "cali" + 11 hex digits of SHA-1("ns.pod"), and shortens long chain names with "_" and base64url(SHA-256)', () => {
    expect(calicoVethName('default', 'my-nginx-deploment-55f596c87c-bzw22')).toBe('cali41e13be140f');
    expect(lengthLimitedId('cali-pri-', 'kns.default')).toBe('cali-pri-kns.default');
    expect(policyChainName('in', { namespace: 'default', name: 'deny-all' })).toMatch(/^cali-pi-_[A-Za-z0-9_-]{19}$/);
    expect(policyChainName('in', { namespace: 'default', name: 'deny-all' })).toBe(lengthLimitedId('cali-pi-', 'default/default/knp.default.deny-all'));
  });
});

describe('Calico IPIP dataplane', () => {
  const c = buildCluster(nodePortLesson.yaml + installation('IPIP'));
  it('gives each node a /26 block, tunl0 its first address, a /32 route per local pod and bird routes over tunl0', () => {
    expect(c.cni?.plugin).toBe('calico');
    const node01 = c.nodeDataplanes.find((d) => d.node === 'node01')!;
    expect(node01.interfaces.map((i) => `${i.name} ${i.kind} ${i.address ?? ''}`.trim())).toEqual([
      'lo loopback 127.0.0.1/8', 'eth0 ethernet 192.168.255.102/24', 'tunl0 ipip 10.244.192.128/32', 'cali41e13be140f veth',
    ]);
    expect(renderRoutes(node01.routes).split('\n').map((l) => l.trimEnd())).toEqual([
      'default via 192.168.255.2 dev eth0',
      '10.244.70.0/26 via 192.168.255.101 dev tunl0 proto bird onlink',
      '10.244.91.192/26 via 192.168.255.103 dev tunl0 proto bird onlink',
      'blackhole 10.244.192.128/26 proto bird',
      '10.244.192.129 dev cali41e13be140f scope link',
      '192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102',
    ]);
    const pod = c.podDataplanes.find((p) => p.pod === A)!;
    expect(pod.interfaces[1].address).toBe('10.244.192.129/32');
    expect(renderRoutes(pod.routes).split('\n').map((l) => l.trimEnd())).toEqual(['default via 169.254.1.1 dev eth0', '169.254.1.1 dev eth0 scope link']);
  });

  it('walks pod to pod across nodes: proxy ARP on the cali veth, tunl0, the /32 route into the other pod', () => {
    const t = traceRequest(c, { from: A, to: '10.244.91.193:80' });
    expect(t.outcome).toBe('served');
    expect(routes(t)).toEqual([
      `${A} default via 169.254.1.1 dev eth0`,
      'node/node01 10.244.91.192/26 via 192.168.255.103 dev tunl0 proto bird onlink',
      'node/node02 10.244.91.193 dev cali03937a4f58c scope link',
      `${B} default via 169.254.1.1 dev eth0`,
      'node/node02 10.244.192.128/26 via 192.168.255.102 dev tunl0 proto bird onlink',
      'node/node01 10.244.192.129 dev cali41e13be140f scope link',
    ]);
    const keyHops = steps(t).request.filter((s) => !s.includes(' chain'));
    expect(keyHops).toEqual([
      `${A} sendPod`, `${A} routeVia`, `${A} caliFromPod @veth/default/my-nginx-deploment-55f596c87c-bzw22`,
      'node/node01 arrive @cali41e13be140f', 'node/node01 routeVia', 'node/node01 filter FORWARD', 'node/node01 ipipEncap @tunl0',
      'lan wireIpip', 'node/node02 arrive @eth0', 'node/node02 ipipDecap @tunl0', 'node/node02 arrive @tunl0',
      'node/node02 routeLink', 'node/node02 filter FORWARD', 'node/node02 caliToPod @veth/default/my-nginx-deploment-55f596c87c-lpgt8',
      `${B} arrive @eth0`, `${B} deliver`,
    ]);
  });
});

describe('felix filter chains', () => {
  const c = buildCluster(nodePortLesson.yaml + installation('IPIP') + denyAll);
  const filter = () => c.nodeDataplanes.find((d) => d.node === 'node02')!.tables.find((t) => t.name === 'filter')!;
  it('renders the pod\'s ingress chain with the policy jump and "Drop if no policies passed packet", the egress chain without', () => {
    const pi = policyChainName('in', { namespace: 'default', name: 'deny-all' });
    const chain = (name: string) => filter().rules.filter((r) => r.chain === name).map(saveRule);
    expect(chain('cali-tw-cali03937a4f58c')).toEqual([
      '-A cali-tw-cali03937a4f58c -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A cali-tw-cali03937a4f58c -m conntrack --ctstate INVALID -j DROP',
      '-A cali-tw-cali03937a4f58c -j MARK --set-xmark 0x0/0x30000',
      '-A cali-tw-cali03937a4f58c -m comment --comment "Start of tier default" -j MARK --set-xmark 0x0/0x20000',
      `-A cali-tw-cali03937a4f58c -m mark --mark 0x0/0x20000 -j ${pi}`,
      '-A cali-tw-cali03937a4f58c -m comment --comment "Return if policy accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-cali03937a4f58c -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP',
      '-A cali-tw-cali03937a4f58c -j cali-pri-kns.default',
      '-A cali-tw-cali03937a4f58c -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-cali03937a4f58c -j cali-pri-ksa.default.default',
      '-A cali-tw-cali03937a4f58c -m comment --comment "Return if profile accepted" -m mark --mark 0x10000/0x10000 -j RETURN',
      '-A cali-tw-cali03937a4f58c -m comment --comment "Drop if no profiles matched" -j DROP',
    ]);
    expect(chain(pi)).toEqual([]);
    expect(chain('cali-fw-cali03937a4f58c')).not.toContain('-A cali-fw-cali03937a4f58c -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP');
    expect(chain('cali-FORWARD')).toEqual([
      '-A cali-FORWARD -j MARK --set-xmark 0x0/0xe0000',
      '-A cali-FORWARD -m mark --mark 0x0/0x10000 -j cali-from-hep-forward',
      '-A cali-FORWARD -i cali+ -j cali-from-wl-dispatch',
      '-A cali-FORWARD -o cali+ -j cali-to-wl-dispatch',
      '-A cali-FORWARD -j cali-to-hep-forward',
      '-A cali-FORWARD -j cali-cidr-block',
    ]);
    expect(chain('cali-to-wl-dispatch')).toEqual([
      '-A cali-to-wl-dispatch -o cali03937a4f58c -g cali-tw-cali03937a4f58c',
      '-A cali-to-wl-dispatch -m comment --comment "Unknown interface" -j DROP',
    ]);
    expect(renderSave(c.nodeDataplanes[2].tables, { date: new Date(0) })).toContain('-A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully');
  });

  it('drops the connection in the server\'s cali-tw- chain, where the reachability matrix says denied', () => {
    const t = traceRequest(c, { from: A, to: '10.244.91.193:80' });
    expect(t.outcome).toBe('dropped');
    const stop = t.hops.find((h) => h.title.key === 'hop.dropped.title')!;
    expect([stop.at, stop.title.params?.rule]).toEqual(['node/node02', 'Drop if no policies passed packet']);
  });
});

describe('Calico: a pod hairpinned through a Service to itself', () => {
  it('is masqueraded to the node\'s eth0 address, as its cali veth has none (inet_select_addr)', () => {
    const c = buildCluster(netpolPods + calicoInstall);
    // The second kube-dns endpoint is this CoreDNS pod itself: kube-proxy marks it for masquerade.
    const t = traceRequest(c, { from: 'pod/kube-system/coredns-5dd5756b68-72jmm', to: '10.96.0.10:53', pick: 2 });
    expect(t.outcome).toBe('served');
    expect(t.sourceIpSeen).toBe('192.168.255.101');
    const masq = t.hops.find((h) => h.title.key === 'hop.masq.title')!;
    expect([masq.at, masq.after.src]).toEqual(['node/master01', '192.168.255.101']);
  });
});
