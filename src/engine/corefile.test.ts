/** CoreDNS's hosts plugin from the coredns ConfigMap: names for machines outside the cluster. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { buildCluster } from './build';
import { lookup, resolve } from './dns';
import { traceRequest } from './trace/trace';
import { corefileConfigMap, kubeadmCorefile } from './testdata/corefile';
import { SEED004_EXTERNAL_NAME } from './testdata/externalname';

/** kubeadm's Corefile with a hosts block added before the kubernetes plugin, as the CoreDNS docs show. */
const corefile = (hosts: string) => corefileConfigMap(kubeadmCorefile({ before: hosts.replace(/^ {4}/gm, '') }));
const HOSTS = `        hosts {
           192.168.255.1 my.database.example.com
           fallthrough
        }
`;
const pod = 'pod/default/my-nginx-deploment-55f596c87c-bzw22';

describe('the hosts plugin', () => {
  const cluster = buildCluster(nodePortLesson.yaml + corefile(HOSTS) + SEED004_EXTERNAL_NAME);

  it('answers its names with the cache plugin\'s capped TTL, and lets other names fall through', () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(lookup(cluster, 'my.database.example.com', 'A')).toEqual({ rcode: 'NOERROR', answer: [{ name: 'my.database.example.com.', type: 'A', ttl: 30, data: '192.168.255.1' }] });
    expect(lookup(cluster, 'my.database.example.com', 'AAAA')).toEqual({ rcode: 'NOERROR', answer: [] });
    expect(lookup(cluster, 'kubernetes.default.svc.cluster.local', 'A').answer.map((r) => r.data)).toEqual(['10.96.0.1']);
  });

  it('makes seed 004\'s ExternalName reach out of the cluster: CNAME, then the outside host', () => {
    const p = cluster.pods.find((x) => `pod/${x.namespace}/${x.name}` === pod)!;
    expect(resolve(cluster, p, 'my-service.prod').answer).toEqual([
      { name: 'my-service.prod.svc.cluster.local.', type: 'CNAME', ttl: 30, data: 'my.database.example.com.' },
      { name: 'my.database.example.com.', type: 'A', ttl: 30, data: '192.168.255.1' },
    ]);
    const t = traceRequest(cluster, { from: pod, to: 'http://my-service.prod/' });
    expect([t.outcome, t.servedBy, t.sourceIpSeen]).toEqual(['served', { external: '192.168.255.1:80' }, '192.168.255.102']);
  });

  it('without fallthrough answers SERVFAIL for every other name, cluster names included', () => {
    const strict = buildCluster(nodePortLesson.yaml + corefile(HOSTS.replace('           fallthrough\n', '')));
    expect(lookup(strict, 'kubernetes.default.svc.cluster.local', 'A')).toEqual({ rcode: 'SERVFAIL', answer: [] });
    expect(lookup(strict, 'my.database.example.com', 'A').answer).toHaveLength(1);
  });

  it('keeps its own TTL without a cache, and reports lines it cannot read', () => {
    const c = buildCluster(nodePortLesson.yaml + corefile(HOSTS.replace('           fallthrough\n', '           fallthrough\n           ttl 60\n           oops\n')).replace('        cache 30\n', ''));
    expect(lookup(c, 'my.database.example.com', 'A').answer[0].ttl).toBe(60);
    expect(c.diagnostics.map((d) => d.message)).toEqual(['Corefile hosts: "oops" is not an "IP NAME" line; it is ignored']);
  });
});
