/**
 * `podpath nft`: kube-proxy's nftables table on a node, as `nft list ruleset` prints it there
 * or as kube-proxy's transaction; its errors, and what it echoes escaped for the terminal.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from '../engine/build';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { renderTransaction } from '../engine/kubeproxy/nftables/render';
import { memoryIo } from './io';
import { run } from './run';
import { OVERALL_EXPECTED } from '../engine/kubeproxy/nftables/upstream.testing';
import { sortTransaction } from '../engine/kubeproxy/nftables/render';

/**
 * kube-proxy's TestOverallNFTablesRules written as a cluster: its six Services (their hand-written
 * Endpoints standing for the test's EndpointSlices) on a node named test-node at 192.168.0.2,
 * pods in 10.0.0.0/8, Services in 172.30.0.0/16. Adapted where the API server must accept it:
 * the node-port range opened down to 3000 for the test's node ports, svc4 a ClusterIP Service
 * with its external IP (as a NodePort Service the API server would give it a node port; the
 * rules are the same), svc5 without healthCheckNodePort (refused with externalTrafficPolicy
 * Cluster; kube-proxy writes nothing for it), and test-node the control plane, where kubeadm's
 * CoreDNS runs.
 */
const UPSTREAM_OVERALL = `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  podSubnet: 10.0.0.0/8
  serviceSubnet: 172.30.0.0/16
apiServer:
  extraArgs:
    service-node-port-range: 3000-32767
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
---
apiVersion: v1
kind: Node
metadata:
  name: test-node
  labels:
    node-role.kubernetes.io/control-plane: ""
status:
  addresses:
  - type: InternalIP
    address: 192.168.0.2
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns1
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns2
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns3
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns4
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns5
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns6
---
apiVersion: v1
kind: Service
metadata:
  name: svc1
  namespace: ns1
spec:
  clusterIP: 172.30.0.41
  ports:
  - name: p80
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: svc2
  namespace: ns2
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  clusterIP: 172.30.0.42
  externalIPs:
  - 192.168.99.22
  healthCheckNodePort: 30000
  ports:
  - name: p80
    port: 80
    protocol: TCP
    nodePort: 3001
status:
  loadBalancer:
    ingress:
    - ip: 1.2.3.4
---
apiVersion: v1
kind: Service
metadata:
  name: svc3
  namespace: ns3
spec:
  type: NodePort
  clusterIP: 172.30.0.43
  ports:
  - name: p80
    port: 80
    protocol: TCP
    nodePort: 3003
---
apiVersion: v1
kind: Service
metadata:
  name: svc4
  namespace: ns4
spec:
  clusterIP: 172.30.0.44
  externalIPs:
  - 192.168.99.33
  ports:
  - name: p80
    port: 80
    protocol: TCP
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc5
  namespace: ns5
spec:
  type: LoadBalancer
  externalTrafficPolicy: Cluster
  clusterIP: 172.30.0.45
  loadBalancerSourceRanges:
  - 203.0.113.0/25
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 10800
  ports:
  - name: p80
    port: 80
    protocol: TCP
    nodePort: 3002
status:
  loadBalancer:
    ingress:
    - ip: 5.6.7.8
---
apiVersion: v1
kind: Service
metadata:
  name: svc6
  namespace: ns6
spec:
  type: ClusterIP
  clusterIP: 172.30.0.46
  ports:
  - name: p80
    port: 80
    protocol: TCP
    targetPort: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: svc1
  namespace: ns1
subsets:
- addresses:
    - ip: 10.180.0.1
  ports:
  - name: p80
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  name: svc2
  namespace: ns2
subsets:
- addresses:
    - ip: 10.180.0.2
  ports:
  - name: p80
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  name: svc3
  namespace: ns3
subsets:
- addresses:
    - ip: 10.180.0.3
  ports:
  - name: p80
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  name: svc4
  namespace: ns4
subsets:
- addresses:
    - ip: 10.180.0.4
    - ip: 10.180.0.5
      nodeName: test-node
  ports:
  - name: p80
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  name: svc5
  namespace: ns5
subsets:
- addresses:
    - ip: 10.180.0.3
  ports:
  - name: p80
    port: 80
    protocol: TCP
`;


const NFT_MODE = `---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
`;
const yaml = nodePortLesson.yaml + NFT_MODE;

