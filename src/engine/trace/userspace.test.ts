/**
 * The trace in kube-proxy's userspace mode (≤ v1.25): the REDIRECT (containers, the outside) or
 * DNAT (the node's own processes) of the portal rules, matched by the netfilter evaluator, brings
 * the connection to kube-proxy's proxy port on the node; kube-proxy accepts it, and a new
 * connection leaves the node for the endpoint its round-robin gives, so the pod sees the node as
 * the source; the answer comes back through kube-proxy. The lesson's cluster: node01
 * 192.168.255.102 (cbr0 10.244.1.1) runs bzw22 10.244.1.2, node02 192.168.255.103 runs lpgt8
 * 10.244.2.2; the Service 10.108.229.67:8001, node port 31101.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { proxyPorts } from '../kubeproxy/userspace/proxier';
import { repeatsOf, sentByAffinity, traceRepeated } from './repeat';
import { steps } from './testing';
import { traceRequest } from './trace';
import type { Trace, TraceRequest } from './types';

const userspace = '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: userspace\n';
const withSpec = (line: string) => nodePortLesson.yaml.replace('  type: NodePort\n', `  type: NodePort\n${line}\n`);
const lesson = buildCluster(nodePortLesson.yaml + userspace);
const PORT = proxyPorts(lesson.services, lesson.settings.proxy).get('default/my-nginx-deploment/TCP')!;
const BZW22 = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';
const LPGT8 = 'pod/default/my-nginx-deploment-55f596c87c-lpgt8';
const on = (t: Trace, where: string) => steps(t).request.filter((s) => s.startsWith(`${where} `) && !['arrive', 'routeVia', 'routeLink', 'routeLocal', 'masq', 'bridgeToHost', 'sendNode'].includes(s.split(' ')[1]));
const hop = (t: Trace, key: string) => t.hops.find((h) => h.title.key === `hop.${key}.title`)!;
const served = (t: Trace) => (t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : undefined);

describe('the trace in kube-proxy\'s userspace mode', () => {
  it('builds with a warning that v1.26 removed the mode, not an error', () => {
    const d = lesson.diagnostics.find((x) => x.code === 'proxy-mode-userspace-removed')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('removed in v1.26');
    expect(d.message).toContain('Invalid value: "userspace": must be iptables,ipvs or blank');
    expect(lesson.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('pod → ClusterIP: KUBE-PORTALS-CONTAINER REDIRECTs to cbr0\'s address, kube-proxy accepts, and dials the pod from its node', () => {
    const t = traceRequest(lesson, { from: LPGT8, to: '10.108.229.67:8001' });
    expect(t.outcome).toBe('served');
    expect(on(t, 'node/node02')).toEqual([
      'node/node02 chainJump PREROUTING',
      'node/node02 chainRedirect KUBE-PORTALS-CONTAINER',
      'node/node02 filter INPUT',
      'node/node02 usAccept',
      'node/node02 usConnect',
      'node/node02 chainJump OUTPUT',
      'node/node02 chainEnd KUBE-PORTALS-HOST',
      'node/node02 chainPolicy OUTPUT',
      'node/node02 filter OUTPUT',
      'node/node02 chainJump POSTROUTING',
      'node/node02 chainMasqRule FLANNEL-POSTRTG',
    ]);
    const redirect = hop(t, 'chainRedirect');
    expect(redirect.netfilter!.rules.find((r) => r.matched)!.text)
      .toBe(`-A KUBE-PORTALS-CONTAINER -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 8001 -j REDIRECT --to-ports ${PORT}`);
    expect(`${redirect.after.dst}:${redirect.after.dport}`).toBe(`10.244.2.1:${PORT}`);
    expect(redirect.provenance[0].object).toBe('Service/default/my-nginx-deploment');
    // The client's connection ends in kube-proxy; a new one leaves from node02's address.
    const connect = hop(t, 'usConnect');
    expect(connect.kind).toBe('send');
    expect(connect.after).toMatchObject({ src: '192.168.255.103', dst: '10.244.1.2', dport: 80, flags: 'SYN' });
    expect(connect.candidates!.map((c) => `${c.pod} ${c.ip}:${c.port} ${c.probability}`)).toEqual([
      'my-nginx-deploment-55f596c87c-bzw22 10.244.1.2:80 0.5', 'my-nginx-deploment-55f596c87c-lpgt8 10.244.2.2:80 0.5',
    ]);
    expect(connect.chosen).toBe(0);
    expect(t.candidates).toHaveLength(2);
    expect(served(t)).toBe('my-nginx-deploment-55f596c87c-bzw22');
    // flanneld masquerades the node's own connection to another node's pod: the source stays node02's.
    expect(t.sourceIpSeen).toBe('192.168.255.103');
    // The answer: back to kube-proxy on node02, copied into the client's connection, un-REDIRECTed.
    const reply = steps(t).reply.filter((s) => /usRelay|undnat|replyDelivered/.test(s));
    expect(reply).toEqual(['node/node02 replyDelivered', 'node/node02 usRelay', 'node/node02 undnat', `${LPGT8} replyDelivered`]);
    expect(t.hops.at(-1)!.after).toMatchObject({ src: '10.108.229.67', sport: 8001, dst: '10.244.2.2', flags: 'SYN,ACK' });
  });

  it('external → NodePort: KUBE-NODEPORT-CONTAINER REDIRECTs to the node\'s eth0 address, KUBE-NODEPORT-NON-LOCAL accepts the proxy port', () => {
    const t = traceRequest(lesson, { from: 'external', to: 'http://192.168.255.102:31101/' });
    expect(on(t, 'node/node01').slice(0, 6)).toEqual([
      'node/node01 chainJump PREROUTING',
      'node/node01 chainEnd KUBE-PORTALS-CONTAINER',
      'node/node01 chainJump PREROUTING',
      'node/node01 chainRedirect KUBE-NODEPORT-CONTAINER',
      'node/node01 filter INPUT',
      'node/node01 usAccept',
    ]);
    expect(hop(t, 'chainRedirect').after).toMatchObject({ src: '192.168.255.1', dst: '192.168.255.102', dport: PORT });
    expect(hop(t, 'filter').netfilter!.rules.findLast((r) => r.matched)!.text)
      .toBe(`-A KUBE-NODEPORT-NON-LOCAL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport ${PORT} -m state --state NEW -j ACCEPT`);
    // The first endpoint is on node01 itself: kube-proxy reaches it over cbr0, from cbr0's address.
    expect(hop(t, 'usConnect').after).toMatchObject({ src: '10.244.1.1', dst: '10.244.1.2', dport: 80 });
    expect(t.outcome).toBe('served');
    expect(t.httpStatus).toBe(200);
    expect(served(t)).toBe('my-nginx-deploment-55f596c87c-bzw22');
    expect(t.sourceIpSeen).toBe('10.244.1.1');
    const last = t.hops.at(-1)!;
    expect(last.at).toBe('external/client');
    expect(last.after).toMatchObject({ src: '192.168.255.102', sport: 31101, dst: '192.168.255.1' });
  });

  it('host → ClusterIP: KUBE-PORTALS-HOST DNATs to the node\'s own address and proxy port', () => {
    const t = traceRequest(lesson, { from: 'node/master01', to: '10.108.229.67:8001' });
    expect(on(t, 'node/master01').slice(0, 4)).toEqual([
      'node/master01 chainJump OUTPUT',
      'node/master01 chainDnat KUBE-PORTALS-HOST',
      'node/master01 filter OUTPUT',
      'node/master01 usAccept',
    ]);
    expect(hop(t, 'chainDnat').netfilter!.rules.find((r) => r.matched)!.text)
      .toBe(`-A KUBE-PORTALS-HOST -d 10.108.229.67/32 -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp --dport 8001 -j DNAT --to-destination 192.168.255.101:${PORT}`);
    expect(hop(t, 'usConnect').after).toMatchObject({ src: '192.168.255.101', dst: '10.244.1.2' });
    expect(t.outcome).toBe('served');
    expect(t.sourceIpSeen).toBe('192.168.255.101');
  });

  it('round-robin: successive connections through one node take the endpoints in turn; each node keeps its own turn', () => {
    const request: TraceRequest = { from: 'external', to: '192.168.255.102:31101' };
    const traces = traceRepeated(lesson, repeatsOf(request, 5));
    expect(traces.map(served)).toEqual(['bzw22', 'lpgt8', 'bzw22', 'lpgt8', 'bzw22'].map((p) => `my-nginx-deploment-55f596c87c-${p}`));
    expect(traces.map((t) => t.sourceIpSeen)).toEqual(['10.244.1.1', '192.168.255.102', '10.244.1.1', '192.168.255.102', '10.244.1.1']);
    expect(traces.map((t) => hop(t, 'usConnect').title.params)).toMatchObject([1, 2, 1, 2, 1].map((nth) => ({ nth, count: 2 })));
    expect(traces.some(sentByAffinity)).toBe(false);
    // node02's kube-proxy has its own index: its first connection takes the first endpoint.
    const mixed = traceRepeated(lesson, [request, { from: 'external', to: '192.168.255.103:31101' }, request]);
    expect(mixed.map(served)).toEqual(['bzw22', 'bzw22', 'lpgt8'].map((p) => `my-nginx-deploment-55f596c87c-${p}`));
    // A single trace is a fresh kube-proxy's first connection; --pick stands for the history before it.
    expect(served(traceRequest(lesson, { ...request, pick: 2 }))).toBe('my-nginx-deploment-55f596c87c-lpgt8');
  });

  it('sessionAffinity ClientIP: kube-proxy gives the client\'s address the endpoint it had', () => {
    const sticky = buildCluster(withSpec('  sessionAffinity: ClientIP') + userspace);
    const traces = traceRepeated(sticky, repeatsOf({ from: 'external', to: '192.168.255.102:31101', pick: 2 }, 3));
    expect(traces.map(served)).toEqual(Array(3).fill('my-nginx-deploment-55f596c87c-lpgt8'));
    expect(traces.map((t) => steps(t).request.find((s) => s.includes(' usConnect')))).toEqual(['node/node01 usConnect', 'node/node01 usConnectAffinity', 'node/node01 usConnectAffinity']);
    expect(traces.map(sentByAffinity)).toEqual([false, true, true]);
    // Another client is balanced as usual: the turn moved on past lpgt8.
    const other = traceRepeated(sticky, [{ from: 'external', to: '192.168.255.102:31101', pick: 2 }, { from: 'node/master01', to: '192.168.255.102:31101' }]);
    expect(other.map(served)).toEqual(['lpgt8', 'bzw22'].map((p) => `my-nginx-deploment-55f596c87c-${p}`));
  });

  it('no endpoints: kube-proxy accepts the connection and closes it (curl: Empty reply), no refusal by the rules', () => {
    const none = buildCluster(nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nobody\n  clusterIP') + userspace);
    const t = traceRequest(none, { from: 'external', to: '192.168.255.102:31101' });
    expect(on(t, 'node/node01')).toEqual([
      'node/node01 chainJump PREROUTING',
      'node/node01 chainEnd KUBE-PORTALS-CONTAINER',
      'node/node01 chainJump PREROUTING',
      'node/node01 chainRedirect KUBE-NODEPORT-CONTAINER',
      'node/node01 filter INPUT',
      'node/node01 usAccept',
      'node/node01 usNoEndpoints',
    ]);
    expect(t.outcome).toBe('refused');
    expect(t.outcomeMessage).toEqual({ key: 'outcome.usClosed', params: { service: 'default/my-nginx-deploment', node: 'node01', dst: '192.168.255.102:31101', endpoints: 0 } });
    expect(t.servedBy).toBeUndefined();
    // The handshake had completed: the client gets its SYN,ACK from the node port, then the close.
    expect(t.hops.at(-1)).toMatchObject({ at: 'external/client', kind: 'deliver', after: { src: '192.168.255.102', sport: 31101, flags: 'SYN,ACK' } });
  });

  it('a refused dial: kube-proxy tries the next endpoint, four times in all, then closes', () => {
    const closed = buildCluster(nodePortLesson.yaml.replace('targetPort: 80', 'targetPort: 81') + userspace);
    const t = traceRequest(closed, { from: 'external', to: '192.168.255.102:31101' });
    const ours = steps(t).request.filter((s) => /node01 us/.test(s)).map((s) => s.split(' ')[1]);
    expect(ours).toEqual(['usAccept', 'usConnect', 'usDialFailed', 'usConnectRetry', 'usDialFailed', 'usConnectRetry', 'usDialFailed', 'usConnectRetry', 'usGaveUp']);
    expect(t.hops.filter((h) => h.title.key.startsWith('hop.usConnect')).map((h) => h.after.dst)).toEqual(['10.244.1.2', '10.244.2.2', '10.244.1.2', '10.244.2.2']);
    expect(t.outcome).toBe('refused');
    expect(t.outcomeMessage.key).toBe('outcome.usClosed');
  });

  it('cluster DNS goes through kube-proxy too: the query to 10.96.0.10:53/udp is redirected, and CoreDNS\'s answer relayed', () => {
    const t = traceRequest(lesson, { from: BZW22, to: 'http://my-nginx-deploment:8001/' });
    expect(t.outcome).toBe('served');
    const dnsAccept = t.hops.find((h) => h.title.key === 'hop.usAccept.title')!;
    expect(dnsAccept.title.params).toMatchObject({ service: 'kube-system/kube-dns:dns', proto: 'UDP' });
    expect(t.hops.filter((h) => h.title.key === 'hop.usRelay.title')).toHaveLength(2);
    // kube-proxy on node01 hears CoreDNS's answer first, then the pod gets it from the Service address.
    expect(t.hops.filter((h) => h.title.key === 'hop.dnsAnswerIn.title').map((h) => h.at)).toEqual(['node/node01', BZW22]);
    expect(t.hops.findLast((h) => h.title.key === 'hop.dnsAnswerIn.title')!.after).toMatchObject({ src: '10.96.0.10', sport: 53 });
  });
});
