/**
 * NetworkPolicies as the API server stores them (networking.k8s.io/v1): the spec as written,
 * with what defaulting adds (pkg/apis/networking/v1/defaults.go: policyTypes, and TCP for a port
 * entry without a protocol), `podSelector: {}` when left out, and generation 1.
 */
import { arr, obj, type Json } from '../fields';
import type { Cluster } from '../model';
import type { ApiClock } from './clock';
import { objectMeta } from './meta';
import { copy, writtenMeta, type Sources } from './source';
import { byKey, type KubeObject } from './types';

/** Each ports entry of each rule, with protocol TCP when it has none. */
function defaultPorts(rules: unknown): Json[] | undefined {
  if (!Array.isArray(rules)) return undefined;
  return arr(rules).map((r) => {
    const rule = obj(r) ?? {};
    if (!Array.isArray(rule.ports)) return rule;
    return { ...rule, ports: arr(rule.ports).map((p) => ({ protocol: 'TCP', ...(obj(p) ?? {}) })) };
  });
}

export function networkPolicyObjects(cluster: Cluster, sources: Sources, clock: ApiClock): KubeObject[] {
  return (cluster.networkPolicies ?? [])
    .map((policy): KubeObject => {
      const source = sources.find('NetworkPolicy', policy.namespace, policy.name);
      const spec: Json = copy(obj(source?.body.spec) ?? {});
      spec.podSelector = obj(spec.podSelector) ?? {};
      spec.policyTypes = [...policy.policyTypes];
      for (const key of ['ingress', 'egress'] as const) {
        const rules = defaultPorts(spec[key]);
        if (rules) spec[key] = rules;
      }
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: objectMeta({ kind: 'NetworkPolicy', name: policy.name, namespace: policy.namespace, created: clock.applied, generation: 1, ...writtenMeta(source) }),
        spec,
      };
    })
    .sort(byKey);
}
