/**
 * The kernel's path for one packet, host by host. Inside a node the order is the kernel's for a
 * routed packet (net/ipv4/ip_input.c, ip_forward.c, ip_output.c): conntrack, nat PREROUTING,
 * the routing decision, filter FORWARD (or INPUT for the node's own addresses), nat
 * POSTROUTING, transmission.
 */
import { renderRoutes } from '../dataplane';
import { nodeDaemon } from '../daemons';
import { NODE_GATEWAY } from '../defaults';
import { fnv32a } from '../hash';
import type { Interface } from '../model';
import { lookup, outsideAnswer, type RecordType } from '../dns';
import { forwardSocketFor, joinHostPort } from '../portforward';
import { parseIp } from '../ip';
import { evaluateHook, type EvalResult } from '../netfilter/evaluate';
import { saveRule } from '../netfilter/render';
import type { Provenance } from '../types';
import { Conntrack, type ConnEntry } from './conntrack';
import { ipvsSchedule, virtualServerFor } from './ipvs';
import { addressesOf, type SimHost } from './hosts';
import { ingressDecision } from './ingress';
import { runNftHook } from './nft';
import type { Packet } from './packet';
import { candidatesOf } from './random';
import type { Candidate, Hop } from './types';
import { elementOf, MAX_HOPS, push, type End, type Pass, type Walk } from './walk';
import { acceptByUserspace } from './userspace';
import { proxySocketFor } from '../kubeproxy/userspace/proxier';

/** Routing decision and hand-off to the link. `local` is true for a packet the host made itself. */
export function routeOut(walk: Walk, host: SimHost, packet: Packet, local: boolean, pass: Pass = {}): End {
  if (host.kind === 'node' && local && packet.icmp) {
    // REJECT's ICMP error: the refused connection was never confirmed, so conntrack has nothing
    // it relates to and the nat table is not consulted (nf_nat_inet_fn without a conntrack);
    // filter OUTPUT still sees it, as every packet the node sends.
    const filter = runHook(walk, host, 'filter', 'OUTPUT', packet, 'NEW', false);
    if (filter.verdict !== 'ACCEPT') return verdictEnd(walk, host, filter, packet);
  } else if (host.kind === 'node' && local) {
    const known = walk.conntrack.find(host.id, packet);
    if (known?.direction === 'reply') {
      // The node answers for itself (a hostNetwork pod): conntrack reverses the NAT of the request.
      pass.reply = known.entry;
      if (known.entry.snat) {
        const q = { ...packet, dst: known.entry.orig.src, dport: known.entry.orig.sport };
        push(walk, host.id, elementOf(host, 'netfilter'), 'conntrack', 'unsnat', packet, q,
          { from: `${packet.dst}:${packet.dport}`, to: `${q.dst}:${q.dport}` }, { conntrack: Conntrack.line(known.entry, true) });
        packet = q;
      }
    } else if (!known) {
      // A connection the node itself opens (a hostNetwork process): nat OUTPUT, then IPVS
      // (ip_vs_local_request4 sits just after nat at LOCAL_OUT), then filter OUTPUT.
      const out = runHook(walk, host, 'nat', 'OUTPUT', packet, 'NEW', false);
      // nftables mode: kube-proxy's filter chain before DNAT may drop (loadBalancerSourceRanges).
      if (out.verdict !== 'ACCEPT') return verdictEnd(walk, host, out, packet);
      pass.created = walk.conntrack.create(host.id, packet, out.packet);
      packet = out.packet;
      const vs = walk.phase === 'request' ? virtualServerFor(host, packet) : undefined;
      if (vs) {
        const q = ipvsSchedule(walk, host, packet, pass, vs);
        // No real server: IPVS answers ICMP port unreachable itself (ip_vs_core.c ip_vs_leave: "the
        // TCP RST packet cannot be sent, instead that ICMP_PORT_UNREACH is sent here").
        if (!q) return { outcome: 'refused', host, packet, answer: icmpUnreachable(walk, host, packet) };
        packet = q;
      }
      const filter = runHook(walk, host, 'filter', 'OUTPUT', packet, 'NEW', natted(pass.created));
      if (filter.verdict !== 'ACCEPT') return verdictEnd(walk, host, filter, packet);
    }
  }
  if (local && (addressesOf(host).includes(packet.dst) || isLoopback(packet.dst))) {
    // The kernel's local table routes a host's own addresses through lo: the packet never
    // reaches eth0 (`ip route get` says `local ... dev lo table local`); 127.0.0.0/8 is local
    // on every host, the outside workstation too.
    push(walk, host.id, elementOf(host, 'routes'), 'route', 'routeLocal', packet, packet, { dst: packet.dst });
    if (host.kind === 'node' && walk.phase === 'request' && !walk.returning && !pass.reply) return acceptOnNode(walk, host, packet);
    // The answer of a connection the node made to itself through a DNAT (KUBE-PORTALS-HOST in
    // userspace mode): nat's reverse mapping at POSTROUTING, before lo, gives back the address called.
    if (pass.reply?.dnat) packet = undoDnat(walk, host, packet, pass.reply);
    return deliver(walk, host, packet);
  }
  const found = walk.net.lookup(host, packet.dst);
  const lines = renderRoutes(host.routes).split('\n').map((l) => l.trimEnd());
  if (!found) {
    push(walk, host.id, elementOf(host, 'routes'), 'unreachable', 'noroute', packet, packet, { dst: packet.dst }, { route: { lines, chosen: -1 } });
    return { outcome: 'unreachable', packet };
  }
  const { route, index } = found;
  if (route.type === 'blackhole') {
    // Calico's route for the node's own block: an address of the block no pod holds goes nowhere.
    push(walk, host.id, elementOf(host, 'routes'), 'unreachable', 'blackhole', packet, packet, { dst: packet.dst, route: lines[index] }, { route: { lines, chosen: index } });
    return { outcome: 'unreachable', packet };
  }
  const routed = local ? packet : { ...packet, ttl: packet.ttl - 1 };
  push(walk, host.id, elementOf(host, 'routes'), 'route', route.via ? 'routeVia' : 'routeLink', packet, routed,
    { dst: packet.dst, route: lines[index], dev: route.dev, via: route.via ?? '' }, { route: { lines, chosen: index } });
  let p = routed;
  if (host.kind === 'node') {
    if (!local) {
      // A packet IPVS sends on leaves through LOCAL_OUT (filter OUTPUT), not FORWARD.
      const hook = pass.ipvs ? 'OUTPUT' : 'FORWARD';
      const forward = runHook(walk, host, 'filter', hook, p, pass.created ? 'NEW' : 'ESTABLISHED', natted(pass.created) || natted(pass.reply), pass.ipvs ? undefined : pass.inDev, route.dev);
      if (forward.verdict !== 'ACCEPT') return verdictEnd(walk, host, forward, p);
    }
    p = postrouting(walk, host, route.dev, p, pass);
  }
  return transmit(walk, host, route.dev, route.via ?? p.dst, p);
}

