/**
 * CoreDNS's own tests of its kubernetes plugin, ported where Podpath's model can express them
 * (coredns/coredns 4b26cced: plugin/kubernetes/handler_test.go, handler_case_test.go,
 * handler_pod_insecure_test.go). The fixture is rewritten as YAML: the same Services with the
 * same names, kinds and ports in namespace testns; addresses come from Podpath's allocation
 * (IPv4 only), and the headless Service's endpoints are pods, two of them with the hostname
 * dup-name (what the EndpointSlice controller publishes for `hostname` + `subdomain`). TTLs are
 * kubeadm's 30 where the tests run CoreDNS's default 5.
 *
 * Left out, because Podpath does not model them: IPv6 and dual-stack records (svc6,
 * svc-dual-stack, the AAAA endpoints), TXT (dns-version), NS and SOA queries, truncation, the
 * multicluster zone and the not-synced API; and the additional section of SRV answers.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from './build';
import { lookup, type RecordType } from './dns';
import { corefileConfigMap } from './testdata/corefile';

const pod = (name: string, labels: string, extra = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: testns
  labels:
    ${labels}
spec:
${extra}  containers:
  - name: web
    image: nginx
    ports:
    - name: http
      containerPort: 80
`;

const svc = (name: string, spec: string) => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: testns
spec:
${spec}`;

const http = '  ports:\n  - name: http\n    protocol: TCP\n    port: 80\n';

// The tests' upstream stub answers ext.interwebs.test with 1.2.3.4; here CoreDNS's hosts plugin does.
const COREFILE = corefileConfigMap(`.:53 {
    errors
    hosts {
       1.2.3.4 ext.interwebs.test
       fallthrough
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    forward . /etc/resolv.conf
    cache 30
}
`);

const yaml = `apiVersion: v1
kind: Namespace
metadata:
  name: testns
${svc('svc1', `  clusterIP: 10.96.100.1\n  selector:\n    app: svc1\n${http}`)}${svc('svcempty', `  clusterIP: 10.96.100.2\n  selector:\n    app: nothing\n${http}`)}${svc('hdls1', `  clusterIP: None\n  selector:\n    app: hdls1\n${http}`)}${svc('hdlsprtls', '  clusterIP: None\n  selector:\n    app: hdlsprtls\n')}${svc('external', `  type: ExternalName\n  externalName: ext.interwebs.test\n${http}`)}${svc('external-to-service', `  type: ExternalName\n  externalName: svc1.testns.svc.cluster.local.\n${http}`)}${pod('svc1-a', 'app: svc1')}${pod('hdls1-a', 'app: hdls1')}${pod('hdls1-b', 'app: hdls1')}${pod('hdls1-c', 'app: hdls1', '  hostname: dup-name\n  subdomain: hdls1\n')}${pod('hdls1-d', 'app: hdls1', '  hostname: dup-name\n  subdomain: hdls1\n')}${pod('hdlsprtls-a', 'app: hdlsprtls')}${COREFILE}`;

const cluster = buildCluster(yaml);
const ip = (name: string) => cluster.pods.find((p) => p.name === name)!.ip!;
const dashed = (name: string) => ip(name).replaceAll('.', '-');
const text = (name: string, type: RecordType) => {
  const r = lookup(cluster, name, type);
  return [r.rcode, ...r.answer.map((a) => `${a.name} ${a.ttl} ${a.type} ${a.data}`)];
};
const sorted = (xs: string[]) => [xs[0], ...xs.slice(1).sort()];

describe('CoreDNS plugin/kubernetes handler tests, ported', () => {
  it('builds the fixture without problems', () => {
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cluster.pods.filter((p) => p.namespace === 'testns' && p.phase === 'Running' && p.ready).length).toBe(6);
  });

  // handler_test.go commonDnsTestCases and dnsTestCases.
  const cases: [string, string, RecordType, () => string[]][] = [
    ['A Service', 'svc1.testns.svc.cluster.local.', 'A', () => ['NOERROR', 'svc1.testns.svc.cluster.local. 30 A 10.96.100.1']],
    ['A Service without endpoints (svcempty)', 'svcempty.testns.svc.cluster.local.', 'A', () => ['NOERROR', 'svcempty.testns.svc.cluster.local. 30 A 10.96.100.2']],
    ['SRV on the Service name', 'svc1.testns.svc.cluster.local.', 'SRV', () => ['NOERROR', 'svc1.testns.svc.cluster.local. 30 SRV 0 100 80 svc1.testns.svc.cluster.local.']],
    ['SRV on the name of a Service without endpoints', 'svcempty.testns.svc.cluster.local.', 'SRV', () => ['NOERROR', 'svcempty.testns.svc.cluster.local. 30 SRV 0 100 80 svcempty.testns.svc.cluster.local.']],
    ['SRV Service', '_http._tcp.svc1.testns.svc.cluster.local.', 'SRV', () => ['NOERROR', '_http._tcp.svc1.testns.svc.cluster.local. 30 SRV 0 100 80 svc1.testns.svc.cluster.local.']],
    ['SRV Service without endpoints', '_http._tcp.svcempty.testns.svc.cluster.local.', 'SRV', () => ['NOERROR', '_http._tcp.svcempty.testns.svc.cluster.local. 30 SRV 0 100 80 svcempty.testns.svc.cluster.local.']],
    ['A Service (Headless): one record per endpoint', 'hdls1.testns.svc.cluster.local.', 'A', () => ['NOERROR', ...['hdls1-a', 'hdls1-b', 'hdls1-c', 'hdls1-d'].map((p) => `hdls1.testns.svc.cluster.local. 30 A ${ip(p)}`)]],
    ['AAAA on an IPv4 Service: NODATA', 'svc1.testns.svc.cluster.local.', 'AAAA', () => ['NOERROR']],
    ['AAAA on a Service that does not exist', 'svc0.testns.svc.cluster.local.', 'AAAA', () => ['NXDOMAIN']],
    ['A Service that does not exist', 'svc0.testns.svc.cluster.local.', 'A', () => ['NXDOMAIN']],
    ['A Service in a namespace that does not exist', 'svc0.svc-nons.svc.cluster.local.', 'A', () => ['NXDOMAIN']],
    ['an endpoint of a headless Service that does not exist', 'bogusendpoint.hdls1.testns.svc.cluster.local.', 'A', () => ['NXDOMAIN']],
    ['an endpoint of a Service that does not exist', 'bogusendpoint.svc0.testns.svc.cluster.local.', 'A', () => ['NXDOMAIN']],
    ['svc.cluster.local: NODATA', 'svc.cluster.local.', 'A', () => ['NOERROR']],
    ['pod.cluster.local: NODATA', 'pod.cluster.local.', 'A', () => ['NOERROR']],
    ['a namespace: NODATA', 'testns.svc.cluster.local.', 'A', () => ['NOERROR']],
    ['a subdomain of an ExternalName is not the ExternalName', 'endpoint.external.testns.svc.cluster.local.', 'CNAME', () => ['NXDOMAIN']],
    ['a subdomain of a subdomain of an ExternalName neither', 'subdomain.subdomain.external.testns.svc.cluster.local.', 'CNAME', () => ['NXDOMAIN']],
    ['SRV Service (Headless): one per endpoint, the shared hostname once, the weight split over all', '_http._tcp.hdls1.testns.svc.cluster.local.', 'SRV', () => ['NOERROR',
      ...[`${dashed('hdls1-a')}`, `${dashed('hdls1-b')}`, 'dup-name'].map((l) => `_http._tcp.hdls1.testns.svc.cluster.local. 30 SRV 0 25 80 ${l}.hdls1.testns.svc.cluster.local.`)]],
    ['an endpoint by its dashed IP', `${'X'}.hdls1.testns.svc.cluster.local.`, 'A', () => ['NOERROR', `${dashed('hdls1-a')}.hdls1.testns.svc.cluster.local. 30 A ${ip('hdls1-a')}`]],
    ['an endpoint by its dashed IP (another)', `${'Y'}.hdls1.testns.svc.cluster.local.`, 'A', () => ['NOERROR', `${dashed('hdls1-b')}.hdls1.testns.svc.cluster.local. 30 A ${ip('hdls1-b')}`]],
    ['an endpoint by name: the two that share it', 'dup-name.hdls1.testns.svc.cluster.local.', 'A', () => ['NOERROR', ...['hdls1-c', 'hdls1-d'].map((p) => `dup-name.hdls1.testns.svc.cluster.local. 30 A ${ip(p)}`)]],
    ['CNAME External', 'external.testns.svc.cluster.local.', 'CNAME', () => ['NOERROR', 'external.testns.svc.cluster.local. 30 CNAME ext.interwebs.test.']],
    ['CNAME External, A: the CNAME, then the upstream\'s address', 'external.testns.svc.cluster.local.', 'A', () => ['NOERROR', 'external.testns.svc.cluster.local. 30 CNAME ext.interwebs.test.', 'ext.interwebs.test. 30 A 1.2.3.4']],
    ['CNAME External To Internal Service', 'external-to-service.testns.svc.cluster.local', 'A', () => ['NOERROR', 'external-to-service.testns.svc.cluster.local. 30 CNAME svc1.testns.svc.cluster.local.', 'svc1.testns.svc.cluster.local. 30 A 10.96.100.1']],
    // handler_case_test.go: names match case-insensitively and answer as asked.
    ['case: a Service that does not exist', 'not-a-service.testns.svc.ClUsTeR.lOcAl.', 'A', () => ['NXDOMAIN']],
    ['case: A Service', 'SvC1.TeStNs.SvC.cLuStEr.LoCaL.', 'A', () => ['NOERROR', 'SvC1.TeStNs.SvC.cLuStEr.LoCaL. 30 A 10.96.100.1']],
    // handler_pod_insecure_test.go (kubeadm's `pods insecure`).
    ['pods insecure: a dashed IP', '10-240-0-1.podns.pod.cluster.local.', 'A', () => ['NOERROR', '10-240-0-1.podns.pod.cluster.local. 30 A 10.240.0.1']],
    ['pods insecure: another dashed IP', '172-0-0-2.podns.pod.cluster.local.', 'A', () => ['NOERROR', '172-0-0-2.podns.pod.cluster.local. 30 A 172.0.0.2']],
    ['pods insecure: not an IP', 'blah.podns.pod.cluster.local.', 'A', () => ['NXDOMAIN']],
    ['pods insecure: not an IP, AAAA', 'blah.podns.pod.cluster.local.', 'AAAA', () => ['NXDOMAIN']],
    ['pods insecure: not an IP, in a namespace that does not exist', 'blah.pod-nons.pod.cluster.local.', 'A', () => ['NXDOMAIN']],
  ];

  const check = (qname: string, type: RecordType, expected: () => string[]) => {
    const name = qname.replace(/^X\./, `${dashed('hdls1-a')}.`).replace(/^Y\./, `${dashed('hdls1-b')}.`).replace(/^Z\./, `${dashed('hdlsprtls-a')}.`);
    expect(sorted(text(name, type))).toEqual(sorted(expected()));
  };
  it.each(cases)('%s: %s %s', (_, qname, type, expected) => check(qname, type, expected));

  // Known gap, not in DNS: the EndpointSlice controller (control/) makes no endpoints for a
  // headless Service without ports, where the real one publishes them with no ports (CoreDNS
  // answers with port -1). These fail until it does; then drop `fails`.
  const portless: typeof cases = [
    ['A Service (Headless and Portless)', 'hdlsprtls.testns.svc.cluster.local.', 'A', () => ['NOERROR', `hdlsprtls.testns.svc.cluster.local. 30 A ${ip('hdlsprtls-a')}`]],
    ['an endpoint with no port', 'Z.hdlsprtls.testns.svc.cluster.local.', 'A', () => ['NOERROR', `${dashed('hdlsprtls-a')}.hdlsprtls.testns.svc.cluster.local. 30 A ${ip('hdlsprtls-a')}`]],
  ];
  it.fails.each(portless)('%s: %s %s (known gap)', (_, qname, type, expected) => check(qname, type, expected));

  it('handler_pod_insecure_test.go: podns.pod.cluster.local is NODATA where the namespace exists', () => {
    // The upstream fixture's API knows namespace podns; here a namespace exists when it holds something.
    expect(text('testns.pod.cluster.local.', 'A')).toEqual(['NOERROR']);
  });
});
