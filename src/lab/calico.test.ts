/**
 * The kernel as referee of Calico (issue 17): a two-node Calico cluster built in network
 * namespaces as the Calico CNI plugin and felix build it (routed `cali…` veths, the pods'
 * default route via 169.254.1.1 answered by proxy ARP, /32 routes, the blocks over
 * vxlan.calico, tunl0 or the LAN, blackholes, felix's chains and ipsets loaded with
 * iptables-restore beside kube-proxy's), and real TCP and UDP connections:
 *
 * - with NetworkPolicies, every cell of the reachability matrix (netpol/reach.ts, `podpath
 *   reach`) is what the kernel does: allowed and served by the pod, allowed and refused (nothing
 *   listens), or denied and dropped by felix (a timeout); the trace (`--protocol tcp|udp`) says
 *   the same;
 * - without policies, pod to pod, pod to Service and node to pod, over TCP and UDP, reach the
 *   pod the trace names, which sees the source address the trace says.
 *
 * The same for the NetworkPolicy lessons' clusters (src/lessons: networkpolicy, its flannel twin,
 * egressdns), step by step. SCTP is not probed: Node.js has no SCTP sockets, and this kernel may
 * have no SCTP either (the test says which). Run with `PODPATH_LAB=1 npx vitest run src/lab/calico.test.ts` as root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Cluster, type TraceRequest } from '../engine';
import { reachability } from '../engine/netpol/reach';
import { lessons } from '../lessons';
import { yamlAt } from '../lessons/play';
import type { PodInfo } from '../engine/model';
import { ipsetRestore } from '../engine/kubeproxy/ipset';
import { renderSave } from '../engine/netfilter/render';
import { kernelSave, labUnavailable, startLab, type KernelResult, type Lab, type Probe } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** Calico kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);
// /proc/net/sctp appears once the kernel has SCTP (built in or its module loaded).
if (!unavailable) {
  console.warn(`\n*** Calico kernel tests: SCTP cells not probed (the lab has no SCTP client or server: Node.js has no SCTP sockets${existsSync('/proc/net/sctp') ? '' : '; nor has this kernel SCTP: no /proc/net/sctp'}) ***\n`);
}

/** Whether this kernel can make an IPIP device, tried in a scratch namespace of its own. */
function kernelHasIpip(): boolean {
  const ns = `pp${process.pid.toString(36)}ipip`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('sh', ['-c', `ip -n ${ns} link show tunl0 >/dev/null 2>&1 || ip -n ${ns} link add tunl0 type ipip`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

const doc = (o: object) => JSON.stringify(o);
const np = (namespace: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

/** Each test pod, where it runs; every one serves 80 on TCP and UDP (agnhost's serve-hostname). */
const PODS: [string, string, string][] = [['x', 'a', 'node01'], ['x', 'b', 'node02'], ['y', 'a', 'node02'], ['z', 'a', 'node01']];

/**
 * Two nodes (node01 the control plane, where CoreDNS runs), namespaces x, y, z labelled
 * `ns: NAME`, the pods above, a ClusterIP Service `web` in x in front of x/b (8080 → 80), and
 * the Installation with one pool of the given encapsulation.
 */
function world(encapsulation: 'VXLAN' | 'IPIP' | 'None', policies: object[] = []): string {
  const node = (name: string, ip: string, controlPlane: boolean) => ({
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    status: { addresses: [{ type: 'InternalIP', address: ip }] },
  });
  const docs: object[] = [node('node01', '192.168.255.102', true), node('node02', '192.168.255.103', false)];
  for (const ns of ['x', 'y', 'z']) docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ns } } });
  for (const [namespace, name, nodeName] of PODS) {
    docs.push({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: { pod: name } },
      spec: {
        nodeName,
        containers: [{
          name: 'serve', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
          ports: [{ containerPort: 80, name: 'serve-80-tcp', protocol: 'TCP' }, { containerPort: 80, name: 'serve-80-udp', protocol: 'UDP' }],
        }],
      },
    });
  }
  docs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'x' }, spec: { selector: { pod: 'b' }, ports: [{ port: 8080, targetPort: 80 }] } });
  docs.push({ apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation }] } } });
  return [...docs, ...policies].map(doc).join('\n---\n');
}

