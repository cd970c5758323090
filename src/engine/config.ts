/**
 * Cluster settings and nodes from real configuration kinds in the same YAML: kubeadm's
 * ClusterConfiguration, kube-proxy's KubeProxyConfiguration, and Node objects. Without them the
 * cluster is the articles' (defaults.ts).
 */
import { readCoreDnsHosts } from './corefile';
import { DEFAULT_NODES, DEFAULT_SETTINGS, NODE_LAN } from './defaults';
import { arr, labels, num, obj, str } from './fields';
import { CIDR_NOT_AVAILABLE, IPAM_NOT_STARTED, NodeCidrs, podSubnetErrors } from './control/nodeipam';
import { cidrContains, nthAddress, parseCidr, parseIp } from './ip';
import type { ClusterSettings, NodeInfo, ProxySettings, Taint } from './model';
import type { ParsedObject } from './parse';
import type { Diagnostic } from './types';

const DETECT_MODES: ProxySettings['detectLocalMode'][] = ['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'];

function configProblem(o: ParsedObject, path: string, field: string, value: unknown): Diagnostic {
  return {
    severity: 'error',
    code: 'config-invalid',
    message: `${o.kind} ${field}: "${String(value)}" is not valid; the default is used`,
    key: 'diag.configInvalid',
    params: { kind: o.kind, field, value: String(value) },
    range: o.paths[path] ?? o.range,
    object: o.kind,
  };
}

