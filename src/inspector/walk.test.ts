import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { nodePortWithServices } from './testdata';
import { foldRules, nftLookups, stepName, stepOutcome, walkTo } from './walk';

const trace = traceRequest(buildCluster(nodePortLesson.yaml), nodePortLesson.request);
const names = (index: number) => walkTo(trace.hops, index)?.steps.map((i) => stepName(trace.hops[i]));
const dnat = trace.hops.findIndex((h) => h.title.key === 'hop.chainDnat.title');

describe('the netfilter walk that led to a hop', () => {
  it('from PREROUTING through the kube-proxy chains to the DNAT', () => {
    expect(names(dnat)).toEqual([
      'nat PREROUTING', 'nat KUBE-SERVICES', 'nat KUBE-NODEPORTS', 'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-MARK-MASQ',
      'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-SVC-O34RRTA663ZXJZ3Q', 'nat KUBE-SEP-KDCPXYTLRMIIBTDL',
    ]);
    expect(walkTo(trace.hops, dnat)!.before).toBe(false);
  });
  it('for the route lookup after it, the same walk, ended before the hop', () => {
    expect(trace.hops[dnat + 1].kind).toBe('route');
    expect(walkTo(trace.hops, dnat + 1)).toEqual({ steps: walkTo(trace.hops, dnat)!.steps, before: true });
  });
  it('FORWARD then POSTROUTING to the masquerade, on the way out of node01', () => {
    const masq = trace.hops.findIndex((h) => h.title.key === 'hop.masq.title');
    expect(names(masq)).toEqual(['filter FORWARD', 'nat POSTROUTING', 'nat KUBE-POSTROUTING', 'conntrack']);
  });
  it('none on a host the packet has seen no rule on yet', () => {
    expect(walkTo(trace.hops, 0)).toBeUndefined();
    expect(walkTo(trace.hops, 3)).toBeUndefined(); // arrives on node01's eth0
  });
});

