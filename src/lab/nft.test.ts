/**
 * kube-proxy's nftables mode with the kernel as referee: each table Podpath generates is loaded
 * with `nft -f` (its transaction, as kube-proxy hands it over) into a fresh network namespace of
 * its own, and what `nft list ruleset` prints there must be exactly Podpath's `list` rendering
 * (what `podpath nft` prints). The setups: kube-proxy's own unit tests' (the overall ruleset, a
 * LoadBalancer with source ranges, the masquerade matrix, terminating endpoints), and whole
 * clusters in `mode: nftables` (every node of the NodePort lesson, kubeadm's Services included;
 * a LoadBalancer with eTP Local, session affinity and masqueradeAll; node ports on every
 * address). Run with `PODPATH_LAB=1 npx vitest run src/lab/nft.test.ts` (root, nft).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import type { NftTable } from '../engine/kubeproxy/nftables/model';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { renderTransaction } from '../engine/kubeproxy/nftables/render';
import { overallSetup, syncNftRules, TEST_NODE } from '../engine/kubeproxy/nftables/flows.testing';
import { testService, testSlice } from '../engine/kubeproxy/flows.testing';
import { nodePortLesson } from '../lessons/nodeport';
import { nftUnavailable } from './harness';

const unavailable = nftUnavailable();
if (unavailable) console.warn(`\n*** nftables kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);

let count = 0;

/** Loads the transaction in a namespace of its own and returns what nft lists there; the namespace is always deleted. */
function kernelList(table: NftTable): string {
  const ns = `pp${process.pid.toString(36)}nft${(count++).toString(36)}`;
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: renderTransaction(table), stdio: ['pipe', 'pipe', 'pipe'] });
    return execFileSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'ruleset'], { encoding: 'utf8' });
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

const nftMode = (extra = '') => `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
${extra}`;

/** A LoadBalancer with eTP Local and ClientIP affinity, a UDP port, and a Service with no endpoints. */
const RICH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
        - containerPort: 53
          protocol: UDP
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  loadBalancerSourceRanges:
  - 192.168.255.0/24
  - 203.0.113.0/25
  selector:
    app: web
  ports:
  - name: http
    port: 80
  - name: dns
    port: 53
    protocol: UDP
  externalIPs:
  - 192.168.255.77
status:
  loadBalancer:
    ingress:
    - ip: 192.168.255.240
---
apiVersion: v1
kind: Service
metadata:
  name: nobody
spec:
  type: NodePort
  selector:
    app: nobody
  ports:
  - port: 8080
`;

kernel('nft list ruleset of the transaction, loaded into a namespace, is Podpath\'s list rendering exactly', () => {
  it('upstream TestOverallNFTablesRules\' ruleset', () => {
    const { services, slices } = overallSetup();
    const table = syncNftRules(services, slices);
    expect(kernelList(table)).toBe(renderList(table));
  });

  it('upstream TestLoadBalancer (several source ranges, the node inside one) and the masquerade matrix\'s Services, masqueradeAll and without a local detector', () => {
    const lb = testService('ns1', 'svc1', {
      type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3001 }],
      loadBalancerIPs: ['1.2.3.4', '5.6.7.8'], loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
    });
    const table = syncNftRules([lb], [testSlice('ns1', 'svc1', [{ ip: '10.180.0.1' }], [{ name: 'p80', port: 80 }])]);
    expect(kernelList(table)).toBe(renderList(table));
    const services = [1, 2, 3].map((n) => testService(`ns${n}`, `svc${n}`, {
      type: 'LoadBalancer', clusterIP: `172.30.0.4${n}`, ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 3000 + n }],
      loadBalancerIPs: [`10.9.9.${n}`], externalTrafficPolicy: n === 2 ? 'Local' : 'Cluster', internalTrafficPolicy: n === 3 ? 'Local' : 'Cluster',
    }));
    const slices = [1, 2, 3].map((n) => testSlice(`ns${n}`, `svc${n}`, [{ ip: `10.180.0.${n}`, node: TEST_NODE }, { ip: `10.180.1.${n}`, node: 'remote' }], [{ name: 'p80', port: 80 }]));
    for (const proxy of [{}, { masqueradeAll: true }, { clusterCIDR: '' }, { masqueradeAll: true, clusterCIDR: '' }]) {
      const t = syncNftRules(services, slices, proxy);
      expect(kernelList(t)).toBe(renderList(t));
    }
  });

  it('upstream TestTerminatingEndpointsTrafficPolicyLocal\'s ready, serving-terminating and not-serving endpoints', () => {
    const svc = testService('ns1', 'svc1', {
      type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.1.1', healthCheckNodePort: 30000,
      ports: [{ name: undefined, port: 80, protocol: 'TCP', targetPort: 80 }], loadBalancerIPs: ['1.2.3.4'],
    });
    const table = syncNftRules([svc], [testSlice('ns1', 'svc1', [
      { ip: '10.0.1.1', node: TEST_NODE }, { ip: '10.0.1.3', node: TEST_NODE, ready: false, serving: true, terminating: true },
      { ip: '10.0.1.4', node: TEST_NODE, ready: false, serving: false, terminating: true }, { ip: '10.0.1.5', node: 'node-1' },
    ], [{ name: undefined, port: 80 }])]);
    expect(kernelList(table)).toBe(renderList(table));
  });

  it('every node of the NodePort lesson in mode: nftables, kubeadm\'s kubernetes and kube-dns included', () => {
    const cluster = buildCluster(nodePortLesson.yaml + nftMode());
    for (const dp of cluster.nodeDataplanes) expect(kernelList(dp.nftables!), dp.node).toBe(renderList(dp.nftables!));
  });

  it('a LoadBalancer with eTP Local, session affinity, source ranges and a UDP port; a Service with no endpoints; masqueradeAll, another mark, node ports on every address', () => {
    for (const extra of ['', 'nftables:\n  masqueradeAll: true\n  masqueradeBit: 15\nnodePortAddresses:\n- 0.0.0.0/0\n', 'nodePortAddresses:\n- 192.168.255.0/24\n- 10.244.0.0/16\n']) {
      const cluster = buildCluster(RICH + nftMode(extra));
      expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const dp of cluster.nodeDataplanes) expect(kernelList(dp.nftables!), `${dp.node} ${extra}`).toBe(renderList(dp.nftables!));
    }
  });
});
