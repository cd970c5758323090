/**
 * A pod's spec as the API server checks it on create (pkg/apis/core/validation/validation.go,
 * v1.28: ValidatePodSpec, validateContainers, validateContainerPorts, AccumulateUniqueHostPorts,
 * validateRestartPolicy, validateDNSPolicy, the probes' handlers), for a Pod (`spec`) and for a
 * workload's template (`spec.template.spec`). Defaults come first, as in the API server: a port's
 * protocol is TCP, restartPolicy Always, dnsPolicy ClusterFirst.
 */
import { arr, obj, str, type Json } from '../../fields';
import { child, duplicate, eachInvalid, index, notSupported, required, type FieldError, type FieldPath } from './field';
import { validateLabels } from './meta';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** ValidatePortNumOrName: a number is a port, a string names one (IANA_SVC_NAME). */
export function validatePortNumOrName(value: unknown, at: FieldPath): FieldError[] {
  if (typeof value === 'number') return eachInvalid(at, value, isValidPortNum(value));
  if (typeof value === 'string') return eachInvalid(at, value, isValidPortName(value));
  return [];
}

function validateContainerPorts(ports: unknown[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((item, i) => {
    const port = obj(item) ?? {};
    const here = index(at, i);
    const name = str(port.name) ?? '';
    if (name) {
      const problems = isValidPortName(name);
      if (problems.length > 0) errs.push(...eachInvalid(child(here, 'name'), name, problems));
      else if (names.has(name)) errs.push(duplicate(child(here, 'name'), name));
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
    if (containerPort === 0) errs.push(required(child(here, 'containerPort')));
    else errs.push(...eachInvalid(child(here, 'containerPort'), containerPort, isValidPortNum(containerPort)));
    const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
    if (hostPort !== 0) errs.push(...eachInvalid(child(here, 'hostPort'), hostPort, isValidPortNum(hostPort)));
    const protocol = str(port.protocol) ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) errs.push(notSupported(child(here, 'protocol'), protocol, PROTOCOLS));
  });
  return errs;
}

function validateProbe(probe: Json | undefined, at: FieldPath): FieldError[] {
  if (!probe) return [];
  const errs: FieldError[] = [];
  const httpGet = obj(probe.httpGet);
  if (httpGet) errs.push(...validatePortNumOrName(httpGet.port, child(child(at, 'httpGet'), 'port')));
  const tcpSocket = obj(probe.tcpSocket);
  if (tcpSocket) errs.push(...validatePortNumOrName(tcpSocket.port, child(child(at, 'tcpSocket'), 'port')));
  return errs;
}

function validateContainers(containers: unknown[], at: FieldPath): FieldError[] {
  if (containers.length === 0) return [required(at)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((item, i) => {
    const c = obj(item) ?? {};
    const here = index(at, i);
    const name = str(c.name) ?? '';
    if (name === '') errs.push(required(child(here, 'name')));
    else errs.push(...eachInvalid(child(here, 'name'), name, isDNS1123Label(name)));
    if (names.has(name)) errs.push(duplicate(child(here, 'name'), name));
    else names.add(name);
    if ((str(c.image) ?? '') === '') errs.push(required(child(here, 'image')));
    errs.push(...validateContainerPorts(arr(c.ports), child(here, 'ports')));
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) errs.push(...validateProbe(obj(c[probe]), child(here, probe)));
  });
  return errs;
}

/** Two ports of a pod may not take the same host port, protocol and host address. */
function uniqueHostPorts(containers: unknown[], at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((item, ci) => {
    arr(obj(item)?.ports).forEach((p, pi) => {
      const port = obj(p) ?? {};
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      if (hostPort === 0) return;
      const key = `${str(port.protocol) ?? 'TCP'}/${str(port.hostIP) ?? ''}/${hostPort}`;
      if (seen.has(key)) errs.push(duplicate(child(index(child(index(at, ci), 'ports'), pi), 'hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}

/** ValidatePodSpec, for the parts Podpath reads. */
export function validatePodSpec(spec: Json, at: FieldPath): FieldError[] {
  const containers = arr(spec.containers);
  const errs = [
    ...validateContainers(containers, child(at, 'containers')),
    ...uniqueHostPorts(containers, child(at, 'containers')),
  ];
  const initContainers = arr(spec.initContainers);
  if (initContainers.length > 0) errs.push(...validateContainers(initContainers, child(at, 'initContainers')));
  const restartPolicy = str(spec.restartPolicy) ?? 'Always';
  if (!RESTART_POLICIES.includes(restartPolicy)) errs.push(notSupported(child(at, 'restartPolicy'), restartPolicy, RESTART_POLICIES));
  const dnsPolicy = str(spec.dnsPolicy) ?? 'ClusterFirst';
  if (!DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(child(at, 'dnsPolicy'), dnsPolicy, DNS_POLICIES));
  const nodeName = str(spec.nodeName) ?? '';
  if (nodeName) errs.push(...eachInvalid(child(at, 'nodeName'), nodeName, isDNS1123Subdomain(nodeName)));
  errs.push(...validateLabels(spec.nodeSelector, child(at, 'nodeSelector')));
  for (const field of ['hostname', 'subdomain']) {
    const value = str(spec[field]) ?? '';
    if (value) errs.push(...eachInvalid(child(at, field), value, isDNS1123Label(value)));
  }
  return errs;
}

/** A workload's pods restart always: ValidatePodTemplateSpecForReplicaSet and kin. */
export function validateTemplateRestartPolicy(spec: Json, at: FieldPath): FieldError[] {
  const policy = str(spec.restartPolicy) ?? 'Always';
  if (policy === 'Always') return [];
  return [notSupported(child(at, 'restartPolicy'), policy, ['Always'])];
}
