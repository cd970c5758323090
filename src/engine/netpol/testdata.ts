/**
 * The upstream NetworkPolicy e2e tests' world (kubernetes test/e2e/network/netpol/model.go), as
 * YAML: namespaces x, y and z labelled `ns: <name>`, pods named a, b, c labelled `pod: <name>`,
 * one container per port and protocol with a port named `serve-<port>-<protocol>` (serve-80-tcp),
 * and the truth table helpers of reachability.go (ExpectPeer, ExpectAllIngress, ExpectAllEgress,
 * Expect), which start from "everything connects" and are applied in order.
 */
import type { Protocol } from './types';

export interface ModelPod {
  /** `x/a` */
  id: string;
  labels?: Record<string, string>;
}

/** The model's YAML: namespaces, pods, and the given extra documents (policies, an Installation). */
export function modelYaml(pods: (string | ModelPod)[], ports: number[], protocols: Protocol[], extra: object[] = [], namespaceLabels: Record<string, Record<string, string>> = {}): string {
  const docs: object[] = ['x', 'y', 'z'].map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ns, ...namespaceLabels[ns] } } }));
  for (const p of pods) {
    const { id, labels } = typeof p === 'string' ? { id: p, labels: {} } : p;
    const [namespace, name] = id.split('/');
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: { pod: name, ...labels } },
      spec: {
        containers: ports.flatMap((port) => protocols.map((protocol) => ({
          name: `cont-${port}-${protocol.toLowerCase()}`,
          image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
          ports: [{ containerPort: port, name: `serve-${port}-${protocol.toLowerCase()}`, protocol }],
        }))),
      },
    });
  }
  // JSON is YAML: each object is one document.
  return [...docs, ...extra].map((d) => JSON.stringify(d)).join('\n---\n');
}

/** The Tigera operator's Installation: with it, the cluster runs Calico and enforces policy. */
export const CALICO = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] } } };

/** A NetworkPolicy document. */
export function policy(namespace: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/** A pattern of reachability.go's Peer: an empty field matches every namespace or pod. */
export interface Peer {
  ns?: string;
  pod?: string;
}

/** reachability.go's Reachability: `expected[from][to]`, all true to begin with. */
export class Truth {
  readonly expected = new Map<string, boolean>();

  constructor(readonly pods: string[]) {
    for (const from of pods) for (const to of pods) this.expected.set(`${from}>${to}`, true);
  }

  private matching(peer: Peer): string[] {
    return this.pods.filter((p) => {
      const [ns, pod] = p.split('/');
      return (!peer.ns || peer.ns === ns) && (!peer.pod || peer.pod === pod);
    });
  }

  expectPeer(from: Peer, to: Peer, connected: boolean): this {
    for (const f of this.matching(from)) for (const t of this.matching(to)) this.expected.set(`${f}>${t}`, connected);
    return this;
  }

  expectAllIngress(pod: string, connected: boolean): this {
    for (const f of this.pods) this.expected.set(`${f}>${pod}`, connected);
    return this;
  }

  expectAllEgress(pod: string, connected: boolean): this {
    for (const t of this.pods) this.expected.set(`${pod}>${t}`, connected);
    return this;
  }

  expect(from: string, to: string, connected: boolean): this {
    this.expected.set(`${from}>${to}`, connected);
    return this;
  }
}
