/**
 * Ports of a pod: the ones its containers declare, the host ports it asks for, and the ones a
 * process really listens on.
 */
import { arr, num, obj, str, type Json } from '../fields';
import type { ContainerPort } from '../model';
import { programsOf, reachable } from '../images/programs';

export interface HostPort {
  /** spec.containers[].ports[].hostIP; unset means 0.0.0.0, every address of the node. */
  hostIP?: string;
  port: number;
  protocol: ContainerPort['protocol'];
  containerPort: number;
}

export function declaredPorts(container: unknown): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const p of arr(obj(container)?.ports)) {
    const port = obj(p);
    const containerPort = num(port?.containerPort);
    if (!port || containerPort === undefined) continue;
    ports.push({ name: str(port.name), containerPort, protocol: (str(port.protocol) ?? 'TCP') as ContainerPort['protocol'] });
  }
  return ports;
}

export function containerPorts(spec: Json): ContainerPort[] {
  return arr(spec.containers).flatMap(declaredPorts);
}

/**
 * What listens in a pod, reachable from outside it: the sockets its programs bind on an address
 * other than the loopback (images/programs.ts). Declared container ports are only informational
 * in Kubernetes; the program decides. For an image we know (nginx, httpd, tomcat, agnhost
 * netexec, …), its own ports, whatever the YAML declares; for any other image, the declared ports.
 */
export function listeningPorts(spec: Json): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const b of programsOf(spec).flatMap((p) => p.binds)) {
    if (reachable(b) && !out.some((o) => o.containerPort === b.port && o.protocol === b.protocol)) out.push({ containerPort: b.port, protocol: b.protocol });
  }
  return out;
}

/**
 * Host ports a pod holds on its node. Under hostNetwork every declared port is one: the API
 * server defaults hostPort to containerPort (SetDefaults_Pod, defaultHostNetworkPorts).
 */
export function hostPorts(spec: Json): HostPort[] {
  const hostNetwork = spec.hostNetwork === true;
  const out: HostPort[] = [];
  for (const c of arr(spec.containers)) {
    for (const p of arr(obj(c)?.ports).map((x) => obj(x) ?? {})) {
      const containerPort = num(p.containerPort);
      if (containerPort === undefined) continue;
      const port = num(p.hostPort) || (hostNetwork ? containerPort : 0);
      const hostIP = str(p.hostIP);
      if (port) out.push({ ...(hostIP && hostIP !== '0.0.0.0' ? { hostIP } : {}), port, containerPort, protocol: (str(p.protocol) ?? 'TCP') as ContainerPort['protocol'] });
    }
  }
  return out;
}
