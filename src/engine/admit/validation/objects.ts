/**
 * What the API server checks on every object before anything is stored, for every kind the
 * engine accepts: the JSON decoding of each field's type, then the kind's validation of names,
 * labels, annotations, ports and the fields Podpath reads. An object with any error is refused
 * whole, as `kubectl apply` is refused.
 *
 * Kind-specific rules that need the cluster (allocated cluster IPs and node ports, a Service's
 * ports, Ingress rules, EndpointSlice addresses, a selector matching its template) stay with
 * their kind's admission: admit/services.ts, ingress/admit.ts, control/slices.ts and
 * control/controllers.ts.
 */
import { arr, obj, str, type Json } from '../../fields';
import { CONFIG_KINDS, type ParsedObject } from '../../parse';
import type { Diagnostic } from '../../types';
import { decodeError } from './decode';
import { child, eachInvalid, goQuote, index, invalid, notSupported, required, root, type FieldError } from './field';
import { KIND_TYPES } from './gotypes';
import { validateAnnotations, validateLabelSelector, validateLabels, validateObjectMeta } from './meta';
import { isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidIP, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain, nonSpecialIP, parseIpSloppy, type NameRule } from './names';
import { validatePodSpec, validateTemplateRestartPolicy } from './podspec';
import { networkPolicyErrors } from './netpol';
import { installationErrors } from './installation';

/** How each kind's name is checked, and whether it lives in a namespace. */
const KIND_RULES: Record<string, { name: NameRule; namespaced: boolean }> = {
  Pod: { name: 'subdomain', namespaced: true },
  Deployment: { name: 'subdomain', namespaced: true },
  ReplicaSet: { name: 'subdomain', namespaced: true },
  StatefulSet: { name: 'subdomain', namespaced: true },
  DaemonSet: { name: 'subdomain', namespaced: true },
  // ValidateServiceName is NameIsDNS1035Label: a Service's name becomes a DNS label.
  Service: { name: 'dns1035', namespaced: true },
  Endpoints: { name: 'subdomain', namespaced: true },
  EndpointSlice: { name: 'subdomain', namespaced: true },
  ConfigMap: { name: 'subdomain', namespaced: true },
  Ingress: { name: 'subdomain', namespaced: true },
  // Custom resources are named as DNS subdomains (apiextensions' NameIsDNSSubdomain).
  IPAddressPool: { name: 'subdomain', namespaced: true },
  L2Advertisement: { name: 'subdomain', namespaced: true },
  Node: { name: 'subdomain', namespaced: false },
  IngressClass: { name: 'subdomain', namespaced: false },
  // ValidateNetworkPolicyName is NameIsDNSSubdomain.
  NetworkPolicy: { name: 'subdomain', namespaced: true },
  // The Tigera operator's Installation is a cluster-scoped custom resource.
  Installation: { name: 'subdomain', namespaced: false },
  // ValidateNamespaceName is NameIsDNSLabel.
  Namespace: { name: 'label', namespaced: false },
};

const WORKLOADS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function kindErrors(o: ParsedObject): FieldError[] {
  const rule = KIND_RULES[o.kind];
  if (!rule) return [];
  const body = o.body;
  const spec = obj(body.spec) ?? {};
  const errs = validateObjectMeta(obj(body.metadata) ?? {}, rule.name, rule.namespaced);
  if (o.kind === 'Pod') errs.push(...validatePodSpec(spec, root('spec')));
  if (WORKLOADS.includes(o.kind)) errs.push(...workloadErrors(spec));
  if (o.kind === 'Service') errs.push(...validateLabels(spec.selector, child(root('spec'), 'selector')));
  if (o.kind === 'Endpoints') errs.push(...endpointsErrors(body));
  if (o.kind === 'ConfigMap') errs.push(...configMapErrors(body));
  if (o.kind === 'Ingress') errs.push(...ingressErrors(spec));
  if (o.kind === 'NetworkPolicy') errs.push(...networkPolicyErrors(spec));
  if (o.kind === 'Installation') errs.push(...installationErrors(body));
  return errs;
}

function workloadErrors(spec: Json): FieldError[] {
  const at = root('spec');
  const template = obj(spec.template) ?? {};
  const templateAt = child(at, 'template');
  const templateMeta = obj(template.metadata) ?? {};
  const podSpec = obj(template.spec) ?? {};
  return [
    ...validateLabelSelector(obj(spec.selector), child(at, 'selector')),
    ...validateLabels(templateMeta.labels, child(child(templateAt, 'metadata'), 'labels')),
    ...validateAnnotations(templateMeta.annotations, child(child(templateAt, 'metadata'), 'annotations')),
    ...validatePodSpec(podSpec, child(templateAt, 'spec')),
    ...validateTemplateRestartPolicy(podSpec, child(templateAt, 'spec')),
  ];
}

