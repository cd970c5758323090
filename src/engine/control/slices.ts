/**
 * EndpointSlices the user wrote. The EndpointSlice controller leaves alone every slice it does
 * not manage, and kube-proxy and CoreDNS read any slice that carries the
 * `kubernetes.io/service-name` label, whatever its name (docs: "EndpointSlices", "Ownership").
 *
 * Validation follows pkg/apis/discovery/validation/validation.go (ValidateEndpointSlice) and
 * the defaults pkg/apis/discovery/v1/defaults.go (port name "", protocol TCP).
 */
import { arr, labels, num, obj, str } from '../fields';
import { parseIp } from '../ip';
import type { EndpointInfo, EndpointSliceInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface ReadSlices {
  slices: EndpointSliceInfo[];
  diagnostics: Diagnostic[];
}

export function readEndpointSlices(objects: ParsedObject[]): ReadSlices {
  const slices: EndpointSliceInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const parsed of objects) {
    const errors = validate(parsed);
    if (errors.length > 0) {
      diagnostics.push(...errors);
      continue;
    }
    const serviceName = labels(obj(parsed.body.metadata)?.labels)[SERVICE_NAME_LABEL];
    if (!serviceName) {
      diagnostics.push({
        severity: 'info',
        code: 'endpointslice-unowned',
        message: `EndpointSlice ${parsed.name} has no ${SERVICE_NAME_LABEL} label: no Service uses it, so kube-proxy and CoreDNS ignore it`,
        key: 'diag.endpointSliceUnowned',
        params: { name: parsed.name },
        range: parsed.paths['metadata'] ?? parsed.range,
        object: objectId(parsed),
      });
      continue;
    }
    slices.push({ namespace: parsed.namespace ?? 'default', name: parsed.name, serviceName, endpoints: endpointsOf(parsed) });
  }
  return { slices, diagnostics };
}

/**
 * Every endpoint × every port. This cluster is single-stack IPv4, so kube-proxy, which only
 * reads slices of its own family, ignores IPv6 and FQDN slices; a port without a number
 * ("all ports") is skipped as kube-proxy skips it. Only `addresses[0]` counts; a missing
 * `ready` or `serving` condition means true, a missing `terminating` false
 * (pkg/proxy/endpointslicecache.go, v1.28).
 */
function endpointsOf(parsed: ParsedObject): EndpointInfo[] {
  if (str(parsed.body.addressType) !== 'IPv4') return [];
  const out: EndpointInfo[] = [];
  const ports = arr(parsed.body.ports).map((p) => obj(p) ?? {});
  for (const endpoint of arr(parsed.body.endpoints).map((e) => obj(e) ?? {})) {
    const ip = str(arr(endpoint.addresses)[0]);
    if (!ip) continue;
    const targetRef = obj(endpoint.targetRef);
    const ref = targetRef && str(targetRef.kind) === 'Pod' ? `pod/${str(targetRef.namespace) ?? parsed.namespace ?? 'default'}/${str(targetRef.name)}` : undefined;
    const conditions = obj(endpoint.conditions) ?? {};
    for (const port of ports) {
      const number = num(port.port);
      if (number === undefined) continue;
      out.push({
        ip,
        port: number,
        portName: str(port.name) || undefined,
        protocol: (str(port.protocol) ?? 'TCP') as EndpointInfo['protocol'],
        ready: conditions.ready !== false,
        // Kept only when written: a missing serving reads as true, a missing terminating as false.
        ...(typeof conditions.serving === 'boolean' ? { serving: conditions.serving } : {}),
        ...(typeof conditions.terminating === 'boolean' ? { terminating: conditions.terminating } : {}),
        nodeName: str(endpoint.nodeName),
        targetRef: ref,
      });
    }
  }
  return out;
}

function objectId(parsed: ParsedObject): string {
  return `EndpointSlice/${parsed.namespace ?? 'default'}/${parsed.name}`;
}

/** Every error the API server reports, each pointing at its own line. */
function validate(parsed: ParsedObject): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const bad = (path: string, field: string, detail: string, code: string) =>
    errors.push({
      severity: 'error',
      code,
      message: `EndpointSlice.discovery.k8s.io "${parsed.name}" is invalid: ${field}: ${detail}`,
      range: parsed.paths[path] ?? parsed.range,
      object: objectId(parsed),
    });
  const addressType = str(parsed.body.addressType) ?? '';
  if (!addressType) bad('addressType', 'addressType', 'Required value', 'endpointslice-addresstype-required');
  else if (!ADDRESS_TYPES.includes(addressType)) {
    bad('addressType', 'addressType', `Unsupported value: "${addressType}": supported values: ${ADDRESS_TYPES.map((t) => `"${t}"`).join(', ')}`, 'endpointslice-addresstype-unsupported');
  }
  arr(parsed.body.endpoints).forEach((raw, i) => {
    const addresses = arr(obj(raw)?.addresses);
    const field = `endpoints[${i}].addresses`;
    if (addresses.length === 0) bad(`endpoints.${i}`, field, 'Required value: must contain at least 1 address', 'endpointslice-address-required');
    addresses.forEach((a, j) => {
      const address = typeof a === 'string' ? a : String(a);
      const problems = addressType === 'IPv4' ? ipv4Problems(address) : [];
      for (const p of problems) bad(`endpoints.${i}.addresses.${j}`, `${field}[${j}]`, `Invalid value: "${address}": ${p}`, 'endpointslice-address-invalid');
    });
  });
  const names = new Set<string>();
  arr(parsed.body.ports).forEach((raw, i) => {
    const port = obj(raw) ?? {};
    const name = str(port.name) ?? '';
    if (name && !DNS1123_LABEL.test(name)) {
      bad(`ports.${i}.name`, `ports[${i}].name`, `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`, 'endpointslice-port-name-invalid');
    }
    if (names.has(name)) bad(`ports.${i}.name`, `ports[${i}].name`, `Duplicate value: "${name}"`, 'endpointslice-port-name-duplicate');
    names.add(name);
    const protocol = str(port.protocol) ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      bad(`ports.${i}.protocol`, `ports[${i}].protocol`, `Unsupported value: "${protocol}": supported values: ${PROTOCOLS.map((p) => `"${p}"`).join(', ')}`, 'endpointslice-protocol-unsupported');
    }
  });
  return errors;
}

/**
 * IsValidIPv4Address, then ValidateNonSpecialIP (pkg/apis/core/validation/validation.go):
 * both run, so a malformed address gets two messages, as from the real API server.
 */
function ipv4Problems(address: string): string[] {
  const value = parseIp(address);
  if (value === undefined) return ['must be a valid IPv4 address', 'must be a valid IP address'];
  const first = value >>> 24;
  if (value === 0) return [`may not be unspecified (${address})`];
  if (first === 127) return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
  if (first === 169 && ((value >>> 16) & 0xff) === 254) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
  if (value >>> 8 === 0xe00000) return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
  return [];
}