/** nat POSTROUTING for a new connection (MASQUERADE); for a reply, conntrack's reverse DNAT. */
function postrouting(walk: Walk, host: SimHost, dev: string, packet: Packet, pass: Pass): Packet {
  if (pass.reply?.dnat) return undoDnat(walk, host, packet, pass.reply);
  if (!pass.created) return packet;
  const post = runHook(walk, host, 'nat', 'POSTROUTING', packet, 'NEW', natted(pass.created), pass.inDev);
  if (!post.masquerade) return post.packet;
  // MASQUERADE takes the address inet_select_addr gives (net/ipv4/devinet.c): the outgoing
  // interface's, or, when it has none (Calico's cali veths: a pod hairpinned through a Service
  // to itself), the first global address of the host's interfaces in order, eth0's.
  // --random-fully draws the port from the whole unprivileged range
  // (nf_nat_l4proto_unique_tuple: 1024-65535 when no range is given), otherwise the source port
  // is kept when the new tuple is free, as it is here.
  const address = host.interfaces.find((i) => i.name === dev)?.address ?? host.interfaces.find((i) => i.address && i.kind !== 'loopback')?.address ?? packet.src;
  const sport = post.masquerade.randomFully ? 1024 + Math.floor(walk.rng() * 64512) : post.packet.sport;
  const q = { ...post.packet, src: address.split('/')[0], sport };
  walk.conntrack.snat(pass.created, q);
  push(walk, host.id, elementOf(host, 'netfilter'), 'conntrack', 'masq', post.packet, q,
    { from: `${post.packet.src}:${post.packet.sport}`, to: `${q.src}:${q.sport}`, dev }, { conntrack: Conntrack.line(pass.created, false) });
  return q;
}

/**
 * Through flannel.1: the neighbor entry gives the remote VTEP's MAC, the forwarding entry the
 * node behind it; the kernel wraps the frame in UDP to that node's port 8472 and sends it out
 * of eth0 (drivers/net/vxlan). The far end strips the outer headers and the inner packet
 * arrives on its own flannel.1.
 */
function tunnel(walk: Walk, host: SimHost, iface: Interface, nextHop: string, packet: Packet): End {
  const dp = walk.net.cluster.nodeDataplanes.find((d) => d.node === host.name)!;
  const mac = dp.neighbors?.find((n) => n.ip === nextHop && n.dev === iface.name)?.mac;
  const remoteIp = mac && dp.fdb?.find((f) => f.mac === mac && f.dev === iface.name)?.dst;
  const remote = remoteIp ? walk.net.hosts.find((h) => h.kind === 'node' && addressesOf(h).includes(remoteIp)) : undefined;
  if (!mac || !remote) {
    push(walk, host.id, elementOf(host, iface.name), 'unreachable', 'noneighbor', packet, packet, { ip: nextHop, dev: iface.name });
    return { outcome: 'unreachable', packet };
  }
  const eth0 = host.interfaces.find((i) => i.name === 'eth0')!;
  const remoteEth0 = remote.interfaces.find((i) => i.name === 'eth0')!;
  // The source port hashes the inner flow (udp_flow_src_port), so one connection keeps one port.
  const sport = 32768 + (fnv32a(`${packet.src}:${packet.sport}>${packet.dst}:${packet.dport}`) % 28232);
  const inner: Packet = { ...packet, srcMac: iface.mac, dstMac: mac, mark: 0 };
  const wrapped: Packet = {
    ...inner,
    outer: { srcMac: eth0.mac, dstMac: remoteEth0.mac, src: iface.vxlan!.local, dst: remoteIp!, sport, dport: iface.vxlan!.port, vni: iface.vxlan!.id },
  };
  push(walk, host.id, elementOf(host, iface.name), 'veth', iface.name === 'vxlan.calico' ? 'caliVxlanEncap' : 'vxlanEncap', packet, wrapped, { dev: iface.name, vni: iface.vxlan!.id, node: remote.name, ip: remoteIp!, port: iface.vxlan!.port });
  push(walk, 'lan', 'lan', 'wire', 'wireVxlan', wrapped, wrapped, { from: host.name, to: remote.name, ip: remoteIp!, port: iface.vxlan!.port });
  push(walk, remote.id, elementOf(remote, 'eth0'), 'arrive', 'arrive', wrapped, wrapped, { host: remote.name, dev: 'eth0', dst: remoteIp! });
  const remoteIface = remote.interfaces.find((i) => i.kind === 'vxlan')!;
  push(walk, remote.id, elementOf(remote, remoteIface.name), 'veth', 'vxlanDecap', wrapped, inner, { dev: remoteIface.name, port: iface.vxlan!.port, vni: iface.vxlan!.id });
  if (walk.hops.length > MAX_HOPS) return { outcome: 'unreachable', packet: inner };
  return receive(walk, remote, remoteIface.name, inner);
}

