/**
 * Admitted NetworkPolicy objects → NetworkPolicyInfo, defaulted as the API server stores them
 * (pkg/apis/networking/v1/defaults.go): each port's protocol TCP when left out, policyTypes as
 * SetDefaults_NetworkPolicy sets them. Only objects that passed validation reach here, but the
 * reading stays total: a field of the wrong type reads as absent, it never throws.
 */
import { arr, labels, obj, str, type Json } from '../fields';
import type { ParsedObject } from '../parse';
import { defaultPolicyTypes } from '../admit/validation/netpol';
import type { LabelSelector, NetworkPolicyInfo, PolicyPeer, PolicyPort, PolicyRule, PolicyType, Protocol } from './types';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function readSelector(value: Json | undefined): LabelSelector {
  const selector = value ?? {};
  return {
    matchLabels: labels(selector.matchLabels),
    matchExpressions: arr(selector.matchExpressions).flatMap((e) => {
      const expr = obj(e) ?? {};
      const operator = OPERATORS.find((op) => op === expr.operator);
      if (!operator) return [];
      return [{ key: str(expr.key) ?? '', operator, values: arr(expr.values).filter((v): v is string => typeof v === 'string') }];
    }),
  };
}

function readPeer(value: unknown): PolicyPeer {
  const peer = obj(value) ?? {};
  const out: PolicyPeer = {};
  if (obj(peer.podSelector)) out.podSelector = readSelector(obj(peer.podSelector));
  if (obj(peer.namespaceSelector)) out.namespaceSelector = readSelector(obj(peer.namespaceSelector));
  const block = obj(peer.ipBlock);
  if (block) out.ipBlock = { cidr: str(block.cidr) ?? '', except: arr(block.except).filter((e): e is string => typeof e === 'string') };
  return out;
}

function readPort(value: unknown): PolicyPort {
  const port = obj(value) ?? {};
  const out: PolicyPort = { protocol: PROTOCOLS.find((p) => p === port.protocol) ?? 'TCP' };
  if (typeof port.port === 'number' || typeof port.port === 'string') out.port = port.port;
  if (typeof port.endPort === 'number' && typeof port.port === 'number') out.endPort = port.endPort;
  return out;
}

function readRules(o: ParsedObject, direction: 'ingress' | 'egress', id: string): PolicyRule[] {
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return arr(obj(o.body.spec)?.[direction]).map((r, i) => {
    const rule = obj(r) ?? {};
    const range = o.paths[`spec.${direction}.${i}`];
    return {
      peers: arr(rule[peersKey]).map(readPeer),
      ports: arr(rule.ports).map(readPort),
      ...(range ? { provenance: { object: id, range } } : {}),
    };
  });
}

/** The NetworkPolicies among the admitted objects, in the order they were written. */
export function readNetworkPolicies(objects: ParsedObject[]): NetworkPolicyInfo[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map((o) => {
      const namespace = o.namespace ?? 'default';
      const id = `NetworkPolicy/${namespace}/${o.name}`;
      const spec = obj(o.body.spec) ?? {};
      return {
        namespace,
        name: o.name,
        podSelector: readSelector(obj(spec.podSelector)),
        policyTypes: defaultPolicyTypes(spec).filter((t): t is PolicyType => t === 'Ingress' || t === 'Egress'),
        ingress: readRules(o, 'ingress', id),
        egress: readRules(o, 'egress', id),
        provenance: { object: id, range: o.range },
      };
    });
}
