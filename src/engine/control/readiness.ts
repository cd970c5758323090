/**
 * The kubelet's readiness probes, decided without running anything: a probe we can see will
 * never pass (exec `false`, httpGet or tcpSocket to a port nothing listens on) keeps the pod
 * not ready; any other probe is assumed to pass. A Ready condition written in the pod's status
 * (a dump of a real cluster) is taken as it is.
 */
import { arr, obj, str, type Json } from '../fields';
import type { ContainerPort } from '../model';
import type { Message } from '../types';

export interface Readiness {
  ready: boolean;
  /** Why the pod is not ready, for the canvas and `kubectl describe`-like views. */
  why?: Message;
}

const FAILING_COMMANDS = ['false', '/bin/false', '/usr/bin/false', 'exit 1'];

function commandNeverPasses(command: unknown): boolean {
  const parts = Array.isArray(command) ? command.map(String) : typeof command === 'string' ? [command] : [];
  const joined = parts.join(' ').trim();
  if (FAILING_COMMANDS.includes(joined)) return true;
  // sh -c "exit 1", /bin/sh -c false
  const shell = /^(\/bin\/)?(ba)?sh -c (.*)$/.exec(joined);
  return !!shell && FAILING_COMMANDS.includes(shell[3].replace(/^["']|["']$/g, '').trim());
}

/** The port a probe targets: a number, or the name of one of the container's ports. */
function probePort(port: unknown, container: Json): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  const named = arr(container.ports).map((p) => obj(p) ?? {}).find((p) => p.name === port);
  return typeof named?.containerPort === 'number' ? named.containerPort : undefined;
}

export function readiness(podSpec: Json, status: Json | undefined, listening: ContainerPort[]): Readiness {
  const written = arr(status?.conditions).map((c) => obj(c) ?? {}).find((c) => c.type === 'Ready');
  if (written) return written.status === 'True' ? { ready: true } : { ready: false, why: { key: 'pod.notReady.status' } };
  for (const c of arr(podSpec.containers).map((x) => obj(x) ?? {})) {
    const probe = obj(c.readinessProbe);
    if (!probe) continue;
    const name = str(c.name) ?? '';
    const exec = obj(probe.exec);
    if (exec && commandNeverPasses(exec.command)) {
      return { ready: false, why: { key: 'pod.notReady.exec', params: { container: name, command: arr(exec.command).map(String).join(' ') } } };
    }
    for (const kind of ['httpGet', 'tcpSocket'] as const) {
      const target = obj(probe[kind]);
      if (!target) continue;
      const port = probePort(target.port, c);
      if (port === undefined || !listening.some((l) => l.containerPort === port && l.protocol === 'TCP')) {
        return { ready: false, why: { key: 'pod.notReady.port', params: { container: name, probe: kind, port: String(target.port) } } };
      }
    }
  }
  return { ready: true };
}