/**
 * Through tunl0 (Calico's IPIP): the route's gateway, reachable `onlink`, is the other node's own
 * address; the ipip driver puts a second IPv4 header (protocol 4) in front, from this node's
 * eth0 address to that node, and sends it out of eth0 (net/ipv4/ipip.c). The other node's tunl0
 * takes the outer header off.
 */
function ipipTunnel(walk: Walk, host: SimHost, iface: Interface, nextHop: string, packet: Packet): End {
  const remote = walk.net.hosts.find((h) => h.kind === 'node' && h !== host && addressesOf(h).includes(nextHop));
  const remoteIface = remote?.interfaces.find((i) => i.kind === 'ipip');
  if (!remote || !remoteIface) {
    push(walk, host.id, elementOf(host, iface.name), 'unreachable', 'noneighbor', packet, packet, { ip: nextHop, dev: iface.name });
    return { outcome: 'unreachable', packet };
  }
  const eth0 = host.interfaces.find((i) => i.name === 'eth0')!;
  const remoteEth0 = remote.interfaces.find((i) => i.name === 'eth0')!;
  const inner: Packet = { ...packet, srcMac: undefined, dstMac: undefined, mark: 0 };
  const wrapped: Packet = {
    ...inner,
    outer: { srcMac: eth0.mac, dstMac: remoteEth0.mac, src: eth0.address!.split('/')[0], dst: nextHop, sport: 0, dport: 0, vni: 0, ipip: true },
  };
  push(walk, host.id, elementOf(host, iface.name), 'veth', 'ipipEncap', packet, wrapped, { dev: iface.name, node: remote.name, ip: nextHop, src: wrapped.outer!.src });
  push(walk, 'lan', 'lan', 'wire', 'wireIpip', wrapped, wrapped, { from: host.name, to: remote.name, ip: nextHop });
  push(walk, remote.id, elementOf(remote, 'eth0'), 'arrive', 'arrive', wrapped, wrapped, { host: remote.name, dev: 'eth0', dst: nextHop });
  push(walk, remote.id, elementOf(remote, remoteIface.name), 'veth', 'ipipDecap', wrapped, inner, { dev: remoteIface.name, src: wrapped.outer!.src });
  if (walk.hops.length > MAX_HOPS) return { outcome: 'unreachable', packet: inner };
  return receive(walk, remote, remoteIface.name, inner);
}

/** Puts the packet on the wire (the LAN) or the bridge (cbr0 and the veths) toward `nextHop`. */
function transmit(walk: Walk, host: SimHost, dev: string, nextHop: string, packet: Packet): End {
  const device = host.interfaces.find((i) => i.name === dev);
  if (device?.kind === 'vxlan') return tunnel(walk, host, device, nextHop, packet);
  if (device?.kind === 'ipip') return ipipTunnel(walk, host, device, nextHop, packet);
  const gateway = walk.net.cluster.lanGateway ?? NODE_GATEWAY;
  if (dev === 'eth0' && host.kind !== 'pod' && nextHop === gateway) {
    // The LAN's router sends the packet on toward the internet: out of the simulated network,
    // and no answer comes back, so the client waits until it times out.
    push(walk, 'lan', 'lan', 'drop', 'upstream', packet, packet, { from: host.name, gateway, dst: packet.dst });
    return { outcome: 'dropped', packet };
  }
  const neighbor = walk.net.neighbor(host, dev, nextHop);
  if (!neighbor) {
    push(walk, host.id, elementOf(host, dev), 'unreachable', 'noneighbor', packet, packet, { ip: nextHop, dev });
    return { outcome: 'unreachable', packet };
  }
  const mac = host.interfaces.find((i) => i.name === dev)!.mac;
  const peerMac = neighbor.host.interfaces.find((i) => i.name === neighbor.dev)!.mac;
  // A new L2 header for this segment; the netfilter mark stays behind in the sender's kernel.
  const framed: Packet = { ...packet, srcMac: mac, dstMac: peerMac, mark: 0 };
  if (host.kind === 'node' && device?.kind === 'veth' && !device.master) {
    // A routed veth (Calico): the /32 route's device leads straight into the pod.
    const pod = neighbor.host.pod!;
    push(walk, host.id, `veth/${pod.namespace}/${pod.name}`, 'veth', 'caliToPod', packet, framed, { veth: dev, pod: pod.name, mac: peerMac });
  } else if (host.kind === 'pod' && neighbor.host.kind === 'node' && neighbor.host.interfaces.find((i) => i.name === neighbor.dev)?.kind === 'veth') {
    const pod = host.pod!;
    push(walk, host.id, `veth/${pod.namespace}/${pod.name}`, 'veth', 'caliFromPod', packet, framed,
      { veth: neighbor.dev, pod: pod.name, gateway: nextHop, mac: peerMac, node: neighbor.host.name });
  } else if (host.kind === 'node' && dev === 'cbr0') {
    const pod = neighbor.host.pod!;
    push(walk, host.id, elementOf(host, 'cbr0'), 'bridge', 'bridgeToPod', packet, framed, { mac: peerMac, veth: pod.hostVeth ?? '', pod: pod.name });
    push(walk, host.id, `veth/${pod.namespace}/${pod.name}`, 'veth', 'vethToPod', framed, framed, { veth: pod.hostVeth ?? '', pod: pod.name });
  } else if (host.kind === 'pod') {
    const pod = host.pod!;
    const node = walk.net.host(`node/${host.node}`)!;
    push(walk, host.id, `veth/${pod.namespace}/${pod.name}`, 'veth', 'vethFromPod', packet, framed, { veth: pod.hostVeth ?? '', pod: pod.name });
    if (neighbor.host.kind === 'pod') return bridged(walk, node, framed, neighbor.host);
    push(walk, node.id, elementOf(node, 'cbr0'), 'bridge', 'bridgeToHost', framed, framed, { mac: peerMac, veth: '', pod: '' });
  } else {
    push(walk, 'lan', 'lan', 'wire', neighbor.announced ? 'wireVip' : 'wire', packet, framed, { from: host.name, to: neighbor.host.name, mac: peerMac, ip: nextHop });
  }
  if (walk.hops.length > MAX_HOPS) return { outcome: 'unreachable', packet: framed };
  return receive(walk, neighbor.host, neighbor.dev, framed);
}

