/**
 * The proxy-modes lesson (src/lessons/proxymodes.ts) with the real kernel as referee: each step
 * in iptables or nftables mode is built in the lab, and real requests from the outside host to
 * node01:31101 must reach the pods the trace names, about as often as its probabilities say,
 * each seeing the source address the trace says. In iptables mode the kernel's own rule counters
 * also say which of node01's nat rules fired for a connection: exactly the ones the trace
 * matched, down the endpoint the kernel chose.
 *
 * Not here: the IPVS step needs the kernel's IPVS (skipped where it has none, with the reason,
 * as kernel.test.ts does); the userspace step cannot be built at all, as the lab runs no
 * kube-proxy process to end the connection in, and its script refuses a userspace-mode cluster.
 * Run with `PODPATH_LAB=1 npx vitest run src/lab/modes.test.ts` (root; nft for nftables).
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest, type Cluster, type Trace } from '../engine';
import { proxyModesLesson } from '../lessons/proxymodes';
import { requestAt, yamlAt } from '../lessons/play';
import { currentLab, downLab, expectKernelAgrees, pods, type From } from './agree';
import { ipvsUnavailable, labUnavailable, type KernelResult } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** proxy-modes kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);
function nftUnavailable(): string | undefined {
  try {
    execFileSync('sh', ['-c', 'command -v nft'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the nftables steps need nft (Debian: apt-get install -y nftables)';
  }
}
const noNft = unavailable ?? nftUnavailable();
if (!unavailable && noNft) console.warn(`\n*** proxy-modes nftables kernel tests skipped: ${noNft} ***\n`);
const noIpvs = unavailable ?? ipvsUnavailable();
if (!unavailable && noIpvs) console.warn(`\n*** proxy-modes IPVS kernel test skipped: ${noIpvs} ***\n`);

afterEach(downLab);

const BZW22 = 'my-nginx-deploment-55f596c87c-bzw22';
const LPGT8 = 'my-nginx-deploment-55f596c87c-lpgt8';

const steps = (proxyModesLesson.steps ?? []).map((_, i) => {
  const yaml = yamlAt(proxyModesLesson, i).yaml;
  return { name: `step ${i + 1}`, yaml, request: requestAt(proxyModesLesson, i), mode: buildCluster(yaml).settings.proxy.mode };
});
const inMode = (mode: string) => steps.filter((s) => s.mode === mode).map((s) => [s.name, s] as const);

/** The step's address and port (every step calls node01's node port from the outside host). */
function target(step: (typeof steps)[number]): { ip: string; port: number; from: From } {
  const m = /^http:\/\/([\d.]+):(\d+)\//.exec(step.request.to)!;
  return { ip: m[1], port: Number(m[2]), from: step.request.from };
}

/**
 * Both pods, each in about half of 16 connections, and each seeing what the trace says: lpgt8,
 * across the LAN, node01's address 192.168.255.102; bzw22, on node01's own bridge, cbr0's 10.244.1.1.
 */
function expectBothPods(step: (typeof steps)[number]): void {
  const { ip, port, from } = target(step);
  const results = expectKernelAgrees(step.yaml, ip, port, 16, from);
  expect(pods(results)).toEqual([BZW22, LPGT8]);
  const seen = new Map(results.flatMap((r) => ('pod' in r ? [[r.pod, r.from] as const] : [])));
  expect(Object.fromEntries(seen)).toEqual({ [BZW22]: '10.244.1.1', [LPGT8]: '192.168.255.102' });
}

describe.skipIf(!!unavailable).each(inMode('iptables'))('proxy-modes %s (iptables mode), in the kernel', (_name, step) => {
  it('reaches both pods, half each, seeing the source address the trace says', () => expectBothPods(step), 120_000);

  it('fires on node01 exactly the nat rules the trace matched', () => {
    const { ip, port, from } = target(step);
    expectKernelAgrees(step.yaml, ip, port, 1, from);
    const lab = currentLab()!;
    const counters = () => natCounters(lab.exec('node/node01', 'iptables-save', '-c', '-t', 'nat'));
    // One more connection, counted alone: the nat table sees only a connection's first packet.
    const before = counters();
    const result = lab.curl(from, ip, port);
    const after = counters();
    const fired = [...after].filter(([rule, n]) => n > (before.get(rule) ?? 0)).map(([rule]) => rule).sort();
    const cluster = buildCluster(step.yaml);
    expect(fired).toEqual(natRulesMatched(pinned(cluster, step.request.to, from, result), 'node/node01'));
  }, 120_000);
});

describe.skipIf(!!noNft).each(inMode('nftables'))('proxy-modes %s (nftables mode), in the kernel', (_name, step) => {
  it('reaches both pods, half each, seeing the source address the trace says', () => expectBothPods(step), 120_000);
});

describe.skipIf(!!noIpvs).each(inMode('ipvs'))('proxy-modes %s (IPVS mode), in the kernel', (_name, step) => {
  it('reaches both pods, half each, seeing the source address the trace says', () => expectBothPods(step), 120_000);
});

kernel('after the proxy-modes kernel tests', () => {
  it('the lesson has steps in each mode the lab checks', () => {
    expect(steps.map((s) => s.mode)).toEqual(['iptables', 'ipvs', 'nftables', 'userspace', 'iptables', 'nftables']);
  });

  it('no namespace of theirs is left', () => {
    const ours = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`pp${process.pid.toString(36)}`));
    expect(ours).toEqual([]);
  });
});

/** `iptables-save -c` of one table: each rule's packet count, by the rule as iptables-save writes it. */
function natCounters(save: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of save.split('\n')) {
    const m = /^\[(\d+):\d+\] (-A .*)$/.exec(line);
    if (m) out.set(m[2], Number(m[1]));
  }
  return out;
}

/** The trace down the endpoint the kernel took. */
function pinned(cluster: Cluster, to: string, from: From, result: KernelResult): Trace {
  const first = traceRequest(cluster, { from, to });
  const pick = first.candidates.findIndex((c) => 'pod' in result && c.pod === result.pod) + 1;
  expect(pick, JSON.stringify(result)).toBeGreaterThan(0);
  return traceRequest(cluster, { from, to, pick });
}

/** The nat rules (any owner's) the trace matched at `place` for the connection's first packet. */
function natRulesMatched(trace: Trace, place: string): string[] {
  return trace.hops
    .slice(0, trace.replyStart)
    .filter((h) => h.at === place && h.kind === 'chain' && h.netfilter?.table === 'nat')
    .flatMap((h) => h.netfilter!.rules.filter((r) => r.matched).map((r) => r.text))
    .sort();
}
