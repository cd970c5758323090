/**
 * kube-proxy's nftables mode with the real kernel as referee (issue 18): the clusters the
 * iptables kernel tests build, with a KubeProxyConfiguration `mode: nftables`, so that each node
 * holds kube-proxy's `ip kube-proxy` table (loaded by the lab with nft -f) beside the kubelet's
 * and flanneld's iptables. Real requests must land where the engine's trace of that table says:
 * the same pods in shares that fit numgen's probabilities, the same source address seen
 * (masquerade, eTP Local), the same refusal (reject-chain, cluster-ips-check) or drop
 * (eTP Local without a local endpoint, loadBalancerSourceRanges, an unallocated cluster IP).
 * Run with `PODPATH_LAB=1 npx vitest run src/lab/nftables.test.ts` (root, nft).
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { renderSave } from '../engine/netfilter/render';
import { nodePortLesson } from '../lessons/nodeport';
import { kernelSteps, OUT_NG, playStep } from './steps';
import { downLab, expectKernelAgrees, pods, reported } from './agree';
import { NFT_MODE, nftUnavailable, startLab } from './harness';

const unavailable = nftUnavailable();
if (unavailable) console.warn(`\n*** nftables kernel tests skipped: ${unavailable} ***\n`);
const kernel = describe.skipIf(!!unavailable);

afterEach(downLab);

/** `yaml` with kube-proxy in nftables mode. */
const nft = (yaml: string) => yaml + NFT_MODE;

const lesson = nodePortLesson.yaml;
const BZW22 = 'my-nginx-deploment-55f596c87c-bzw22';
const LPGT8 = 'my-nginx-deploment-55f596c87c-lpgt8';
const POD = `pod/default/${BZW22}`;

/** The lesson's Service as a LoadBalancer from a MetalLB pool (192.168.255.240), with `extra` lines in its spec. */
const loadBalancer = (extra = '') => `${lesson.replace('  type: NodePort\n', `  type: LoadBalancer\n${extra}`)}---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
`;


const firstError = (yaml: string) => buildCluster(yaml).diagnostics.filter((d) => d.severity === 'error');

