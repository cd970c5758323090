/**
 * Calico IPAM (libcalico-go lib/ipam, v3.29): pod addresses come from the IP pool in blocks of
 * `blockSize` (/26 by default, 64 addresses), each block affine to one node. A node claims a
 * block when it first needs an address; the block is a range of ordinals handed out from the
 * front of its `Unallocated` list, and a released ordinal goes to the back of that list
 * (ipam_block.go autoAssign / release), so a freed address is not reused at once. A block is not
 * a subnet: its first and last addresses are ordinary pod addresses.
 *
 * When IPIP or VXLAN is on, calico-node asks IPAM for the node's tunnel address at start-up,
 * before any pod (node/pkg/allocateip): it is the first address of the node's first block and
 * sits on tunl0 or vxlan.calico.
 *
 * Which block a node claims: libcalico-go randomBlockGenerator seeds Go's math/rand with the host
 * name and walks the pool's blocks from a random index, wrapping. Podpath starts from a hash of
 * the node name instead (the same shape, not the same numbers) and walks the same way.
 */
import { fnv32a } from '../hash';
import { cidrSize, formatCidr, nthAddress, parseCidr, parseIp, type Cidr } from '../ip';
import type { NodeInfo, PodInfo } from '../model';
import type { Diagnostic } from '../types';
import type { CalicoPool } from '../cni/choice';
import { calicoVethName } from './names';
import { addressPods } from '../podips';

/** One block of a pool, affine to a node, with its ordinals still free. */
export interface CalicoBlock {
  cidr: string;
  node: string;
  pool: CalicoPool;
}

/** What Calico's IPAM gave the nodes: their blocks and tunnel addresses. */
export interface CalicoIpam {
  blocks: CalicoBlock[];
  /** The address of tunl0 or vxlan.calico on each node (IPIP or VXLAN pools only). */
  tunnels: Record<string, string>;
}

class Block {
  readonly unallocated: number[];
  constructor(readonly cidr: Cidr, readonly node: string, readonly pool: CalicoPool) {
    this.unallocated = Array.from({ length: cidrSize(cidr) }, (_, i) => i);
  }
  take(): string | undefined {
    const o = this.unallocated.shift();
    return o === undefined ? undefined : nthAddress(this.cidr, o);
  }
  release(ip: string): boolean {
    const v = parseIp(ip);
    if (v === undefined || v < this.cidr.base || v >= this.cidr.base + cidrSize(this.cidr)) return false;
    this.unallocated.push(v - this.cidr.base);
    return true;
  }
}

class Allocator {
  readonly blocks: Block[] = [];
  private readonly claimed = new Set<number>();
  constructor(private readonly pools: CalicoPool[]) {}

  /** The next address for the node: from its blocks, else from a newly claimed block. */
  allocate(node: string): string | undefined {
    for (const b of this.blocks) if (b.node === node && b.unallocated.length > 0) return b.take();
    const block = this.claim(node);
    return block?.take();
  }

  release(ip: string): void {
    for (const b of this.blocks) if (b.release(ip)) return;
  }

  private claim(node: string): Block | undefined {
    for (const pool of this.pools) {
      const cidr = parseCidr(pool.cidr);
      if (!cidr || pool.blockSize < cidr.bits || pool.blockSize > 32) continue;
      const count = 2 ** (pool.blockSize - cidr.bits);
      const size = 2 ** (32 - pool.blockSize);
      const start = fnv32a(node) % count;
      for (let i = 0; i < Math.min(count, 1 << 16); i++) {
        const base = cidr.base + ((start + i) % count) * size;
        if (this.claimed.has(base)) continue;
        this.claimed.add(base);
        const block = new Block({ base, bits: pool.blockSize }, node, pool);
        this.blocks.push(block);
        return block;
      }
    }
    return undefined;
  }
}

/**
 * Addresses for scheduled pods, as the Calico CNI plugin gets them from Calico IPAM: tunnel
 * addresses first (calico-node starts before any pod), then every pod in creation order, then
 * each replacement of a deleted pod after its predecessor's address went back to the block. The
 * host end of each pod's veth is named as the Calico CNI plugin names it.
 */
export function allocateCalicoIps(pods: PodInfo[], nodes: NodeInfo[], pools: CalicoPool[]): { pods: PodInfo[]; ipam: CalicoIpam; diagnostics: Diagnostic[] } {
  const alloc = new Allocator(pools);
  const tunnels: Record<string, string> = {};
  const encapsulated = pools[0] && pools[0].encapsulation !== 'None';
  if (encapsulated) {
    for (const node of nodes) {
      const ip = alloc.allocate(node.name);
      if (ip) tunnels[node.name] = ip;
    }
  }
  const { pods: out, failed } = addressPods(pods, nodes, {
    allocate: (node) => alloc.allocate(node),
    release: (_node, ip) => alloc.release(ip),
    veth: (pod) => calicoVethName(pod.namespace, pod.name),
  });
  const blocks = alloc.blocks.map((b) => ({ cidr: formatCidr(b.cidr), node: b.node, pool: b.pool }));
  return { pods: out, ipam: { blocks, tunnels }, diagnostics: failed.length > 0 ? [exhausted(failed)] : [] };
}

/**
 * The kubelet's FailedCreatePodSandBox when the pool has no block left for the node (ipam.go
 * autoAssign: "no more free affine blocks" then, with no block to borrow from, the CNI plugin's
 * "failed to request IPv4 addresses").
 */
function exhausted([first, ...more]: PodInfo[]): Diagnostic {
  const who = more.length > 0 ? `pods ${first.name} and ${more.length} more` : `pod ${first.name}`;
  return {
    severity: 'warning',
    code: 'pod-sandbox-failed',
    message: `${who}: FailedCreatePodSandBox: failed to setup network for sandbox: plugin type="calico" failed (add): failed to request 1 IPv4 addresses. IPAM allocated only 0`,
    range: first.provenance?.range ?? { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    ...(first.provenance ? { object: first.provenance.object } : {}),
  };
}