describe('the rules a chain tested, long runs that did not match folded', () => {
  const r = (matched: boolean, text = '') => ({ matched, text });
  const shape = (rows: ReturnType<typeof foldRules<{ matched: boolean; text: string }>>) =>
    rows.map((row) => (row.kind === 'fold' ? `fold ${row.position}-${row.position + row.rules.length - 1}` : `${row.position}${row.rule.matched ? '✓' : '✗'}`));
  it('shows a short chain rule by rule', () => {
    expect(shape(foldRules([r(false), r(false), r(false), r(true)]))).toEqual(['1✗', '2✗', '3✗', '4✓']);
  });
  it('folds four or more misses before the match, and keeps the chain positions', () => {
    expect(shape(foldRules([r(false), r(false), r(false), r(false), r(false), r(true), r(false)]))).toEqual(['fold 1-5', '6✓', '7✗']);
  });
  it('folds a chain where nothing matched', () => {
    expect(shape(foldRules(Array.from({ length: 39 }, () => r(false))))).toEqual(['fold 1-39']);
  });
  it('keeps a rule out of the fold when asked (the object in focus wrote it), splitting the run', () => {
    const rules = [...Array.from({ length: 5 }, (_, i) => r(false, `a${i}`)), r(false, 'mine'), r(false), r(false), r(true)];
    expect(shape(foldRules(rules, (x) => x.text === 'mine'))).toEqual(['fold 1-5', '6✗', '7✗', '8✗', '9✓']);
  });
  it('the KUBE-SERVICES hop of a NodePort request, with six more Services, folds their ClusterIP rules', () => {
    const hops = traceRequest(buildCluster(nodePortWithServices(6)), nodePortLesson.request).hops;
    const rules = hops.find((h) => h.netfilter?.chain === 'KUBE-SERVICES' && h.netfilter.rules.some((x) => x.matched))!.netfilter!.rules;
    // kube-dns's three ports, kubernetes, my-nginx-deploment and other-0…5 miss; the node-port rule matches.
    expect(shape(foldRules(rules))).toEqual(['fold 1-11', '12✓']);
    const services = rules.slice(0, 11).map((x) => x.text.match(/--comment "(\S+) cluster IP"/)?.[1]).sort();
    expect(services).toEqual([
      'default/kubernetes:https', 'default/my-nginx-deploment', ...Array.from({ length: 6 }, (_, i) => `default/other-${i}`),
      'kube-system/kube-dns:dns', 'kube-system/kube-dns:dns-tcp', 'kube-system/kube-dns:metrics',
    ]);
    expect(rules.at(-1)!.text).toBe('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  });
});

describe('kube-proxy\'s nftables chains in the walk', () => {
  const nft = buildCluster(`${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n`);
  const hops = traceRequest(nft, nodePortLesson.request).hops;
  const dnatAt = hops.findIndex((h) => h.title.key === 'hop.chainDnat.title');

  it('names them "nftables" and the chain, beside the iptables chains the same hook runs', () => {
    // kube-proxy's nat-prerouting runs before the iptables nat PREROUTING of the same priority
    // (trace/nft.ts) and DNATs: the iptables chain is not consulted, so not in the walk.
    expect(walkTo(hops, dnatAt)!.steps.map((i) => stepName(hops[i]))).toEqual([
      'nftables filter-prerouting-pre-dnat', 'nftables nat-prerouting', 'nftables services',
      'nftables external-HGDPUAUO-default/my-nginx-deploment/tcp/', 'nftables mark-for-masquerade',
      'nftables external-HGDPUAUO-default/my-nginx-deploment/tcp/', 'nftables service-HGDPUAUO-default/my-nginx-deploment/tcp/',
      'nftables endpoint-XPZMJBRJ-default/my-nginx-deploment/tcp/__10.244.2.2/80',
    ]);
    // After routing: kube-proxy's filter-forward, then the iptables FORWARD at the same priority;
    // its nat-postrouting masquerades, so the iptables nat POSTROUTING is not consulted.
    const masqAt = hops.findIndex((h) => h.netfilter?.chain === 'masquerading');
    expect(walkTo(hops, masqAt)!.steps.map((i) => stepName(hops[i]))).toEqual([
      'nftables filter-forward', 'filter FORWARD', 'nftables nat-postrouting', 'nftables masquerading',
    ]);
  });

  it('shows a step\'s outcome without the table and chain its name says, in both languages\' punctuation', () => {
    expect(stepOutcome('ip kube-proxy services → external-HGDPUAUO-default/my-nginx-deploment/tcp/')).toBe('external-HGDPUAUO-default/my-nginx-deploment/tcp/');
    expect(stepOutcome('filter prerouting (ip kube-proxy filter-prerouting-pre-dnat): ACCEPT')).toBe('ACCEPT');
    expect(stepOutcome('filter FORWARD: ACCEPT')).toBe('ACCEPT');
    expect(stepOutcome('nat KUBE-SEP-KDCPXYTLRMIIBTDL：DNAT 到 10.244.2.2:80')).toBe('DNAT 到 10.244.2.2:80');
    expect(stepOutcome('ip kube-proxy masquerading: MASQUERADE')).toBe('MASQUERADE');
  });

  it('reads the set and map elements a rule found from its reasons', () => {
    const services = hops.find((h) => h.netfilter?.chain === 'services')!.netfilter!.rules;
    expect(services.map(nftLookups)).toEqual([
      [],
      [
        { kind: 'set', set: 'nodeport-ips', key: '192.168.255.102' },
        { kind: 'map', set: 'service-nodeports', key: 'tcp . 31101', value: 'goto external-HGDPUAUO-default/my-nginx-deploment/tcp/' },
      ],
    ]);
    // A negated set match that failed found the address; one that held did not.
    const rule = (key: string, negated: number) => ({ text: '', matched: false, matches: [{ held: false, why: { key, params: { ip: '10.0.0.1', set: 's', negated } } }] });
    expect(nftLookups(rule('match.nftSet.failed', 1))).toEqual([{ kind: 'set', set: 's', key: '10.0.0.1' }]);
    expect(nftLookups(rule('match.nftSet.held', 1))).toEqual([]);
    expect(nftLookups(rule('match.nftSet.failed', 0))).toEqual([]);
  });
});
