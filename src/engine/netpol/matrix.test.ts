/**
 * The matrix the app draws (reachMatrix): pods in matrixPods' order, each cell the verdict on
 * one connection; on flannel the same policies leave every cell open, marked as not enforced.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { reachMatrix } from './reach';
import { CALICO, modelYaml, policy } from './testdata';

const denyX = policy('x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress'] });
const allowY = policy('x', 'allow-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 80, protocol: 'TCP' }] }] });
const pods = ['x/a', 'x/b', 'y/a'];

describe('reachMatrix', () => {
  it('on Calico: rows are clients, columns servers; x/a and x/b take TCP 80 from y only', () => {
    const m = reachMatrix(buildCluster(modelYaml(pods, [80], ['TCP', 'UDP'], [CALICO, denyX, allowY])), 80, 'TCP');
    expect([m.cni, m.enforced, m.port, m.protocol]).toEqual(['calico', true, 80, 'TCP']);
    const ids = m.pods.map((p) => p.id);
    expect(ids).toEqual(['kube-system/coredns-5dd5756b68-72jmm', 'kube-system/coredns-5dd5756b68-ht8rn', 'x/a', 'x/b', 'y/a']);
    const row = (id: string) => m.cells[ids.indexOf(id)];
    expect(row('y/a')).toEqual(['allowed', 'allowed', 'allowed', 'allowed', null]);
    expect(row('x/a')).toEqual(['allowed', 'allowed', null, 'denied', 'allowed']);
    expect(row('kube-system/coredns-5dd5756b68-72jmm')).toEqual([null, 'allowed', 'denied', 'denied', 'allowed']);
    expect(m.pods.find((p) => p.id === 'x/a')!.ip).toMatch(/^10\.244\./);
  });

  it('the same policies on UDP: the TCP-only rule opens nothing', () => {
    const m = reachMatrix(buildCluster(modelYaml(pods, [80], ['TCP', 'UDP'], [CALICO, denyX, allowY])), 80, 'UDP');
    expect(m.cells[m.pods.findIndex((p) => p.id === 'y/a')]).toEqual(['allowed', 'allowed', 'denied', 'denied', null]);
  });

  it('on flannel: nothing enforced, and the cells a policy would close say so', () => {
    const m = reachMatrix(buildCluster(modelYaml(pods, [80], ['TCP'], [denyX, allowY])), 80, 'TCP');
    expect([m.cni, m.enforced]).toEqual(['flannel', false]);
    expect(m.cells[m.pods.findIndex((p) => p.id === 'x/a')]).toEqual(['allowed', 'allowed', null, 'unenforced', 'allowed']);
  });
});
