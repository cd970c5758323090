/**
 * Stage 2 for Services: what the API server does on `kubectl apply`: defaulting
 * (pkg/apis/core/v1/defaults.go SetDefaults_Service), validation
 * (pkg/apis/core/validation/validation.go ValidateService) and allocation of cluster IPs and
 * node ports (pkg/registry/core/service/{ipallocator,portallocator}). Error texts are the
 * API server's, prefixed the way kubectl prints them.
 */
import { arr, labels, num, obj, str } from '../fields';
import { fnv32a } from '../hash';
import { cidrContains, cidrSize, formatIp, parseCidr, parseIp } from '../ip';
import type { ClusterSettings, ServiceInfo, ServicePort } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic, Provenance } from '../types';
import { goQuote } from './validation/field';
import { isDNS1123Label, isQualifiedName, isValidPortName } from './validation/names';

export interface AdmittedServices {
  services: ServiceInfo[];
  diagnostics: Diagnostic[];
}

const SUPPORTED_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;

/** validation.IsDNS1123Subdomain's pattern. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Admits every Service in document order; a rejected Service is reported and left out. */
export function admitServices(objects: ParsedObject[], settings: ClusterSettings): AdmittedServices {
  const diagnostics: Diagnostic[] = [];
  const candidates: { parsed: ParsedObject; svc: ServiceInfo }[] = [];
  const usedIps = new Set<string>();
  const usedPorts = new Set<number>();
  const range = parseCidr(settings.serviceSubnet)!;

  for (const parsed of objects) {
    const result = defaultAndValidate(parsed, settings);
    if ('errors' in result) {
      diagnostics.push(...result.errors);
      continue;
    }
    candidates.push({ parsed, svc: result.svc });
  }

  // Requested values are reserved first, in document order; the rest are allocated after, so an
  // allocated value never steals one that a later object asked for.
  const accepted: { parsed: ParsedObject; svc: ServiceInfo }[] = [];
  for (const c of candidates) {
    const problem = reserveRequested(c, usedIps, usedPorts, settings);
    if (problem) diagnostics.push(problem);
    else accepted.push(c);
  }
  const services: ServiceInfo[] = [];
  for (const { parsed, svc } of accepted) {
    // An ExternalName Service is only a DNS name: no cluster IP, no ports on nodes, no rules.
    if (svc.type === 'ExternalName') {
      services.push(svc);
      continue;
    }
    if (!svc.clusterIP) svc.clusterIP = allocateIp(`${svc.namespace}/${svc.name}`, range, usedIps) ?? '';
    // NodePort Services, and LoadBalancers unless allocateLoadBalancerNodePorts is false, get node ports.
    const wantsNodePorts = svc.type === 'NodePort' || (svc.type === 'LoadBalancer' && obj(parsed.body.spec)?.allocateLoadBalancerNodePorts !== false);
    svc.ports.forEach((port, i) => {
      if (wantsNodePorts && !port.nodePort) {
        port.nodePort = allocatePort(`${svc.namespace}/${svc.name}/${i}`, settings, usedPorts);
      }
    });
    // LoadBalancer with externalTrafficPolicy Local: a health-check node port for the LB to probe.
    if (svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && !svc.healthCheckNodePort) {
      svc.healthCheckNodePort = allocatePort(`${svc.namespace}/${svc.name}/healthCheck`, settings, usedPorts);
    }
    if (!svc.clusterIP || svc.ports.some((p) => wantsNodePorts && !p.nodePort)) {
      diagnostics.push({
        severity: 'error',
        code: 'range-full',
        message: `Internal error occurred: failed to allocate a ${svc.clusterIP ? 'nodePort' : 'serviceIP'}: range is full`,
        range: parsed.range,
        object: `Service/${svc.namespace}/${svc.name}`,
      });
      continue;
    }
    services.push(svc);
  }
  return { services, diagnostics };
}

