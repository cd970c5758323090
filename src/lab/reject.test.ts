/**
 * Issue 16 item 9, with the kernel as referee: REJECT's answer is an ICMP port unreachable that
 * travels back to the client as a packet of its own. The trace draws it as reply hops, from the
 * address icmp_send picks (net/ipv4/icmp.c: the refused packet's destination when it was the
 * node's own, else the address of the route back); the lab's client must see that very packet,
 * from that address, and its connect() fail with ECONNREFUSED. Run with
 * `PODPATH_LAB=1 npx vitest run src/lab/reject.test.ts` (root).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type TraceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { ipvsUnavailable, labUnavailable, NFT_MODE, nftUnavailable, startLab, type Lab } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);
const noIpvs = unavailable ?? ipvsUnavailable();
if (!unavailable && noIpvs) console.warn(`\n*** IPVS kernel tests skipped: ${noIpvs} ***\n`);

const noNft = unavailable ?? nftUnavailable();
if (!unavailable && noNft) console.warn(`\n*** nftables REJECT kernel tests skipped: ${noNft} ***\n`);

/** The nodePort lesson with a Service that selects no pod: kube-proxy's "has no endpoints" REJECTs. */
const noEndpoints = nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP');
const POD = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';

/**
 * Run in the client's namespace: a raw ICMP socket listens while a TCP connect() is refused;
 * prints the connect error and, for the ICMP error that came back, its source, type, code and
 * the destination port of the packet it quotes.
 */
const PROBE = `
import socket, struct, sys
ip, port = sys.argv[1], int(sys.argv[2])
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
raw.settimeout(3)
c = socket.socket()
c.settimeout(3)
try:
    c.connect((ip, port))
    err = 'connected'
except ConnectionRefusedError:
    err = 'ECONNREFUSED'
except OSError as e:
    err = type(e).__name__
seen = []
try:
    while True:
        data, (src, _) = raw.recvfrom(2048)
        ihl = (data[0] & 15) * 4
        kind, code = data[ihl], data[ihl + 1]
        inner = data[ihl + 8:]
        iihl = (inner[0] & 15) * 4
        dport = struct.unpack('!H', inner[iihl + 2:iihl + 4])[0]
        seen.append(f'{src} type {kind} code {code} quoting dport {dport}')
        if kind == 3:
            break
except socket.timeout:
    pass
print(err)
print('\\n'.join(seen))
`;

let lab: Lab | undefined;
afterEach(() => {
  lab?.down();
  lab = undefined;
});

kernel('REJECT answers with ICMP port unreachable, from where the trace says', () => {
  it.each<[string, TraceRequest['from'], string, number, string, string]>([
    // INPUT: the node's own address was called, so it is the ICMP's source.
    ['external to a NodePort', 'external', '192.168.255.102', 31101, 'external', '192.168.255.102'],
    // FORWARD: the route back to the pod is cbr0's, so the ICMP comes from 10.244.1.1.
    ['a pod to the cluster IP', POD, '10.108.229.67', 8001, POD, '10.244.1.1'],
  ])('%s', (_, from, ip, port, target, icmpSource) => probe(noEndpoints, from, ip, port, target, icmpSource));

  // nftables mode: reject-chain (a Service without endpoints: @no-endpoint-nodeports at input,
  // @no-endpoint-services at forward and output) and cluster-ips-check (a cluster IP on a port
  // it does not serve), each nft's `reject`, an ICMP port unreachable as REJECT's.
  it.skipIf(!!noNft).each<[string, string, TraceRequest['from'], string, number, string, string]>([
    ['external to a NodePort without endpoints', noEndpoints, 'external', '192.168.255.102', 31101, 'external', '192.168.255.102'],
    ['a pod to a cluster IP without endpoints', noEndpoints, POD, '10.108.229.67', 8001, POD, '10.244.1.1'],
    ['a node to a cluster IP without endpoints', noEndpoints, 'node/node01', '10.108.229.67', 8001, 'node/node01', '192.168.255.102'],
    ['a pod to a cluster IP on a port it does not serve', nodePortLesson.yaml, POD, '10.108.229.67', 22, POD, '10.244.1.1'],
  ])('nftables mode: %s', (_, yaml, from, ip, port, target, icmpSource) => probe(yaml + NFT_MODE, from, ip, port, target, icmpSource));

  // IPVS mode: the cluster IP is bound to kube-ipvs0, so KUBE-IPVS-FILTER's REJECT is at INPUT
  // and the ICMP comes from the cluster IP itself.
  it.skipIf(!!noIpvs)('IPVS mode: a pod to a cluster IP on a port no Service has', () => {
    probe(`${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n`, POD, '10.108.229.67', 22, POD, '10.108.229.67');
  });
});

/** Traces the request, then sends it from the lab's client with the ICMP probe; both must agree. */
function probe(yaml: string, from: TraceRequest['from'], ip: string, port: number, target: string, icmpSource: string): void {
  const cluster = buildCluster(yaml);
  const trace = traceRequest(cluster, { from, to: `${ip}:${port}` });
  expect(trace.outcome).toBe('refused');
  const last = trace.hops.at(-1)!;
  expect([last.phase, last.title.key, last.after.src, last.after.icmp]).toEqual(['reply', 'hop.replyIcmp.title', icmpSource, { type: 3, code: 3, text: 'port unreachable' }]);
  lab = startLab(cluster);
  const out = lab.exec(target, 'python3', '-c', PROBE, ip, String(port)).trim().split('\n');
  expect(out).toEqual(['ECONNREFUSED', `${last.after.src} type ${last.after.icmp!.type} code ${last.after.icmp!.code} quoting dport ${port}`]);
}
