/**
 * A pinned endpoint (`pick`) as a saved or shared request can carry it: anything that is not a
 * whole number from 1 is refused before the first hop, as `podpath trace --pick` refuses it;
 * a pin past the last candidate takes the last, in every mode; and a trace never throws.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { SEED004_APPS } from '../ingress/testdata';
import type { Cluster } from '../model';
import { traceRequest } from './trace';
import type { TraceRequest } from './types';

const ipvs = buildCluster(`${nodePortLesson.yaml}---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
`);
const iptables = buildCluster(nodePortLesson.yaml);
const ingress = buildCluster(SEED004_APPS);
const nodePort: TraceRequest = { from: 'external', to: 'http://192.168.255.102:31101/' };
const cherry: TraceRequest = { from: 'external', to: 'http://apps.cherry.com/' };
const servedPod = (cluster: Cluster, request: TraceRequest) => {
  const t = traceRequest(cluster, request);
  return t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : t.outcome;
};

describe('an invalid pick', () => {
  const bad = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e300, -0.5];
  it.each([['iptables', iptables, nodePort], ['IPVS', ipvs, nodePort], ['Ingress', ingress, cherry]] as const)(
    'is refused up front in %s mode, with the pin in the message and no hop',
    (_mode, cluster, request) => {
      for (const pick of bad) {
        const t = traceRequest(cluster, { ...request, pick });
        expect(t).toMatchObject({ outcome: 'unreachable', outcomeMessage: { key: 'outcome.badPick', params: { pick: String(pick) } }, hops: [], candidates: [] });
      }
    },
  );

  it('is refused when it is not a number at all (a hand-edited session)', () => {
    const t = traceRequest(iptables, { ...nodePort, pick: '2' as unknown as number });
    expect(t.outcomeMessage).toEqual({ key: 'outcome.badPick', params: { pick: '2' } });
  });
});

describe('a pick past the last candidate', () => {
  it('takes the last real server in IPVS mode, whatever the seed, as iptables mode does', () => {
    for (let seed = 1; seed <= 8; seed++) {
      expect(servedPod(ipvs, { ...nodePort, pick: 3, seed })).toBe('my-nginx-deploment-55f596c87c-lpgt8');
      expect(servedPod(iptables, { ...nodePort, pick: 3, seed })).toBe('my-nginx-deploment-55f596c87c-lpgt8');
    }
    expect(servedPod(ipvs, { ...nodePort, pick: 2 })).toBe('my-nginx-deploment-55f596c87c-lpgt8');
  });

  it('takes the last endpoint at the ingress controller', () => {
    const last = servedPod(ingress, { ...cherry, pick: 3 });
    expect(servedPod(ingress, { ...cherry, pick: 4 })).toBe(last);
    expect(servedPod(ingress, { ...cherry, pick: 1e6 })).toBe(last);
  });
});

describe('the pin and the DNS query before the connection', () => {
  it('leaves the CoreDNS choice to the seed in IPVS mode: the pin is for the request only', () => {
    const pod = ipvs.pods.find((p) => !p.system)!;
    const coredns = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const t = traceRequest(ipvs, { from: `pod/default/${pod.name}`, to: 'http://my-nginx-deploment:8001/', pick: 2, seed });
      const [dns, http] = t.hops.filter((h) => h.title.key === 'hop.ipvsSchedule.title');
      coredns.add(dns.after.dst);
      expect(http.after.dst).toBe('10.244.2.2');
    }
    expect([...coredns].sort()).toEqual(['10.244.0.2', '10.244.0.3']);
  });
});

describe('a walk that fails', () => {
  it('ends in the outcome error with the exception text, instead of throwing', () => {
    const broken = { ...iptables, nodeDataplanes: undefined } as unknown as Cluster;
    const t = traceRequest(broken, nodePort);
    expect(t.outcome).toBe('error');
    expect(t.outcomeMessage.key).toBe('outcome.error');
    expect(String(t.outcomeMessage.params?.error)).toMatch(/undefined|not iterable/);
    expect(t.replyStart).toBe(t.hops.length);
  });

  it('reads a source or a target that is not text as a bad one', () => {
    expect(traceRequest(iptables, { from: 7 as unknown as 'external', to: nodePort.to }).outcomeMessage).toEqual({ key: 'outcome.badSource', params: { from: '7' } });
    expect(traceRequest(iptables, { from: 'external', to: null as unknown as string }).outcomeMessage).toEqual({ key: 'outcome.badTarget', params: { to: 'null' } });
  });
});