/**
 * A frame from one pod to another on the same bridge. It is switched, not routed, but with
 * br_netfilter (kubeadm requires `net.bridge.bridge-nf-call-iptables=1`) the node's conntrack
 * and its nat and filter tables see it at the bridge's own hooks
 * (net/bridge/br_netfilter_hooks.c): PREROUTING, FORWARD, POSTROUTING. That is how the answer
 * of a pod whose request was DNATed to a pod on its own node gets its Service address back.
 */
function bridged(walk: Walk, node: SimHost, frame: Packet, to: SimHost): End {
  const dev = 'cbr0';
  const pass: Pass = { inDev: dev };
  let p = frame;
  const known = walk.conntrack.find(node.id, p);
  if (known?.direction === 'reply') {
    pass.reply = known.entry;
    if (known.entry.snat) {
      const q = { ...p, dst: known.entry.orig.src, dport: known.entry.orig.sport };
      push(walk, node.id, elementOf(node, 'netfilter'), 'conntrack', 'unsnat', p, q,
        { from: `${p.dst}:${p.dport}`, to: `${q.dst}:${q.dport}` }, { conntrack: Conntrack.line(known.entry, true) });
      p = q;
    }
  } else if (!known) {
    const pre = runHook(walk, node, 'nat', 'PREROUTING', p, 'NEW', false, dev);
    if (pre.verdict !== 'ACCEPT') return verdictEnd(walk, node, pre, p);
    pass.created = walk.conntrack.create(node.id, p, pre.packet);
    // A DNAT to somewhere else turns the bridged frame into a routed packet (br_nf_pre_routing_finish).
    if (pre.packet.dst !== p.dst) return routeOut(walk, node, pre.packet, false, pass);
    p = pre.packet;
  }
  const forward = runHook(walk, node, 'filter', 'FORWARD', p, pass.created ? 'NEW' : 'ESTABLISHED', natted(pass.created) || natted(pass.reply), dev);
  if (forward.verdict !== 'ACCEPT') return verdictEnd(walk, node, forward, p);
  p = postrouting(walk, node, dev, p, pass);
  const pod = to.pod!;
  const peerMac = to.interfaces.find((i) => i.name === 'eth0')!.mac;
  push(walk, node.id, elementOf(node, 'cbr0'), 'bridge', 'bridgeToPod', p, p, { mac: peerMac, veth: pod.hostVeth ?? '', pod: pod.name });
  push(walk, node.id, `veth/${pod.namespace}/${pod.name}`, 'veth', 'vethToPod', p, p, { veth: pod.hostVeth ?? '', pod: pod.name });
  if (walk.hops.length > MAX_HOPS) return { outcome: 'unreachable', packet: p };
  return receive(walk, to, 'eth0', p);
}

