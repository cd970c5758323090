/** English messages of Calico's hops and matches (the main catalogue spreads them in, see en.ts). */
export const enCalico = {
  'hop.caliFromPod.title': 'veth out of the pod to {veth} (proxy ARP)',
  'hop.caliFromPod.explain': '{pod}\'s default route goes via {gateway}, an address nobody holds. The host end of its veth, {veth} on {node}, has proxy_arp on and answers the ARP with its own MAC {mac}, so the frame crosses the veth to the node, which routes it. There is no bridge.',
  'hop.caliToPod.title': '{veth} into the pod',
  'hop.caliToPod.explain': 'The node\'s /32 route for the pod points at {veth}, the host end of {pod}\'s veth: the frame crosses it into the pod (its eth0 has MAC {mac}).',
  'hop.ipipEncap.title': '{dev}: IP-in-IP to {node}',
  'hop.ipipEncap.explain': 'BIRD\'s route sends the block to {dev} with {ip} (the node {node}) as an on-link gateway. The ipip driver puts a second IPv4 header in front (protocol 4) from {src} to {ip} and sends it out of eth0. The inner packet is unchanged.',
  'hop.ipipDecap.title': '{dev}: outer header removed',
  'hop.ipipDecap.explain': 'An IPv4 packet of protocol 4 from {src}: {dev} takes the outer header off and the inner packet arrives as if on {dev}.',
  'hop.wireIpip.title': 'LAN: IP-in-IP {from} → {to}',
  'hop.wireIpip.explain': 'The tunnelled packet crosses the node LAN from {from} to {to} ({ip}).',
  'hop.caliVxlanEncap.title': '{dev}: VXLAN to {node}',
  'hop.caliVxlanEncap.explain': 'felix\'s route sends the block to {dev}, Calico\'s VXLAN device. Its neighbor and forwarding entries say the next hop lives behind {node} ({ip}): the kernel wraps the whole frame in a UDP packet to {ip}:{port}, VNI {vni}. The inner packet is unchanged.',
  'hop.blackhole.title': 'blackhole route',
  'hop.blackhole.explain': '{dst} is in this node\'s own Calico block, but no pod holds it: the block\'s blackhole route ({route}) discards the packet.',
  'match.out.held': 'leaves by {dev}, which {negated, select, 1 {is not} other {is}} {iface}',
  'match.out.failed': 'leaves by {dev}, which {negated, select, 1 {is} other {is not}} {iface}',
};
