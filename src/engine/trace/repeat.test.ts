/** ClientIP session affinity across repeated requests (issue 16, item 10). */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { servicePortHash } from '../kubeproxy/iptables';
import { repeatsOf, sentByAffinity, traceRepeated } from './repeat';

const sticky = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
const svc = `KUBE-SVC-${servicePortHash('default/my-nginx-deploment', 'tcp')}`;
const served = (t: { servedBy?: unknown }) => (t.servedBy && typeof t.servedBy === 'object' && 'pod' in t.servedBy ? t.servedBy.pod : undefined);

describe('repeating a request', () => {
  it('with sessionAffinity ClientIP, every repeat goes where the first went, sent by the --rcheck rule', () => {
    const cluster = buildCluster(sticky);
    const traces = traceRepeated(cluster, repeatsOf({ from: 'external', to: '192.168.255.102:31101', pick: 2 }, 6));
    expect(traces.map(served)).toEqual(Array(6).fill('my-nginx-deploment-55f596c87c-lpgt8'));
    expect(traces.map(sentByAffinity)).toEqual([false, true, true, true, true, true]);
    // The repeat leaves KUBE-SVC by the affinity rule, before any draw.
    const hop = traces[1].hops.find((h) => h.netfilter?.chain === svc)!;
    const rule = hop.title.params?.rule;
    expect(hop.title.key).toBe('hop.chainJump.title');
    expect(rule).toBe(`-A ${svc} -m comment --comment "default/my-nginx-deploment -> 10.244.2.2:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-KDCPXYTLRMIIBTDL --mask 255.255.255.255 --rsource -j KUBE-SEP-KDCPXYTLRMIIBTDL`);
    expect(hop.netfilter!.rules.filter((r) => r.matched).map((r) => r.text)).toEqual([rule]);
    // Each repeat is its own connection: a new source port.
    expect(new Set(traces.map((t) => t.hops[0].before.sport)).size).toBe(6);
  });

  it('the first request pinned to the other pod makes that one sticky instead', () => {
    const traces = traceRepeated(buildCluster(sticky), repeatsOf({ from: 'external', to: '192.168.255.102:31101', pick: 1 }, 4));
    expect(traces.map(served)).toEqual(Array(4).fill('my-nginx-deploment-55f596c87c-bzw22'));
  });

  it('without affinity each repeat draws again, and both pods answer', () => {
    const traces = traceRepeated(buildCluster(nodePortLesson.yaml), repeatsOf({ from: 'external', to: '192.168.255.102:31101', pick: 2 }, 8));
    expect(new Set(traces.map(served))).toEqual(new Set(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']));
    expect(traces.some(sentByAffinity)).toBe(false);
  });

  it('the affinity is the entry node\'s: the same client through another node draws afresh there', () => {
    const cluster = buildCluster(sticky);
    const [first, other] = traceRepeated(cluster, [
      { from: 'external', to: '192.168.255.102:31101', pick: 2 },
      { from: 'external', to: '192.168.255.103:31101', pick: 1 },
    ]);
    expect(served(first)).toBe('my-nginx-deploment-55f596c87c-lpgt8');
    expect(served(other)).toBe('my-nginx-deploment-55f596c87c-bzw22');
    expect(sentByAffinity(other)).toBe(false);
  });
});
