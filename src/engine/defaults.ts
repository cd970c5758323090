/**
 * The cluster the articles use, for when the YAML defines no nodes: a kubeadm cluster with one
 * control-plane node and two workers on 192.168.255.0/24, flannel-style per-node pod subnets,
 * and the teacher's host at 192.168.255.1.
 */
import { NO_HOSTS } from './corefile';
import type { ClusterSettings, ExternalHost, NodeInfo } from './model';

export const DEFAULT_SETTINGS: ClusterSettings = {
  podSubnet: '10.244.0.0/16',
  serviceSubnet: '10.96.0.0/12',
  nodePortRange: { min: 30000, max: 32767 },
  dnsDomain: 'cluster.local',
  // The seeds' diagrams route pod subnets via node IPs; flannel's own default is vxlan.
  overlay: 'host-gw',
  dnsHosts: NO_HOSTS,
  proxy: {
    mode: 'iptables',
    // kubeadm passes its podSubnet to kube-proxy as clusterCIDR.
    clusterCIDR: '10.244.0.0/16',
    detectLocalMode: 'ClusterCIDR',
    bridgeInterface: '',
    interfaceNamePrefix: '',
    masqueradeAll: false,
    // --iptables-masquerade-bit default: 14, i.e. mark 0x4000.
    masqueradeBit: 14,
    localhostNodePorts: true,
    nodePortAddresses: [],
    // --ipvs-scheduler default: rr (pkg/proxy/ipvs/proxier.go defaultScheduler).
    ipvs: { scheduler: 'rr', strictARP: false },
  },
};

export const DEFAULT_NODES: NodeInfo[] = [
  {
    name: 'master01',
    ip: '192.168.255.101',
    podCIDR: '10.244.0.0/24',
    // kubeadm's mark-control-plane phase sets both labels.
    labels: {
      'kubernetes.io/hostname': 'master01',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    },
    // kubeadm taints the control plane so ordinary pods stay off it.
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    controlPlane: true,
  },
  {
    name: 'node01',
    ip: '192.168.255.102',
    podCIDR: '10.244.1.0/24',
    labels: { 'kubernetes.io/hostname': 'node01' },
    taints: [],
    controlPlane: false,
  },
  {
    name: 'node02',
    ip: '192.168.255.103',
    podCIDR: '10.244.2.0/24',
    labels: { 'kubernetes.io/hostname': 'node02' },
    taints: [],
    controlPlane: false,
  },
];

export const DEFAULT_EXTERNALS: ExternalHost[] = [{ name: 'client', ip: '192.168.255.1', listening: [80] }];

/** The node LAN all nodes and the outside host share. */
export const NODE_LAN = '192.168.255.0/24';

/**
 * The LAN's router (VMware's NAT gateway sits at .2). Every node has a default route: kubeadm
 * takes the node's address from the default-route interface, and a node reaching a cluster IP
 * needs a route for it before kube-proxy's OUTPUT rules rewrite the destination.
 */
export const NODE_GATEWAY = '192.168.255.2';
