/**
 * kube-controller-manager's node IPAM controller (`--allocate-node-cidrs`, the range allocator,
 * as kubeadm runs it): each node gets the next free /24 of the cluster CIDR (kubeadm's
 * podSubnet) as its `spec.podCIDR`, and flannel and the bridge plugin take that subnet for the
 * node's pods. A podSubnet that cannot hold a /24, or a range with no /24 left, leaves nodes
 * without one.
 */
import { cidrSize, formatCidr, formatIp, parseCidr, type Cidr } from '../ip';

/** `--node-cidr-mask-size-ipv4`: 24 unless kubeadm's controllerManager.extraArgs say otherwise. */
export const NODE_CIDR_MASK = 24;

/**
 * What `kubeadm init` says of a podSubnet it refuses (cmd/kubeadm/app/apis/kubeadm/validation/
 * validation.go, ValidateIPNetFromString with MinimumAddressesInPodSubnet = 14 and
 * ValidatePodSubnetNodeMask with PodSubnetNodeMaskMaxDiff = 16), each as field.Error prints it.
 */
export function podSubnetErrors(subnet: Cidr): string[] {
  const value = formatCidr(subnet);
  const invalid = (detail: string) => `networking.podSubnet: Invalid value: "${value}": ${detail}`;
  const errors: string[] = [];
  const addresses = cidrSize(subnet);
  if (addresses < 14) errors.push(invalid(`subnet with ${addresses} address(es) is too small, the minimum is 14`));
  if (subnet.bits > NODE_CIDR_MASK) {
    errors.push(invalid(`the size of pod subnet with mask ${subnet.bits} is smaller than the size of node subnet with mask ${NODE_CIDR_MASK}`));
  } else if (NODE_CIDR_MASK - subnet.bits > 16) {
    errors.push(invalid(`pod subnet mask (${subnet.bits}) and node-mask (${NODE_CIDR_MASK}) difference is greater than 16`));
  }
  return errors;
}

/**
 * kube-controller-manager's refusal to start the controller when the cluster CIDR cannot hold
 * one node's subnet (pkg/controller/nodeipam/node_ipam_controller.go, NewNodeIpamController):
 * then no node gets a podCIDR at all.
 */
export const IPAM_NOT_STARTED = 'Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family';

/**
 * The controller's error and event for a node it has no /24 left for (range_allocator.go
 * AllocateOrOccupyCIDR: RecordNodeStatusChange(…, "CIDRNotAvailable"), and cidrset
 * ErrCIDRRangeNoCIDRsRemaining).
 */
export const CIDR_NOT_AVAILABLE = 'CIDRNotAvailable: failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/** The cluster CIDR's /24s, handed out in order, skipping those nodes already hold (cidrset.CidrSet). */
export class NodeCidrs {
  private readonly used = new Set<number>();
  private readonly max: number;
  private next = 0;

  constructor(private readonly cluster: Cidr) {
    // maxCIDRs = 1 << (nodeMask - clusterMask); Go's shift by a negative amount, as uint32, is 0.
    this.max = cluster.bits <= NODE_CIDR_MASK ? 2 ** (NODE_CIDR_MASK - cluster.bits) : 0;
  }

  /** False when the controller does not start at all (a cluster CIDR smaller than a node's). */
  get running(): boolean {
    return this.max > 0;
  }

  /** A node's own podCIDR, marked as taken when it lies in the range (Occupy). */
  occupy(text: string): void {
    const cidr = parseCidr(text);
    if (!cidr || cidr.bits !== NODE_CIDR_MASK) return;
    const index = (cidr.base - this.cluster.base) / 2 ** (32 - NODE_CIDR_MASK);
    if (index >= 0 && index < this.max) this.used.add(index);
  }

  /** The next free /24 (AllocateNext), or undefined when none is left. */
  allocate(): string | undefined {
    // The walk is bounded by the nodes in the YAML, not by the range: a /8 holds 65536 /24s.
    for (let tried = 0; tried < this.max && tried <= this.used.size; tried++) {
      const index = (this.next + tried) % this.max;
      if (this.used.has(index)) continue;
      this.used.add(index);
      this.next = (index + 1) % this.max;
      return `${formatIp(this.cluster.base + index * 2 ** (32 - NODE_CIDR_MASK))}/${NODE_CIDR_MASK}`;
    }
    return undefined;
  }
}
