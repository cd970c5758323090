/**
 * What the what-if list reads of an object the build already holds (the cluster's `accepted`):
 * no parse of the text, so the list is made without the YAML library. The edits themselves
 * (whatif.ts) parse the text, and load when one is performed.
 */
import { readiness } from '../engine/control/readiness';
import type { ContainerPort } from '../engine/model';
import type { ParsedObject } from '../engine/parse';

export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

export const specOf = (o: Pick<ParsedObject, 'body'>) => (o.body.spec ?? {}) as Record<string, unknown>;

/** Service types whose node ports or LB addresses take outside traffic: only they have the field. */
export const EXTERNAL_TYPES = ['NodePort', 'LoadBalancer'];

/** The pod template's spec for workloads, the pod's own for a bare Pod. */
export function podSpecPath(o: Pick<ParsedObject, 'kind'>): string {
  return o.kind === 'Pod' ? 'spec' : 'spec.template.spec';
}

export function containersOf(o: Pick<ParsedObject, 'kind' | 'body'>): Record<string, unknown>[] {
  const path = podSpecPath(o).split('.');
  let node: unknown = o.body;
  for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
  const c = (node as Record<string, unknown> | undefined)?.containers;
  return Array.isArray(c) ? (c as Record<string, unknown>[]) : [];
}

/** Whether a pod's written readiness probes can never pass (the engine's reading). */
export function objectFailsReadiness(object: Pick<ParsedObject, 'kind' | 'body'>, listening: ContainerPort[]): boolean {
  return containersOf(object).some((c) => !!c.readinessProbe && !readiness({ containers: [c] }, undefined, listening).ready);
}

/** spec.replicas of an object the build holds, 1 when absent (the API server's default). */
export function objectReplicas(object: Pick<ParsedObject, 'body'>): number {
  const r = specOf(object).replicas;
  return typeof r === 'number' ? r : 1;
}