function invalid(parsed: ParsedObject, path: string, field: string, detail: string, code: string): Diagnostic {
  return {
    severity: 'error',
    code,
    message: `The Service "${parsed.name}" is invalid: ${field}: ${detail}`,
    range: parsed.paths[path] ?? parsed.range,
    object: `Service/${parsed.namespace ?? 'default'}/${parsed.name}`,
  };
}

/** A YAML number where the API wants an int32: the JSON decoder refuses the whole object. */
function notInt32(parsed: ParsedObject, path: string, goField: string, value: number): Diagnostic {
  return {
    severity: 'error',
    code: 'not-an-integer',
    message: `Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number ${value} into Go struct field ${goField} of type int32`,
    range: parsed.paths[path] ?? parsed.range,
    object: `Service/${parsed.namespace ?? 'default'}/${parsed.name}`,
  };
}

/** Go's %#v of the key ValidateService uses to find duplicate ports. */
function goServicePortKey(protocol: string, port: number, nodePort: number): string {
  return `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:${nodePort}}`;
}

const isInt = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n);

function defaultAndValidate(parsed: ParsedObject, settings: ClusterSettings): { svc: ServiceInfo } | { errors: Diagnostic[] } {
  const spec = obj(parsed.body.spec) ?? {};
  const namespace = parsed.namespace ?? 'default';
  const type = str(spec.type) ?? 'ClusterIP';
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) {
    return {
      errors: [{
        severity: 'warning',
        code: 'unsupported-service-type',
        message: `Service type ${type} is not simulated yet; the Service is left out`,
        key: 'diag.unsupportedServiceType',
        params: { type },
        range: parsed.paths['spec.type'] ?? parsed.range,
        object: `Service/${namespace}/${parsed.name}`,
      }],
    };
  }
  const errors: Diagnostic[] = [];
  const bad = (path: string, field: string, detail: string, code: string) => errors.push(invalid(parsed, path, field, detail, code));
  const clusterIP = str(spec.clusterIP) ?? '';
  const headless = clusterIP === 'None';
  if (headless && type !== 'ClusterIP') {
    bad('spec.clusterIP', 'spec.clusterIPs[0]', `Invalid value: "None": may not be set to 'None' for ${type} services`, 'headless-nodeport');
  }
  const externalIPs = arr(spec.externalIPs).map((x) => String(x));
  externalIPs.forEach((ip, i) => {
    if (parseIp(ip) === undefined) {
      bad(`spec.externalIPs.${i}`, `spec.externalIPs[${i}]`, `Invalid value: ${JSON.stringify(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`, 'externalip-invalid');
    }
  });
  // Whitespace around ranges is tolerated, a leftover of the old annotation (ValidateService).
  const sourceRanges = arr(spec.loadBalancerSourceRanges).map((x) => String(x).trim());
  if (sourceRanges.length > 0 && type !== 'LoadBalancer') {
    bad('spec.loadBalancerSourceRanges', 'spec.loadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'", 'source-ranges-forbidden');
  }
  sourceRanges.forEach((cidr, i) => {
    if (parseCidr(cidr) === undefined || !cidr.includes('/')) {
      bad(`spec.loadBalancerSourceRanges.${i}`, `spec.loadBalancerSourceRanges[${i}]`, `Invalid value: ${JSON.stringify(cidr)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`, 'source-range-invalid');
    }
  });
  const rawPorts = arr(spec.ports);
  // Only headless Services may have no ports.
  const externalName = str(spec.externalName);
  if (type === 'ExternalName') {
    if (clusterIP !== '') {
      bad('spec.clusterIP', 'spec.clusterIPs', `Invalid value: []string{${JSON.stringify(clusterIP)}}: may not be set for ExternalName services`, 'externalname-clusterip');
    }
    if (!externalName) bad('spec', 'spec.externalName', 'Required value', 'externalname-required');
    else if (!DNS1123_SUBDOMAIN.test(externalName.replace(/\.$/, '')) || externalName.length > 253) {
      bad('spec.externalName', 'spec.externalName', `Invalid value: ${JSON.stringify(externalName)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`, 'externalname-invalid');
    }
  }
  // Only headless and ExternalName Services may have no ports.
  if (rawPorts.length === 0 && !headless && type !== 'ExternalName') bad('spec', 'spec.ports', 'Required value', 'service-ports-required');
  const ports: ServicePort[] = [];
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  const { min, max } = settings.nodePortRange;
  rawPorts.forEach((item, i) => {
    const raw = obj(item) ?? {};
    const at = `spec.ports.${i}`;
    const field = `spec.ports[${i}]`;
    const name = str(raw.name);
    if (rawPorts.length > 1 && !name) bad(at, `${field}.name`, 'Required value', 'service-port-name-required');
    // validateServicePort: a Service port's name is a DNS label (a container port's is an IANA name).
    for (const msg of name ? isDNS1123Label(name) : []) bad(`${at}.name`, `${field}.name`, `Invalid value: ${goQuote(name!)}: ${msg}`, 'service-port-name-invalid');
    if (name && names.has(name)) bad(`${at}.name`, `${field}.name`, `Duplicate value: "${name}"`, 'service-port-name-duplicate');
    if (name) names.add(name);
    const appProtocol = str(raw.appProtocol);
    for (const msg of appProtocol !== undefined ? isQualifiedName(appProtocol) : []) bad(`${at}.appProtocol`, `${field}.appProtocol`, `Invalid value: ${goQuote(appProtocol!)}: ${msg}`, 'service-appprotocol-invalid');
    const port = num(raw.port);
    if (port !== undefined && !isInt(port)) {
      errors.push(notInt32(parsed, `${at}.port`, 'ServicePort.spec.ports.port', port));
      return;
    }
    if (port === undefined || port < 1 || port > 65535) {
      bad(`${at}.port`, `${field}.port`, `Invalid value: ${port ?? 0}: must be between 1 and 65535, inclusive`, 'service-port-invalid');
      return;
    }
    const protocol = (str(raw.protocol) ?? 'TCP') as ServicePort['protocol'];
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) {
      bad(`${at}.protocol`, `${field}.protocol`, `Unsupported value: "${protocol}": supported values: "SCTP", "TCP", "UDP"`, 'service-protocol-invalid');
    }
    // targetPort defaults to port (SetDefaults_Service); a string names a container port.
    let targetPort: number | string = port;
    if (typeof raw.targetPort === 'string' && raw.targetPort !== '') {
      // ValidatePortNumOrName: a named targetPort is an IANA service name, as a container port's name.
      for (const msg of isValidPortName(raw.targetPort)) bad(`${at}.targetPort`, `${field}.targetPort`, `Invalid value: ${goQuote(raw.targetPort)}: ${msg}`, 'service-targetport-invalid');
      targetPort = raw.targetPort;
    }
    else if (typeof raw.targetPort === 'number' && raw.targetPort !== 0) {
      if (!isInt(raw.targetPort)) errors.push(notInt32(parsed, `${at}.targetPort`, 'ServicePort.spec.ports.targetPort', raw.targetPort));
      else if (raw.targetPort < 1 || raw.targetPort > 65535) {
        bad(`${at}.targetPort`, `${field}.targetPort`, `Invalid value: ${raw.targetPort}: must be between 1 and 65535, inclusive`, 'service-targetport-invalid');
      }
      targetPort = raw.targetPort;
    }
    const nodePort = num(raw.nodePort) ?? 0;
    if (!isInt(nodePort)) errors.push(notInt32(parsed, `${at}.nodePort`, 'ServicePort.spec.ports.nodePort', nodePort));
    else if (nodePort !== 0 && type === 'ClusterIP') {
      bad(`${at}.nodePort`, `${field}.nodePort`, "Forbidden: may not be used when `type` is 'ClusterIP'", 'nodeport-forbidden');
    } else if (nodePort !== 0 && (nodePort < min || nodePort > max)) {
      bad(`${at}.nodePort`, `${field}.nodePort`, `Invalid value: ${nodePort}: provided port is not in the valid range. The range of valid ports is ${min}-${max}`, 'nodeport-out-of-range');
    }
    // Within one Service, (protocol, port) and (protocol, nodePort) must be unique.
    const portKey = goServicePortKey(protocol, port, 0);
    if (portKeys.has(portKey)) bad(at, field, `Duplicate value: ${portKey}`, 'service-port-duplicate');
    portKeys.add(portKey);
    if (nodePort !== 0) {
      const npKey = goServicePortKey(protocol, 0, nodePort);
      if (nodePortKeys.has(npKey)) bad(at, field, `Duplicate value: ${npKey}`, 'nodeport-duplicate');
      nodePortKeys.add(npKey);
    }
    ports.push({ name, protocol, port, targetPort, nodePort: nodePort || undefined });
  });
  const etp = str(spec.externalTrafficPolicy);
  const itp = str(spec.internalTrafficPolicy);
  if (etp !== undefined) {
    // Externally accessible: NodePort, LoadBalancer, or any Service with externalIPs.
    if (type === 'ClusterIP' && externalIPs.length === 0) {
      bad('spec.externalTrafficPolicy', 'spec.externalTrafficPolicy', `Invalid value: "${etp}": may only be set for externally-accessible services`, 'etp-not-external');
    } else if (etp !== 'Cluster' && etp !== 'Local') {
      bad('spec.externalTrafficPolicy', 'spec.externalTrafficPolicy', `Unsupported value: "${etp}": supported values: "Cluster", "Local"`, 'etp-unsupported');
    }
  }
  const affinity = str(spec.sessionAffinity) ?? 'None';
  if (affinity !== 'None' && affinity !== 'ClientIP') {
    bad('spec.sessionAffinity', 'spec.sessionAffinity', `Unsupported value: "${affinity}": supported values: "ClientIP", "None"`, 'affinity-unsupported');
  }
  // SetDefaults_Service: ClientIP affinity without a timeout gets 10800 s (3 hours).
  const timeout = num(obj(obj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds) ?? 10800;
  const timeoutPath = 'spec.sessionAffinityConfig.clientIP.timeoutSeconds';
  if (affinity === 'ClientIP' && !isInt(timeout)) errors.push(notInt32(parsed, timeoutPath, 'ClientIPConfig.spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout));
  else if (affinity === 'ClientIP' && (timeout <= 0 || timeout > 86400)) {
    bad(timeoutPath, timeoutPath, `Invalid value: ${timeout}: must be greater than 0 and less than 86400`, 'affinity-timeout-invalid');
  }
  if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local') {
    bad('spec.internalTrafficPolicy', 'spec.internalTrafficPolicy', `Unsupported value: "${itp}": supported values: "Cluster", "Local"`, 'itp-unsupported');
  }
  if (errors.length > 0) return { errors };

  const selectorRaw = obj(spec.selector);
  const selector = selectorRaw ? labels(selectorRaw) : undefined;
  const object = `Service/${namespace}/${parsed.name}`;
  const fieldProvenance: Record<string, Provenance> = {};
  for (const path of Object.keys(parsed.paths)) if (path.startsWith('spec.')) fieldProvenance[path] = { object, range: parsed.paths[path] };
  return {
    svc: {
      namespace,
      name: parsed.name,
      type: type as ServiceInfo['type'],
      clusterIP,
      ...(type === 'ExternalName' ? { externalName } : {}),
      externalIPs,
      // Addresses written in status (a dump of a real cluster, or the seeds' example) are kept.
      loadBalancerIPs: type === 'LoadBalancer' ? arr(obj(obj(parsed.body.status)?.loadBalancer)?.ingress).map((i) => str(obj(i)?.ip)).filter((ip): ip is string => !!ip && parseIp(ip) !== undefined) : [],
      requestedLoadBalancerIP: str(spec.loadBalancerIP),
      loadBalancerSourceRanges: sourceRanges,
      healthCheckNodePort: num(spec.healthCheckNodePort),
      // An empty selector is no selector: the API server does not store an empty map, and the
      // endpoints controller skips Services without one (kubernetes#25837).
      selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
      ports,
      externalTrafficPolicy: etp === 'Local' ? 'Local' : 'Cluster',
      internalTrafficPolicy: itp === 'Local' ? 'Local' : 'Cluster',
      sessionAffinity: affinity === 'ClientIP' ? 'ClientIP' : 'None',
      publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
      affinityTimeout: timeout,
      provenance: { object, range: parsed.range },
      fieldProvenance,
      ...(parsed.system ? { system: true } : {}),
    },
  };
}

function reserveRequested(
  c: { parsed: ParsedObject; svc: ServiceInfo },
  usedIps: Set<string>,
  usedPorts: Set<number>,
  settings: ClusterSettings,
): Diagnostic | undefined {
  const { parsed, svc } = c;
  if (svc.clusterIP && svc.clusterIP !== 'None') {
    const ip = svc.clusterIP;
    const value = parseIp(ip);
    const range = parseCidr(settings.serviceSubnet)!;
    const list = `[]string{${JSON.stringify(ip)}}`;
    if (value === undefined) {
      return invalid(parsed, 'spec.clusterIP', 'spec.clusterIPs[0]', `Invalid value: ${JSON.stringify(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`, 'clusterip-invalid');
    }
    if (!cidrContains(range, value)) {
      return invalid(parsed, 'spec.clusterIP', 'spec.clusterIPs', `Invalid value: ${list}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${settings.serviceSubnet}`, 'clusterip-out-of-range');
    }
    if (usedIps.has(ip)) {
      return invalid(parsed, 'spec.clusterIP', 'spec.clusterIPs', `Invalid value: ${list}: failed to allocate IP ${ip}: provided IP is already allocated`, 'clusterip-taken');
    }
  }
  // One Service may use a node port number for several protocols (DNS on TCP and UDP 53).
  const seen = new Set<number>();
  for (let i = 0; i < svc.ports.length; i++) {
    const np = svc.ports[i].nodePort;
    if (np === undefined) continue;
    if (usedPorts.has(np)) {
      return invalid(parsed, `spec.ports.${i}.nodePort`, `spec.ports[${i}].nodePort`, `Invalid value: ${np}: provided port is already allocated`, 'nodeport-taken');
    }
    seen.add(np);
  }
  if (svc.clusterIP && svc.clusterIP !== 'None') usedIps.add(svc.clusterIP);
  for (const p of seen) usedPorts.add(p);
  return undefined;
}

/**
 * A cluster IP from the upper band of the range: the API server keeps the lowest
 * min(max(16, size/16), 256) addresses for requested IPs and allocates from the rest first.
 * Real allocation is random; here the name picks the start, so the same YAML gives the same IP.
 */
function allocateIp(key: string, range: { base: number; bits: number }, used: Set<string>): string | undefined {
  const size = cidrSize(range);
  const staticBand = Math.min(Math.max(16, size / 16), 256);
  const first = range.base + 1 + staticBand;
  const count = size - 2 - staticBand;
  const start = fnv32a(key) % count;
  for (let i = 0; i < count; i++) {
    const ip = formatIp(first + ((start + i) % count));
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
  return undefined;
}

/** A node port from the upper band (the lowest min(max(16, size/32), 128) are for requests). */
function allocatePort(key: string, settings: ClusterSettings, used: Set<number>): number | undefined {
  const { min, max } = settings.nodePortRange;
  const size = max - min + 1;
  const staticBand = Math.min(Math.max(16, Math.floor(size / 32)), 128);
  const count = size - staticBand;
  const start = fnv32a(key) % count;
  for (let i = 0; i < count; i++) {
    const port = min + staticBand + ((start + i) % count);
    if (!used.has(port)) {
      used.add(port);
      return port;
    }
  }
  return undefined;
}
