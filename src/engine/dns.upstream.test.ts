/**
 * Issue 16 items 5, 6 and 11: what CoreDNS answers for ExternalName Services and for names
 * outside the cluster, as its source says (coredns/coredns at 4b26cced):
 * - plugin/kubernetes/kubernetes.go findServices: an ExternalName becomes a record only when
 *   `msg.Service{Host: svc.ExternalName}.HostType()` is CNAME, so an IPv4-looking externalName
 *   adds nothing and the name is NXDOMAIN (errNoItems).
 * - plugin/backend_lookup.go A: a CNAME target outside the zone is looked up again through
 *   CoreDNS's own plugin chain (plugin/pkg/upstream), and the CNAME is kept whatever that gives;
 *   a target inside the zone keeps the CNAME only when records stand behind it.
 * - plugin/forward: names no plugin before it answers go to the upstreams in the Corefile
 *   (kubeadm: `forward . /etc/resolv.conf`); when none answers, SERVFAIL.
 */
import { describe, expect, it } from 'vitest';
import { ingressLesson } from '../lessons/ingress';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from './build';
import { lookup, resolve } from './dns';
import { nats, steps } from './trace/testing';
import { traceRequest } from './trace/trace';
import { corefileConfigMap, kubeadmCorefile } from './testdata/corefile';
import { SEED004_EXTERNAL_NAME } from './testdata/externalname';

/** A Corefile as kubeadm writes it, with `forward . TO`, or none at all when TO is empty. */
const corefile = (to: string) => corefileConfigMap(kubeadmCorefile({ forward: to }));

const services = `${SEED004_EXTERNAL_NAME}---
apiVersion: v1
kind: Service
metadata:
  name: by-ip
spec:
  type: ExternalName
  externalName: 192.168.255.1
---
apiVersion: v1
kind: Service
metadata:
  name: to-nowhere
spec:
  type: ExternalName
  externalName: nothing.prod.svc.cluster.local
---
apiVersion: v1
kind: Service
metadata:
  name: to-ingress
spec:
  type: ExternalName
  externalName: apps.cherry.com
---
apiVersion: v1
kind: Pod
metadata:
  name: busybox
spec:
  nodeName: node02
  containers:
  - name: busybox
    image: busybox:1.36
`;

const BUSYBOX = 'pod/default/busybox';
const cluster = buildCluster(nodePortLesson.yaml + services);
const busybox = cluster.pods.find((p) => p.name === 'busybox')!;
const records = (r: { answer: { type: string; data: string }[] }) => r.answer.map((a) => `${a.type} ${a.data}`);
const tries = (r: { tries: { name: string; rcode: string }[] }) => r.tries.map((t) => `${t.name} ${t.rcode}`);