/** Reads ClusterConfiguration and KubeProxyConfiguration; bad values are reported and left at default. */
export function readSettings(objects: ParsedObject[]): { settings: ClusterSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const settings: ClusterSettings = { ...DEFAULT_SETTINGS, proxy: { ...DEFAULT_SETTINGS.proxy, ipvs: { ...DEFAULT_SETTINGS.proxy.ipvs } } };
  const cidr = (o: ParsedObject, path: string, field: string, value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const text = String(value);
    if (text.includes('/') && parseCidr(text)) return text;
    diagnostics.push(configProblem(o, path, field, value));
    return undefined;
  };

  const cluster = objects.find((o) => o.kind === 'ClusterConfiguration');
  let proxyClusterCIDRSet = false;
  if (cluster) {
    const net = obj(cluster.body.networking) ?? {};
    settings.podSubnet = cidr(cluster, 'networking.podSubnet', 'networking.podSubnet', net.podSubnet) ?? settings.podSubnet;
    diagnostics.push(...podSubnetProblems(cluster, settings.podSubnet));
    settings.serviceSubnet = cidr(cluster, 'networking.serviceSubnet', 'networking.serviceSubnet', net.serviceSubnet) ?? settings.serviceSubnet;
    settings.dnsDomain = str(net.dnsDomain) ?? settings.dnsDomain;
    const range = str(obj(obj(cluster.body.apiServer)?.extraArgs)?.['service-node-port-range']);
    if (range !== undefined) {
      const m = /^(\d+)-(\d+)$/.exec(range.trim());
      const [min, max] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
      if (m && min >= 1 && max <= 65535 && min <= max) settings.nodePortRange = { min, max };
      else diagnostics.push(configProblem(cluster, 'apiServer.extraArgs.service-node-port-range', 'service-node-port-range', range));
    }
  }
  const proxy = objects.find((o) => o.kind === 'KubeProxyConfiguration');
  if (proxy) {
    const b = proxy.body;
    const mode = str(b.mode);
    if (mode === 'ipvs' || mode === 'iptables' || mode === 'nftables' || mode === 'userspace') settings.proxy.mode = mode;
    else if (mode !== undefined && mode !== '') diagnostics.push(configProblem(proxy, 'mode', 'mode', mode));
    readIpvs(proxy, settings, diagnostics);
    if (b.clusterCIDR !== undefined) {
      // An empty clusterCIDR is legal: kube-proxy then cannot tell pod traffic apart.
      settings.proxy.clusterCIDR = b.clusterCIDR === '' ? '' : cidr(proxy, 'clusterCIDR', 'clusterCIDR', b.clusterCIDR) ?? settings.proxy.clusterCIDR;
      proxyClusterCIDRSet = true;
    }
    const detect = str(b.detectLocalMode);
    if (detect !== undefined && detect !== '') {
      if ((DETECT_MODES as string[]).includes(detect)) settings.proxy.detectLocalMode = detect as ProxySettings['detectLocalMode'];
      else diagnostics.push(configProblem(proxy, 'detectLocalMode', 'detectLocalMode', detect));
    }
    const detectLocal = obj(b.detectLocal) ?? {};
    settings.proxy.bridgeInterface = str(detectLocal.bridgeInterface) ?? settings.proxy.bridgeInterface;
    settings.proxy.interfaceNamePrefix = str(detectLocal.interfaceNamePrefix) ?? settings.proxy.interfaceNamePrefix;
    const ipt = obj(b.iptables) ?? {};
    if (typeof ipt.masqueradeAll === 'boolean') settings.proxy.masqueradeAll = ipt.masqueradeAll;
    const bit = num(ipt.masqueradeBit);
    if (bit !== undefined) {
      if (Number.isInteger(bit) && bit >= 0 && bit <= 31) settings.proxy.masqueradeBit = bit;
      else diagnostics.push(configProblem(proxy, 'iptables.masqueradeBit', 'iptables.masqueradeBit', bit));
    }
    if (typeof ipt.localhostNodePorts === 'boolean') settings.proxy.localhostNodePorts = ipt.localhostNodePorts;
    if (settings.proxy.mode === 'nftables') readNftables(proxy, settings, diagnostics);
    if (settings.proxy.mode === 'userspace') diagnostics.push(userspaceRemoved(proxy));
    readPortRange(proxy, settings, diagnostics);
    settings.proxy.nodePortAddresses = arr(b.nodePortAddresses).map(String).filter((c, i) => {
      const ok = c.includes('/') && parseCidr(c) !== undefined;
      if (!ok) diagnostics.push(configProblem(proxy, `nodePortAddresses.${i}`, 'nodePortAddresses', c));
      return ok;
    });
    // localhostNodePorts only works when the node-port addresses include IPv4 loopback.
    if (settings.proxy.nodePortAddresses.length > 0 && !settings.proxy.nodePortAddresses.some((c) => parseCidr(c)!.bits === 0 || cidrContains(parseCidr(c)!, parseIp('127.0.0.1')!))) {
      settings.proxy.localhostNodePorts = false;
    }
  }
  if (settings.proxy.mode === 'ipvs' && !settings.proxy.ipvs.strictARP) {
    const pool = objects.find((o) => o.kind === 'IPAddressPool');
    if (pool && proxy) diagnostics.push(strictArpMissing(proxy));
  }
  // kubeadm hands its podSubnet to kube-proxy unless the KubeProxyConfiguration says otherwise.
  if (!proxyClusterCIDRSet) settings.proxy.clusterCIDR = settings.podSubnet;
  readFlannel(objects, settings, diagnostics);
  settings.dnsHosts = readCoreDnsHosts(objects, diagnostics);
  return { settings, diagnostics };
}

/**
 * A podSubnet kubeadm refuses, in its words, at the line; and when it cannot hold one node's
 * /24, kube-controller-manager's refusal to run its node IPAM controller: then no node gets a
 * podCIDR (readNodes), and no pod an address.
 */
function podSubnetProblems(cluster: ParsedObject, podSubnet: string): Diagnostic[] {
  const subnet = parseCidr(podSubnet)!;
  const at = (message: string, code: string): Diagnostic => ({
    severity: 'error', code, message, range: cluster.paths['networking.podSubnet'] ?? cluster.range, object: cluster.kind,
  });
  const out = podSubnetErrors(subnet).map((m) => at(m, 'pod-subnet-invalid'));
  if (!new NodeCidrs(subnet).running) out.push(at(IPAM_NOT_STARTED, 'node-ipam-not-started'));
  return out;
}