/** A packet arrives on `dev` of `host`. */
function receive(walk: Walk, host: SimHost, dev: string, packet: Packet): End {
  push(walk, host.id, elementOf(host, dev), 'arrive', 'arrive', packet, packet, { host: host.name, dev, dst: packet.dst });
  if (host.kind !== 'node') {
    if (addressesOf(host).includes(packet.dst)) return deliver(walk, host, packet);
    return { outcome: 'unreachable', packet }; // hosts here do not forward
  }
  let p = packet;
  const pass: Pass = { inDev: dev };
  const known = walk.conntrack.find(host.id, p);
  if (known?.direction === 'reply') {
    pass.reply = known.entry;
    if (known.entry.snat) {
      const q = { ...p, dst: known.entry.orig.src, dport: known.entry.orig.sport };
      push(walk, host.id, elementOf(host, 'netfilter'), 'conntrack', 'unsnat', p, q,
        { from: `${p.dst}:${p.dport}`, to: `${q.dst}:${q.dport}` }, { conntrack: Conntrack.line(known.entry, true) });
      p = q;
    }
  } else if (!known) {
    // A new connection: the nat table sees only its first packet (nf_nat_inet_fn).
    const pre = runHook(walk, host, 'nat', 'PREROUTING', p, 'NEW', false, dev);
    if (pre.verdict !== 'ACCEPT') return verdictEnd(walk, host, pre, p);
    pass.created = walk.conntrack.create(host.id, p, pre.packet);
    p = pre.packet;
  }
  if (addressesOf(host).includes(p.dst)) {
    const input = runHook(walk, host, 'filter', 'INPUT', p, pass.created ? 'NEW' : 'ESTABLISHED', natted(pass.created), dev);
    if (input.verdict !== 'ACCEPT') return verdictEnd(walk, host, input, p);
    // The answer to a connection this node opened through its own OUTPUT DNAT (or IPVS): the
    // reply gets back the address the process called, at LOCAL_IN.
    if (pass.reply?.dnat) p = undoDnat(walk, host, p, pass.reply);
    if (pass.reply) return deliver(walk, host, p);
    // kube-proxy's IPVS mode: a virtual server on this address takes the connection.
    const vs = walk.phase === 'request' && pass.created ? virtualServerFor(host, p) : undefined;
    if (vs) {
      const q = ipvsSchedule(walk, host, p, pass, vs);
      if (!q) return { outcome: 'refused', host, packet: p, answer: icmpUnreachable(walk, host, p) };
      if (!addressesOf(host).includes(q.dst)) return routeOut(walk, host, q, false, pass);
      // A real server on the node itself (the API server behind `kubernetes`, a hostNetwork pod).
      push(walk, host.id, elementOf(host, 'routes'), 'route', 'routeLocal', q, q, { dst: q.dst });
      return acceptOnNode(walk, host, q);
    }
    return acceptOnNode(walk, host, p);
  }
  return routeOut(walk, host, p, false, pass);
}

/**
 * A reply of a connection whose destination was rewritten: its source becomes the address the
 * client called. nf_nat does it for a DNAT rule; for IPVS it is IPVS itself (`ip_vs_reply4`,
 * at FORWARD for routed replies, at LOCAL_IN for the node's own connections).
 */
function undoDnat(walk: Walk, host: SimHost, packet: Packet, entry: ConnEntry): Packet {
  const q = { ...packet, src: entry.orig.dst, sport: entry.orig.dport };
  push(walk, host.id, elementOf(host, 'netfilter'), entry.ipvs ? 'ipvs' : 'conntrack', entry.ipvs ? 'ipvsReply' : 'undnat', packet, q,
    { from: `${packet.src}:${packet.sport}`, to: `${q.src}:${q.sport}` }, { conntrack: Conntrack.line(entry, true) });
  return q;
}

/** Whether conntrack counts the connection as DNATed (`--ctstate DNAT`): IPVS's NAT does not. */
function natted(entry: ConnEntry | undefined): boolean {
  return !!entry?.dnat && !entry.ipvs;
}

/** A new connection reaches one of the node's own addresses: who, in the node's namespace, takes it. */
export function acceptOnNode(walk: Walk, host: SimHost, p: Packet): End {
  const forwarded = acceptByForward(walk, host, p);
  if (forwarded) return forwarded;
  // kube-proxy's userspace mode: its process listens on the proxy port, on every address.
  const proxied = proxySocketFor(host.userspace, p.proto, p.dport);
  if (proxied) return acceptByUserspace(walk, host, p, proxied);
  // A hostNetwork pod on this node listens in the node's own network namespace.
  const hostPod = walk.net.cluster.pods.find(
    (pod) => pod.hostNetwork && pod.node === host.name && pod.phase === 'Running' && pod.status !== 'CrashLoopBackOff' && walk.net.listens(pod, p.dport),
  );
  if (hostPod) {
    push(walk, `pod/${hostPod.namespace}/${hostPod.name}`, `pod/${hostPod.namespace}/${hostPod.name}`, 'deliver', 'deliverHostNetwork', p, p,
      { pod: hostPod.name, port: p.dport, src: p.src, node: host.name }, { provenance: hostPod.provenance ? [hostPod.provenance] : [] });
    const answer: Packet = { src: p.dst, dst: p.src, ttl: 64, proto: 'tcp', sport: p.dport, dport: p.sport, flags: 'SYN,ACK', mark: 0 };
    return { outcome: 'served', host, packet: p, answer, servedPod: hostPod, proxy: ingressDecision(walk, hostPod, p) };
  }
  const node = walk.net.cluster.nodes.find((n) => n.name === host.name)!;
  const daemon = nodeDaemon(walk.net.cluster, node, p.dport);
  if (daemon) {
    push(walk, host.id, elementOf(host, 'eth0'), 'deliver', 'deliverDaemon', p, p, { process: daemon, port: p.dport, src: p.src, node: host.name });
    const answer: Packet = { src: p.dst, dst: p.src, ttl: 64, proto: 'tcp', sport: p.dport, dport: p.sport, flags: 'SYN,ACK', mark: 0 };
    return { outcome: 'served', host, packet: p, answer, daemon };
  }
  // Nothing on the node listens on this port: the kernel answers with a reset.
  push(walk, host.id, elementOf(host, 'eth0'), 'refuse', 'refuseNode', p, p, { port: p.dport, node: host.name });
  const reset: Packet = { src: p.dst, dst: p.src, ttl: 64, proto: 'tcp', sport: p.dport, dport: p.sport, flags: 'RST,ACK', mark: 0 };
  return { outcome: 'refused', host, packet: p, answer: reset };
}

/** 127.0.0.0/8, the loopback network every host's local table holds. */
const isLoopback = (ip: string) => ip.startsWith('127.');