async function podpath(argv: string[], files: Record<string, string> = { 'lesson.yaml': yaml }) {
  const io = memoryIo(files);
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('podpath nft', () => {
  it('--format list (the default): nft list ruleset on the node, the one table kube-proxy owns', async () => {
    const r = await podpath(['nft', '--node', 'node01', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(renderList(buildCluster(yaml).nodeDataplanes.find((d) => d.node === 'node01')!.nftables!));
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      'table ip kube-proxy {', '\tcomment "rules for kube-proxy"', '\tset cluster-ips {', '\t\ttype ipv4_addr', '\t\tcomment "Active ClusterIPs"',
      '\t\telements = { 10.96.0.1, 10.96.0.10,',
    ]);
    // The node's own address is its only node-port address.
    expect(r.out).toContain('\tset nodeport-ips {\n\t\ttype ipv4_addr\n\t\tcomment "IPs that accept NodePort traffic"\n\t\telements = { 192.168.255.102 }\n\t}\n');
    expect(r.out).toContain('\t\ttype filter hook prerouting priority dstnat - 10; policy accept;\n');
  });

  it('--format transaction: kube-proxy\'s add lines, kubeadm\'s kubernetes and kube-dns Services included as on a real node', async () => {
    const r = await podpath(['nft', '--node', 'node02', '--format', 'transaction', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(renderTransaction(buildCluster(yaml).nodeDataplanes.find((d) => d.node === 'node02')!.nftables!));
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('add table ip kube-proxy { comment "rules for kube-proxy" ; }');
    expect(lines).toContain('add element ip kube-proxy service-nodeports { tcp . 31101 : goto external-HGDPUAUO-default/my-nginx-deploment/tcp/ }');
    // kubeadm's Services: the API server on the control plane, CoreDNS's two pods.
    expect(lines.filter((l) => l.startsWith('add element ip kube-proxy service-ips ')).map((l) => l.split(' ')[6] + ' ' + l.split(' ')[8] + ' ' + l.split(' ')[10])).toEqual([
      '10.96.0.1 tcp 443', '10.108.229.67 tcp 8001', '10.96.0.10 udp 53', '10.96.0.10 tcp 53', '10.96.0.10 tcp 9153',
    ]);
    expect(lines.filter((l) => /^add rule ip kube-proxy endpoint-[A-Z2-7]{8}-default\/kubernetes\/tcp\/https__192\.168\.255\.101\/6443 meta l4proto tcp dnat to 192\.168\.255\.101:6443$/.test(l))).toHaveLength(1);
    expect(lines.every((l) => /^add (table|chain|set|map|rule|element) ip kube-proxy /.test(l))).toBe(true);
  });

  it('refuses a format it does not know, a node that does not exist, and a cluster not in nftables mode', async () => {
    expect(await podpath(['nft', '--node', 'node01', '--format', 'json', '-f', 'lesson.yaml'])).toEqual({ code: 1, out: '', err: 'error: --format must be list or transaction, not "json"\n' });
    expect(await podpath(['nft', '--node', 'node09', '-f', 'lesson.yaml'])).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "node09" not found\n' });
    expect(await podpath(['nft', '-f', 'lesson.yaml'])).toMatchObject({ code: 1, err: 'error: required flag(s) "node" not set\n' });
    expect(await podpath(['nft', '--node', 'node01', '-f', 'lesson.yaml'], { 'lesson.yaml': nodePortLesson.yaml })).toEqual({
      code: 1, out: '',
      err: 'error: kube-proxy runs in iptables mode: it writes no nftables table (a KubeProxyConfiguration with mode: nftables switches it); see podpath iptables-save --node node01\n',
    });
  });

  it('escapes what it echoes from the command line, as kubectl does', async () => {
    const r = await podpath(['nft', '--node', 'evil\x1b]0;pwned\x07', '-f', 'lesson.yaml']);
    expect(r).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): nodes "evil^[]0;pwned^G" not found\n' });
  });

  it('is listed in podpath --help, with its own help', async () => {
    expect((await podpath(['--help'])).out).toContain('  nft            kube-proxy\'s nftables table on one node (kube-proxy in nftables mode)\n');
    const help = await podpath(['nft', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('podpath nft --node NODE -f FILE... [--format list|transaction]');
  });

  it('the node\'s iptables in nftables mode hold the other agents\' rules only', async () => {
    const r = await podpath(['iptables-save', '--node', 'node01', '-t', 'nat', '-f', 'lesson.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('KUBE-SERVICES');
    expect(r.out).toContain('-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG');
  });

  it('reproduces upstream TestOverallNFTablesRules\' expected ruleset from YAML, compared as upstream compares it', async () => {
    const r = await podpath(['nft', '--node', 'test-node', '--format', 'transaction', '-f', 'overall.yaml'], { 'overall.yaml': UPSTREAM_OVERALL });
    expect(r.code).toBe(0);
    // A real node also holds kubeadm's kubernetes and kube-dns Services, and kube-proxy's real
    // mark is %#08x (0x004000) where the fake proxier's is the string 0x4000.
    const kubeadm = (l: string) => /default\/kubernetes\/|kube-system\/kube-dns\//.test(l) || /^add element ip kube-proxy cluster-ips \{ 172\.30\.0\.(1|10) \}$/.test(l);
    const ours = r.out.split('\n').filter((l) => !kubeadm(l)).join('\n').replaceAll('0x004000', '0x4000');
    expect(r.out).toContain('kube-system/kube-dns/udp/dns');
    expect(sortTransaction(ours)).toBe(sortTransaction(OVERALL_EXPECTED));
  });
});