/**
 * The schedulers the kernel ships (net/netfilter/ipvs/Kconfig: ip_vs_rr, _wrr, _lc, _wlc, _fo,
 * _ovf, _lblc, _lblcr, _dh, _sh, _mh, _sed, _nq, _twos). kube-proxy v1.28 accepts any name and
 * checks it by creating a dummy virtual server (pkg/proxy/ipvs/proxier.go CanUseIPVSProxier).
 */
const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'fo', 'ovf', 'lblc', 'lblcr', 'dh', 'sh', 'mh', 'sed', 'nq', 'twos'];

function readIpvs(proxy: ParsedObject, settings: ClusterSettings, diagnostics: Diagnostic[]): void {
  const ipvs = obj(proxy.body.ipvs) ?? {};
  const scheduler = str(ipvs.scheduler);
  if (scheduler !== undefined && scheduler !== '') {
    if (IPVS_SCHEDULERS.includes(scheduler)) settings.proxy.ipvs.scheduler = scheduler;
    else diagnostics.push(configProblem(proxy, 'ipvs.scheduler', 'ipvs.scheduler', scheduler));
  }
  if (typeof ipvs.strictARP === 'boolean') settings.proxy.ipvs.strictARP = ipvs.strictARP;
}

/**
 * The nftables mode reads its own `nftables.masqueradeBit` and `nftables.masqueradeAll`
 * (cmd/kube-proxy/app/server_linux.go passes config.NFTables' to nftables.NewDualStackProxier),
 * not the iptables ones; their defaults are the same (14, false).
 */
function readNftables(proxy: ParsedObject, settings: ClusterSettings, diagnostics: Diagnostic[]): void {
  const nft = obj(proxy.body.nftables) ?? {};
  settings.proxy.masqueradeBit = DEFAULT_SETTINGS.proxy.masqueradeBit;
  settings.proxy.masqueradeAll = DEFAULT_SETTINGS.proxy.masqueradeAll;
  if (typeof nft.masqueradeAll === 'boolean') settings.proxy.masqueradeAll = nft.masqueradeAll;
  const bit = num(nft.masqueradeBit);
  if (bit !== undefined) {
    if (Number.isInteger(bit) && bit >= 0 && bit <= 31) settings.proxy.masqueradeBit = bit;
    else diagnostics.push(configProblem(proxy, 'nftables.masqueradeBit', 'nftables.masqueradeBit', bit));
  }
}

/**
 * `mode: userspace` is modelled as kube-proxy ≤ v1.25 ran it (kubeproxy/userspace/). v1.26
 * removed the mode (kubernetes#112133), and a v1.26+ kube-proxy refuses the configuration at
 * validation (pkg/proxy/apis/config/validation/validation.go, validateProxyModeLinux; v1.26-v1.28
 * list the valid modes as "iptables,ipvs"). Said as a warning, the build goes on.
 */
function userspaceRemoved(proxy: ParsedObject): Diagnostic {
  return {
    severity: 'warning',
    code: 'proxy-mode-userspace-removed',
    message: 'mode userspace is kube-proxy v1.25 and earlier, modelled as it was; it was removed in v1.26, where kube-proxy refuses it: KubeProxyConfiguration.ProxyMode: Invalid value: "userspace": must be iptables,ipvs or blank (blank means the best-available proxy [currently iptables])',
    key: 'diag.userspaceRemoved',
    range: proxy.paths.mode ?? proxy.range,
    object: proxy.kind,
  };
}

/**
 * `portRange` (utilnet.ParsePortRange): `begin-end`, `begin+offset` or a single port; empty or
 * `0-0` leaves the kernel to choose. Only the userspace mode reads it.
 */
function readPortRange(proxy: ParsedObject, settings: ClusterSettings, diagnostics: Diagnostic[]): void {
  const raw = proxy.body.portRange;
  if (raw === undefined || raw === null || raw === '' || raw === '0-0' || raw === 0 || raw === '0') return;
  const text = String(raw).trim();
  const m = /^(\d+)(?:([-+])(\d+))?$/.exec(text);
  let range: { min: number; max: number } | undefined;
  if (m) {
    const base = Number(m[1]);
    const max = m[2] === '-' ? Number(m[3]) : m[2] === '+' ? base + Number(m[3]) : base;
    if (base >= 1 && max <= 65535 && base <= max) range = { min: base, max };
  }
  if (range) settings.proxy.portRange = range;
  else diagnostics.push(configProblem(proxy, 'portRange', 'portRange', raw));
}

