import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { generatedSize } from '../../bench/clusters';
import { MAX_NODE_PORT_TARGETS, targetsIn, targetsOf } from './targets';

const cluster = buildCluster(nodePortLesson.yaml);

describe('targets from the cluster', () => {
  it('lists the outside host what it can reach: cluster IPs, every node port, pod addresses', () => {
    const targets = targetsOf(cluster, 'external');
    const mine = targets.filter((t) => t.what.startsWith('default/my-nginx'));
    expect(mine.map((t) => [t.group, t.to])).toEqual([
      ['clusterIP', 'http://10.108.229.67:8001/'],
      ['nodePort', 'http://192.168.255.101:31101/'],
      ['nodePort', 'http://192.168.255.102:31101/'],
      ['nodePort', 'http://192.168.255.103:31101/'],
      ['pod', 'http://10.244.1.2:80/'],
      ['pod', 'http://10.244.2.2:80/'],
    ]);
    expect(targets.some((t) => t.group === 'dns')).toBe(false);
    // kube-dns answers DNS over TCP too; the UDP ports are not curl's.
    expect(targets.filter((t) => t.what === 'kube-system/kube-dns').map((t) => t.to)).toEqual(['http://10.96.0.10:53/', 'http://10.96.0.10:9153/']);
  });
  it('offers Service names to a pod that uses cluster DNS, and each one resolves and is served', () => {
    const pod = cluster.pods.find((p) => p.name.startsWith('my-nginx'))!;
    const from = `pod/default/${pod.name}` as const;
    const dns = targetsOf(cluster, from).filter((t) => t.group === 'dns');
    expect(dns.map((t) => t.to)).toContain('http://my-nginx-deploment.default:8001/');
    const trace = traceRequest(cluster, { from, to: 'http://my-nginx-deploment.default:8001/' });
    expect(trace.outcome).toBe('served');
  });
  it('on a large cluster lists each node port once, on the first worker, not on every node', () => {
    const big = buildCluster(generatedSize({ label: 'wide', nodes: 40, deployments: 200, replicas: 1 }).text);
    const nodePorts = big.services.flatMap((svc) => svc.ports.filter((p) => p.protocol === 'TCP' && p.nodePort).map((p) => p.nodePort));
    expect(nodePorts.length * big.nodes.length).toBeGreaterThan(MAX_NODE_PORT_TARGETS);
    const worker = big.nodes.find((n) => !n.controlPlane)!;
    const listed = targetsOf(big, 'external').filter((t) => t.group === 'nodePort');
    expect(listed.map((t) => t.to)).toEqual(nodePorts.map((port) => `http://${worker.ip}:${port}/`));
    expect(listed.every((t) => t.what.endsWith(` · ${worker.name}`))).toBe(true);
  });
});

describe('targets made a part at a time', () => {
  it('stops every so many entries and ends with the same list as at once', () => {
    const big = buildCluster(generatedSize({ label: 'parts', nodes: 4, deployments: 30, replicas: 10 }).text);
    const steps = targetsIn(big, 'external', 50);
    let stops = 0;
    let r = steps.next();
    while (!r.done) {
      stops++;
      r = steps.next();
    }
    // One stop per 50 Services and pods looked at (30 Services and 300 pods, plus kubeadm's).
    expect(stops).toBe(Math.floor((big.services.length + big.pods.length) / 50));
    expect(r.value).toEqual(targetsOf(big, 'external'));
    expect(r.value.length).toBeGreaterThan(300);
  });
});
