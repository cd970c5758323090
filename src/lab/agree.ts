/**
 * The kernel tests' one question, asked the same way in every kube-proxy mode: do real requests
 * in the lab land where the engine's trace says? Same pod set, shares that fit the
 * probabilities, the same source address seen, the same refusal or drop.
 */
import { expect } from 'vitest';
import { buildCluster, traceRequest, type Cluster, type Trace, type TraceRequest } from '../engine';
import { startLab, type KernelResult, type Lab } from './harness';

export type From = TraceRequest['from'];

let lab: Lab | undefined;

/** Tears down the lab `expectKernelAgrees` left up (call it in afterEach). */
export function downLab(): void {
  lab?.down();
  lab = undefined;
}

/** The lab `expectKernelAgrees` built last, while it is up. */
export const currentLab = (): Lab | undefined => lab;

/** Builds `yaml` in the kernel, sends `n` requests and checks each against the engine's trace; then the spread over pods. */
export function expectKernelAgrees(yaml: string, ip: string, port: number, n = 1, from: From = 'external'): KernelResult[] {
  downLab();
  const cluster = buildCluster(yaml);
  const trace = traceRequest(cluster, { from, to: `${ip}:${port}` });
  lab = startLab(cluster);
  const results = Array.from({ length: n }, () => lab!.curl(from, ip, port));
  for (const result of results) expect(result).toEqual(expected(cluster, trace, result, ip, port, from));
  expectSpread(trace, results);
  return results;
}

/** What the engine says the kernel should have answered, for the endpoint the kernel picked. */
export function expected(cluster: Cluster, trace: Trace, result: KernelResult, ip: string, port: number, from: From): KernelResult {
  if (trace.outcome === 'refused') return { error: 'ECONNREFUSED' };
  if (trace.outcome === 'dropped') return { error: 'timeout' };
  // Nobody answers ARP: EHOSTUNREACH, after 3 s the first time (the client has given up by then:
  // timeout), at once while the neighbour entry stays FAILED.
  if (trace.outcome === 'unreachable' && trace.hops.at(-1)?.title.key === 'hop.noneighbor.title') {
    return 'error' in result && result.error === 'timeout' ? result : { error: 'EHOSTUNREACH' };
  }
  expect(trace.outcome).toBe('served');
  if ('error' in result) return { pod: 'served', namespace: '', node: '', port: 0, host: '', from: '' };
  // kube-proxy's draw is random: follow the engine down the same endpoint the kernel took.
  const pick = trace.candidates.findIndex((c) => (c.pod ?? `${c.ip}:${c.port}`) === (result.namespace === '-' ? `${result.host}:${result.port}` : result.pod)) + 1;
  const pinned = pick > 0 ? traceRequest(cluster, { from, to: `${ip}:${port}`, pick }) : trace;
  return reported(cluster, pinned);
}

/** What the lab's server reports for the request `trace` describes (it served it). */
export function reported(cluster: Cluster, trace: Trace): KernelResult {
  const served = trace.servedBy!;
  const seen = trace.sourceIpSeen!;
  // The lab's servers call themselves by pod name, by process name, or by outside host name.
  if ('external' in served) {
    const [host, p] = served.external.split(':');
    return { pod: cluster.externals.find((e) => e.ip === host)!.name, namespace: '-', node: '-', port: Number(p), host, from: seen };
  }
  if ('process' in served) return { pod: served.process, namespace: '-', node: served.node, port: served.port, host: served.ip, from: seen };
  return { pod: served.pod, namespace: served.namespace, node: served.node, port: served.port, host: served.ip, from: seen };
}

/**
 * Whether ClientIP affinity decided the trace: iptables' `-m recent --rcheck`, or the nftables
 * mode's `ip saddr @affinity-… goto endpoint-…` (pkg/proxy/nftables/proxier.go).
 */
export const sticky = (trace: Trace) =>
  trace.hops.some((h) => h.netfilter?.rules.some((r) => r.text.includes('--rcheck') || r.text.includes('@affinity-')));

/**
 * Over many requests, every candidate is reached about as often as its probability says (within
 * 3.5 standard deviations), unless ClientIP affinity pins the client to one of them.
 */
export function expectSpread(trace: Trace, results: KernelResult[]) {
  if (trace.outcome !== 'served' || trace.candidates.length < 2 || results.length < 8) return;
  const reached = results.map((r) => ('pod' in r ? r.pod : ''));
  if (sticky(trace)) {
    expect(new Set(reached).size).toBe(1);
    return;
  }
  const n = results.length;
  for (const c of trace.candidates) {
    const count = reached.filter((p) => p === c.pod).length;
    const slack = 3.5 * Math.sqrt(n * c.probability * (1 - c.probability)) + 1;
    expect(Math.abs(count - n * c.probability), `${c.pod}: ${count} of ${n}, probability ${c.probability}`).toBeLessThanOrEqual(slack);
  }
}

export const pods = (results: KernelResult[]) => [...new Set(results.map((r) => ('pod' in r ? r.pod : r.error)))].sort();
