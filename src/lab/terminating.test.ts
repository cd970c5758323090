/**
 * Terminating endpoints in the real kernel (issue 16, item 2): the rules kube-proxy writes for
 * a pod being deleted are loaded into the lab's namespaces, and real requests must land where
 * the engine's trace says: on the terminating pod when it is the node's only local endpoint
 * (externalTrafficPolicy Local), nowhere on a node with none, and on every serving pod when
 * all of them are terminating; in kube-proxy's iptables mode and in its nftables mode. Run with `PODPATH_LAB=1 npx vitest run src/lab/terminating.test.ts` as root.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Cluster } from '../engine';
import { terminatingYaml } from '../engine/kubeproxy/flows.testing';
import { labUnavailable, NFT_MODE, nftUnavailable, startLab, type KernelResult, type Lab } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** terminating-endpoint kernel tests skipped: ${unavailable} ***\n`);
const noNft = unavailable ?? nftUnavailable();
if (!unavailable && noNft) console.warn(`\n*** nftables terminating-endpoint kernel tests skipped: ${noNft} ***\n`);
/** kube-proxy's iptables mode, and its nftables mode (its own terminating fallback, proxier.go's). */
const modes = [
  { mode: 'iptables', extra: '', skip: !!unavailable },
  { mode: 'nftables', extra: NFT_MODE, skip: !!noNft },
];

let lab: Lab | undefined;
afterEach(() => {
  lab?.down();
  lab = undefined;
});

/** What the engine's trace says the kernel answers for one request, as the lab's server reports it. */
function engineSays(cluster: Cluster, ip: string, port: number, pick?: number): KernelResult {
  const trace = traceRequest(cluster, { from: 'external', to: `${ip}:${port}`, ...(pick ? { pick } : {}) });
  if (trace.outcome === 'dropped') return { error: 'timeout' };
  if (trace.outcome === 'refused') return { error: 'ECONNREFUSED' };
  const served = trace.servedBy!;
  if (!('pod' in served)) throw new Error(`unexpected server ${JSON.stringify(served)}`);
  return { pod: served.pod, namespace: served.namespace, node: served.node, port: served.port, host: served.ip, from: trace.sourceIpSeen! };
}

/** `n` requests from the outside host; each must be one the engine's trace allows. */
function requests(cluster: Cluster, ip: string, port: number, n: number): KernelResult[] {
  lab = startLab(cluster);
  const candidates = traceRequest(cluster, { from: 'external', to: `${ip}:${port}` }).candidates;
  const allowed = candidates.length > 0 ? candidates.map((_, i) => engineSays(cluster, ip, port, i + 1)) : [engineSays(cluster, ip, port)];
  const results = Array.from({ length: n }, () => lab!.curl('external', ip, port));
  for (const r of results) expect(allowed).toContainEqual(r);
  return results;
}

const pods = (results: KernelResult[]) => [...new Set(results.map((r) => ('pod' in r ? r.pod : r.error)))].sort();

describe.each(modes)('terminating endpoints, kube-proxy in $mode mode: the kernel agrees with the trace', ({ extra, skip }) => {
  it.skipIf(skip)('externalTrafficPolicy Local, node01\'s only pod terminating: node01 still serves from it, the client address kept', () => {
    const cluster = buildCluster(terminatingYaml(['web-a']) + extra);
    const results = requests(cluster, '192.168.255.102', 30080, 6);
    expect(pods(results)).toEqual(['web-a']);
    expect(results.map((r) => 'from' in r && r.from)).toEqual(Array(6).fill('192.168.255.1'));
  });

  it.skipIf(skip)('externalTrafficPolicy Local on a node without any local endpoint: dropped', () => {
    const cluster = buildCluster(terminatingYaml(['web-a']) + extra);
    expect(pods(requests(cluster, '192.168.255.101', 30080, 1))).toEqual(['timeout']);
  });

  it.skipIf(skip)('every pod terminating, externalTrafficPolicy Cluster: both serving pods are reached', () => {
    const cluster = buildCluster(terminatingYaml(['web-a', 'web-b'], 'Cluster') + extra);
    const results = requests(cluster, '192.168.255.101', 30080, 24);
    expect(pods(results)).toEqual(['web-a', 'web-b']);
  });
});