/**
 * A running `kubectl port-forward` on this machine listens on the address and port: kubectl
 * accepts the connection (client-go's listener, then handleConnection prints "Handling
 * connection for PORT") and carries its bytes in a stream of its own (trace/portforward.ts).
 */
function acceptByForward(walk: Walk, host: SimHost, p: Packet): End | undefined {
  if (host.kind === 'pod' || p.proto !== 'tcp') return undefined;
  const on = host.kind === 'external' ? 'external' : host.id;
  const socket = forwardSocketFor(walk.forwards ?? [], on, p.dst, p.dport);
  if (!socket) return undefined;
  push(walk, host.id, isLoopback(p.dst) ? host.id : elementOf(host, 'eth0'), 'deliver', 'pfAccept', p, p,
    { command: socket.command, listen: joinHostPort(socket.address, socket.local), src: `${p.src}:${p.sport}`, where: host.name, local: socket.local, output: socket.output.trim() });
  const answer: Packet = { src: p.dst, dst: p.src, ttl: 64, proto: 'tcp', sport: p.dport, dport: p.sport, flags: 'SYN,ACK', mark: 0 };
  return { outcome: 'served', host, packet: p, answer, forward: socket };
}

/** The packet reached its destination address: a listening socket, or a reset. */
function deliver(walk: Walk, host: SimHost, packet: Packet): End {
  if (walk.phase === 'reply' || walk.returning) {
    const origin = walk.origin;
    // An ICMP error is matched to its socket by the packet it quotes, not by its own source.
    if (walk.phase === 'reply' && !packet.dns && !packet.icmp && origin && packet.dst === origin.src && packet.dport === origin.sport && (packet.src !== origin.dst || packet.sport !== origin.dport)) {
      // The answer does not come from the address the client called: its TCP stack knows no
      // such connection and drops it (answering with a reset); the client waits for nothing.
      push(walk, host.id, host.id, 'drop', 'replyMismatch', packet, packet, { got: `${packet.src}:${packet.sport}`, want: `${origin.dst}:${origin.dport}` });
      return { outcome: 'dropped', host, packet };
    }
    const key = packet.icmp ? 'replyIcmp' : packet.dns ? dnsInKey(host, packet.dns) : packet.flags === 'RST,ACK' ? 'replyReset'
      : packet.flags === 'ABORT' ? 'replyAbort' : packet.proto === 'udp' ? 'replyDatagram' : 'replyDelivered';
    const params = {
      src: packet.icmp ? packet.src : `${packet.src}:${packet.sport}`, flags: packet.flags,
      ...(packet.dns ? { answer: packet.dns.answer || packet.dns.rcode || 'NXDOMAIN', name: packet.dns.name, rcode: packet.dns.rcode ?? '' } : {}),
      ...(packet.icmp ? { port: `${packet.sport}` } : {}),
    };
    push(walk, host.id, host.id, 'deliver', key, packet, packet, params);
    return { outcome: 'served', host, packet };
  }
  const pod = host.pod;
  if (packet.proto === 'udp' || packet.proto === 'sctp') return deliverDatagram(walk, host, packet);
  const answer = (flags: Packet['flags']): Packet => ({ src: packet.dst, dst: packet.src, ttl: 64, proto: 'tcp', sport: packet.dport, dport: packet.sport, flags, mark: 0 });
  const forwarded = acceptByForward(walk, host, packet);
  if (forwarded) return forwarded;
  if (host.external?.listening.includes(packet.dport)) {
    push(walk, host.id, host.id, 'deliver', 'deliverExternal', packet, packet, { host: host.name, port: packet.dport, src: packet.src });
    return { outcome: 'served', host, packet, answer: answer('SYN,ACK') };
  }
  if (pod && walk.net.listens(pod, packet.dport)) {
    push(walk, host.id, host.id, 'deliver', 'deliver', packet, packet, { pod: pod.name, port: packet.dport, src: packet.src },
      { provenance: pod.provenance ? [pod.provenance] : [] });
    return { outcome: 'served', host, packet, answer: answer('SYN,ACK'), proxy: ingressDecision(walk, pod, packet) };
  }
  push(walk, host.id, host.id, 'refuse', 'refusePod', packet, packet, { pod: host.name, port: packet.dport });
  return { outcome: 'refused', host, packet, answer: answer('RST,ACK') };
}

/**
 * A UDP datagram at a pod: CoreDNS answers a DNS question from the cluster's records; with
 * nothing listening, the kernel answers ICMP port unreachable (the client sees "refused").
 */
