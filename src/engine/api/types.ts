/**
 * Kubernetes objects as plain JSON, the way the API server serialises them. They are kept
 * untyped on purpose: they are for printing (kubectl tables, `-o json|yaml`), and the JSON
 * printers sort keys as Go's encoder does, so the shape is all that matters.
 */

export type KubeObject = Record<string, unknown>;

/** The resources `podpath get` and the kubectl views serve, each sorted as the API server lists them. */
export interface ApiObjects {
  pods: KubeObject[];
  services: KubeObject[];
  endpoints: KubeObject[];
  endpointSlices: KubeObject[];
  ingresses: KubeObject[];
  networkPolicies: KubeObject[];
  nodes: KubeObject[];
}

/** `metadata.namespace` and `metadata.name` of an object built here. */
export function metaOf(o: KubeObject): { name: string; namespace?: string } {
  return o.metadata as { name: string; namespace?: string };
}

/**
 * The API server lists objects in etcd key order: by namespace, then by name (byte order).
 */
export function byKey(a: KubeObject, b: KubeObject): number {
  const ka = `${metaOf(a).namespace ?? ''}/${metaOf(a).name}`;
  const kb = `${metaOf(b).namespace ?? ''}/${metaOf(b).name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
