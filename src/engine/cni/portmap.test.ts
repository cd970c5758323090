/** Seed 003: hostPort through the CNI portmap plugin. */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { renderRestore, saveRule } from '../netfilter/render';
import { traceRequest } from '../trace/trace';
import { sandboxId } from './portmap';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  containers:
  - name: container-tomcat
    image: tomcat:latest
    imagePullPolicy: Always
    ports:
    - name: http
      containerPort: 8080
      hostPort: 8080
      protocol: TCP
`;

describe('hostPort', () => {
  const cluster = buildCluster(pod);
  const nat = (node: string) => cluster.nodeDataplanes.find((d) => d.node === node)!.tables.find((t) => t.name === 'nat')!;
  const tomcat = cluster.pods.find((p) => p.name === 'pod-tomcat')!;

  it('writes portmap\'s chains on the pod\'s node only, as real nodes show them', () => {
    expect(cluster.diagnostics).toEqual([]);
    expect(tomcat).toMatchObject({ node: 'node01', ip: '10.244.1.2' });
    const lines = nat('node01').rules.map(saveRule);
    const id = sandboxId(tomcat);
    const dn = lines.find((l) => l.startsWith('-A CNI-HOSTPORT-DNAT'))!.split(' -j ')[1];
    expect(dn).toMatch(/^CNI-DN-[0-9a-f]{21}$/);
    expect(lines.filter((l) => /^-A (PREROUTING|OUTPUT|POSTROUTING|CNI-)/.test(l)).sort()).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A POSTROUTING -m comment --comment "flanneld masq" -j FLANNEL-POSTRTG',
      '-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE',
      '-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000',
      `-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${id}\\"" -m multiport --dports 8080 -j ${dn}`,
      `-A ${dn} -s 10.244.1.2/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.2:8080`,
    ].sort());
    expect(nat('node02').rules.some((r) => r.owner === 'cni')).toBe(false);
    // kube-proxy's restore input holds none of it.
    expect(renderRestore(nat('node01'))).not.toContain('CNI-');
  });

  it('DNATs node01:8080 to the pod, keeping the client address; other nodes refuse', () => {
    const t = traceRequest(cluster, { from: 'external', to: 'http://192.168.255.102:8080/' });
    expect(t.outcome).toBe('served');
    expect(t.servedBy).toMatchObject({ pod: 'pod-tomcat', ip: '10.244.1.2', port: 8080 });
    expect(t.sourceIpSeen).toBe('192.168.255.1');
    expect(t.hops.filter((h) => h.kind === 'chain').map((h) => `${h.netfilter!.chain}:${h.title.key}`)).toContain(`${t.hops.find((h) => h.title.key === 'hop.chainDnat.title')!.netfilter!.chain}:hop.chainDnat.title`);
    expect(traceRequest(cluster, { from: 'external', to: '192.168.255.103:8080' }).outcome).toBe('refused');
  });
});
