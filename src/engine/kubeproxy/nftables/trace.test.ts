/**
 * Until the trace evaluates nftables, a cluster in kube-proxy's nftables mode is traced through
 * the iptables-mode rules that do the same, and says so (config.ts's diagnostic at the mode
 * line); the node's iptables shows only what other agents write.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../../lessons/nodeport';
import { buildCluster } from '../../build';
import { traceRequest } from '../../trace/trace';
import { nats } from '../../trace/testing';

const nftables = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
`;

describe('the trace in nftables mode', () => {
  it('serves the lesson\'s request as iptables mode does, walking the iptables-equivalent rules, and the cluster says so', () => {
    const request = { from: 'external', to: '192.168.255.102:31101', pick: 2 } as const;
    const nft = buildCluster(nodePortLesson.yaml + nftables);
    const ipt = buildCluster(nodePortLesson.yaml);
    const a = traceRequest(nft, request);
    const b = traceRequest(ipt, request);
    expect(a.outcome).toBe('served');
    expect(nats(a)).toEqual(nats(b));
    expect(nft.diagnostics.map((d) => d.code)).toEqual(['nftables-trace-iptables']);
    // The chains it walked are not presented as the node's iptables: those hold no kube-proxy chain.
    const walked = a.hops.flatMap((h) => (h.netfilter ? [h.netfilter.chain] : []));
    expect(walked.some((c) => c.startsWith('KUBE-SVC-'))).toBe(true);
    const node01 = nft.nodeDataplanes.find((d) => d.node === 'node01')!;
    expect(node01.tables.flatMap((t) => t.chains.map((c) => c.name)).filter((c) => c.startsWith('KUBE-SVC-'))).toEqual([]);
  });
});
