/**
 * The kernel's IPVS step, for kube-proxy's IPVS mode. A new connection to a local address with
 * a virtual server is taken by IPVS at LOCAL_IN (packets from elsewhere, after filter INPUT:
 * `ip_vs_remote_request4`) or at LOCAL_OUT (the node's own, after nat OUTPUT:
 * `ip_vs_local_request4`); the scheduler picks a real server and the NAT (Masq) forwarder
 * rewrites the destination and sends the packet on (net/netfilter/ipvs/ip_vs_core.c,
 * ip_vs_xmit.c `ip_vs_nat_xmit`). With `net.ipv4.vs.conntrack=1`, which kube-proxy sets,
 * conntrack learns the new reply tuple, and replies are un-NATed by IPVS itself.
 */
import { findVirtualServer } from '../kubeproxy/ipvsadm';
import type { VirtualServer } from '../model';
import { addressesOf, type SimHost } from './hosts';
import { pinnedIndex } from './random';
import type { Packet } from './packet';
import type { Candidate } from './types';
import { elementOf, push, type Pass, type Walk } from './walk';

/** The virtual server this node's kernel has for the packet's protocol, destination and port. */
export function virtualServerFor(host: SimHost, p: Packet): VirtualServer | undefined {
  const ipvs = host.ipvs;
  if (!ipvs || !addressesOf(host).includes(p.dst)) return undefined;
  return findVirtualServer(ipvs.virtualServers, p.proto, p.dst, p.dport);
}

/** `TCP  10.96.0.10:53 rr` and its real servers, as ipvsadm lists them. */
function ipvsLines(vs: VirtualServer): { service: string; reals: string[] } {
  const persistent = vs.persistent !== undefined ? ` persistent ${vs.persistent}` : '';
  return {
    service: `${vs.protocol.padEnd(4)} ${vs.address}:${vs.port} ${vs.scheduler}${persistent}`,
    reals: vs.reals.map((r) => `-> ${r.address}:${r.port} Masq ${r.weight}`),
  };
}

/**
 * IPVS schedules the connection. Round robin and the other schedulers are deterministic given
 * the connections before this one, which a single trace does not know: the seed stands for
 * that history (or `pick` names the real server, the last when there are fewer), and each real server's long-run share is
 * its weight over the total. Returns the packet after the NAT, or undefined when the virtual
 * server has no real server (the kernel answers ICMP port unreachable: connection refused).
 */
export function ipvsSchedule(walk: Walk, host: SimHost, p: Packet, pass: Pass, vs: VirtualServer): Packet | undefined {
  const element = elementOf(host, 'netfilter');
  const lines = ipvsLines(vs);
  const service = `${vs.protocol} ${vs.address}:${vs.port}`;
  if (vs.reals.length === 0) {
    push(walk, host.id, element, 'refuse', 'ipvsNoDest', p, p, { service, scheduler: vs.scheduler }, { ipvs: { ...lines, chosen: -1 }, provenance: vs.provenance ? [vs.provenance] : [] });
    return undefined;
  }
  const total = vs.reals.reduce((sum, r) => sum + r.weight, 0);
  const candidates: Candidate[] = vs.reals.map((r) => {
    const pod = walk.net.cluster.pods.find((x) => x.ip === r.address && !x.hostNetwork);
    return {
      ...(pod ? { namespace: pod.namespace, pod: pod.name, node: pod.node } : {}),
      ip: r.address, port: r.port, probability: r.weight / total, chain: `-> ${r.address}:${r.port}`,
    };
  });
  const pick = walk.pick !== undefined ? pinnedIndex(walk.pick, vs.reals.length) : Math.floor(walk.rng() * vs.reals.length);
  const real = vs.reals[pick];
  // ip_vs_nat_xmit: the destination becomes the real server (the route lookup after it takes
  // a hop of TTL from a forwarded packet).
  const q: Packet = { ...p, dst: real.address, dport: real.port };
  if (pass.created) walk.conntrack.ipvs(pass.created, q);
  pass.ipvs = true;
  if (walk.candidates.length === 0) walk.candidates.push(...candidates);
  push(walk, host.id, element, 'ipvs', vs.persistent !== undefined ? 'ipvsSchedulePersistent' : 'ipvsSchedule', p, q,
    { service, scheduler: vs.scheduler, to: `${real.address}:${real.port}`, persistent: vs.persistent ?? 0 },
    { candidates, chosen: pick, ipvs: { ...lines, chosen: pick }, provenance: vs.provenance ? [vs.provenance] : [] });
  return q;
}
