/**
 * A LoadBalancer implementation for bare metal, as MetalLB in layer-2 mode does it: addresses
 * come from IPAddressPool objects on the node LAN, and one node per address answers ARP for it
 * (L2Advertisement). Without a pool, a LoadBalancer stays `<pending>`, as on any cluster without
 * a cloud provider; its node ports still work.
 */
import { arr, obj } from '../fields';
import { sha256 } from '../hash';
import { formatIp, parseCidr, parseIp } from '../ip';
import type { EndpointSliceInfo, NodeInfo, ServiceInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';

interface Pool {
  name: string;
  ranges: [number, number][];
  autoAssign: boolean;
}

/** kubeadm labels control-plane nodes so that load balancers leave them out. */
export const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** `spec.addresses` entries: a CIDR or `first-last`. */
function parseRange(text: string): [number, number] | undefined {
  if (text.includes('-')) {
    const [a, b] = text.split('-').map((x) => parseIp(x.trim()));
    return a !== undefined && b !== undefined && a <= b ? [a, b] : undefined;
  }
  const cidr = parseCidr(text.trim());
  return cidr ? [cidr.base, cidr.base + 2 ** (32 - cidr.bits) - 1] : undefined;
}

function readPools(objects: ParsedObject[], diagnostics: Diagnostic[]): Pool[] {
  return objects
    .filter((o) => o.kind === 'IPAddressPool')
    .map((o) => {
      const spec = obj(o.body.spec) ?? {};
      const ranges: [number, number][] = [];
      arr(spec.addresses).forEach((a, i) => {
        const range = parseRange(String(a));
        if (range) ranges.push(range);
        else {
          diagnostics.push({
            severity: 'error',
            code: 'pool-address-invalid',
            message: `IPAddressPool ${o.name}: "${String(a)}" is neither a CIDR nor a first-last range`,
            key: 'diag.poolAddressInvalid',
            params: { pool: o.name, address: String(a) },
            range: o.paths[`spec.addresses.${i}`] ?? o.range,
            object: `IPAddressPool/${o.namespace ?? 'default'}/${o.name}`,
          });
        }
      });
      return { name: o.name, ranges, autoAssign: spec.autoAssign !== false };
    });
}

/** The pools an L2Advertisement announces: those it names, or every pool when it names none. */
function announcedPools(objects: ParsedObject[], pools: Pool[]): Set<string> {
  const out = new Set<string>();
  for (const ad of objects.filter((o) => o.kind === 'L2Advertisement')) {
    const named = arr(obj(ad.body.spec)?.ipAddressPools).map(String);
    for (const p of pools) if (named.length === 0 || named.includes(p.name)) out.add(p.name);
  }
  return out;
}

/**
 * MetalLB's layer-2 leader for an address (speaker/layer2_controller.go ShouldAnnounce): the
 * eligible nodes sorted by sha256(node + "#" + ip), first wins. With externalTrafficPolicy
 * Local only nodes holding a ready endpoint are eligible.
 */
export function announcingNode(ip: string, svc: ServiceInfo, nodes: NodeInfo[], slices: EndpointSliceInfo[]): string | undefined {
  let eligible = nodes.filter((n) => !(EXCLUDE_FROM_LB in n.labels)).map((n) => n.name);
  if (svc.externalTrafficPolicy === 'Local') {
    const withEndpoints = new Set(
      slices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name).flatMap((s) => s.endpoints.filter((e) => e.ready).map((e) => e.nodeName)),
    );
    eligible = eligible.filter((n) => withEndpoints.has(n));
  }
  // Hashed once per node, not once per comparison.
  const keys = new Map(eligible.map((n) => [n, sha256(`${n}#${ip}`)]));
  eligible.sort((a, b) => compareBytes(keys.get(a)!, keys.get(b)!));
  return eligible[0];
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Gives LoadBalancer Services their addresses and announcing nodes. */
export function assignLoadBalancers(
  services: ServiceInfo[],
  objects: ParsedObject[],
  nodes: NodeInfo[],
  slices: EndpointSliceInfo[],
): { services: ServiceInfo[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pools = readPools(objects, diagnostics);
  const announced = announcedPools(objects, pools);
  const used = new Set(services.flatMap((s) => s.loadBalancerIPs));
  const poolOf = (ip: string) => {
    const v = parseIp(ip);
    return v === undefined ? undefined : pools.find((p) => p.ranges.some(([a, b]) => v >= a && v <= b));
  };
  const out = services.map((svc) => {
    if (svc.type !== 'LoadBalancer') return svc;
    let ips = svc.loadBalancerIPs;
    if (ips.length === 0 && pools.length > 0) {
      const wanted = svc.requestedLoadBalancerIP;
      const ip = wanted ? (poolOf(wanted) && !used.has(wanted) ? wanted : undefined) : firstFree(pools, used);
      if (ip) {
        used.add(ip);
        ips = [ip];
      } else {
        diagnostics.push({
          severity: 'warning',
          code: 'lb-allocation-failed',
          message: wanted
            ? `no pool holds the free address ${wanted} that ${svc.namespace}/${svc.name} asks for; it stays <pending>`
            : `the address pools are used up; ${svc.namespace}/${svc.name} stays <pending>`,
          key: wanted ? 'diag.lbRequestedUnavailable' : 'diag.lbPoolsExhausted',
          params: { service: `${svc.namespace}/${svc.name}`, ip: wanted ?? '' },
          range: svc.fieldProvenance['spec.loadBalancerIP']?.range ?? svc.provenance!.range,
          object: `Service/${svc.namespace}/${svc.name}`,
        });
      }
    }
    const pool = ips[0] ? poolOf(ips[0]) : undefined;
    const announcedBy = ips[0] && pool && announced.has(pool.name) ? announcingNode(ips[0], svc, nodes, slices) : undefined;
    return { ...svc, loadBalancerIPs: ips, announcedBy };
  });
  return { services: out, diagnostics };
}

function firstFree(pools: Pool[], used: Set<string>): string | undefined {
  for (const pool of pools.filter((p) => p.autoAssign)) {
    for (const [a, b] of pool.ranges) {
      // MetalLB hands out every address of a pool, .0 and .255 included (avoidBuggyIPs is off
      // by default). The scan is bounded so a huge pool cannot stall the build.
      for (let v = a; v <= b && v - a < 65536; v++) {
        const ip = formatIp(v);
        if (!used.has(ip)) return ip;
      }
    }
  }
  return undefined;
}
