/**
 * `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE`: which pod and port kubectl forwards to, or
 * the error it prints. Follows kubectl v1.28: staging/src/k8s.io/kubectl/pkg/cmd/portforward/
 * portforward.go (Complete, translateServicePortToTargetPort, convertPodNamedPortToNumber,
 * RunPortForward) and pkg/polymorphichelpers (AttachablePodForObject, SelectorsForObject,
 * GetFirstPod with sort.Reverse(podutils.ActivePods)).
 */
import { matchesSelector } from './fields';
import { fnv32a } from './hash';
import type { Cluster, PodInfo, ServiceInfo } from './model';
import type { RunningForward } from './trace/types';

export interface PortForward {
  namespace: string;
  pod: PodInfo;
  local: number;
  remote: number;
  /** What kubectl prints once the listener is up. */
  output: string;
}

/** Resource names kubectl accepts for the first argument, and their API names. */
const TYPES: Record<string, { kind: string; resource: string }> = {};
for (const [kind, resource, ...aliases] of [
  ['Pod', 'pods', 'pod', 'po'],
  ['Service', 'services', 'service', 'svc'],
  ['Deployment', 'deployments.apps', 'deployment', 'deploy'],
  ['ReplicaSet', 'replicasets.apps', 'replicaset', 'rs'],
  ['StatefulSet', 'statefulsets.apps', 'statefulset', 'sts'],
  ['DaemonSet', 'daemonsets.apps', 'daemonset', 'ds'],
]) {
  for (const alias of [resource.split('.')[0], ...aliases]) TYPES[alias] = { kind, resource };
}

export function portForward(cluster: Cluster, target: string, ports: string, namespace = 'default'): PortForward | { error: string } {
  const slash = target.indexOf('/');
  const [typeName, name] = slash < 0 ? ['pod', target] : [target.slice(0, slash), target.slice(slash + 1)];
  const type = TYPES[typeName.toLowerCase()];
  if (!type) return { error: `error: the server doesn't have a resource type "${typeName}"` };
  const notFound = { error: `Error from server (NotFound): ${type.resource} "${name}" not found` };
  const [localText, remoteText] = ports.includes(':') ? ports.split(':') : [ports, ports];
  if (!remoteText) return { error: 'error: remote port cannot be empty' };

  let pod: PodInfo | undefined;
  let service: ServiceInfo | undefined;
  if (type.kind === 'Pod') {
    pod = cluster.pods.find((p) => p.namespace === namespace && p.name === name);
    if (!pod) return notFound;
  } else {
    let selector: Record<string, string>;
    if (type.kind === 'Service') {
      service = cluster.services.find((s) => s.namespace === namespace && s.name === name);
      if (!service) return notFound;
      if (!service.selector || Object.keys(service.selector).length === 0) {
        return { error: `error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector` };
      }
      selector = service.selector;
    } else {
      const workload = cluster.workloads.find((w) => w.kind === type.kind && w.namespace === namespace && w.name === name);
      if (!workload) return notFound;
      selector = workload.selector;
    }
    pod = firstPod(cluster.pods.filter((p) => p.namespace === namespace && matchesSelector(selector, p.labels)));
    // GetFirstPod waits for a matching pod until --pod-running-timeout (1m), then gives up.
    if (!pod) return { error: 'error: timed out waiting for the condition' };
  }

  let remote: number;
  // What a named port given alone (`https`, no LOCAL:) becomes on the local side.
  let namedLocal: number;
  if (service) {
    const asked = /^\d+$/.test(remoteText) ? Number(remoteText) : service.ports.find((p) => p.name === remoteText)?.port;
    if (asked === undefined) return { error: `error: Service '${name}' does not have a named port '${remoteText}'` };
    const protocols = service.ports.filter((p) => p.port === asked).map((p) => p.protocol);
    if (protocols.includes('UDP') && !protocols.includes('TCP')) return { error: `error: UDP protocol is not supported for ${remoteText}` };
    const port = service.ports.find((p) => p.port === asked);
    if (!port) return { error: `error: Service ${name} does not have a service port ${asked}` };
    // LookupContainerPortNumberByServicePort (k8s.io/kubectl/pkg/util/service_port.go): for a
    // headless Service (clusterIP None) the Service port itself is the pod's port; targetPort is ignored.
    const target = service.clusterIP === 'None' ? asked : containerPort(pod, port.targetPort);
    if (target === undefined) return { error: `error: Pod '${pod.name}' does not have a named port '${port.targetPort}'` };
    remote = target;
    // translateServicePortToTargetPort: the Service port's number, not the pod's.
    namedLocal = asked;
  } else {
    const target = containerPort(pod, /^\d+$/.test(remoteText) ? Number(remoteText) : remoteText);
    if (target === undefined) return { error: `error: Pod '${pod.name}' does not have a named port '${remoteText}'` };
    const protocols = pod.ports.filter((p) => p.containerPort === target).map((p) => p.protocol);
    if (protocols.includes('UDP') && !protocols.includes('TCP')) return { error: `error: UDP protocol is not supported for ${remoteText}` };
    remote = target;
    namedLocal = target;
  }
  // A local port left out (`:80`) is one the kernel picks from ip_local_port_range; here a
  // stable pick, so the same command prints the same line. A named one becomes its number.
  const local = localText === '' ? 32768 + (fnv32a(`${namespace}/${pod.name}:${remote}`) % 28232) : /^\d+$/.test(localText) ? Number(localText) : namedLocal;
  if (pod.phase !== 'Running') return { error: `error: unable to forward port because pod is not running. Current status=${pod.phase}` };
  return {
    namespace,
    pod,
    local,
    remote,
    output: `Forwarding from 127.0.0.1:${local} -> ${remote}\nForwarding from [::1]:${local} -> ${remote}\n`,
  };
}