let lab: Lab | undefined;
afterEach(() => {
  lab?.down();
  lab = undefined;
});

/** Builds the YAML, checks the API server took it whole and it runs Calico, and starts its lab. */
function calicoLab(yaml: string): Cluster {
  const cluster = buildCluster(yaml);
  expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(cluster.cni?.plugin).toBe('calico');
  lab = startLab(cluster);
  return cluster;
}

const id = (p: PodInfo) => `${p.namespace}/${p.name}`;

/** The pod's own server's answer to `from`, as the lab's servers word it. */
const servedBy = (to: PodInfo, port: number, from: string): KernelResult => ({ pod: to.name, namespace: to.namespace, node: to.node!, port, host: to.ip!, from });

const PORTS = [53, 80];
const PROTOCOLS = ['TCP', 'UDP'] as const;

type From = TraceRequest['from'];

/**
 * What the trace says the lab's client sees for the request: the serving pod's answer (the
 * endpoint the kernel drew, where kube-proxy drew among several) with the source address the
 * trace says it sees, ECONNREFUSED where the trace is refused, a timeout where it is dropped.
 */
function expectedFromTrace(cluster: Cluster, from: From, to: string, protocol: string, result: KernelResult): KernelResult {
  const request = { from, to, protocol: protocol.toLowerCase() as 'tcp' | 'udp' };
  let trace = traceRequest(cluster, request);
  if (trace.outcome === 'refused') return { error: 'ECONNREFUSED' };
  if (trace.outcome === 'dropped') return { error: 'timeout' };
  if (trace.outcome !== 'served') return { error: `trace ${trace.outcome}` };
  const pick = 'pod' in result ? trace.candidates.findIndex((c) => c.pod === result.pod) + 1 : 0;
  if (pick > 0) trace = traceRequest(cluster, { ...request, pick });
  const served = trace.servedBy as { namespace: string; pod: string; node: string; ip: string; port: number };
  return { pod: served.pod, namespace: served.namespace, node: served.node, port: served.port, host: served.ip, from: trace.sourceIpSeen! };
}

/**
 * Probes every cell of the matrix from inside each client pod and returns the cells where the
 * kernel did otherwise than the matrix says (with the matrix's reason), or than the trace says. The matrix allows or denies; what a real connection then does depends on the server:
 * allowed to a port the pod serves, its answer, seen from the client's pod IP; allowed to a port
 * nothing listens on, refused (TCP's RST, UDP's ICMP port unreachable); denied, dropped by
 * felix's "Drop if no policies passed packet": a timeout.
 */
async function matrixDisagreements(cluster: Cluster): Promise<string[]> {
  const { cni, enforced, probes } = reachability(cluster, PORTS, [...PROTOCOLS]);
  // Calico enforces; flannel alone does not, and its lab lets every cell through.
  expect(enforced).toBe(cni === 'calico');
  const pod = (name: string) => cluster.pods.find((p) => id(p) === name)!;
  // Every ordered pair of distinct pods (hostNetwork ones aside), every port and protocol.
  const pods = cluster.pods.filter((p) => p.ip && !p.hostNetwork);
  expect(probes.length).toBe(pods.length * (pods.length - 1) * PORTS.length * PROTOCOLS.length);
  const out: string[] = [];
  // From every client pod at once: the denied cells' timeouts run side by side.
  const cellsOf = (client: PodInfo) => probes.filter((p) => p.from === id(client));
  const answers = await lab!.probeAll(pods.map((client) => ({
    from: `pod/${id(client)}`,
    targets: cellsOf(client).map((c): Probe => ({ protocol: c.protocol as Probe['protocol'], ip: pod(c.to).ip!, port: c.port })),
  })));
  pods.forEach((client, k) => {
    const results = answers[k];
    // A cell that timed out where an answer was due is asked once more, alone: on a loaded
    // machine an answer can come late. A DROP never answers, so a denied cell stays denied.
    cellsOf(client).forEach((cell, i) => {
      const to = pod(cell.to);
      if (cell.allowed && 'error' in results[i] && results[i].error === 'timeout') {
        [results[i]] = lab!.probe(`pod/${id(client)}`, [{ protocol: cell.protocol as Probe['protocol'], ip: to.ip!, port: cell.port }]);
        console.warn(`late answer asked again: ${cell.from} -> ${cell.to} ${cell.protocol}/${cell.port}: ${JSON.stringify(results[i])}`);
      }
    });
    cellsOf(client).forEach((cell, i) => {
      const to = pod(cell.to);
      const listens = to.listening.some((l) => l.containerPort === cell.port && l.protocol === cell.protocol);
      const want: KernelResult = !cell.allowed ? { error: 'timeout' } : listens ? servedBy(to, cell.port, client.ip!) : { error: 'ECONNREFUSED' };
      const name = `${cell.from} -> ${cell.to} ${cell.protocol}/${cell.port}`;
      if (JSON.stringify(results[i]) !== JSON.stringify(want)) {
        out.push(`${name}: kernel ${JSON.stringify(results[i])}, matrix ${cell.reason}`);
      }
      const traced = expectedFromTrace(cluster, `pod/${id(client)}`, `${to.ip}:${cell.port}`, cell.protocol, results[i]);
      if (JSON.stringify(results[i]) !== JSON.stringify(traced)) out.push(`${name}: kernel ${JSON.stringify(results[i])}, trace ${JSON.stringify(traced)}`);
    });
  });
  return out;
}