/**
 * MetalLB's layer-2 mode needs `strictARP: true` under IPVS: kube-proxy binds every
 * LoadBalancer address to kube-ipvs0 on every node, and with the kernel's default arp_ignore
 * every node would answer ARP for it (MetalLB installation docs, "Preparation").
 */
function strictArpMissing(proxy: ParsedObject): Diagnostic {
  return {
    severity: 'warning',
    code: 'ipvs-strict-arp',
    message: 'mode ipvs without ipvs.strictARP: true: every node answers ARP for LoadBalancer addresses bound to kube-ipvs0, which MetalLB in layer 2 mode does not support',
    key: 'diag.ipvsStrictArp',
    range: proxy.paths['ipvs.strictARP'] ?? proxy.paths.mode ?? proxy.range,
    object: proxy.kind,
  };
}

/** The flannel backends this cluster can simulate; flannel has others (udp, wireguard, ipsec…). */
const OVERLAYS: ClusterSettings['overlay'][] = ['host-gw', 'vxlan'];

/**
 * flannel reads `net-conf.json` from its ConfigMap `kube-flannel-cfg` (kube-flannel.yml puts it
 * in namespace kube-flannel): `{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}`.
 */
function readFlannel(objects: ParsedObject[], settings: ClusterSettings, diagnostics: Diagnostic[]): void {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.name === 'kube-flannel-cfg');
  const text = cm && str(obj(cm.body.data)?.['net-conf.json']);
  if (!cm || text === undefined) return;
  let type: unknown;
  try {
    type = obj(obj(JSON.parse(text))?.Backend)?.Type;
  } catch {
    diagnostics.push(configProblem(cm, 'data.net-conf.json', 'net-conf.json', text.trim()));
    return;
  }
  if ((OVERLAYS as unknown[]).includes(type)) settings.overlay = type as ClusterSettings['overlay'];
  else diagnostics.push(configProblem(cm, 'data.net-conf.json', 'Backend.Type', type));
}

/**
 * The nodes: those written as Node objects, in document order, or the articles' three. A
 * missing podCIDR is given the next free /24 of the pod subnet by the node IPAM controller, or
 * none when the subnet has none left ('' then: `kubectl get node` shows no PodCIDR); a missing
 * InternalIP the next free address from .101 on the node LAN.
 */
