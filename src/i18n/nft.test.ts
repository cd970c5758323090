/** The trace through kube-proxy's nftables table speaks both languages: every message it emits has a text in each. */
import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { en } from './en';
import { zh } from './zh';

const lessonNft = buildCluster(`${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n`);

describe('the nftables trace\'s messages', () => {
  it('has a text, in both languages, for every message of these traces', () => {
    const traces = [
      traceRequest(lessonNft, { from: 'external', to: '192.168.255.102:31101', pick: 2 }),
      traceRequest(lessonNft, { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.108.229.67:9999' }),
      traceRequest(lessonNft, { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.96.99.99:80' }),
    ];
    const keys = new Set<string>();
    for (const t of traces) {
      keys.add(t.outcomeMessage.key);
      for (const h of t.hops) {
        keys.add(h.title.key);
        keys.add(h.explain.key);
        for (const r of h.netfilter?.rules ?? []) for (const m of r.matches) keys.add(m.why.key);
      }
    }
    expect([...keys].filter((k) => k.startsWith('match.nft'))).not.toEqual([]);
    for (const key of keys) {
      expect(key in en, key).toBe(true);
      expect(key in zh, key).toBe(true);
    }
  });
});