/** How many cells of each kind the kernel saw: so that a scenario cannot pass by doing nothing. */
function tally(cluster: Cluster): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of reachability(cluster, PORTS, [...PROTOCOLS]).probes) {
    const key = `${p.protocol}/${p.port} ${p.allowed ? 'allowed' : 'denied'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const DENY_INGRESS_X = np('x', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const ALLOW_FROM_Y = np('x', 'allow-from-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] });
const DENY_EGRESS_X = np('x', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const ALLOW_DNS = np('x', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] });

/** 6 pods (4 + CoreDNS's 2): 30 ordered pairs, on each of TCP/53, TCP/80, UDP/53, UDP/80. */
const ALL = 30;

kernel('Calico NetworkPolicy in the kernel: every cell of the reachability matrix (TCP and UDP, ports 53 and 80)', () => {
  it.each([
    // Nothing isolated: every cell allowed.
    ['no policy', [], { allowedPerPort: ALL }],
    // x's pods (2) take nothing from the 5 other pods each: 10 denied cells per port.
    ['default-deny ingress in x', [DENY_INGRESS_X], { allowedPerPort: ALL - 10 }],
    // Only y/a gets into x: of the 10, y/a's 2 are allowed again.
    ['default-deny ingress in x, allow from namespace y', [DENY_INGRESS_X, ALLOW_FROM_Y], { allowedPerPort: ALL - 8 }],
    // x's pods send nothing: not even DNS to CoreDNS (10 denied cells per port).
    ['default-deny egress in x: DNS is cut too', [DENY_EGRESS_X], { allowedPerPort: ALL - 10 }],
  ] as [string, object[], { allowedPerPort: number }][])('%s', async (_name, policies, { allowedPerPort }) => {
    const cluster = calicoLab(world('VXLAN', policies));
    const counts = tally(cluster);
    for (const cell of ['TCP/53', 'TCP/80', 'UDP/53', 'UDP/80']) expect(counts[`${cell} allowed`] ?? 0, cell).toBe(allowedPerPort);
    expect(await matrixDisagreements(cluster)).toEqual([]);
  }, 180_000);

  it('the egress fix: UDP and TCP 53 out of x, and nothing else; DNS through the kube-dns Service answers again', async () => {
    const broken = buildCluster(world('VXLAN', [DENY_EGRESS_X]));
    const cluster = calicoLab(world('VXLAN', [DENY_EGRESS_X, ALLOW_DNS]));
    const counts = tally(cluster);
    expect([counts['UDP/53 allowed'], counts['TCP/53 allowed'], counts['UDP/80 allowed'], counts['TCP/80 allowed']]).toEqual([ALL, ALL, ALL - 10, ALL - 10]);
    expect(await matrixDisagreements(cluster)).toEqual([]);
    // kube-proxy DNATs 10.96.0.10:53 to a CoreDNS pod before felix's FORWARD chains judge it.
    const dns = cluster.services.find((s) => s.name === 'kube-dns')!.clusterIP;
    const coredns = cluster.pods.filter((p) => p.name.startsWith('coredns-')).map((p) => p.name).sort();
    const xa = cluster.pods.find((p) => id(p) === 'x/a')!;
    const viaService: Probe[] = [{ protocol: 'UDP', ip: dns, port: 53 }, { protocol: 'TCP', ip: dns, port: 53 }];
    lab!.probe('pod/x/a', viaService).forEach((result, i) => {
      expect(result).toMatchObject({ namespace: 'kube-system', port: 53, from: xa.ip });
      expect(coredns).toContain((result as { pod: string }).pod);
      expect(result).toEqual(expectedFromTrace(cluster, 'pod/x/a', `${dns}:53`, viaService[i].protocol, result));
    });
    lab!.down();
    lab = undefined;
    lab = startLab(broken);
    const cut = lab.probe('pod/x/a', viaService);
    expect(cut).toEqual([{ error: 'timeout' }, { error: 'timeout' }]);
    cut.forEach((result, i) => expect(result).toEqual(expectedFromTrace(broken, 'pod/x/a', `${dns}:53`, viaService[i].protocol, result)));
  }, 180_000);
});


const hasIpip = unavailable ? false : kernelHasIpip();
if (!unavailable && !hasIpip) console.warn('\n*** Calico kernel tests: this kernel has no IPIP (ip link add tunl0 type ipip fails): the IPIP lab falls back to plain routes, and says so ***\n');

kernel('Calico without policy: the kernel agrees with the trace', () => {
  it.each(['VXLAN', 'None', 'IPIP'] as const)('%s: pod to pod on each node and across, pod to Service, node to pod', (encapsulation) => {
    const cluster = calicoLab(world(encapsulation));
    const ip = (name: string) => cluster.pods.find((p) => id(p) === name)!.ip!;
    const web = cluster.services.find((s) => s.name === 'web')!.clusterIP;
    const dns = cluster.services.find((s) => s.name === 'kube-dns')!.clusterIP;
    const requests: [From, string, 'TCP' | 'UDP'][] = [
      ['pod/x/a', `${ip('z/a')}:80`, 'TCP'], // same node, cali to cali
      ['pod/x/a', `${ip('x/b')}:80`, 'TCP'], // across the nodes
      ['pod/y/a', `${ip('x/a')}:80`, 'TCP'],
      ['pod/x/b', `${ip('z/a')}:80`, 'UDP'],
      ['pod/x/a', `${web}:8080`, 'TCP'], // kube-proxy's DNAT, then across
      ['pod/z/a', `${web}:8080`, 'TCP'],
      ['pod/x/b', `${dns}:53`, 'UDP'], // DNAT to CoreDNS on node01
      ['pod/y/a', `${dns}:53`, 'TCP'],
    ];
    // A node's own connection leaves from its tunnel address (vxlan.calico's, tunl0's) or its
    // LAN address: only where the kernel carries the tunnel is that the engine's.
    if (encapsulation !== 'IPIP' || hasIpip) requests.push(['node/node01', `${ip('x/b')}:80`, 'TCP'], ['node/node02', `${ip('x/a')}:80`, 'UDP']);
    const results = requests.map(([from, to, protocol]) => {
      const [addr, port] = to.split(':');
      return lab!.probe(from, [{ protocol, ip: addr, port: Number(port) }])[0];
    });
    requests.forEach(([from, to, protocol], i) => {
      expect(results[i], `${from} -> ${to} ${protocol}`).toHaveProperty('pod');
      expect(results[i], `${from} -> ${to} ${protocol}`).toEqual(expectedFromTrace(cluster, from, to, protocol, results[i]));
    });
    // The pod's default route goes via 169.254.1.1, which the host end of its veth answers by
    // proxy ARP with the MAC every cali veth has.
    expect(lab!.exec('pod/x/a', 'ip', '-4', 'neigh', 'show', '169.254.1.1')).toMatch(/^169\.254\.1\.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee /);
    const routes = lab!.exec('node/node01', 'ip', 'route').trim().split('\n').map((l) => l.trim());
    const xa = cluster.pods.find((p) => id(p) === 'x/a')!;
    expect(routes).toContain(`${xa.ip} dev ${xa.hostVeth} scope link`);
    const own = cluster.nodeDataplanes.find((d) => d.node === 'node01')!.routes.find((r) => r.type === 'blackhole')!;
    expect(routes).toContain(`blackhole ${own.dst} proto ${own.proto}`);
    const other = cluster.nodeDataplanes.find((d) => d.node === 'node01')!.routes.find((r) => r.dst.endsWith('/26') && r.type !== 'blackhole')!;
    const tunnelled = { VXLAN: `${other.dst} via ${other.via} dev vxlan.calico proto 80 onlink`, IPIP: `${other.dst} via 192.168.255.103 dev tunl0 proto bird onlink`, None: `${other.dst} via 192.168.255.103 dev eth0 proto bird` }[encapsulation];
    expect(routes).toContain(encapsulation === 'IPIP' && !hasIpip ? `${other.dst} via 192.168.255.103 dev eth0 proto bird` : tunnelled);
  }, 120_000);
});

kernel('felix\'s chains as the kernel prints them', () => {
  it('iptables-restore of a Calico node\'s tables (with felix\'s ipsets), then iptables-save, gives the engine\'s text on every node', () => {
    const policies = [
      DENY_INGRESS_X, ALLOW_FROM_Y, ALLOW_DNS,
      np('x', 'ports-and-blocks', {
        podSelector: { matchLabels: { pod: 'a' } },
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'a' } } }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }, { port: 8000, endPort: 8080 }] },
          { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] },
          { ports: [{ port: 'serve-80-udp', protocol: 'UDP' }] },
        ],
      }),
      np('y', 'to-x-named', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'x' } } }], ports: [{ port: 'serve-80-tcp' }] }] }),
    ];
    const cluster = buildCluster(world('VXLAN', policies));
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // iptables-save names protocol 4 as /etc/protocols does (Debian's netbase: ipencap; the
    // engine prints ipv4); felix itself writes the number, as the lab loads it.
    const name = execFileSync('sh', ['-c', 'getent protocols 4 || true'], { encoding: 'utf8' }).split(/\s+/)[0] || '4';
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#'));
    for (const dp of cluster.nodeDataplanes) {
      const ours = renderSave(dp.tables, { date: new Date(0) });
      expect(ours).toContain(' -p ipv4 -m comment --comment "Drop IPinIP encapped packets originating in workloads" -j DROP');
      const kernelText = kernelSave(ours.replaceAll(' -p ipv4 ', ' -p 4 '), ipsetRestore(dp.ipsets ?? []));
      expect(body(kernelText), dp.node).toEqual(body(ours.replaceAll(' -p ipv4 ', ` -p ${name} `)));
    }
  });
});

/**
 * The NetworkPolicy lessons, each step's cluster once (the steps that change only the request
 * share one): default deny then allow a namespace on Calico, the same YAML on flannel, and the
 * egress deny that cuts DNS with the rules that mend it.
 */
const lessonClusters = [...new Map(lessons
  .filter((l) => ['network-policy', 'network-policy-flannel', 'egress-dns'].includes(l.id))
  .flatMap((l) => (l.steps ?? []).map((_, i) => [yamlAt(l, i).yaml, `${l.id} step ${i + 1}`] as const))
  .filter(([yaml]) => (buildCluster(yaml).networkPolicies ?? []).length > 0)
  .reverse()).entries()].reverse().map(([yaml, name]) => [name, yaml] as const);

kernel('the NetworkPolicy lessons in the kernel: every cell of the matrix (TCP and UDP, ports 53 and 80)', () => {
  it('are the lessons\' six clusters with policies', () => {
    expect(lessonClusters.map(([name]) => name)).toEqual([
      'network-policy step 2', 'network-policy step 3', 'network-policy-flannel step 1', 'egress-dns step 2', 'egress-dns step 3', 'egress-dns step 4',
    ]);
  });

  it.each(lessonClusters)('%s', async (_name, yaml) => {
    const cluster = buildCluster(yaml);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Calico's lessons deny some cells; flannel's deny none (each reason says a policy would).
    const { enforced, probes } = reachability(cluster, PORTS, [...PROTOCOLS]);
    expect(probes.some((p) => !p.allowed)).toBe(enforced);
    if (!enforced) expect(probes.some((p) => p.reason.includes('enforced, it would be denied'))).toBe(true);
    lab = startLab(cluster);
    expect(await matrixDisagreements(cluster)).toEqual([]);
  }, 180_000);
});