describe('item 5: an IPv4-looking externalName', () => {
  it('builds: the API server accepts it', () => {
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('gets no CNAME: NXDOMAIN for A and for CNAME', () => {
    expect(lookup(cluster, 'by-ip.default.svc.cluster.local', 'A')).toEqual({ rcode: 'NXDOMAIN', answer: [] });
    expect(lookup(cluster, 'by-ip.default.svc.cluster.local', 'CNAME')).toEqual({ rcode: 'NXDOMAIN', answer: [] });
  });

  it('so the resolver walks on through its search list, and the bare name is forwarded: SERVFAIL', () => {
    expect(tries(resolve(cluster, busybox, 'by-ip'))).toEqual([
      'by-ip.default.svc.cluster.local NXDOMAIN', 'by-ip.svc.cluster.local NXDOMAIN', 'by-ip.cluster.local NXDOMAIN', 'by-ip SERVFAIL',
    ]);
  });
});

describe('item 6: an ExternalName reached through the search list', () => {
  it('my-service.prod from default: the second name is the Service; the answer starts with the CNAME, NOERROR', () => {
    const r = resolve(cluster, busybox, 'my-service.prod');
    expect(tries(r)).toEqual(['my-service.prod.default.svc.cluster.local NXDOMAIN', 'my-service.prod.svc.cluster.local NOERROR']);
    // kubeadm's upstream is beyond the simulation: the CNAME stands alone.
    expect([r.rcode, records(r)]).toEqual(['NOERROR', ['CNAME my.database.example.com.']]);
  });

  it('the trace stops the search there, and curl has no address: the CNAME\'s target is the upstream\'s', () => {
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://my-service.prod/' });
    expect(t.hops[0].explain.params!.tries).toBe('my-service.prod.default.svc.cluster.local (NXDOMAIN), my-service.prod.svc.cluster.local (NOERROR)');
    expect(t.hops.filter((h) => h.title.key === 'hop.dnsAnswer.title').map((h) => `${h.after.dns!.name} ${h.after.dns!.rcode} ${h.after.dns!.answer}`)).toEqual([
      'my-service.prod.default.svc.cluster.local NXDOMAIN ',
      'my-service.prod.svc.cluster.local NOERROR my.database.example.com.',
    ]);
    expect([t.outcome, t.outcomeMessage]).toEqual(['unreachable', { key: 'outcome.noResolveCname', params: { name: 'my-service.prod', target: 'my.database.example.com' } }]);
  });

  it('a CNAME into the cluster\'s zone with nothing behind it: NODATA, the CNAME left out', () => {
    expect(lookup(cluster, 'to-nowhere.default.svc.cluster.local', 'A')).toEqual({ rcode: 'NOERROR', answer: [] });
    expect(records(lookup(cluster, 'to-nowhere.default.svc.cluster.local', 'CNAME'))).toEqual(['CNAME nothing.prod.svc.cluster.local.']);
  });
});

describe('item 11: names outside the cluster go to the Corefile\'s forward', () => {
  it('kubeadm\'s forward . /etc/resolv.conf: a resolver beyond the simulation, so SERVFAIL (not NXDOMAIN)', () => {
    expect(lookup(cluster, 'www.example.com', 'A')).toEqual({
      rcode: 'SERVFAIL', answer: [], upstream: true, forwardedTo: { server: '/etc/resolv.conf', answered: false, name: 'www.example.com' },
    });
    const t = traceRequest(cluster, { from: BUSYBOX, to: 'http://www.example.com/' });
    expect([t.outcome, t.outcomeMessage]).toEqual(['unreachable', { key: 'outcome.noResolveUpstream', params: { name: 'www.example.com', server: '/etc/resolv.conf' } }]);
    // Written out in a ConfigMap, the same Corefile gives the same answer.
    const written = buildCluster(nodePortLesson.yaml + services + corefile('/etc/resolv.conf'));
    expect(written.settings.dnsHosts.forward).toEqual(['/etc/resolv.conf']);
    expect(lookup(written, 'www.example.com', 'A').rcode).toBe('SERVFAIL');
  });

  it('a Corefile without forward: nothing after the kubernetes plugin, SERVFAIL; cluster names still answer', () => {
    const none = buildCluster(nodePortLesson.yaml + corefile(''));
    expect(none.settings.dnsHosts.forward).toEqual([]);
    expect(lookup(none, 'www.example.com', 'A').rcode).toBe('SERVFAIL');
    expect(records(lookup(none, 'kubernetes.default.svc.cluster.local', 'A'))).toEqual(['A 10.96.0.1']);
  });

  it('an upstream that is no host of the simulation answers nothing: SERVFAIL', () => {
    const away = buildCluster(nodePortLesson.yaml + corefile('8.8.8.8'));
    expect(lookup(away, 'www.example.com', 'A')).toMatchObject({ rcode: 'SERVFAIL', forwardedTo: { server: '8.8.8.8', answered: false } });
  });

  describe('forward . 192.168.255.1: the outside host answers, from its /etc/hosts', () => {
    const withIngress = buildCluster(ingressLesson.yaml + services.replace('  nodeName: node02\n', '') + corefile('dns://192.168.255.1:53'));
    const pod = withIngress.pods.find((p) => p.name === 'busybox')!;

    it('reads the upstream; knows the Ingress host (pointed at the ingress controller on node01), NXDOMAIN for the rest', () => {
      expect(withIngress.settings.dnsHosts.forward).toEqual(['192.168.255.1']);
      expect(lookup(withIngress, 'apps.cherry.com', 'A')).toEqual({
        rcode: 'NOERROR', answer: [{ name: 'apps.cherry.com.', type: 'A', ttl: 30, data: '192.168.255.102' }], upstream: true,
        forwardedTo: { server: '192.168.255.1', answered: true, name: 'apps.cherry.com' },
      });
      expect(lookup(withIngress, 'www.example.com', 'A')).toMatchObject({ rcode: 'NXDOMAIN', answer: [], forwardedTo: { answered: true } });
      // The ExternalName's target comes from there too: CNAME, then the upstream's A.
      expect(records(resolve(withIngress, pod, 'to-ingress'))).toEqual(['CNAME apps.cherry.com.', 'A 192.168.255.102']);
    });

    it('the forward is walked as packets: CoreDNS\'s own query leaves the pod network masqueraded, the answer comes back un-SNATed', () => {
      const t = traceRequest(withIngress, { from: BUSYBOX, to: 'http://apps.cherry.com/' });
      expect(t.hops[0].explain.params!.tries).toBe(
        'apps.cherry.com.default.svc.cluster.local (NXDOMAIN), apps.cherry.com.svc.cluster.local (NXDOMAIN), apps.cherry.com.cluster.local (NXDOMAIN), apps.cherry.com (NOERROR)',
      );
      const C = 'pod/kube-system/coredns-5dd5756b68-72jmm'; // master01, 10.244.0.3: the last query's draw
      const request = steps(t).request;
      const from = request.indexOf(`${C} dnsAnswer`, request.lastIndexOf('pod/default/busybox dnsNext')) - 1;
      const forward = request.slice(request.indexOf(`${C} dnsForward`), from + 1).filter((s) => !/chain(Jump|Return|Policy|End)/.test(s));
      expect(forward).toEqual([
        `${C} dnsForward`, `${C} routeVia`, `${C} vethFromPod @veth/kube-system/coredns-5dd5756b68-72jmm`, 'node/master01 bridgeToHost @cbr0', 'node/master01 arrive @cbr0',
        'node/master01 routeLink', 'node/master01 filter FORWARD', 'node/master01 chainMasqRule FLANNEL-POSTRTG', 'node/master01 masq', 'lan wire',
        'external/client arrive', 'external/client dnsUpstreamAnswer', 'external/client routeLink', 'lan wire',
        'node/master01 arrive @eth0', 'node/master01 unsnat', 'node/master01 routeLink', 'node/master01 filter FORWARD',
        'node/master01 bridgeToPod @cbr0', `node/master01 vethToPod @veth/kube-system/coredns-5dd5756b68-72jmm`, `${C} arrive @eth0`, `${C} dnsUpstreamIn`,
      ]);
      expect(nats(t).filter((n) => n.includes(':53') && !n.includes('10.96.0.10'))).toEqual([
        'node/master01 masq 10.244.0.3:44789 > 192.168.255.1:53 => 192.168.255.101:65202 > 192.168.255.1:53',
        'node/master01 unsnat 192.168.255.1:53 > 192.168.255.101:65202 => 192.168.255.1:53 > 10.244.0.3:44789',
      ]);
      expect(t.hops.find((h) => h.title.key === 'hop.dnsUpstreamAnswer.title')!.after.dns).toEqual({ name: 'apps.cherry.com', type: 'A', answer: '192.168.255.102', rcode: 'NOERROR' });
      expect(t.hops.findLast((h) => h.title.key === 'hop.dnsAnswerIn.title')!.after.dns!.answer).toBe('192.168.255.102');
      // Then curl connects to the address the outside host gave: the ingress controller on node01.
      expect([t.outcome, t.servedBy]).toMatchObject(['served', { pod: 'deployment-apps-v1-785b56d5f6-87h2k' }]);
    });
  });
});