function deliverDatagram(walk: Walk, host: SimHost, packet: Packet): End {
  const pod = host.pod;
  const back = (dns?: Packet['dns']): Packet => ({ src: packet.dst, dst: packet.src, ttl: 64, proto: 'udp', sport: packet.dport, dport: packet.sport, flags: '', mark: 0, dns });
  if (host.external && packet.dns && packet.dport === 53) {
    // The outside host as CoreDNS's upstream (a `forward . IP` in the Corefile): it answers from
    // its /etc/hosts (dns.ts outsideAnswer).
    const result = outsideAnswer(walk.net.cluster, packet.dns.name, packet.dns.type as RecordType);
    const answer = result.answer.map((r) => r.data).join(', ');
    const reply = back({ ...packet.dns, answer, rcode: result.rcode });
    push(walk, host.id, host.id, 'dns', 'dnsUpstreamAnswer', packet, reply, { host: host.name, name: packet.dns.name, rcode: result.rcode, answer: answer || result.rcode });
    return { outcome: 'served', host, packet, answer: reply };
  }
  if (pod && packet.dns && walk.net.listens(pod, packet.dport, 'udp') && pod.images.some((i) => i.includes('coredns'))) {
    const result = lookup(walk.net.cluster, packet.dns.name, packet.dns.type as RecordType);
    const upstream = result.forwardedTo;
    if (upstream?.answered && pod.ip) {
      // CoreDNS's forward plugin asks its upstream with a query of its own, from the pod's address.
      const ask: Packet = {
        src: pod.ip, dst: upstream.server, ttl: 64, proto: 'udp', sport: 32768 + Math.floor(walk.rng() * 28232), dport: 53, flags: '', mark: 0,
        dns: { name: upstream.name, type: packet.dns.type },
      };
      push(walk, host.id, host.id, 'dns', 'dnsForward', ask, ask, { pod: pod.name, name: upstream.name, server: upstream.server });
      const returning = walk.returning;
      const end = routeOut(walk, host, ask, true);
      if (end.answer && end.host) {
        walk.returning = true;
        routeOut(walk, end.host, end.answer, true);
      }
      walk.returning = returning;
    }
    const answer = result.answer.map((r) => r.data).join(', ');
    const reply = back({ ...packet.dns, answer, rcode: result.rcode });
    push(walk, host.id, host.id, 'dns', 'dnsAnswer', packet, reply, { pod: pod.name, name: packet.dns.name, rcode: result.rcode, answer: answer || result.rcode },
      { provenance: pod.provenance ? [pod.provenance] : [] });
    return { outcome: 'served', host, packet, answer: reply };
  }
  if (pod && (packet.proto === 'udp' || packet.proto === 'sctp') && walk.net.listens(pod, packet.dport, packet.proto)) {
    // A server on the port (agnhost's, as the upstream NetworkPolicy e2e tests probe with
    // `agnhost connect --protocol`): a datagram back, or SCTP's INIT ACK.
    push(walk, host.id, host.id, 'deliver', 'deliverDatagram', packet, packet, { pod: pod.name, port: packet.dport, src: packet.src, proto: packet.proto },
      { provenance: pod.provenance ? [pod.provenance] : [] });
    return { outcome: 'served', host, packet, answer: packet.proto === 'sctp' ? { ...back(), proto: 'sctp', flags: 'INIT_ACK' } : back() };
  }
  if (packet.proto === 'sctp') {
    // An INIT to a port nobody listens on is "out of the blue": the kernel answers ABORT (RFC 9260 8.4).
    push(walk, host.id, host.id, 'refuse', 'refusePodSctp', packet, packet, { pod: host.name, port: packet.dport });
    return { outcome: 'refused', host, packet, answer: { ...back(), proto: 'sctp', flags: 'ABORT' } };
  }
  push(walk, host.id, host.id, 'refuse', 'refusePodUdp', packet, packet, { pod: host.name, port: packet.dport });
  return { outcome: 'refused', host, packet };
}

/** Which hop a DNS answer makes where it arrives: CoreDNS hearing from its upstream, or the pod's resolver. */
function dnsInKey(host: SimHost, dns: NonNullable<Packet['dns']>): string {
  if (host.pod?.images.some((i) => i.includes('coredns'))) return 'dnsUpstreamIn';
  // An address to connect to, or a name without one (NXDOMAIN, NODATA, SERVFAIL, a lone CNAME).
  return dns.rcode === 'NOERROR' && (dns.answer ?? '').split(', ').some((x) => parseIp(x) !== undefined) ? 'dnsAnswerIn' : 'dnsNoAddressIn';
}

function verdictEnd(walk: Walk, host: SimHost, result: EvalResult, packet: Packet): End {
  const rule = result.decidedBy;
  const key = result.verdict === 'REJECT' ? 'reject' : 'dropped';
  push(walk, host.id, elementOf(host, 'netfilter'), result.verdict === 'REJECT' ? 'refuse' : 'drop', key, packet, packet,
    // The rule's comment names it; a rule without one (KUBE-IPVS-FILTER's) is shown whole.
    { rule: rule ? rule.matches.find((m) => m.kind === 'comment')?.text ?? saveRule(rule) : '' },
    { provenance: rule?.provenance ? [rule.provenance] : [] });
  if (result.verdict !== 'REJECT') return { outcome: 'dropped', host, packet };
  return { outcome: 'refused', host, packet, answer: icmpUnreachable(walk, host, packet) };
}

/**
 * REJECT's answer (net/ipv4/netfilter/nf_reject_ipv4.c nf_send_unreach → icmp_send): ICMP port
 * unreachable back to the sender. Its source is the refused packet's destination when that was
 * the node's own address (INPUT); otherwise icmp_send leaves it to the route back to the sender
 * (`saddr = 0`): the address of that route's interface (cbr0's for a pod on the node).
 */
function icmpUnreachable(walk: Walk, host: SimHost, packet: Packet): Packet {
  const own = addressesOf(host);
  let src = own.includes(packet.dst) ? packet.dst : own.includes(packet.src) ? packet.src : undefined;
  if (!src) {
    const dev = walk.net.lookup(host, packet.src)?.route.dev;
    src = host.interfaces.find((i) => i.name === dev)?.address?.split('/')[0] ?? own[0];
  }
  return { src, dst: packet.src, ttl: 64, proto: 'icmp', sport: packet.dport, dport: packet.sport, flags: '', mark: 0, icmp: { type: 3, code: 3, text: 'port unreachable' } };
}

