/**
 * The Tigera operator's Installation (operator.tigera.io/v1) as the API server admits it: a
 * custom resource, checked against the CRD's OpenAPI schema by apiextensions-apiserver, for the
 * fields Podpath reads (`spec.calicoNetwork.ipPools[]`).
 *
 * The schema is generated from tigera/operator api/v1/installation_types.go: `IPPool.CIDR` is
 * required (`json:"cidr"`, no omitempty), `Encapsulation` is
 * `+kubebuilder:validation:Enum=IPIPCrossSubnet;IPIP;VXLAN;VXLANCrossSubnet;None`, `NATOutgoing`
 * `Enum=Enabled;Disabled`, `BlockSize` an int32. apiextensions-apiserver
 * (pkg/apiserver/validation/validation.go) turns the schema's failures into field errors: an enum
 * miss is field.NotSupported with the enum in its declared order, a missing required field
 * field.Required, a wrong JSON type `Invalid value: "integer": PATH in body must be of type
 * string: "integer"` (kube-openapi's typeFailWithData).
 */
import { obj, type Json } from '../../fields';
import { child, index, notSupported, required, root, type FieldError, type FieldPath } from './field';

/** The encapsulations the operator's CRD admits, in the enum's order. */
export const ENCAPSULATIONS = ['IPIPCrossSubnet', 'IPIP', 'VXLAN', 'VXLANCrossSubnet', 'None'] as const;
export type Encapsulation = (typeof ENCAPSULATIONS)[number];
const NAT_OUTGOING = ['Enabled', 'Disabled'];

/** The OpenAPI type name of a JSON value, as kube-openapi's validator names it. */
function schemaType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return Array.isArray(value) ? 'array' : 'object';
}

/** A value of the wrong type: undefined when it is of the type, or absent (null is absent too). */
function typeError(value: unknown, want: string, at: FieldPath): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  const got = schemaType(value);
  if (got === want || (want === 'number' && got === 'integer')) return undefined;
  return { field: at, body: `Invalid value: "${got}": ${at.api} in body must be of type ${want}: "${got}"` };
}

/** The schema's verdict on an Installation's spec: every error the validator finds. */
export function installationErrors(body: Json): FieldError[] {
  const errs: FieldError[] = [];
  const push = (e: FieldError | undefined) => e && errs.push(e);
  const specAt = root('spec');
  push(typeError(body.spec, 'object', specAt));
  const network = obj(obj(body.spec)?.calicoNetwork);
  const networkAt = child(specAt, 'calicoNetwork');
  push(typeError(obj(body.spec)?.calicoNetwork, 'object', networkAt));
  if (!network) return errs;
  const poolsAt = child(networkAt, 'ipPools');
  push(typeError(network.ipPools, 'array', poolsAt));
  if (!Array.isArray(network.ipPools)) return errs;
  network.ipPools.forEach((raw, i) => {
    const at = index(poolsAt, i);
    const typed = typeError(raw, 'object', at);
    if (typed || !obj(raw)) return push(typed);
    const pool = obj(raw)!;
    if (pool.cidr === undefined || pool.cidr === null) errs.push(required(child(at, 'cidr')));
    else push(typeError(pool.cidr, 'string', child(at, 'cidr')));
    enumField(pool.encapsulation, ENCAPSULATIONS, child(at, 'encapsulation'), errs);
    enumField(pool.natOutgoing, NAT_OUTGOING, child(at, 'natOutgoing'), errs);
    push(typeError(pool.blockSize, 'integer', child(at, 'blockSize')));
  });
  return errs;
}

function enumField(value: unknown, allowed: readonly string[], at: FieldPath, errs: FieldError[]): void {
  const typed = typeError(value, 'string', at);
  if (typed) errs.push(typed);
  else if (typeof value === 'string' && !allowed.includes(value)) errs.push(notSupported(at, value, allowed));
}
