import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { traceRequest } from './trace';

const lesson = nodePortLesson.yaml;
// One build per YAML: a trace never changes the cluster it walks, and 400 builds of the same
// text made the seed test slow enough to time out on a loaded machine.
const built = new Map<string, ReturnType<typeof buildCluster>>();
const clusterOf = (yaml: string) => built.get(yaml) ?? built.set(yaml, buildCluster(yaml)).get(yaml)!;
const trace = (yaml: string, to: string, extra: { seed?: number; pick?: number } = {}) => traceRequest(clusterOf(yaml), { from: 'external', to, ...extra });
const keys = (t: ReturnType<typeof trace>) => t.hops.map((h) => h.title.key);

describe('tracing NodePort requests', () => {
  it('draws the endpoint from the seed: the same seed, the same pod; both pods over many seeds', () => {
    const served = new Map<string, number>();
    const built = buildCluster(lesson);
    for (let seed = 1; seed <= 200; seed++) {
      const t = traceRequest(built, { from: 'external', to: '192.168.255.102:31101', seed });
      expect(t.outcome).toBe('served');
      const pod = t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : '';
      served.set(pod, (served.get(pod) ?? 0) + 1);
      expect(trace(lesson, '192.168.255.102:31101', { seed }).servedBy).toEqual(t.servedBy);
    }
    expect([...served.keys()].sort()).toEqual(['my-nginx-deploment-55f596c87c-bzw22', 'my-nginx-deploment-55f596c87c-lpgt8']);
    for (const n of served.values()) expect(n).toBeGreaterThan(70);
  }, 20_000); // 400 traces: fast alone, slow on a loaded machine

  it('masquerades even when the endpoint is on the entry node (Cluster policy), to the cbr0 address', () => {
    const t = trace(lesson, '192.168.255.102:31101', { pick: 1 });
    expect(t.servedBy).toMatchObject({ node: 'node01', ip: '10.244.1.2' });
    expect(t.sourceIpSeen).toBe('10.244.1.1');
    expect(t.hops.filter((h) => h.at === 'lan')).toHaveLength(2); // in and out, never to another node
  });

  it('answers on every node, the control plane included', () => {
    expect(trace(lesson, '192.168.255.101:31101').outcome).toBe('served');
    expect(trace(lesson, 'http://192.168.255.103:31101/').outcome).toBe('served');
  });

  it('is refused by the pod when nothing listens on the targetPort', () => {
    const t = trace(lesson.replace('targetPort: 80', 'targetPort: 8080'), '192.168.255.102:31101', { pick: 2 });
    expect(t.outcome).toBe('refused');
    const refuse = t.hops.find((h) => h.kind === 'refuse')!;
    expect(refuse).toMatchObject({ at: 'pod/default/my-nginx-deploment-55f596c87c-lpgt8', title: { key: 'hop.refusePod.title', params: { port: 8080 } } });
    // The reset goes back the way the SYN came, un-NATed by conntrack.
    expect(t.hops.at(-1)!.after).toMatchObject({ flags: 'RST,ACK', src: '192.168.255.102', sport: 31101, dst: '192.168.255.1' });
  });

  it('knows what nginx listens on, whatever the YAML declares; for other images, the declaration', () => {
    const declared8080 = lesson.replace('containerPort: 80', 'containerPort: 8080').replace('targetPort: 80', 'targetPort: 8080');
    expect(trace(declared8080, '192.168.255.102:31101').outcome).toBe('refused');
    expect(trace(declared8080.replace('image: nginx:1.26', 'image: example.com/shop:2'), '192.168.255.102:31101').outcome).toBe('served');
  });

  it('is rejected by the filter table when the Service has no endpoints', () => {
    const t = trace(lesson.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP'), '192.168.255.102:31101');
    expect(t.outcome).toBe('refused');
    const reject = t.hops.find((h) => h.kind === 'refuse')!;
    expect(reject.title.key).toBe('hop.reject.title');
    expect(reject.explain.params).toEqual({ rule: 'default/my-nginx-deploment has no endpoints' });
    const input = t.hops.find((h) => h.netfilter?.hook === 'INPUT')!;
    expect(input.netfilter!.rules.find((r) => r.matched && r.text.includes('REJECT'))!.text).toBe(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/my-nginx-deploment has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31101 -j REJECT --reject-with icmp-port-unreachable',
    );
    // REJECT answers ICMP port unreachable from the node address the client called (INPUT:
    // icmp_send takes the refused packet's destination), through filter OUTPUT and back over the LAN.
    const reply = t.hops.filter((h) => h.phase === 'reply');
    expect(reply.map((h) => `${h.at} ${h.title.key}`)).toEqual([
      'node/node01 hop.filter.title', 'node/node01 hop.routeLink.title', 'lan hop.wire.title', 'external/client hop.arrive.title', 'external/client hop.replyIcmp.title',
    ]);
    expect(reply.at(-1)!.after).toMatchObject({ src: '192.168.255.102', dst: '192.168.255.1', proto: 'icmp', icmp: { type: 3, code: 3, text: 'port unreachable' } });
  });

  it('keeps the client address with externalTrafficPolicy Local, and drops on a node without a local pod', () => {
    const local = lesson.replace('replicas: 2', 'replicas: 1').replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n');
    const here = trace(local, '192.168.255.102:31101');
    expect(here.outcome).toBe('served');
    expect(here.sourceIpSeen).toBe('192.168.255.1');
    expect(keys(here)).not.toContain('hop.masq.title');
    const there = trace(local, '192.168.255.103:31101');
    expect(there.outcome).toBe('dropped');
    expect(there.hops.at(-1)!.explain.params).toEqual({ rule: 'default/my-nginx-deploment has no local endpoints' });
  });

  it('with ClientIP affinity, a first connection misses the recent lists and is drawn as usual', () => {
    const sticky = lesson.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
    const t = trace(sticky, '192.168.255.102:31101', { pick: 2 });
    expect(t.outcome).toBe('served');
    expect(t.candidates).toHaveLength(2);
    const svc = t.hops.find((h) => h.netfilter?.chain.startsWith('KUBE-SVC-'))!;
    expect(svc.netfilter!.rules.slice(1, 3).map((r) => [r.matched, r.matches.map((m) => m.why.key)])).toEqual([
      [false, ['match.recent.rcheck.failed']],
      [false, ['match.recent.rcheck.failed']],
    ]);
    const sep = t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!;
    expect(sep.netfilter!.rules.at(-1)!.matches.map((m) => m.why.key)).toEqual(['match.proto.held', 'match.recent.set.held']);
  });

  it('cannot reach a cluster IP from outside the cluster: its default route takes it to the LAN gateway and away', () => {
    const t = trace(lesson, '10.108.229.67:8001');
    expect(t.outcome).toBe('dropped');
    expect(t.hops.map((h) => `${h.at} ${h.title.key}`)).toEqual([
      'external/client hop.send.title',
      'external/client hop.routeVia.title',
      'lan hop.upstream.title',
    ]);
    expect(t.hops[1].route).toEqual({ lines: ['default via 192.168.255.2 dev eth0', '192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.1'], chosen: 0 });
  });

  it('says so when the target cannot be read', () => {
    const t = trace(lesson, 'not a url');
    expect(t.outcome).toBe('unreachable');
    expect(t.outcomeMessage).toEqual({ key: 'outcome.badTarget', params: { to: 'not a url' } });
    expect(t.hops).toEqual([]);
  });
});
