import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { stepName, walkTo } from './walk';

const trace = traceRequest(buildCluster(nodePortLesson.yaml), nodePortLesson.request);
const names = (index: number) => walkTo(trace.hops, index)?.steps.map((i) => stepName(trace.hops[i]));
const dnat = trace.hops.findIndex((h) => h.title.key === 'hop.chainDnat.title');

describe('the netfilter walk that led to a hop', () => {
  it('from PREROUTING through the kube-proxy chains to the DNAT', () => {
    expect(names(dnat)).toEqual([
      'nat PREROUTING', 'nat KUBE-SERVICES', 'nat KUBE-NODEPORTS', 'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-MARK-MASQ',
      'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-SVC-O34RRTA663ZXJZ3Q', 'nat KUBE-SEP-KDCPXYTLRMIIBTDL',
    ]);
    expect(walkTo(trace.hops, dnat)!.before).toBe(false);
  });
  it('for the route lookup after it, the same walk, ended before the hop', () => {
    expect(trace.hops[dnat + 1].kind).toBe('route');
    expect(walkTo(trace.hops, dnat + 1)).toEqual({ steps: walkTo(trace.hops, dnat)!.steps, before: true });
  });
  it('FORWARD then POSTROUTING to the masquerade, on the way out of node01', () => {
    const masq = trace.hops.findIndex((h) => h.title.key === 'hop.masq.title');
    expect(names(masq)).toEqual(['filter FORWARD', 'nat POSTROUTING', 'nat KUBE-POSTROUTING', 'conntrack']);
  });
  it('none on a host the packet has seen no rule on yet', () => {
    expect(walkTo(trace.hops, 0)).toBeUndefined();
    expect(walkTo(trace.hops, 3)).toBeUndefined(); // arrives on node01's eth0
  });
});
