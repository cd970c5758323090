/** The words the canvas uses for kube-proxy's mode: a node's netfilter box, a Service's box, and their screen-reader labels. */
import type { ProxySettings } from '../engine/model';

type Mode = ProxySettings['mode'];

/** Who writes the node's rules. */
const KICKER: Record<Mode, string> = {
  iptables: 'canvas.netfilter',
  ipvs: 'canvas.netfilterIpvs',
  nftables: 'canvas.netfilterNft',
  userspace: 'canvas.netfilterUserspace',
};

/** What a Service is on the nodes. */
const VIRTUAL: Record<Mode, string> = {
  iptables: 'canvas.serviceVirtual',
  ipvs: 'canvas.serviceVirtualIpvs',
  nftables: 'canvas.serviceVirtualNft',
  userspace: 'canvas.serviceVirtualUserspace',
};

export const kickerKey = (mode: Mode): string => KICKER[mode] ?? KICKER.iptables;
export const virtualKey = (mode: Mode): string => VIRTUAL[mode] ?? VIRTUAL.iptables;
