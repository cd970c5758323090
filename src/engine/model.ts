/**
 * The simulated cluster after the API server, the controllers and the node agents have done
 * their work. Plain data: every stage reads the previous one and adds to it.
 */
import type { Diagnostic, Message, Provenance, SourceRange } from './types';
import type { IngressInfo } from './ingress/admit';
import type { Table } from './netfilter/rules';
import type { NftTable } from './kubeproxy/nftables/model';
import type { CoreDnsHosts } from './corefile';
import type { Program } from './images/programs';
import type { NetworkPolicyInfo } from './netpol/types';
import type { CniChoice } from './cni/choice';

/** Cluster-wide settings, as kubeadm and kube-proxy configuration would set them. */
export interface ClusterSettings {
  podSubnet: string;
  serviceSubnet: string;
  nodePortRange: { min: number; max: number };
  dnsDomain: string;
  proxy: ProxySettings;
  /**
   * How pod traffic crosses between nodes: flannel's `Backend.Type` in its `kube-flannel-cfg`
   * ConfigMap. `host-gw` routes each node's pod subnet via that node's IP; `vxlan` wraps the
   * packet in UDP (port 8472) through the `flannel.1` device.
   */
  overlay: 'host-gw' | 'vxlan';
  /** CoreDNS's `hosts` plugin, from the `coredns` ConfigMap's Corefile: names for the world outside. */
  dnsHosts: CoreDnsHosts;
}

/** KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1), the fields that shape the rules. */
export interface ProxySettings {
  /**
   * `nftables`: kube-proxy's nftables mode (kubeproxy/nftables/), its one table instead of iptables rules.
   * `userspace`: kube-proxy ≤ v1.25's userspace mode (kubeproxy/userspace/): iptables rules redirect
   * each Service address to a port the kube-proxy process listens on, and it opens a new connection
   * to an endpoint. Removed in v1.26.
   */
  mode: 'iptables' | 'ipvs' | 'nftables' | 'userspace';
  /**
   * `portRange` (userspace mode): the host ports kube-proxy may listen on for proxying; absent,
   * the kernel's ephemeral ports (kubeproxy/userspace/proxier.ts).
   */
  portRange?: { min: number; max: number };
  /** `clusterCIDR`: with it (and detectLocalMode ClusterCIDR), kube-proxy tells pod traffic apart. */
  clusterCIDR: string;
  detectLocalMode: 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';
  bridgeInterface: string;
  interfaceNamePrefix: string;
  masqueradeAll: boolean;
  masqueradeBit: number;
  localhostNodePorts: boolean;
  /** Empty: node ports answer on every local address. */
  nodePortAddresses: string[];
  /** KubeProxyConfiguration `ipvs`: the kernel scheduler for every virtual server, and strictARP. */
  ipvs: { scheduler: string; strictARP: boolean };
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  labels: Record<string, string>;
  taints: Taint[];
  controlPlane: boolean;
  /** `kubectl cordon`: the scheduler places no new pods here. */
  unschedulable?: boolean;
  provenance?: Provenance;
}

