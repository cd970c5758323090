/** `podpath trace`: the text listing, the JSON issue 4 documents, the errors and exit statuses. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { endpointsLesson } from '../lessons/endpoints';
import { INGRESS } from '../engine/api/fixtures';
import { memoryIo } from './io';
import { run } from './run';

const HOST_NETWORK = `apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  hostNetwork: true
  containers:
  - name: container-tomcat
    image: tomcat:latest
`;
// Seed 000's out-ng: a Service without selector and hand-written Endpoints (the lesson's cluster).
const OUT_NG = endpointsLesson.yaml;
const NO_ENDPOINTS = nodePortLesson.yaml.replace('    app: my-nginx\n  clusterIP', '    app: nothing\n  clusterIP');
const POD = 'my-nginx-deploment-55f596c87c-bzw22';

async function podpath(argv: string[], files: Record<string, string> = {}) {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml, ...files });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}
const words = (line: string) => line.split(' ').filter((w) => w !== '');
const json = async (line: string, files: Record<string, string> = {}) => {
  const r = await podpath(words(line), files);
  expect([r.code, r.err]).toEqual([0, '']);
  return JSON.parse(r.out);
};

describe('podpath trace, text', () => {
  it('lists every hop with where it is and what happened, the facts below it, the outcome and the reply', async () => {
    expect(await podpath(words('trace --from external --to 192.168.255.102:8080 -f hn.yaml'), { 'hn.yaml': HOST_NETWORK })).toEqual({
      code: 0,
      err: '',
      out: `Request: external → 192.168.255.102:8080 (seed 1)
 1  external                curl sends SYN
      192.168.255.1:50471 → 192.168.255.102:8080  tcp  SYN  GET / Host: 192.168.255.102:8080
 2  external                route lookup: eth0
      192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.1
 3  lan                     across the node LAN
 4  node/node01             arrives on eth0
 5  node/node01             nat PREROUTING → KUBE-SERVICES
      -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
 6  node/node01             nat KUBE-SERVICES → KUBE-NODEPORTS
      -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
 7  node/node01             nat KUBE-NODEPORTS: no rule matched
 8  node/node01             nat KUBE-SERVICES: no rule matched
 9  node/node01             nat PREROUTING: policy ACCEPT
10  node/node01             filter INPUT: ACCEPT
      policy ACCEPT of INPUT
11  pod/default/pod-tomcat  accepted on node01:8080 by a hostNetwork pod

Outcome: served (HTTP 404, source seen 192.168.255.1)
  Served by pod-tomcat (192.168.255.102:8080); the pod saw the request come from 192.168.255.1.

Reply
12  node/node01             route lookup: eth0
      192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102
13  lan                     across the node LAN
14  external                arrives on eth0
15  external                the client gets SYN,ACK
`,
    });
  });

  it('shows each NAT with the addresses before and after, the chosen candidate and the conntrack entry', async () => {
    const { out } = await podpath(words('trace --from external --to http://192.168.255.102:31101/ --pick 2 -f lesson.yaml'));
    const lines = out.split('\n');
    expect(lines[0]).toBe('Request: external → http://192.168.255.102:31101/ (endpoint #2 pinned)');
    const at = (step: number) => lines.findIndex((l) => l.startsWith(`${String(step).padStart(2)}  `));
    const block = (step: number) => lines.slice(at(step), at(step + 1)).map((l) => l.replace(/ {2,}/g, '  '));
    expect(block(11)).toEqual([
      '11  node/node01  nat KUBE-SVC-O34RRTA663ZXJZ3Q → KUBE-SEP-KDCPXYTLRMIIBTDL',
      '  -A KUBE-SVC-O34RRTA663ZXJZ3Q -m comment --comment "default/my-nginx-deploment -> 10.244.2.2:80" -j KUBE-SEP-KDCPXYTLRMIIBTDL',
      '  candidate 2 of 2: default/my-nginx-deploment-55f596c87c-lpgt8 10.244.2.2:80 (50%)',
    ]);
    expect(block(12)).toEqual([
      '12  node/node01  nat KUBE-SEP-KDCPXYTLRMIIBTDL: DNAT to 10.244.2.2:80',
      '  -A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80',
      '  dst 192.168.255.102:31101 → 10.244.2.2:80',
    ]);
    expect(block(17)).toEqual([
      '17  node/node01  SNAT 192.168.255.1:50471 → 192.168.255.102:1200',
      '  src 192.168.255.1:50471 → 192.168.255.102:1200',
      '  conntrack: tcp  6 120 SYN_SENT src=192.168.255.1 dst=192.168.255.102 sport=50471 dport=31101 [UNREPLIED] src=10.244.2.2 dst=192.168.255.102 sport=80 dport=1200 mark=0 use=1',
    ]);
    expect(block(45)).toEqual([
      '45  node/node01  conntrack: un-DNAT',
      '  src 10.244.2.2:80 → 192.168.255.102:31101',
      '  conntrack: tcp  6 60 SYN_RECV src=192.168.255.1 dst=192.168.255.102 sport=50471 dport=31101 src=10.244.2.2 dst=192.168.255.102 sport=80 dport=1200 mark=0 use=1',
    ]);
    const summary = lines.indexOf('Candidates, chosen at step 11 (nat KUBE-SVC-O34RRTA663ZXJZ3Q):');
    expect(lines.slice(summary, summary + 9)).toEqual([
      'Candidates, chosen at step 11 (nat KUBE-SVC-O34RRTA663ZXJZ3Q):',
      '    1  default/my-nginx-deploment-55f596c87c-bzw22  10.244.1.2:80  node01  50%',
      '  * 2  default/my-nginx-deploment-55f596c87c-lpgt8  10.244.2.2:80  node02  50%',
      '',
      'Outcome: served (HTTP 200, source seen 192.168.255.102)',
      '  Served by my-nginx-deploment-55f596c87c-lpgt8 (10.244.2.2:80); the pod saw the request come from',
      '  192.168.255.102.',
      '',
      'Reply',
    ]);
    expect(lines.at(-2)).toBe('48  external                                         the client gets SYN,ACK');
  });

  it('--explain adds the sentence each hop\'s inspector shows, from the app\'s catalogue', async () => {
    const { out } = await podpath(words('trace --from external --to 192.168.255.102:8080 --explain -f hn.yaml'), { 'hn.yaml': HOST_NETWORK });
    expect(out.split('\n').slice(1, 5)).toEqual([
      ' 1  external                curl sends SYN',
      '      192.168.255.1:50471 → 192.168.255.102:8080  tcp  SYN  GET / Host: 192.168.255.102:8080',
      '      The outside host opens a TCP connection for 192.168.255.102:8080: SYN from 192.168.255.1:50471',
      '      to 192.168.255.102:8080.',
    ]);
  });

  it('from a pod by name: the resolver\'s search list and the DNS answer come first', async () => {
    const { out } = await podpath(words(`trace --from pod/${POD} --to http://my-nginx-deploment:8001/ --pick 1 -f lesson.yaml`));
    expect(out.split('\n').slice(1, 4)).toEqual([
      ` 1  pod/default/${POD}  resolver: look up my-nginx-deploment`,
      '      10.244.1.2:50471 → 10.96.0.10:53  udp  A? my-nginx-deploment.default.svc.cluster.local',
      '      tried: my-nginx-deploment.default.svc.cluster.local (NOERROR)',
    ]);
    expect(out).toContain('      udp      17 30 src=10.244.1.2 dst=10.96.0.10 sport=50471 dport=53 src=10.244.0.2 dst=10.244.1.2 sport=53 dport=50471 mark=0 use=1\n'.replace('      udp', '      conntrack: udp'));
    expect(out).toContain('\nOutcome: served (HTTP 200, source seen 10.244.1.1)\n');
  });

  it('a refused request still exits 0 and says where it was refused; the reply is REJECT\'s ICMP error', async () => {
    const r = await podpath(words('trace --from external --to 192.168.255.102:31101 -f none.yaml'), { 'none.yaml': NO_ENDPOINTS });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const at = lines.indexOf('11  node/node01  REJECT');
    expect(lines[at - 1]).toBe('      -A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/my-nginx-deploment has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31101 -j REJECT --reject-with icmp-port-unreachable');
    expect(lines.slice(at + 1, at + 5)).toEqual(['', 'Outcome: refused', '  Connection refused at 192.168.255.102:31101.', '']);
    // Issue 16 item 9: the ICMP port unreachable goes back to the client as hops of its own.
    expect(lines.slice(-6).map((l) => l.replace(/ {2,}/g, '  '))).toEqual([
      '13  node/node01  route lookup: eth0',
      '  192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102',
      '14  lan  across the node LAN',
      '15  external  arrives on eth0',
      '16  external  the client gets ICMP port unreachable from 192.168.255.102',
      '',
    ]);
  });
});

describe('podpath trace --json', () => {
  it('has the top-level fields issue 4 names, with the serving pod, every candidate and the source it saw', async () => {
    const t = await json('trace --from external --to http://192.168.255.102:31101/ --pick 2 --json -f lesson.yaml');
    expect(Object.keys(t)).toEqual(['request', 'outcome', 'message', 'httpStatus', 'servedBy', 'candidates', 'sourceIpSeen', 'hops', 'reply']);
    expect(t.request).toEqual({ from: 'external', to: 'http://192.168.255.102:31101/', seed: 1, pick: 2 });
    expect([t.outcome, t.httpStatus, t.sourceIpSeen]).toEqual(['served', 200, '192.168.255.102']);
    expect(t.message).toBe('Served by my-nginx-deploment-55f596c87c-lpgt8 (10.244.2.2:80); the pod saw the request come from 192.168.255.102.');
    expect(t.servedBy).toEqual({ namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2', port: 80 });
    expect(t.candidates).toEqual([
      { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-bzw22', node: 'node01', ip: '10.244.1.2', port: 80, probability: 0.5, chain: 'KUBE-SEP-YKFFIOJ7GBPOZEYW' },
      { namespace: 'default', pod: 'my-nginx-deploment-55f596c87c-lpgt8', node: 'node02', ip: '10.244.2.2', port: 80, probability: 0.5, chain: 'KUBE-SEP-KDCPXYTLRMIIBTDL' },
    ]);
    expect([t.hops.length, t.reply.length]).toEqual([33, 15]);
    // Places in the documented shape: external, lan, node/NAME, pod/NS/NAME.
    expect([...new Set([...t.hops, ...t.reply].map((h: { at: string }) => h.at))]).toEqual([
      'external', 'lan', 'node/node01', 'node/node02', 'pod/default/my-nginx-deploment-55f596c87c-lpgt8',
    ]);
    expect(t.hops.map((h: { step: number }) => h.step)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(t.reply[0].step).toBe(34);
  });

  it('gives each hop its action, packet before and after, rule, explanation and YAML line', async () => {
    const t = await json('trace --from external --to http://192.168.255.102:31101/ --pick 2 --json -f lesson.yaml');
    const dnat = t.hops[11];
    expect(dnat).toMatchObject({
      step: 12,
      at: 'node/node01',
      action: 'chain',
      key: 'hop.chainDnat',
      title: 'nat KUBE-SEP-KDCPXYTLRMIIBTDL: DNAT to 10.244.2.2:80',
      explanation: 'KUBE-SEP-KDCPXYTLRMIIBTDL rewrites the destination to 10.244.2.2:80. conntrack remembers it, so the reply will be rewritten back.',
      changes: ['dst 192.168.255.102:31101 → 10.244.2.2:80'],
      rule: '-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80',
      netfilter: { table: 'nat', chain: 'KUBE-SEP-KDCPXYTLRMIIBTDL', hook: 'PREROUTING' },
      yaml: [{ object: 'Service/default/my-nginx-deploment', file: 'lesson.yaml', line: 33 }],
    });
    expect(Object.keys(dnat.before)).toEqual(['srcMac', 'dstMac', 'src', 'dst', 'ttl', 'proto', 'sport', 'dport', 'flags', 'mark', 'http']);
    expect([dnat.before.dst, dnat.before.dport, dnat.after.dst, dnat.after.dport, dnat.after.mark]).toEqual(['192.168.255.102', 31101, '10.244.2.2', 80, 0x4000]);
    expect(t.hops[10]).toMatchObject({ key: 'hop.chainJump', chosen: 2, candidates: t.candidates });
    expect(t.hops[12]).toMatchObject({ action: 'route', rule: null, route: '10.244.2.0/24 via 192.168.255.103 dev eth0' });
    expect(t.hops[16]).toMatchObject({
      action: 'conntrack', key: 'hop.masq', rule: null,
      conntrack: 'tcp      6 120 SYN_SENT src=192.168.255.1 dst=192.168.255.102 sport=50471 dport=31101 [UNREPLIED] src=10.244.2.2 dst=192.168.255.102 sport=80 dport=1200 mark=0 use=1',
    });
    expect(t.reply.at(-1)).toMatchObject({ at: 'external', action: 'deliver', title: 'the client gets SYN,ACK', after: { src: '192.168.255.102', sport: 31101, dst: '192.168.255.1', flags: 'SYN,ACK' } });
  });

  it('names a server outside the cluster as `external` (seed 000: 192.168.255.1:80)', async () => {
    const t = await json(`trace --from pod/${POD} --to 10.107.74.203 --json -f out.yaml`, { 'out.yaml': OUT_NG });
    expect([t.outcome, t.servedBy]).toEqual(['served', { external: '192.168.255.1:80' }]);
    // kube-proxy's chain name: base32(sha256("default/out-ng" + "tcp" + "192.168.255.1:80"))[:16].
    expect(t.candidates).toEqual([{ namespace: null, pod: null, node: null, ip: '192.168.255.1', port: 80, probability: 1, chain: 'KUBE-SEP-VOJIUFM6QU4GIEAH' }]);
  });

  it('an HTTP error has its status; a refusal has nulls and no reply', async () => {
    const notFound = await json('trace --from external --to http://other.example.com/ --connect 192.168.255.102 --json -f in.yaml', { 'in.yaml': INGRESS });
    expect([notFound.outcome, notFound.httpStatus, notFound.servedBy, notFound.request.connect]).toEqual(['http_error', 404, null, '192.168.255.102']);
    const refused = await json('trace --from external --to 192.168.255.102:31101 --json -f none.yaml', { 'none.yaml': NO_ENDPOINTS });
    expect(refused).toMatchObject({ outcome: 'refused', httpStatus: null, servedBy: null, candidates: [], sourceIpSeen: null });
    // The reply is REJECT's ICMP port unreachable, back to the client (issue 16 item 9).
    expect(refused.reply.map((h: { key: string }) => h.key)).toEqual(['hop.filter', 'hop.routeLink', 'hop.wire', 'hop.arrive', 'hop.replyIcmp']);
    expect(refused.hops.at(-2)).toMatchObject({
      action: 'filter', key: 'hop.filterStop', title: 'filter INPUT: REJECT',
      rule: '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/my-nginx-deploment has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31101 -j REJECT --reject-with icmp-port-unreachable',
    });
  });

  it('the same seed gives the same trace; --seed moves the random draws', async () => {
    const a = await json('trace --from external --to 192.168.255.102:31101 --seed 7 --json -f lesson.yaml');
    expect(await json('trace --from external --to 192.168.255.102:31101 --seed 7 --json -f lesson.yaml')).toEqual(a);
    const b = await json('trace --from external --to 192.168.255.102:31101 --seed 8 --json -f lesson.yaml');
    expect(b.hops[0].before.sport).not.toBe(a.hops[0].before.sport);
    expect(a.request).toEqual({ from: 'external', to: '192.168.255.102:31101', seed: 7 });
  });
});

describe('help', () => {
  it.each([
    ['trace --help', 'Trace one request through the simulated cluster, hop by hop, and its answer back: every'],
    ['help port-forward', 'Print which pod and port kubectl port-forward would forward to, and the lines it prints once'],
    ['lab -h', 'Print a shell script that builds the simulated cluster in real network namespaces: one per'],
  ])('podpath %s', async (line, first) => {
    const r = await podpath(words(line));
    expect([r.code, r.err, r.out.split('\n')[0]]).toEqual([0, '', first]);
  });

  it('the usage lists the three commands', async () => {
    const { out } = await podpath(['--help']);
    expect(out.split('\n').filter((l) => /^ {2}(trace|port-forward|lab) /.test(l))).toEqual([
      '  trace          one request hop by hop (rules, NAT, routes, bridge, veth), its outcome and reply',
      '  port-forward   the pod and port kubectl port-forward would forward to, or its error',
      '  lab            a shell script that builds the cluster in real network namespaces',
    ]);
  });
});

describe('podpath trace errors', () => {
  it.each([
    ['trace --from pod/nope --to 10.108.229.67:8001 -f lesson.yaml', 'Error from server (NotFound): pods "nope" not found\n'],
    ['trace --from pod/kube-system/my-nginx-deploment-55f596c87c-bzw22 --to 10.108.229.67:8001 -f lesson.yaml', 'Error from server (NotFound): pods "my-nginx-deploment-55f596c87c-bzw22" not found\n'],
    ['trace --from node/node09 --to 10.108.229.67:8001 -f lesson.yaml', 'Error from server (NotFound): nodes "node09" not found\n'],
    ['trace --from outside --to 10.108.229.67:8001 -f lesson.yaml', 'error: --from must be external, pod/[NAMESPACE/]NAME or node/NAME, not "outside"\n'],
    ['trace --from node/a/b --to 10.108.229.67:8001 -f lesson.yaml', 'error: --from must be external, pod/[NAMESPACE/]NAME or node/NAME, not "node/a/b"\n'],
    ['trace --from external --to ftp://x -f lesson.yaml', 'error: cannot read --to "ftp://x": give a URL (http://HOST[:PORT][/PATH]), IP:PORT or NAME:PORT\n'],
    ['trace --from external --to 10.0.0.1:99999 -f lesson.yaml', 'error: cannot read --to "10.0.0.1:99999": give a URL (http://HOST[:PORT][/PATH]), IP:PORT or NAME:PORT\n'],
    ['trace --from external --to http://a.b/ --connect a.b -f lesson.yaml', 'error: --connect takes IP or IP:PORT, not "a.b"\n'],
    ['trace --from external --to 10.0.0.1 --seed 1 --pick 1 -f lesson.yaml', "error: if any flags in the group [seed pick] are set none of the others can be; [pick seed] were all set\nSee 'podpath trace --help' for usage.\n"],
    ['trace --from external --to 10.0.0.1 --seed one -f lesson.yaml', "error: invalid argument \"one\" for \"--seed\" flag: strconv.ParseInt: parsing \"one\": invalid syntax\nSee 'podpath trace --help' for usage.\n"],
    ['trace --from external --to 10.0.0.1 --pick 0 -f lesson.yaml', 'error: --pick must be 1 or more, not 0\n'],
    ['trace --from external --to 10.0.0.1 --frm x -f lesson.yaml', "error: unknown flag: --frm\nSee 'podpath trace --help' for usage.\n"],
    ['trace --to 10.0.0.1 -f lesson.yaml', 'error: required flag(s) "from" not set\n'],
    ['trace --from external 10.0.0.1 -f lesson.yaml', "error: unexpected argument \"10.0.0.1\": give the request with --from and --to\nSee 'podpath trace --help' for usage.\n"],
  ])('podpath %s', async (line, err) => {
    expect(await podpath(words(line))).toEqual({ code: 1, out: '', err });
  });

  it('a source pod that is not running cannot send: exit 1', async () => {
    const pending = nodePortLesson.yaml.replace('app: my-nginx\n    spec:', 'app: my-nginx\n    spec:\n      nodeSelector:\n        disk: ssd');
    const r = await podpath(words(`trace --from pod/${POD.replace('55f596c87c', 'x')} --to 10.108.229.67:8001 -f p.yaml`), { 'p.yaml': pending });
    expect(r.code).toBe(1);
    const name = (await podpath(words('get pods -o name -f p.yaml'), { 'p.yaml': pending })).out.split('\n')[0].replace('pod/', '');
    expect(await podpath(words(`trace --from pod/${name} --to 10.108.229.67:8001 -f p.yaml`), { 'p.yaml': pending })).toEqual({
      code: 1, out: '', err: `error: Pod ${name} cannot send anything: it is Pending.\n`,
    });
  });

  it('warns when --pick asks for more candidates than there are', async () => {
    const r = await podpath(words('trace --from external --to 192.168.255.102:31101 --pick 3 --json -f lesson.yaml'));
    expect([r.code, r.err]).toEqual([0, 'Warning: --pick 3, but there are 2 candidates: the last one was taken\n']);
    expect(JSON.parse(r.out).servedBy.pod).toBe('my-nginx-deploment-55f596c87c-lpgt8');
  });

  it('a name the pod\'s resolver cannot find: its hop, the outcome, no reply', async () => {
    const r = await podpath(words(`trace --from pod/${POD} --to http://www.example.com/ -f lesson.yaml`));
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').map((l) => l.replace(/ {2,}/g, '  '));
    expect(lines.slice(0, 4)).toEqual([
      `Request: pod/default/${POD} → http://www.example.com/ (seed 1)`,
      `  1  pod/default/${POD}  resolver: look up www.example.com`,
      '  10.244.1.2:50471 → 10.96.0.10:53  udp  A? www.example.com.default.svc.cluster.local',
      '  tried: www.example.com.default.svc.cluster.local (NXDOMAIN), www.example.com.svc.cluster.local (NXDOMAIN), www.example.com.cluster.local (NXDOMAIN), www.example.com (SERVFAIL)',
    ]);
    // Each name is a query walked to CoreDNS and back (issue 16 item 8); the last is forwarded upstream and fails.
    expect(lines.filter((l) => /resolver: next name|the resolver gets/.test(l)).map((l) => l.replace(/^ *\d+ {2}\S+ {2}/, ''))).toEqual([
      'the resolver gets NXDOMAIN for www.example.com.default.svc.cluster.local',
      'resolver: next name, www.example.com.svc.cluster.local',
      'the resolver gets NXDOMAIN for www.example.com.svc.cluster.local',
      'resolver: next name, www.example.com.cluster.local',
      'the resolver gets NXDOMAIN for www.example.com.cluster.local',
      'resolver: next name, www.example.com',
      'the resolver gets SERVFAIL for www.example.com',
    ]);
    expect(lines.slice(-5)).toEqual([
      '',
      'Outcome: unreachable',
      '  curl: (6) Could not resolve host: www.example.com (SERVFAIL: CoreDNS forwards names outside the',
      '  cluster to /etc/resolv.conf, and no answer comes from there)',
      '',
    ]);
    expect(lines).not.toContain('Reply');
  });

  it('an unresolvable name is an outcome, not an error: curl\'s words, exit 0', async () => {
    const t = await json('trace --from external --to http://www.example.com/ --json -f lesson.yaml');
    expect([t.outcome, t.message, t.hops]).toEqual(['unreachable', 'curl: (6) Could not resolve host: www.example.com', []]);
  });
});

describe('podpath trace --repeat', () => {
  const AFFINITY = nodePortLesson.yaml.replace('  type: NodePort\n', '  type: NodePort\n  sessionAffinity: ClientIP\n');
  const repeats = (out: string) => out.slice(out.indexOf('\nRepeats')).trim().split('\n');

  it('sends each repeat back to the first endpoint under ClientIP affinity, by the -m recent rule', async () => {
    expect(AFFINITY).not.toBe(nodePortLesson.yaml);
    const r = await podpath(words('trace --from external --to http://192.168.255.102:31101/ --pick 2 --repeat 3 -f a.yaml'), { 'a.yaml': AFFINITY });
    expect([r.code, r.err]).toEqual([0, '']);
    expect(repeats(r.out)).toEqual([
      'Repeats (a new connection each, from the same client)',
      '  2  seed 2  served  default/my-nginx-deploment-55f596c87c-lpgt8 10.244.2.2:80  sent back by ClientIP affinity (-m recent --rcheck)',
      '  3  seed 3  served  default/my-nginx-deploment-55f596c87c-lpgt8 10.244.2.2:80  sent back by ClientIP affinity (-m recent --rcheck)',
    ]);
  });

  it('draws again without affinity, and prints an array of traces with --json', async () => {
    const r = await podpath(words('trace --from external --to http://192.168.255.102:31101/ --repeat 4 -f lesson.yaml'));
    expect(repeats(r.out).slice(1).every((line) => line.endsWith('drawn again'))).toBe(true);
    const traces = await json('trace --from external --to http://192.168.255.102:31101/ --repeat 2 --json -f lesson.yaml');
    expect(traces.map((t: { request: { seed: number } }) => t.request.seed)).toEqual([1, 2]);
  });

  it('takes 1 to 100 repeats', async () => {
    expect((await podpath(words('trace --from external --to 192.168.255.102:31101 --repeat 0 -f lesson.yaml'))).err).toBe('error: --repeat must be 1 or more, not 0\n');
    expect((await podpath(words('trace --from external --to 192.168.255.102:31101 --repeat 101 -f lesson.yaml'))).err).toBe('error: --repeat takes at most 100 requests, not 101\n');
  });
});
