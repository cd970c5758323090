import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { traceRequest } from '../trace/trace';
import { userView } from '../testing';

const build = (text: string) => userView(buildCluster(text));

const pool = `---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
`;
const l2 = `---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
`;
const lb = (extra = '') => nodePortLesson.yaml.replace('  type: NodePort\n', `  type: LoadBalancer\n${extra}`);

describe('LoadBalancer with a MetalLB-style pool', () => {
  it('takes the first free address of the pool; MetalLB\'s hash picks the announcing worker', () => {
    const c = build(lb() + pool + l2);
    expect(c.diagnostics).toEqual([]);
    const svc = c.services[0];
    expect(svc.loadBalancerIPs).toEqual(['192.168.255.240']);
    const byHash = ['node01', 'node02'].sort((a, b) =>
      Buffer.compare(createHash('sha256').update(`${a}#192.168.255.240`).digest(), createHash('sha256').update(`${b}#192.168.255.240`).digest()),
    );
    expect(svc.announcedBy).toBe(byHash[0]);
  });

  it('traces the outside host to the VIP: ARP answered by the speaker, then KUBE-SERVICES → KUBE-EXT → a pod', () => {
    const t = traceRequest(buildCluster(lb() + pool + l2), { from: 'external', to: 'http://192.168.255.240:8001/', pick: 1 });
    expect(t.outcome).toBe('served');
    expect(t.hops[2]).toMatchObject({ kind: 'wire', title: { key: 'hop.wireVip.title' } });
    const services = t.hops.find((h) => h.netfilter?.chain === 'KUBE-SERVICES')!;
    expect(services.netfilter!.rules.find((r) => r.matched)!.text).toBe(
      '-A KUBE-SERVICES -d 192.168.255.240/32 -p tcp -m comment --comment "default/my-nginx-deploment loadbalancer IP" -m tcp --dport 8001 -j KUBE-EXT-O34RRTA663ZXJZ3Q',
    );
  });

  it('cannot be reached without an L2Advertisement: nobody answers ARP for the address', () => {
    const t = traceRequest(buildCluster(lb() + pool), { from: 'external', to: '192.168.255.240:8001' });
    expect(t.outcome).toBe('unreachable');
    expect(t.hops.at(-1)!.title.key).toBe('hop.noneighbor.title');
  });

  it('stays pending without a pool, while its node port still answers', () => {
    expect(build(lb()).services[0].loadBalancerIPs).toEqual([]);
    expect(traceRequest(buildCluster(lb()), { from: 'external', to: '192.168.255.102:31101' }).outcome).toBe('served');
  });

  it('drops clients outside loadBalancerSourceRanges in filter KUBE-PROXY-FIREWALL', () => {
    const t = traceRequest(buildCluster(lb('  loadBalancerSourceRanges:\n  - 10.10.0.0/16\n') + pool + l2), { from: 'external', to: '192.168.255.240:8001' });
    expect(t.outcome).toBe('dropped');
    expect(t.hops.at(-1)!.explain.params).toEqual({ rule: 'default/my-nginx-deploment traffic not accepted by KUBE-FW-O34RRTA663ZXJZ3Q' });
    const allowed = buildCluster(lb('  loadBalancerSourceRanges:\n  - 192.168.255.0/24\n') + pool + l2);
    expect(traceRequest(allowed, { from: 'external', to: '192.168.255.240:8001' }).outcome).toBe('served');
  });
});