/**
 * Runs a netfilter hook and records it. Under kube-proxy's nftables mode its table's base chains
 * at the hook run too, in priority order with the iptables ones (nft.ts).
 */
function runHook(
  walk: Walk, host: SimHost, tableName: 'nat' | 'filter', hook: string, packet: Packet, ctState: 'NEW' | 'ESTABLISHED', dnatted: boolean,
  inInterface?: string, outInterface?: string,
): EvalResult {
  const iptables = (p: Packet) => runIptablesHook(walk, host, tableName, hook, p, ctState, dnatted, inInterface, outInterface);
  return host.nftables ? runNftHook(walk, host, host.nftables, tableName, hook, packet, ctState, inInterface, iptables) : iptables(packet);
}

/** Runs an iptables hook and records it: one hop per nat chain visited, one hop per filter hook. */
function runIptablesHook(
  walk: Walk, host: SimHost, tableName: 'nat' | 'filter', hook: string, packet: Packet, ctState: 'NEW' | 'ESTABLISHED', dnatted: boolean,
  inInterface?: string, outInterface?: string,
): EvalResult {
  const table = host.tables.find((t) => t.name === tableName)!;
  if (!walk.recent.has(host.id)) walk.recent.set(host.id, new Map());
  const recent = walk.recent.get(host.id)!;
  const ipsets = host.ipsets ? [...(host.ipvs?.ipsets ?? []), ...host.ipsets] : host.ipvs?.ipsets;
  const inBridge = inInterface !== undefined && host.interfaces.find((i) => i.name === inInterface)?.kind === 'bridge';
  // REDIRECT's address: the first one of the interface the packet came in on (nf_nat_redirect_ipv4).
  const redirectAddress = inInterface === undefined ? '127.0.0.1' : host.interfaces.find((i) => i.name === inInterface)?.address?.split('/')[0];
  const result = evaluateHook(table, hook, packet, { localAddresses: addressesOf(host), inInterface, outInterface, ctState, dnatted, draw: walk.draw, recent, ipsets, inBridge, redirectAddress });
  const element = elementOf(host, 'netfilter');
  const line = (r: EvalResult['visits'][number]['rules'][number]) => ({ text: r.text, matched: r.matched, matches: r.matches, provenance: r.rule.provenance });
  if (tableName === 'filter') {
    const rules = result.visits.flatMap((v) => v.rules.map(line));
    const provenance = result.visits.flatMap((v) => v.rules.filter((r) => r.matched && r.rule.provenance).map((r) => r.rule.provenance!));
    push(walk, host.id, element, 'filter', result.verdict === 'ACCEPT' ? 'filter' : 'filterStop', packet, result.packet,
      { hook, verdict: result.verdict, chains: result.visits.map((v) => v.chain).filter((c, i, a) => a.indexOf(c) === i).join(' → ') },
      { netfilter: { table: 'filter', chain: hook, hook, rules }, provenance });
    return result;
  }
  for (const visit of result.visits) {
    const fired = visit.rules.findLast((r) => r.matched && r.rule.target);
    const provenance: Provenance[] = fired?.rule.provenance ? [fired.rule.provenance] : [];
    const extra: Partial<Hop> = { netfilter: { table: 'nat', chain: visit.chain, hook, rules: visit.rules.map(line) }, provenance };
    if (visit.rules.some((r) => r.rule.target?.kind === 'jump' && r.rule.target.chain.startsWith('KUBE-SEP-'))) {
      const candidates = candidatesOf(table, visit.chain).map((c) => withPod(walk, c));
      extra.candidates = candidates;
      const sep = visit.exit.kind === 'jump' ? visit.exit.chain : '';
      extra.chosen = candidates.findIndex((c) => c.chain === sep);
      if (walk.candidates.length === 0) walk.candidates.push(...candidates);
    }
    const exit = visit.exit;
    const params: Record<string, string | number> = { table: 'nat', chain: visit.chain, hook };
    let key = 'chainEnd';
    if (exit.kind === 'jump') {
      key = 'chainJump';
      params.to = exit.chain;
      params.rule = fired?.text ?? '';
    } else if (exit.kind === 'return') key = 'chainReturn';
    else if (exit.kind === 'policy') key = 'chainPolicy';
    else if (exit.kind === 'verdict' && fired?.rule.target?.kind === 'DNAT') {
      key = 'chainDnat';
      params.to = fired.rule.target.to;
    } else if (exit.kind === 'verdict' && fired?.rule.target?.kind === 'REDIRECT') {
      key = 'chainRedirect';
      params.to = `${visit.after.dst}:${visit.after.dport}`;
      params.port = fired.rule.target.toPorts;
      params.dev = inInterface ?? '';
    } else if (exit.kind === 'verdict' && fired?.rule.target?.kind === 'MASQUERADE') {
      // kube-proxy's KUBE-POSTROUTING masquerades marked packets; flanneld's and the hairpin
      // rule match addresses instead.
      key = visit.before.mark !== visit.after.mark ? 'chainMasq' : 'chainMasqRule';
      params.rule = fired.text;
    }
    if (visit.before.mark !== visit.after.mark) {
      params.mark = `0x${visit.after.mark.toString(16)}`;
      if (key === 'chainEnd') key = 'chainMark';
    }
    push(walk, host.id, element, 'chain', key, visit.before, visit.after, params, extra);
  }
  return result;
}

function withPod(walk: Walk, c: Candidate): Candidate {
  const pod = walk.net.cluster.pods.find((p) => p.ip === c.ip);
  return pod ? { ...c, namespace: pod.namespace, pod: pod.name, node: pod.node } : c;
}