/** util.LookupContainerPortNumberByName for a name; a number is taken as is. */
function containerPort(pod: PodInfo, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return pod.ports.find((p) => p.name === port)?.containerPort;
}

/**
 * sort.Reverse(ActivePods) puts first the pod most worth talking to: scheduled, Running, ready.
 * Ties keep the listing order (the API lists by name).
 */
function firstPod(pods: PodInfo[]): PodInfo | undefined {
  const rank = (p: PodInfo) => (p.node ? 4 : 0) + (p.phase === 'Running' ? 2 : 0) + (p.ready ? 1 : 0);
  return [...pods].sort((a, b) => rank(b) - rank(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIpv4 = (s: string) => IPV4.test(s) && s.split('.').every((x) => Number(x) <= 255);
function isIpv6(s: string): boolean {
  if (!/^[0-9a-f:]+$/i.test(s) || s.split('::').length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (s.includes('::') ? groups.length < 8 : groups.length === 8);
}

/**
 * client-go's parseAddresses (tools/portforward/portforward.go): `localhost` is 127.0.0.1 and
 * ::1; an IP is itself; anything else is kubectl's error. The list is sorted as strings, the
 * order getListener opens (and prints) them in.
 */
export function forwardAddresses(values: string[]): string[] | { error: string } {
  const parsed = new Set<string>();
  for (const a of values.flatMap((v) => v.split(','))) {
    if (a === 'localhost') parsed.add('127.0.0.1').add('::1');
    else if (isIpv4(a) || isIpv6(a)) parsed.add(a);
    else return { error: `error: ${a} is not a valid IP` };
  }
  return [...parsed].sort();
}

/** `net.JoinHostPort`: an IPv6 address in brackets. */
export const joinHostPort = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** One listening socket of a running port-forward, and where its connections go. */
export interface ForwardSocket {
  /** The machine kubectl runs on: `external` or `node/NAME`. */
  on: RunningForward['on'];
  /** The address it is bound to: `0.0.0.0` takes every IPv4 address of the machine. */
  address: string;
  local: number;
  remote: number;
  namespace: string;
  pod: PodInfo;
  /** The command, as typed. */
  command: string;
  /** kubectl's `Forwarding from` lines, all of them. */
  output: string;
}

/** The command line that started a running forward. */
export function forwardCommand(f: RunningForward): string {
  if (typeof f.command === 'string' && f.command) return f.command;
  const address = f.addresses && !(f.addresses.length === 1 && f.addresses[0] === 'localhost') ? ` --address ${f.addresses.join(',')}` : '';
  return `kubectl port-forward ${f.target} ${f.ports.join(' ')}${f.namespace ? ` -n ${f.namespace}` : ''}${address}`;
}

/**
 * A running `kubectl port-forward`: the pod kubectl chose, and one socket per address and port,
 * in the order getListener opens them (ports as given, each on every address), with the lines it
 * printed (client-go tools/portforward/portforward.go, getListener: "Forwarding from %s -> %d").
 * Or the error that stopped it from starting.
 */
export function runningForward(cluster: Cluster, f: RunningForward): { sockets: ForwardSocket[]; output: string } | { error: string } {
  if (!f || typeof f.target !== 'string' || !Array.isArray(f.ports) || f.ports.length === 0) return { error: 'error: TYPE/NAME and list of ports are required for port-forward' };
  const addresses = forwardAddresses(Array.isArray(f.addresses) && f.addresses.length > 0 ? f.addresses : ['localhost']);
  if ('error' in addresses) return addresses;
  const command = forwardCommand(f);
  const sockets: ForwardSocket[] = [];
  for (const spec of f.ports) {
    const parts = String(spec).split(':');
    const [local, remote] = parts.length === 2 ? parts : [parts[0], parts[0]];
    const forward = portForward(cluster, f.target, `${local === '0' ? '' : local}:${remote}`, f.namespace || 'default');
    if ('error' in forward) return forward;
    for (const address of addresses) {
      sockets.push({ on: f.on, address, local: forward.local, remote: forward.remote, namespace: forward.namespace, pod: forward.pod, command, output: '' });
    }
  }
  const output = sockets.map((s) => `Forwarding from ${joinHostPort(s.address, s.local)} -> ${s.remote}\n`).join('');
  for (const s of sockets) s.output = output;
  return { sockets, output };
}

/** The socket of a running forward that takes a connection to `ip:port` on machine `on`, if any. */
export function forwardSocketFor(sockets: ForwardSocket[], on: string, ip: string, port: number): ForwardSocket | undefined {
  return sockets.find((s) => s.on === on && s.local === port && (s.address === ip || (s.address === '0.0.0.0' && !ip.includes(':'))));
}
