/**
 * A request can reach its server and still fail: the answer must find its way back, through
 * the conntrack entries that NATed it, and come from the address the client called.
 */
import { describe, expect, it } from 'vitest';
import { endpointsLesson } from '../../lessons/endpoints';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import type { Cluster } from '../model';
import { traceRequest } from './trace';

/** The cluster with flanneld's masquerade taken off one node, as if it ran without --ip-masq. */
function withoutFlannelMasq(cluster: Cluster, node: string): Cluster {
  const dp = cluster.nodeDataplanes.find((d) => d.node === node)!;
  const nat = dp.tables.find((t) => t.name === 'nat')!;
  nat.rules = nat.rules.filter((r) => r.owner !== 'flannel');
  return cluster;
}

describe('replies', () => {
  it('an outside server cannot answer a pod address the LAN does not know: the reply is lost, curl times out', () => {
    const yaml = endpointsLesson.yaml; // seed 000's out-ng
    const cluster = withoutFlannelMasq(buildCluster(yaml), 'node01');
    const t = traceRequest(cluster, { from: 'pod/default/my-nginx-deploment-55f596c87c-bzw22', to: '10.107.74.203:80' });
    expect(t.servedBy).toEqual({ external: '192.168.255.1:80' });
    expect(t.sourceIpSeen).toBe('10.244.1.2');
    // The server's only route to 10.244.1.2 is its default one: the answer leaves through the gateway.
    expect(t.hops.at(-1)).toMatchObject({ phase: 'reply', at: 'lan', title: { key: 'hop.upstream.title', params: { from: 'client', dst: '10.244.1.2' } } });
    expect([t.outcome, t.outcomeMessage]).toEqual(['dropped', { key: 'outcome.replyLost', params: { at: 'lan', dst: '10.244.1.2:50471' } }]);
  });

  it('an answer that skips the node that NATed the request reaches the client from the wrong address, and is dropped', () => {
    // IPVS sends a Local-policy node port to a pod on another node when it has none of its
    // own; without flannel's masquerade, the pod answers the client directly.
    const yaml = `${nodePortLesson.yaml}---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
---
apiVersion: v1
kind: Service
metadata:
  name: local
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector:
    app: my-nginx
  ports:
  - port: 80
    nodePort: 30080
`;
    const cluster = withoutFlannelMasq(buildCluster(yaml), 'master01');
    const t = traceRequest(cluster, { from: 'external', to: 'http://192.168.255.101:30080/', pick: 1 });
    expect(t.sourceIpSeen).toBe('192.168.255.1');
    expect(t.hops.at(-1)!.title).toEqual({ key: 'hop.replyMismatch.title', params: { got: '10.244.1.2:80', want: '192.168.255.101:30080' } });
    expect(t.hops.some((h) => h.phase === 'reply' && h.at === 'node/master01')).toBe(false);
    expect(t.outcome).toBe('dropped');
  });
});
