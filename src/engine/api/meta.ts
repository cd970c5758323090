/**
 * ObjectMeta as the API server returns it: name, namespace, uid, resourceVersion,
 * creationTimestamp, and labels, annotations and ownerReferences when there are any.
 * (managedFields are left out, as `kubectl get -o yaml` hides them by default.)
 */
import { timestamp } from './clock';
import { resourceVersion, uid } from './ids';
import type { KubeObject } from './types';

export interface MetaInput {
  kind: string;
  name: string;
  namespace?: string;
  created: Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generateName?: string;
  owner?: { apiVersion: string; kind: string; name: string };
  /** Objects with a spec the API server versions (Ingress, EndpointSlice written by a controller). */
  generation?: number;
}

/** metav1.NewControllerRef: the owning controller, which also blocks the owner's deletion. */
export function ownerReference(owner: NonNullable<MetaInput['owner']>, namespace: string | undefined): KubeObject {
  return {
    apiVersion: owner.apiVersion,
    blockOwnerDeletion: true,
    controller: true,
    kind: owner.kind,
    name: owner.name,
    uid: uid(owner.kind, namespace, owner.name),
  };
}

export function objectMeta(m: MetaInput): KubeObject {
  const meta: KubeObject = {};
  if (m.annotations && Object.keys(m.annotations).length > 0) meta.annotations = m.annotations;
  meta.creationTimestamp = timestamp(m.created);
  if (m.generateName) meta.generateName = m.generateName;
  if (m.generation !== undefined) meta.generation = m.generation;
  if (m.labels && Object.keys(m.labels).length > 0) meta.labels = m.labels;
  meta.name = m.name;
  if (m.namespace !== undefined) meta.namespace = m.namespace;
  if (m.owner) meta.ownerReferences = [ownerReference(m.owner, m.namespace)];
  meta.resourceVersion = resourceVersion(m.kind, m.namespace, m.name);
  meta.uid = uid(m.kind, m.namespace, m.name);
  return meta;
}
