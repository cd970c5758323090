/** flannel's VXLAN backend (seed 004's overlay): the dataplane, and a trace through the tunnel. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { renderRoutes } from '../dataplane';
import { traceRequest } from './trace';

const netConf = (type: string) => `---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-flannel
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "${type}"
      }
    }
`;
const cluster = buildCluster(nodePortLesson.yaml + netConf('vxlan'));

describe('flannel VXLAN', () => {
  it('gives every node flannel.1 with its subnet\'s network address, onlink routes, and a neighbor and fdb entry per peer', () => {
    expect(cluster.diagnostics).toEqual([]);
    const node01 = cluster.nodeDataplanes[1];
    expect(node01.interfaces.find((i) => i.name === 'flannel.1')).toMatchObject({ address: '10.244.1.0/32', kind: 'vxlan', vxlan: { id: 1, local: '192.168.255.102', port: 8472 } });
    expect(renderRoutes(node01.routes)).toBe([
      'default via 192.168.255.2 dev eth0 ',
      '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
      '10.244.1.0/24 dev cbr0 proto kernel scope link src 10.244.1.1 ',
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ',
      '192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102 ',
    ].join('\n'));
    const node02Vtep = cluster.nodeDataplanes[2].interfaces.find((i) => i.name === 'flannel.1')!.mac;
    expect(node01.neighbors).toContainEqual({ ip: '10.244.2.0', mac: node02Vtep, dev: 'flannel.1' });
    expect(node01.fdb).toContainEqual({ mac: node02Vtep, dev: 'flannel.1', dst: '192.168.255.103' });
  });

  it('wraps the packet in UDP to the peer\'s port 8472 and unwraps it on the peer\'s flannel.1', () => {
    const t = traceRequest(cluster, { from: 'external', to: '192.168.255.102:31101', pick: 2 });
    expect(t.outcome).toBe('served');
    const keys = t.hops.map((h) => h.title.key);
    const encap = t.hops[keys.indexOf('hop.vxlanEncap.title')];
    expect(encap).toMatchObject({ at: 'node/node01', element: 'node/node01/flannel.1' });
    expect(encap.before.outer).toBeUndefined();
    expect(encap.after.outer).toMatchObject({ src: '192.168.255.102', dst: '192.168.255.103', dport: 8472, vni: 1 });
    // The inner packet keeps its addresses: DNATed to the pod, masqueraded to flannel.1's address.
    expect(encap.after).toMatchObject({ src: '10.244.1.0', dst: '10.244.2.2', dport: 80 });
    expect(keys.slice(keys.indexOf('hop.vxlanEncap.title'), keys.indexOf('hop.vxlanEncap.title') + 5)).toEqual([
      'hop.vxlanEncap.title', 'hop.wireVxlan.title', 'hop.arrive.title', 'hop.vxlanDecap.title', 'hop.arrive.title',
    ]);
    const decap = t.hops[keys.indexOf('hop.vxlanDecap.title')];
    expect(decap.after.outer).toBeUndefined();
    expect(t.sourceIpSeen).toBe('10.244.1.0');
    // The answer goes back through the tunnel the other way.
    expect(t.hops.slice(t.replyStart).filter((h) => h.title.key === 'hop.vxlanEncap.title').map((h) => h.at)).toEqual(['node/node02']);
  });

  it('reports a backend it cannot simulate, and keeps host-gw', () => {
    const other = buildCluster(nodePortLesson.yaml + netConf('wireguard'));
    expect(other.settings.overlay).toBe('host-gw');
    expect(other.diagnostics.map((d) => d.message)).toEqual(['ConfigMap Backend.Type: "wireguard" is not valid; the default is used']);
  });
});
