/**
 * Ports of a pod: the ones its containers declare, the host ports it asks for, and the ones a
 * process really listens on.
 */
import { arr, num, obj, str, type Json } from '../fields';
import type { ContainerPort } from '../model';

export interface HostPort {
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

/** Images whose program and default port are well known. */
const IMAGE_PORTS: [RegExp, number][] = [
  [/(^|\/)nginx(:|@|$)/, 80],
  [/(^|\/)httpd(:|@|$)/, 80],
  // Tomcat's connector; its shutdown port 8005 listens on localhost only.
  [/(^|\/)tomcat(:|@|$)/, 8080],
  [/(^|\/)ingress-nginx\/controller(:|@|$)/, 80],
  [/(^|\/)ingress-nginx\/controller(:|@|$)/, 443],
];

/**
 * What listens in a pod. Declared container ports are only informational in Kubernetes; the
 * program decides. For an image we know (nginx, httpd), its default port, whatever the YAML
 * declares; for any other image, we take the declared ports as the truth.
 */
export function listeningPorts(spec: Json): ContainerPort[] {
  return arr(spec.containers).flatMap((c) => {
    const image = str(obj(c)?.image) ?? '';
    const known = IMAGE_PORTS.filter(([re]) => re.test(image));
    return known.length > 0 ? known.map(([, port]) => ({ containerPort: port, protocol: 'TCP' as const })) : declaredPorts(c);
  });
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
      if (port) out.push({ port, containerPort, protocol: (str(p.protocol) ?? 'TCP') as ContainerPort['protocol'] });
    }
  }
  return out;
}
