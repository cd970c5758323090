/**
 * Stage 3 for workloads: the Deployment controller makes a ReplicaSet named after the pod
 * template's hash, the ReplicaSet makes pods with random suffixes, the scheduler places them.
 * Randomness is replaced by hashes of the names, so the same YAML always gives the same pods.
 */
import { arr, labels, num, obj, str, type Json } from '../fields';
import { fnv32a, safeEncodeString, SAFE_ALPHANUMS } from '../hash';
import { containerPorts, hostPorts, listeningPorts } from './ports';
import { programsOf } from '../images/programs';
import { readiness, type Readiness } from './readiness';
import type { PodInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';

export { MAX_PODS_PER_NODE, schedule } from './scheduler';

/** A pod before scheduling: what a controller (or the user) asked for. */
export interface PodRequest {
  pod: PodInfo;
  /** What the readiness probes will say once the pod runs. */
  readiness: Readiness;
  nodeName?: string;
  nodeSelector: Record<string, string>;
  tolerations: { key?: string; operator?: string; value?: string; effect?: string }[];
}

/** Past this many replicas of one workload, the simulation keeps the first ones only. */
export const MAX_SIMULATED_REPLICAS = 500;

/**
 * pod-template-hash: controller.ComputeHash is FNV-1a over the template, printed as a decimal
 * and mapped through rand.SafeEncodeString (pkg/controller/controller_utils.go). Go hashes its
 * own dump of the struct; this hashes canonical JSON, so the value differs from a real
 * cluster's but has the same shape (e.g. `799c59bc4d`) and changes when the template does.
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Json)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The 5-character suffix `utilrand.String(5)` would give, drawn from a hash instead of a RNG. */
export function nameSuffix(seed: string): string {
  const seedHash = fnv32a(seed);
  let h = seedHash;
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHANUMS[h % SAFE_ALPHANUMS.length];
    h = (Math.floor(h / SAFE_ALPHANUMS.length) ^ fnvContinue(seedHash, `/${i}`)) >>> 0;
  }
  return out;
}

/**
 * fnv32a(seed + suffix) from fnv32a(seed), for an ASCII suffix (one byte per character): FNV-1a
 * hashes byte by byte, so the seed's bytes need not be encoded and hashed again. Every pod
 * name takes five of these.
 */
function fnvContinue(seedHash: number, asciiSuffix: string): number {
  let h = seedHash;
  for (let i = 0; i < asciiSuffix.length; i++) {
    h ^= asciiSuffix.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function podRequest(
  namespace: string, name: string, meta: Json, spec: Json, owner: string, provenance: PodInfo['provenance'], status?: Json,
): PodRequest {
  const listening = listeningPorts(spec);
  return {
    readiness: readiness(spec, status, listening),
    pod: {
      namespace,
      name,
      labels: labels(meta.labels),
      phase: 'Pending',
      ready: false,
      ports: containerPorts(spec),
      hostPorts: hostPorts(spec),
      ...(spec.hostNetwork === true ? { hostNetwork: true } : {}),
      ...(str(spec.hostname) ? { hostname: str(spec.hostname) } : {}),
      ...(str(spec.subdomain) ? { subdomain: str(spec.subdomain) } : {}),
      dnsPolicy: (['ClusterFirstWithHostNet', 'Default', 'None'].includes(str(spec.dnsPolicy) ?? '') ? str(spec.dnsPolicy) : 'ClusterFirst') as PodInfo['dnsPolicy'],
      images: arr(spec.containers).map((c) => str(obj(c)?.image) ?? ''),
      listening,
      programs: programsOf(spec),
      owner,
      provenance,
    },
    nodeName: str(spec.nodeName),
    nodeSelector: labels(spec.nodeSelector),
    tolerations: arr(spec.tolerations).map((t) => obj(t) ?? {}).map((t) => ({ key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect) })),
  };
}

/** ValidatePodSpec: under hostNetwork a written hostPort must equal its containerPort. */
export function hostNetworkPortProblem(parsed: ParsedObject, spec: Json): Diagnostic | undefined {
  if (spec.hostNetwork !== true) return undefined;
  const containers = arr(spec.containers);
  for (let c = 0; c < containers.length; c++) {
    const ports = arr(obj(containers[c])?.ports);
    for (let i = 0; i < ports.length; i++) {
      const port = obj(ports[i]) ?? {};
      const host = num(port.hostPort);
      if (host && host !== num(port.containerPort)) {
        const path = `spec.containers.${c}.ports.${i}.hostPort`;
        return {
          severity: 'error',
          code: 'pod-invalid',
          message: `The Pod "${parsed.name}" is invalid: spec.containers[${c}].ports[${i}].hostPort: Invalid value: ${host}: must match \`containerPort\` when \`hostNetwork\` is true`,
          range: parsed.paths[path] ?? parsed.range,
          object: `Pod/${parsed.namespace ?? 'default'}/${parsed.name}`,
        };
      }
    }
  }
  return undefined;
}