kernel('kube-proxy in nftables mode: the kernel agrees with the trace', () => {
  it('the lab loads each node\'s ip kube-proxy table as the engine lists it, beside the kubelet\'s and flanneld\'s iptables', () => {
    const cluster = buildCluster(nft(lesson));
    expect(firstError(nft(lesson))).toEqual([]);
    const lab = startLab(cluster);
    try {
      for (const dp of cluster.nodeDataplanes) {
        expect(dp.nftables, dp.node).toBeDefined();
        expect(lab.exec(`node/${dp.node}`, 'nft', 'list', 'table', 'ip', 'kube-proxy'), dp.node).toBe(renderList(dp.nftables!));
        // No KUBE-SERVICES in nftables mode: the iptables part is the kubelet's and flanneld's only.
        const ours = renderSave(dp.tables, { date: new Date(0) });
        expect(ours).not.toContain('KUBE-SERVICES');
        // The kernel counts the packets the lab's servers already sent through the built-in chains.
        const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/ \[\d+:\d+\]$/, ' [0:0]'));
        expect(body(lab.exec(`node/${dp.node}`, 'iptables-save')), dp.node).toEqual(body(ours));
      }
    } finally {
      lab.down();
    }
  });

  it('NodePort, externalTrafficPolicy Cluster: every node answers, numgen spreads over both pods, masqueraded to cbr0 or the entry node', () => {
    for (const node of ['192.168.255.101', '192.168.255.102', '192.168.255.103']) {
      const results = expectKernelAgrees(nft(lesson), node, 31101, 16);
      expect(pods(results)).toEqual([BZW22, LPGT8]);
    }
  }, 180_000);

  it('a targetPort nothing listens on: DNATed all the same, refused by the pod', () => {
    const results = expectKernelAgrees(nft(lesson.replace('targetPort: 80', 'targetPort: 8080')), '192.168.255.102', 31101, 4);
    expect(pods(results)).toEqual(['ECONNREFUSED']);
  });

  describe('a Service without endpoints: reject-chain through @no-endpoint-nodeports and @no-endpoint-services', () => {
    const none = nft(lesson.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP'));
    it('its node port from outside (input)', () => {
      expect(pods(expectKernelAgrees(none, '192.168.255.103', 31101, 2))).toEqual(['ECONNREFUSED']);
    });
    it('its cluster IP from a pod (forward) and from a node (output)', () => {
      expect(pods(expectKernelAgrees(none, '10.108.229.67', 8001, 2, POD))).toEqual(['ECONNREFUSED']);
      expect(pods(expectKernelAgrees(none, '10.108.229.67', 8001, 2, 'node/node02'))).toEqual(['ECONNREFUSED']);
    });
  });

  it('the ClusterIP range check: a cluster IP on a port it does not serve is rejected, an unallocated address of the service CIDR dropped', () => {
    expect(pods(expectKernelAgrees(nft(lesson), '10.108.229.67', 22, 2, POD))).toEqual(['ECONNREFUSED']);
    expect(pods(expectKernelAgrees(nft(lesson), '10.100.0.9', 80, 1, POD))).toEqual(['timeout']);
    expect(pods(expectKernelAgrees(nft(lesson), '10.108.229.67', 22, 1, 'node/master01'))).toEqual(['ECONNREFUSED']);
  });

  it('externalTrafficPolicy Local: the client address is kept, and a node without a local endpoint drops', () => {
    const local = nft(lesson.replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n'));
    const kept = expectKernelAgrees(local, '192.168.255.102', 31101, 3);
    expect(kept.map((r) => 'from' in r && r.from)).toEqual(['192.168.255.1', '192.168.255.1', '192.168.255.1']);
    expect(pods(expectKernelAgrees(local, '192.168.255.101', 31101, 1))).toEqual(['timeout']);
  });

  it('sessionAffinity ClientIP: the affinity sets send every request of the client to one pod', () => {
    const sticky = nft(lesson.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n'));
    expect(pods(expectKernelAgrees(sticky, '192.168.255.102', 31101, 8))).toHaveLength(1);
    expect(pods(expectKernelAgrees(sticky, '10.108.229.67', 8001, 8, 'node/master01'))).toHaveLength(1);
  });

  it('a LoadBalancer address from a MetalLB pool, reached through the announcing node', () => {
    expect(pods(expectKernelAgrees(nft(loadBalancer()), '192.168.255.240', 8001, 16))).toEqual([BZW22, LPGT8]);
  });

  describe('loadBalancerSourceRanges: @firewall-ips before DNAT', () => {
    const outside = nft(loadBalancer('  loadBalancerSourceRanges:\n  - 203.0.113.0/24\n'));
    const lan = nft(loadBalancer('  loadBalancerSourceRanges:\n  - 192.168.255.0/24\n'));

    it('the outside host outside the ranges is dropped at the LoadBalancer address, and so is a pod; the node port ignores the ranges', () => {
      expect(firstError(outside)).toEqual([]);
      expect(pods(expectKernelAgrees(outside, '192.168.255.240', 8001, 1))).toEqual(['timeout']);
      expect(pods(expectKernelAgrees(outside, '192.168.255.240', 8001, 1, POD))).toEqual(['timeout']);
      const nodePort = buildCluster(outside).services.find((s) => s.name === 'my-nginx-deploment')!.ports[0].nodePort!;
      expect(pods(expectKernelAgrees(outside, '192.168.255.102', nodePort, 16))).toEqual([BZW22, LPGT8]);
    });

    it('the outside host inside the ranges is served', () => {
      expect(pods(expectKernelAgrees(lan, '192.168.255.240', 8001, 16))).toEqual([BZW22, LPGT8]);
    });
  });

  it('hostPort through the portmap DNAT in iptables, beside kube-proxy\'s nat-prerouting at the same priority', () => {
    const tomcat = `apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node02
  containers:
  - name: container-tomcat
    image: tomcat:9.0
    ports:
    - containerPort: 8080
      hostPort: 8081
`;
    expect(pods(expectKernelAgrees(nft(tomcat), '192.168.255.103', 8081, 2))).toEqual(['pod-tomcat']);
  });

  describe('a hostPort on a node port\'s number: two DNATs at prerouting priority -100 (iptables\' nat PREROUTING and kube-proxy\'s nat-prerouting)', () => {
    const collision = nft(`${lesson}---
apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node02
  containers:
  - name: container-tomcat
    image: tomcat:9.0
    ports:
    - containerPort: 8080
      hostPort: 31101
`);

    // At one priority the kernel runs the hook registered last first (net/netfilter/core.c,
    // nf_hook_entries_grow: a new hook goes before the first one whose priority is not lower
    // than its own), and the first NAT chain to bind a mapping ends the hook's NAT
    // (nf_nat_inet_fn). The lab loads the kubelet's and the CNI plugin's iptables first, then
    // kube-proxy's table: kube-proxy's nat-prerouting runs first and its DNAT wins.
    it('the kernel: kube-proxy\'s DNAT to the Service\'s pods wins, the hostPort pod is never reached', () => {
      const cluster = buildCluster(collision);
      expect(firstError(collision)).toEqual([]);
      const lab = startLab(cluster);
      try {
        const results = Array.from({ length: 12 }, () => lab.curl('external', '192.168.255.103', 31101));
        expect(pods(results)).toEqual([BZW22, LPGT8]);
      } finally {
        lab.down();
      }
    });

    // The engine models the same registration order (src/engine/trace/nft.ts): kube-proxy's
    // nat-prerouting before the iptables nat PREROUTING, so its trace, too, ends at the
    // Service's pods, and CNI-HOSTPORT-DNAT is never consulted.
    it('the engine\'s trace agrees: the Service\'s pods, not the hostPort pod', () => {
      const results = expectKernelAgrees(collision, '192.168.255.103', 31101, 4);
      // Four draws need not reach both pods; none reaches the hostPort pod.
      for (const pod of pods(results)) expect([BZW22, LPGT8]).toContain(pod);
    });
  });

  it('a pod to its Service\'s cluster IP: to itself (hairpin, masqueraded to cbr0) and across nodes', () => {
    const results = expectKernelAgrees(nft(lesson), '10.108.229.67', 8001, 16, POD);
    expect(pods(results)).toEqual([BZW22, LPGT8]);
    expect(results.find((r) => 'pod' in r && r.pod === BZW22)).toMatchObject({ from: '10.244.1.1' });
    expect(results.find((r) => 'pod' in r && r.pod === LPGT8)).toMatchObject({ from: '10.244.1.2' });
  });

  it('a node to a cluster IP: nat-output, then the route to the pod, masqueraded (not from a pod)', () => {
    const results = expectKernelAgrees(nft(lesson), '10.108.229.67', 8001, 16, 'node/master01');
    expect(pods(results)).toEqual([BZW22, LPGT8]);
  });

  it('a pod to a cluster IP whose endpoint shares its node: the answer, switched by cbr0, is un-DNATed all the same', () => {
    const results = expectKernelAgrees(nft(lesson.replace('replicas: 2', 'replicas: 3')), '10.108.229.67', 8001, 16, POD);
    expect(results.find((r) => 'pod' in r && r.pod.endsWith('p7qjp'))).toMatchObject({ from: '10.244.1.2' });
  });

  it('a pod to a Service without selector, to the server outside (seed 000): flanneld masquerades it to the node', () => {
    const [result] = expectKernelAgrees(nft(OUT_NG), '10.107.74.203', 80, 1, POD);
    expect(result).toEqual({ pod: 'client', namespace: '-', node: '-', port: 80, host: '192.168.255.1', from: '192.168.255.102' });
  });

  it('a pod to the kubernetes Service: DNAT to the API server on the control plane\'s own address', () => {
    const [result] = expectKernelAgrees(nft(lesson), '10.96.0.1', 443, 1, `pod/default/${LPGT8}`);
    expect(result).toEqual({ pod: 'kube-apiserver', namespace: '-', node: 'master01', port: 6443, host: '192.168.255.101', from: '192.168.255.103' });
  });

  it('kube-dns over UDP from a pod: both CoreDNS pods answer, the cluster IP\'s DNAT undone on the way back', () => {
    const cluster = buildCluster(nft(lesson));
    const trace = traceRequest(cluster, { from: POD, to: '10.96.0.10:53', protocol: 'udp' });
    expect(trace.outcome).toBe('served');
    const lab = startLab(cluster);
    try {
      const results = lab.probe(POD, Array.from({ length: 16 }, () => ({ protocol: 'UDP' as const, ip: '10.96.0.10', port: 53 })));
      const allowed = trace.candidates.map((_, i) => reported(cluster, traceRequest(cluster, { from: POD, to: '10.96.0.10:53', protocol: 'udp', pick: i + 1 })));
      expect(allowed).toHaveLength(2);
      for (const r of results) expect(allowed).toContainEqual(r);
      expect(pods(results)).toHaveLength(2);
    } finally {
      lab.down();
    }
  });
});

/**
 * Every lesson step the kernel alone decides (an address, no port-forward), its cluster in
 * nftables mode: the lessons written for iptables, played with kube-proxy's other table.
 */
const nftSteps = kernelSteps
  // A step whose YAML chooses kube-proxy's mode itself is played in that mode by kernel.test.ts.
  .filter(({ yaml }) => !/^kind: KubeProxyConfiguration$/m.test(yaml))
  .map((s) => [`${s.lesson.id} step ${s.index + 1}`, s] as const);

kernel.each(nftSteps)('lesson %s, kube-proxy in nftables mode, in the kernel', (_name, step) => {
  it('lands where the trace says', () => playStep(step, nft(step.yaml)));
});

// Last: every lab above was taken down, the failed ones too (this process's labs are named
// pp<pid>…; other runs on the machine have labs of their own).
kernel('after the nftables kernel tests', () => {
  it('no namespace of theirs is left', () => {
    const ours = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.startsWith(`pp${process.pid.toString(36)}`));
    expect(ours).toEqual([]);
  });
});
