/** The words the canvas uses for kube-proxy's mode: a node's netfilter box, a Service's box, and their screen-reader labels. */
import type { ProxySettings, ServiceInfo, ServicePort } from '../engine/model';
import { skippedByKubeProxy } from '../engine/kubeproxy/skip';

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

/**
 * What a Service is on the nodes: the mode's rules, or, for a headless or ExternalName Service,
 * nothing at all; DNS answers for it (the pods' addresses, or a CNAME).
 */
export function serviceNoteKey(svc: ServiceInfo, mode: Mode): string {
  if (svc.type === 'ExternalName') return 'canvas.serviceExternalName';
  if (skippedByKubeProxy(svc)) return 'canvas.serviceHeadless';
  return virtualKey(mode);
}

/**
 * A port of a Service as its box shows it: the address and port kube-proxy catches and the
 * port it forwards to. A headless Service has no address (kubectl's CLUSTER-IP column says
 * None); an ExternalName Service's ports are only listed (PORT(S) 80/TCP): nothing forwards them.
 */
export function servicePortLine(svc: ServiceInfo, p: ServicePort): string {
  if (svc.type === 'ExternalName') return `${p.port}/${p.protocol}`;
  const address = svc.clusterIP === 'None' ? 'None · ' : `${svc.clusterIP}:`;
  return `${address}${p.port}/${p.protocol}${p.nodePort ? ` · nodePort ${p.nodePort}` : ''} → targetPort ${String(p.targetPort)}`;
}