/** A host outside the cluster, on the node LAN (the teacher's laptop, a curl client). */
export interface ExternalHost {
  name: string;
  ip: string;
  /** TCP ports a server on this host answers (seed 000 runs nginx on the VMware host, port 80). */
  listening: number[];
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface PodInfo {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  node?: string;
  ip?: string;
  phase: 'Pending' | 'Running';
  /** What `kubectl get pods` shows in STATUS when it differs from the phase (CrashLoopBackOff). */
  status?: 'CrashLoopBackOff';
  ready: boolean;
  /** Shares the node's network namespace: the node's IP, no veth, ports bound on the node. */
  hostNetwork?: boolean;
  /** spec.hostname and spec.subdomain: with a headless Service named like the subdomain, a DNS name. */
  hostname?: string;
  subdomain?: string;
  /** spec.dnsPolicy, defaulted to ClusterFirst. */
  dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /** Ports this pod holds on its node (hostPort, or every declared port under hostNetwork). */
  hostPorts: { hostIP?: string; port: number; protocol: ContainerPort['protocol']; containerPort: number }[];
  /** Why a running pod is not ready (a readiness probe that cannot pass). */
  notReady?: Message;
  /** The ports the containers declare. A packet to a port nothing listens on is refused. */
  ports: ContainerPort[];
  /** Container images. */
  images: string[];
  /** The TCP/UDP ports a process in the pod listens on (see control/workloads.ts). */
  listening: ContainerPort[];
  /** Each container's program as the image model knows it: its binds in order, what it answers (images/). */
  programs?: Program[];
  /** `ReplicaSet/ns/name` or `Pod/ns/name` when written directly. */
  owner?: string;
  /** Part of the cluster itself (CoreDNS), not of the user's YAML. */
  system?: boolean;
  /** The host-side end of the pod's veth pair, e.g. `veth3c1d2a4e`. */
  hostVeth?: string;
  /**
   * The pods of the same controller this one stands in for, oldest first: each was deleted
   * (`kubectl delete pod`, recorded in the workload's `podpath.dev/deleted-pods` annotation) and
   * its controller made the next. `deletion` orders the deletions across the cluster. Their
   * addresses were taken and released before this pod got its own (see assignPodIps).
   */
  replaces?: { name: string; deletion: number }[];
  provenance?: Provenance;
}

export interface ServicePort {
  name?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** An allocated address, `None` for a headless Service, empty for ExternalName. */
  clusterIP: string;
  /** For ExternalName: the DNS name the Service's name is a CNAME of. */
  externalName?: string;
  /** Addresses the cluster admin routes to nodes; kube-proxy captures traffic to them. */
  externalIPs: string[];
  /** `status.loadBalancer.ingress[].ip`: written in the YAML, or given by a MetalLB pool. */
  loadBalancerIPs: string[];
  /** `spec.loadBalancerIP`, the (deprecated) request for a particular address. */
  requestedLoadBalancerIP?: string;
  loadBalancerSourceRanges: string[];
  /** For LoadBalancer with externalTrafficPolicy Local: the port the LB probes on every node. */
  healthCheckNodePort?: number;
  /** MetalLB layer 2: the node that answers ARP for the load-balancer address. */
  announcedBy?: string;
  /** Part of the cluster itself (`kubernetes`, `kube-dns`), not of the user's YAML. */
  system?: boolean;
  selector?: Record<string, string>;
  ports: ServicePort[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  internalTrafficPolicy: 'Cluster' | 'Local';
  /** ClientIP pins each client address to one endpoint for `affinityTimeout` seconds. */
  sessionAffinity: 'None' | 'ClientIP';
  affinityTimeout: number;
  /** Endpoints count as ready even when their pods are not (for StatefulSet peer discovery). */
  publishNotReadyAddresses: boolean;
  provenance?: Provenance;
  /** Ranges of single fields (`spec.ports.0.nodePort`), for pointing hops at lines. */
  fieldProvenance: Record<string, Provenance>;
}

/** One endpoint of one EndpointSlice port, as kube-proxy reads it. */
export interface EndpointInfo {
  ip: string;
  port: number;
  portName?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  ready: boolean;
  /** The `serving` condition: the pod is ready even if terminating. Absent means true, as kube-proxy reads it. */
  serving?: boolean;
  /** The `terminating` condition: the pod is being deleted. Absent means false. */
  terminating?: boolean;
  nodeName?: string;
  /** `pod/ns/name` when the endpoint is a pod. */
  targetRef?: string;
  /** Where the address was written, for endpoints of a hand-written Endpoints object. */
  provenance?: Provenance;
}

export interface EndpointSliceInfo {
  namespace: string;
  name: string;
  serviceName: string;
  endpoints: EndpointInfo[];
}

export interface Route {
  /** `default` or a CIDR. */
  dst: string;
  dev: string;
  via?: string;
  scope?: 'link';
  src?: string;
  /**
   * Who installed the route: the kernel (with an address), BIRD (Calico's BGP routes, `proto
   * bird`) or felix (its VXLAN routes, protocol 80, which iproute2 prints as a number). Absent:
   * `proto boot`, which iproute2 does not print (felix's routes to local pods).
   */
  proto?: 'kernel' | 'bird' | '80';
  /** The gateway is reachable on `dev` without a route for it (flannel's VXLAN routes). */
  onlink?: boolean;
  /** `blackhole`: packets to the prefix are dropped (Calico's route for a node's own block). */
  type?: 'blackhole';
}

export interface Interface {
  name: string;
  /** The address with its prefix, e.g. `10.244.1.1/24`; absent on a bridge port. */
  address?: string;
  kind: 'ethernet' | 'bridge' | 'veth' | 'loopback' | 'vxlan' | 'dummy' | 'ipip';
  /**
   * `net.ipv4.conf.<dev>.proxy_arp=1`: the host answers ARP on this device for addresses it
   * routes elsewhere, with its own MAC. The Calico CNI plugin sets it on each pod's host veth,
   * which is how the pod's gateway 169.254.1.1 gets an answer.
   */
  proxyArp?: boolean;
  /**
   * Every further address on the device, each a /32. kube-proxy's IPVS mode binds every Service
   * address to the dummy device `kube-ipvs0` (left DOWN), so the kernel takes them as local.
   */
  extraAddresses?: string[];
  /** The device is administratively down (kube-ipvs0). */
  down?: boolean;
  /** For VXLAN devices: the VNI, the local address the tunnel leaves from, and the UDP port. */
  vxlan?: { id: number; local: string; port: number };
  /** For veths: the bridge the interface is a port of. */
  master?: string;
  /** For veths: `pod/ns/name` on the other end. */
  peer?: string;
  mac: string;
}

/** What one node's kernel holds: its interfaces, its routing table, its netfilter tables. */
export interface NodeDataplane {
  node: string;
  interfaces: Interface[];
  routes: Route[];
  /**
   * With VXLAN, what flanneld writes for every other node: the ARP entry of its flannel.1
   * address, and the forwarding entry that sends that MAC to the node's IP.
   */
  neighbors?: { ip: string; mac: string; dev: string }[];
  fdb?: { mac: string; dev: string; dst: string }[];
  tables: Table[];
  /**
   * In kube-proxy's nftables mode: its `ip kube-proxy` table, the node's kube-proxy rules
   * (`tables` then holds only what the kubelet, flanneld and the CNI plugin write).
   */
  nftables?: NftTable;
  /** In kube-proxy's IPVS mode: the kernel's virtual servers and kube-proxy's ipsets. */
  ipvs?: IpvsState;
  /** ipsets other agents keep (felix's `cali40…` sets on a Calico node). */
  ipsets?: IpSet[];
  /** In kube-proxy's userspace mode (≤ v1.25): the proxy ports its process listens on. */
  userspace?: UserspaceState;
}

/**
 * kube-proxy's userspace mode on one node (kubeproxy/userspace/): the process itself listens
 * on one port per Service port and opens a connection of its own to an endpoint.
 */
export interface UserspaceState {
  /** `bindAddress`: where the proxy sockets listen (0.0.0.0, every address). */
  listenIP: string;
  /** The node address the host-side DNAT rules send to (utilnet.ChooseHostInterface). */
  hostIP: string;
  ports: UserspacePort[];
}

/** One Service port as the userspace proxier holds it (its ServiceInfo and LoadBalancerRR state). */
export interface UserspacePort {
  /** kube-proxy's ServicePortName, `ns/name[:port]`. */
  servicePort: string;
  protocol: 'TCP' | 'UDP';
  /** The port kube-proxy's socket listens on, on every address of the node. */
  proxyPort: number;
  clusterIP: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  sessionAffinity: 'None' | 'ClientIP';
  affinityTimeout: number;
  /** The ready endpoints, `ip:port`, in the order round-robin takes them. */
  endpoints: string[];
  provenance?: Provenance;
}

/** One IPVS virtual service, as `ipvsadm -Ln` lists it: an address, a port and a scheduler. */
export interface VirtualServer {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  address: string;
  port: number;
  /** The kernel scheduler (`rr` unless KubeProxyConfiguration says otherwise). */
  scheduler: string;
  /** sessionAffinity ClientIP: the persistence timeout in seconds. */
  persistent?: number;
  /** Scheduler flags ipvsadm shows in parentheses (`mh-port` for mh). */
  schedulerFlags?: string[];
  /** The real servers (endpoints), in the order kube-proxy adds them. */
  reals: RealServer[];
  /** kube-proxy's ServicePortName (`ns/name[:port]`), and which address of the Service this is. */
  servicePort: string;
  role: 'cluster IP' | 'external IP' | 'load balancer' | 'node port';
  provenance?: Provenance;
}

/** A destination of a virtual server: kube-proxy always uses NAT (`Masq`) and weight 1. */
export interface RealServer {
  address: string;
  port: number;
  weight: number;
}

/** An ipset kube-proxy keeps: its members in `ipset list` syntax (`10.96.0.1,tcp:443`). */
export interface IpSet {
  name: string;
  type: 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port' | 'hash:net';
  comment: string;
  entries: string[];
}

export interface IpvsState {
  virtualServers: VirtualServer[];
  ipsets: IpSet[];
}

export interface PodDataplane {
  pod: string;
  interfaces: Interface[];
  routes: Route[];
}

/** A Deployment, ReplicaSet, StatefulSet or DaemonSet the API server accepted. */
export interface WorkloadInfo {
  kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** spec.selector.matchLabels: how kubectl finds the workload's pods. */
  selector: Record<string, string>;
  provenance?: Provenance;
}

export interface Cluster {
  settings: ClusterSettings;
  nodes: NodeInfo[];
  /** The node LAN every eth0 and the outside hosts share; 192.168.255.0/24 when absent (import/lan.ts). */
  lan?: string;
  /** The LAN's router, every host's default gateway; 192.168.255.2 when absent. */
  lanGateway?: string;
  externals: ExternalHost[];
  pods: PodInfo[];
  workloads: WorkloadInfo[];
  services: ServiceInfo[];
  endpointSlices: EndpointSliceInfo[];
  nodeDataplanes: NodeDataplane[];
  podDataplanes: PodDataplane[];
  ingresses: IngressInfo[];
  diagnostics: Diagnostic[];
  /**
   * The user's objects as the API server holds them after this build, by `Kind/namespace/name`:
   * what a later build falls back to when it refuses a new version (admit/apply.ts).
   */
  accepted: Record<string, AcceptedObject>;
  /** Objects whose latest version was refused, so the cluster runs the version accepted before. */
  kept: string[];
  /**
   * Every document of the text, in order, as the parse found it (refused ones too): the page
   * finds the object under the editor's cursor here instead of parsing the text again.
   * `Kind/namespace/name`, `Node/name` for a Node.
   */
  outline?: { object: string; range: SourceRange }[];
  /** The namespaces that exist, with their labels (what a NetworkPolicy's namespaceSelector sees). */
  namespaces?: NamespaceInfo[];
  /** The NetworkPolicies the API server stored, defaulted, in the order written. */
  networkPolicies?: NetworkPolicyInfo[];
  /** The network plugin: flannel unless an Installation (operator.tigera.io/v1) makes it Calico. Absent: flannel. */
  cni?: CniChoice;
}

/**
 * A namespace as a NetworkPolicy's namespaceSelector sees it: its labels, with
 * `kubernetes.io/metadata.name: <name>`, which the API server sets on every namespace (and
 * overwrites if written otherwise).
 */
export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  provenance?: Provenance;
}

/** An object as the API server stored it: its content, without where it was written. */
export interface AcceptedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  body: Record<string, unknown>;
}