export function readNodes(objects: ParsedObject[], settings: ClusterSettings): { nodes: NodeInfo[]; diagnostics: Diagnostic[] } {
  const written = objects.filter((o) => o.kind === 'Node');
  const diagnostics: Diagnostic[] = [];
  const ipam = new NodeCidrs(parseCidr(settings.podSubnet)!);
  if (written.length === 0) {
    // The articles' nodes, with their subnets carved from whatever pod subnet is configured.
    const cluster = objects.find((o) => o.kind === 'ClusterConfiguration');
    const nodes = DEFAULT_NODES.map((n) => {
      const podCIDR = ipam.running ? ipam.allocate() : undefined;
      if (!podCIDR && ipam.running && cluster) {
        diagnostics.push({ severity: 'warning', code: 'cidr-not-available', message: CIDR_NOT_AVAILABLE, range: cluster.paths['networking.podSubnet'] ?? cluster.range, object: `Node/${n.name}` });
      }
      return { ...n, podCIDR: podCIDR ?? '' };
    });
    return { nodes, diagnostics };
  }
  const lan = parseCidr(NODE_LAN)!;
  const usedIps = new Set<string>();
  const parsedNodes = written.map((o) => {
    const spec = obj(o.body.spec) ?? {};
    const ip = internalIp(o, diagnostics);
    const podCIDR = str(spec.podCIDR);
    if (ip) usedIps.add(ip);
    if (podCIDR) ipam.occupy(podCIDR);
    return { o, spec, ip, podCIDR };
  });
  let nextIp = 101;
  const nodes = parsedNodes.map(({ o, spec, ip, podCIDR }) => {
    let address = ip;
    while (!address && nextIp < 255) {
      const candidate = nthAddress(lan, nextIp++);
      if (!usedIps.has(candidate)) address = candidate;
    }
    // More nodes than the LAN holds: past .254 the addresses run on, as no LAN would.
    address ??= nthAddress(lan, nextIp++);
    let cidr = podCIDR && parseCidr(podCIDR) ? podCIDR : undefined;
    if (!cidr && ipam.running) {
      cidr = ipam.allocate();
      if (!cidr) diagnostics.push({ severity: 'warning', code: 'cidr-not-available', message: CIDR_NOT_AVAILABLE, range: o.range, object: `Node/${o.name}` });
    }
    const nodeLabels = { 'kubernetes.io/hostname': o.name, ...labels(obj(o.body.metadata)?.labels) };
    const taints: Taint[] = arr(spec.taints).map((t) => obj(t) ?? {}).map((t) => ({
      key: str(t.key) ?? '',
      value: str(t.value),
      effect: (str(t.effect) ?? 'NoSchedule') as Taint['effect'],
    }));
    const node: NodeInfo = {
      name: o.name,
      ip: address,
      podCIDR: cidr ?? '',
      labels: nodeLabels,
      taints,
      controlPlane: 'node-role.kubernetes.io/control-plane' in nodeLabels,
      unschedulable: spec.unschedulable === true,
      provenance: { object: `Node/${o.name}`, range: o.range },
    };
    return node;
  });
  return { nodes, diagnostics };
}

/**
 * The node's InternalIP, as kube-proxy and the kubelet read it (GetNodeHostIPs, in
 * k8s.io/component-helpers/node/util): the first that parses. The API server does not check
 * status addresses (pkg/apis/core/validation: ValidateNode validates the spec only), so a
 * typo is stored, and kube-proxy logs "Failed to retrieve node IPs" with the error below
 * (cmd/kube-proxy/app/server.go getNodeIPs). Such a node is treated as one without an
 * address. Podpath simulates IPv4 only: an IPv6 InternalIP is reported as such.
 */
function internalIp(o: ParsedObject, diagnostics: Diagnostic[]): string | undefined {
  const addresses = arr(obj(o.body.status)?.addresses).map((a) => obj(a) ?? {});
  const internal = addresses.map((a, i) => ({ a, i })).filter(({ a }) => a.type === 'InternalIP');
  const usable = internal.find(({ a }) => typeof a.address === 'string' && parseIp(a.address) !== undefined);
  if (usable || internal.length === 0) return usable?.a.address as string | undefined;
  const first = internal[0];
  const text = String(first.a.address ?? '');
  const range = o.paths[`status.addresses.${first.i}.address`] ?? o.paths[`status.addresses.${first.i}`] ?? o.range;
  if (/^[0-9a-fA-F:.]+$/.test(text) && text.includes(':')) {
    diagnostics.push({
      severity: 'warning', code: 'node-ip-ipv6', range, object: `Node/${o.name}`,
      message: `node ${o.name}'s InternalIP ${text} is IPv6: Podpath simulates IPv4 only, and puts the node at the next free address`,
      key: 'diag.nodeIpv6', params: { node: o.name, ip: text },
    });
    return undefined;
  }
  // Go's %v of []NodeAddress: `[{InternalIP 192.168.255.102x} {Hostname node01}]`.
  const known = addresses.map((a) => `{${String(a.type ?? '')} ${String(a.address ?? '')}}`).join(' ');
  diagnostics.push({
    severity: 'warning', code: 'node-ip-unknown', range, object: `Node/${o.name}`,
    message: `Failed to retrieve node IPs: host IP unknown; known addresses: [${known}]`,
  });
  return undefined;
}
