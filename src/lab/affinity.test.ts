/**
 * ClientIP session affinity across repeated requests in the real kernel (issue 16, item 10):
 * the engine's repeats (trace/repeat.ts) keep each node's `-m recent` lists, and the kernel's
 * xt_recent (in nftables mode: kube-proxy's affinity sets, `update @affinity-… { ip saddr }`)
 * must send every repeat where the engine says, to the pod the first request reached.
 * Run with `PODPATH_LAB=1 npx vitest run src/lab/affinity.test.ts` as root.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, type Trace } from '../engine';
import { repeatsOf, sentByAffinity, traceRepeated } from '../engine/trace/repeat';
import { nodePortLesson } from '../lessons/nodeport';
import { labUnavailable, NFT_MODE, nftUnavailable, startLab, type KernelResult, type Lab } from './harness';

const unavailable = labUnavailable();
if (unavailable) console.warn(`\n*** affinity kernel tests skipped: ${unavailable} ***\n`);
const noNft = unavailable ?? nftUnavailable();
if (!unavailable && noNft) console.warn(`\n*** nftables affinity kernel tests skipped: ${noNft} ***\n`);
/** iptables' `-m recent` lists, and the nftables mode's affinity sets (`update @affinity-… { ip saddr }`). */
const modes = [
  { mode: 'iptables', extra: '', skip: !!unavailable },
  { mode: 'nftables', extra: NFT_MODE, skip: !!noNft },
];

let lab: Lab | undefined;
afterEach(() => {
  lab?.down();
  lab = undefined;
});

const sticky = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');

/** What the lab's server reports for the request `trace` describes. */
function reported(trace: Trace): KernelResult {
  const s = trace.servedBy!;
  if (!('pod' in s)) throw new Error(`unexpected server ${JSON.stringify(s)}`);
  return { pod: s.pod, namespace: s.namespace, node: s.node, port: s.port, host: s.ip, from: trace.sourceIpSeen! };
}

describe.each(modes)('session affinity across repeated requests, kube-proxy in $mode mode: the kernel agrees with the trace', ({ extra, skip }) => {
  for (const entry of ['192.168.255.102', '192.168.255.103']) {
    it.skipIf(skip)(`every repeat through ${entry}:31101 reaches the pod the first one reached`, () => {
      const cluster = buildCluster(sticky + extra);
      lab = startLab(cluster);
      const results = Array.from({ length: 8 }, () => lab!.curl('external', entry, 31101));
      const first = results[0];
      if (!('pod' in first)) throw new Error(`the first request failed: ${first.error}`);
      // Follow the kernel's own first draw, then let the engine's repeats go where recent sends them.
      const candidates = traceRepeated(cluster, [{ from: 'external', to: `${entry}:31101` }])[0].candidates;
      const pick = candidates.findIndex((c) => c.pod === first.pod) + 1;
      expect(pick).toBeGreaterThan(0);
      const traces = traceRepeated(cluster, repeatsOf({ from: 'external', to: `${entry}:31101`, pick }, results.length));
      expect(traces.slice(1).every(sentByAffinity)).toBe(true);
      expect(results).toEqual(traces.map(reported));
    });
  }
});
