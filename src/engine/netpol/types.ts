/**
 * NetworkPolicy (networking.k8s.io/v1) as the API server stores it after defaulting: plain data
 * the semantics (evaluate.ts) read. Field meanings follow k8s.io/api networking/v1 types.go.
 */
import type { Provenance } from '../types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type PolicyType = 'Ingress' | 'Egress';

/** metav1.LabelSelector: every matchLabels pair AND every expression must hold; `{}` selects all. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values: string[] }[];
}

/** An IP block: `cidr` minus each `except`. */
export interface IpBlock {
  cidr: string;
  except: string[];
}

/**
 * NetworkPolicyPeer. `podSelector` alone: pods of the policy's own namespace. `namespaceSelector`
 * alone: every pod of the selected namespaces. Both: the selected pods of the selected
 * namespaces (AND). `ipBlock`: addresses, alone.
 */
export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlock;
}

/**
 * NetworkPolicyPort, defaulted: protocol TCP when left out. No `port`: every port of the
 * protocol. A name is looked up among the destination pod's container ports. `endPort`
 * (numeric port only) makes an inclusive range.
 */
export interface PolicyPort {
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}

/**
 * One ingress or egress rule. An empty `peers` list means every peer, an empty `ports` list every
 * port: `{}` allows everything. Both lists must match (peer AND port).
 */
export interface PolicyRule {
  peers: PolicyPeer[];
  ports: PolicyPort[];
  provenance?: Provenance;
}

/** One admitted NetworkPolicy. It selects pods of its own namespace only. */
export interface NetworkPolicyInfo {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** As defaulted: Ingress always when left out, Egress too when there are egress rules. */
  policyTypes: PolicyType[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
  provenance?: Provenance;
}