/** ValidateEndpoints: each address an IP that is not special, each port named and in range. */
function endpointsErrors(body: Json): FieldError[] {
  const errs: FieldError[] = [];
  arr(body.subsets).forEach((item, s) => {
    const subset = obj(item) ?? {};
    const at = index(root('subsets'), s);
    for (const group of ['addresses', 'notReadyAddresses']) {
      arr(subset[group]).forEach((a, i) => {
        const address = obj(a) ?? {};
        const here = index(child(at, group), i);
        const ip = str(address.ip) ?? '';
        errs.push(...eachInvalid(child(here, 'ip'), ip, [...isValidIP(ip), ...nonSpecialIP(ip)]));
        const hostname = str(address.hostname) ?? '';
        if (hostname) errs.push(...eachInvalid(child(here, 'hostname'), hostname, isDNS1123Label(hostname)));
        const nodeName = str(address.nodeName);
        if (nodeName !== undefined) errs.push(...eachInvalid(child(here, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
      });
    }
    const ports = arr(subset.ports);
    ports.forEach((p, i) => {
      const port = obj(p) ?? {};
      const here = index(child(at, 'ports'), i);
      const name = str(port.name) ?? '';
      if (ports.length > 1 && name === '') errs.push(required(child(here, 'name')));
      else if (name) errs.push(...eachInvalid(child(here, 'name'), name, isDNS1123Label(name)));
      const number = typeof port.port === 'number' ? port.port : 0;
      errs.push(...eachInvalid(child(here, 'port'), number, isValidPortNum(number)));
      const protocol = str(port.protocol) ?? 'TCP';
      if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(child(here, 'protocol'), protocol, PROTOCOLS));
    });
  });
  return errs;
}

/**
 * validateIngressRules and validateIngressBackend (pkg/apis/networking/validation): hosts are DNS
 * names (a `*.` wildcard allowed), backends name a Service and one port. Paths, path types and
 * a missing backend are checked in ingress/admit.ts.
 */
function ingressErrors(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const backend = (raw: unknown, at: ReturnType<typeof root>) => {
    const service = obj(obj(raw)?.service);
    if (!service) return;
    const serviceAt = child(at, 'service');
    const name = str(service.name) ?? '';
    if (name === '') errs.push(required(child(serviceAt, 'name')));
    else errs.push(...eachInvalid(child(serviceAt, 'name'), name, isDNS1035Label(name)));
    const port = obj(service.port) ?? {};
    const portName = str(port.name) ?? '';
    const portNumber = typeof port.number === 'number' ? port.number : 0;
    if (portName && portNumber) errs.push(invalid(at, '', 'cannot set both port name & port number'));
    else if (portName) errs.push(...eachInvalid(child(child(serviceAt, 'port'), 'name'), portName, isValidPortName(portName)));
    else if (portNumber) errs.push(...eachInvalid(child(child(serviceAt, 'port'), 'number'), portNumber, isValidPortNum(portNumber)));
    else errs.push(required(at, 'port name or number is required'));
  };
  if (spec.defaultBackend) backend(spec.defaultBackend, child(root('spec'), 'defaultBackend'));
  arr(spec.rules).forEach((r, i) => {
    const rule = obj(r) ?? {};
    const at = index(child(root('spec'), 'rules'), i);
    const host = str(rule.host) ?? '';
    // An IP address as host is reported by ingress/admit.ts ("must be a DNS name, not an IP address").
    if (host && !parseIpSloppy(host)) errs.push(...eachInvalid(child(at, 'host'), host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host)));
    arr(obj(rule.http)?.paths).forEach((p, j) => backend(obj(p)?.backend, child(index(child(child(at, 'http'), 'paths'), j), 'backend')));
  });
  return errs;
}

/** ValidateConfigMap: every data key a config key (the path names the key: `data[Corefile]`). */
function configMapErrors(body: Json): FieldError[] {
  return Object.keys(obj(body.data) ?? {}).flatMap((key) =>
    eachInvalid({ api: `data[${key}]`, source: `data.${key}` }, key, isConfigMapKey(key)));
}

const CODES: [string, string][] = [
  ['Invalid value', 'field-invalid'],
  ['Required value', 'field-required'],
  ['Duplicate value', 'field-duplicate'],
  ['Unsupported value', 'field-unsupported'],
  ['Forbidden', 'field-forbidden'],
  ['Too long', 'field-too-long'],
];

const objectRef = (o: ParsedObject) => `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;

/**
 * The API server's verdict on one object: empty when it is accepted. Each error is its own
 * diagnostic, at the field's line, worded as kubectl prints a single one
 * (`The Pod "Web_Server" is invalid: metadata.name: Invalid value: …`).
 */
export function validateObject(o: ParsedObject): Diagnostic[] {
  if (o.system || CONFIG_KINDS.includes(o.kind)) return [];
  const type = KIND_TYPES[o.kind];
  if (type) {
    const problem = decodeError(o.body, type);
    if (problem) {
      const version = o.apiVersion.split('/').pop();
      return [{
        severity: 'error',
        code: problem.message.includes('cannot unmarshal number') && / of type int(32|64)$/.test(problem.message) ? 'not-an-integer' : 'wrong-type',
        message: `${o.kind} in version ${goQuote(version ?? '')} cannot be handled as a ${o.kind}: ${problem.message}`,
        range: o.paths[problem.source] ?? o.range,
        object: objectRef(o),
      }];
    }
  }
  return kindErrors(o).map((e) => ({
    severity: 'error',
    code: CODES.find(([prefix]) => e.body.startsWith(prefix))?.[1] ?? 'field-invalid',
    message: `The ${o.kind} ${goQuote(o.name)} is invalid: ${e.field.api}: ${e.body}`,
    range: nearest(o, e.field.source),
    object: objectRef(o),
  }));
}

/** The field's line, or for a field that is missing (Required value) its closest written parent's. */
function nearest(o: ParsedObject, source: string): ParsedObject['range'] {
  for (let path = source; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
    if (o.paths[path]) return o.paths[path];
  }
  return o.range;
}
