/**
 * Addresses that run out or cannot be read: a podSubnet kubeadm refuses, a cluster CIDR with no
 * /24 left for a node (CIDRNotAvailable), a node's host-local range with no address left for a
 * pod, and a Node whose InternalIP is not an address. Each is a diagnostic with the component's
 * words, and the build goes on.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { allocatePodIps } from '../dataplane';
import { traceRequest } from '../trace/trace';
import { NodeCidrs, podSubnetErrors } from './nodeipam';
import { parseCidr } from '../ip';

const clusterConfiguration = (podSubnet: string) => `---
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  podSubnet: ${podSubnet}
`;
const node = (name: string, address: string, podCIDR?: string) => `---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
${podCIDR ? `spec:\n  podCIDR: ${podCIDR}\n` : ''}status:
  addresses:
  - type: InternalIP
    address: ${address}
  - type: Hostname
    address: ${name}
`;
const problems = (yaml: string) => buildCluster(yaml).diagnostics.map((d) => [d.severity, d.code, d.message, d.range.start.line]);
const podSubnetLine = nodePortLesson.yaml.split('\n').length + 4;

describe('the pod subnet', () => {
  it('that cannot hold one node\'s /24 is refused with kubeadm\'s words, and kube-controller-manager gives no node a podCIDR', () => {
    const yaml = nodePortLesson.yaml + clusterConfiguration('10.244.0.0/30');
    expect(problems(yaml).filter((p) => p[1] !== 'pod-sandbox-failed')).toEqual([
      ['error', 'pod-subnet-invalid', 'networking.podSubnet: Invalid value: "10.244.0.0/30": subnet with 4 address(es) is too small, the minimum is 14', podSubnetLine],
      ['error', 'pod-subnet-invalid', 'networking.podSubnet: Invalid value: "10.244.0.0/30": the size of pod subnet with mask 30 is smaller than the size of node subnet with mask 24', podSubnetLine],
      ['error', 'node-ipam-not-started', 'Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family', podSubnetLine],
    ]);
    const c = buildCluster(yaml);
    // Each node's kubelet says why its pods have no sandbox (flannel wrote no subnet file).
    expect(c.diagnostics.filter((d) => d.code === 'pod-sandbox-failed').map((d) => d.message.split(':')[0])).toEqual([
      'pods coredns-5dd5756b68-ht8rn and 1 more on master01', 'pod my-nginx-deploment-55f596c87c-bzw22 on node01', 'pod my-nginx-deploment-55f596c87c-lpgt8 on node02',
    ]);
    expect(c.nodes.map((n) => n.podCIDR)).toEqual(['', '', '']);
    expect(c.pods.every((p) => p.phase === 'Pending' && !p.ip)).toBe(true);
    // No pod network anywhere: no cbr0, no route to a pod subnet; the node port still answers (refused: no endpoint).
    expect(c.nodeDataplanes.every((d) => !d.interfaces.some((i) => i.name === 'cbr0') && d.routes.every((r) => !r.dst.startsWith('10.244.')))).toBe(true);
    expect(traceRequest(c, { from: 'external', to: 'http://192.168.255.102:31101/' }).outcome).toBe('refused');
  });

  it('with fewer /24s than nodes leaves the last node without one: CIDRNotAvailable, its pods without an address', () => {
    const yaml = nodePortLesson.yaml + clusterConfiguration('10.244.0.0/23');
    expect(problems(yaml)).toEqual([
      ['warning', 'cidr-not-available', 'CIDRNotAvailable: failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range', podSubnetLine],
      ['warning', 'pod-sandbox-failed', 'pod my-nginx-deploment-55f596c87c-lpgt8 on node02: FailedCreatePodSandBox: failed to setup network for sandbox: plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory', 11],
    ]);
    const c = buildCluster(yaml);
    expect(c.nodes.map((n) => n.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '']);
    expect(c.pods.filter((p) => p.node === 'node02').map((p) => [p.phase, p.ip])).toEqual([['Pending', undefined]]);
    // Nobody routes to node02's pods, and node02 holds no route to the others'.
    expect(c.nodeDataplanes.map((d) => d.routes.filter((r) => r.dst.startsWith('10.244.')).map((r) => r.dst))).toEqual([
      ['10.244.0.0/24', '10.244.1.0/24'], ['10.244.0.0/24', '10.244.1.0/24'], [],
    ]);
  });

  it('keeps the /24s written in Node objects and hands out the others around them', () => {
    const ipam = new NodeCidrs(parseCidr('10.244.0.0/23')!);
    ipam.occupy('10.244.0.0/24');
    ipam.occupy('10.9.0.0/24'); // outside the range: the controller leaves it alone
    expect([ipam.allocate(), ipam.allocate()]).toEqual(['10.244.1.0/24', undefined]);
    expect(new NodeCidrs(parseCidr('10.244.0.0/25')!).running).toBe(false);
  });

  it('that is too large for the controller\'s bitmap is refused by kubeadm too', () => {
    expect(podSubnetErrors(parseCidr('10.0.0.0/7')!)).toEqual(['networking.podSubnet: Invalid value: "10.0.0.0/7": pod subnet mask (7) and node-mask (24) difference is greater than 16']);
    expect(podSubnetErrors(parseCidr('10.244.0.0/16')!)).toEqual([]);
  });
});

describe('a node\'s host-local range', () => {
  it('once full leaves the next pods Pending, with the kubelet\'s FailedCreatePodSandBox and host-local\'s error', () => {
    const c = buildCluster(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3') + node('node01', '192.168.255.102', '10.244.1.0/30'));
    // .1 is cbr0's, .2 the only address left: one pod gets it, the others wait.
    expect(c.pods.map((p) => p.ip ?? p.phase)).toEqual(['10.244.1.2', 'Pending', 'Pending', 'Pending', 'Pending']);
    expect(c.diagnostics.filter((d) => d.code === 'pod-sandbox-failed').map((d) => [d.code, d.message])).toEqual([[
      'pod-sandbox-failed',
      'pods coredns-5dd5756b68-72jmm and 3 more on node01: FailedCreatePodSandBox: failed to setup network for sandbox: plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.2',
    ]]);
  });

  it('does not exist on a node without a podCIDR: flannel never wrote its subnet file', () => {
    const c = buildCluster(nodePortLesson.yaml + clusterConfiguration('10.244.0.0/23'));
    const { diagnostics } = allocatePodIps(c.pods, c.nodes);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'pod my-nginx-deploment-55f596c87c-lpgt8 on node02: FailedCreatePodSandBox: failed to setup network for sandbox: plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory',
    ]);
  });
});

describe('a Node whose InternalIP is not an address', () => {
  const yaml = nodePortLesson.yaml + node('node01', '192.168.255.102x') + node('node02', '192.168.255.103');

  it('is stored by the API server and reported as kube-proxy logs it, at the address\'s line; the build goes on', () => {
    const line = nodePortLesson.yaml.split('\n').length + 8; // the address line of node01
    expect(problems(yaml)).toEqual([
      ['warning', 'node-ip-unknown', 'Failed to retrieve node IPs: host IP unknown; known addresses: [{InternalIP 192.168.255.102x} {Hostname node01}]', line],
    ]);
  });

  it('is a node without an address: it gets the next free one on the LAN, and the old one answers nothing', () => {
    const c = buildCluster(yaml);
    expect(c.nodes.map((n) => [n.name, n.ip])).toEqual([['node01', '192.168.255.101'], ['node02', '192.168.255.103']]);
    expect(traceRequest(c, { from: 'external', to: 'http://192.168.255.101:31101/' }).outcome).toBe('served');
    expect(traceRequest(c, { from: 'external', to: 'http://192.168.255.102:31101/' }).outcome).toBe('unreachable');
  });

  it('is IPv6: said to be out of what Podpath simulates', () => {
    const c = buildCluster(nodePortLesson.yaml + node('node01', '2001:db8::1'));
    expect(c.diagnostics.map((d) => [d.code, d.key, d.params])).toEqual([['node-ip-ipv6', 'diag.nodeIpv6', { node: 'node01', ip: '2001:db8::1' }]]);
  });
});
