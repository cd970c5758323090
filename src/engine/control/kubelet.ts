/**
 * What each node's kubelet finds when it starts the containers: a hostNetwork pod shares the
 * node's ports, so its programs bind on the node itself, declared ports or not. A second one
 * whose program dies on a port already taken ("address already in use") goes into
 * CrashLoopBackOff. The scheduler cannot prevent this when the pods declare no ports: it only
 * knows declared ones (semantics §4).
 *
 * The programs bind in their own order (images/programs.ts), and not every failed bind is
 * fatal: two hostNetwork tomcats on one node both get past the HTTP connector (Tomcat logs the
 * failure and goes on), and the second dies on its shutdown port 8005, which is what article
 * 003's `kubectl logs` shows.
 */
import type { PodInfo } from '../model';
import type { Diagnostic } from '../types';
import { overlaps, type Bind } from '../images/programs';

/** Every socket the pod's programs open, in order; a pod made elsewhere (a dump) has its listening ports. */
function bindsOf(pod: PodInfo): Bind[] {
  if (pod.programs) return pod.programs.flatMap((p) => p.binds);
  return pod.listening.map((l) => ({ port: l.containerPort, protocol: l.protocol, address: '0.0.0.0', fatal: true }));
}

/** The socket that kills the pod's program on this node, given what is bound there already. */
function fatalClash(pod: PodInfo, taken: Bind[]): Bind | undefined {
  for (const bind of bindsOf(pod)) {
    const clash = taken.some((t) => t.port === bind.port && t.protocol === bind.protocol && overlaps(t.address, bind.address));
    if (clash && bind.fatal) return bind;
  }
  return undefined;
}

export function startContainers(pods: PodInfo[]): { pods: PodInfo[]; diagnostics: Diagnostic[] } {
  const bound = new Map<string, Bind[]>(); // node → sockets its hostNetwork programs hold
  const crashed = new Map<string, { first: PodInfo; port: number; more: number }>();
  const out = pods.map((pod) => {
    if (!pod.hostNetwork || !pod.node || pod.phase !== 'Running') return pod;
    const taken = bound.get(pod.node) ?? [];
    const clash = fatalClash(pod, taken);
    if (clash) {
      const key = `${pod.owner}@${pod.node}`;
      const group = crashed.get(key);
      if (group) group.more += 1;
      else crashed.set(key, { first: pod, port: clash.port, more: 0 });
      return { ...pod, status: 'CrashLoopBackOff' as const, ready: false, notReady: { key: 'pod.crash.addressInUse', params: { port: clash.port } } };
    }
    // The program runs: it holds every socket it could bind (a non-fatal failure holds none).
    const held = bindsOf(pod).filter((b) => !taken.some((t) => t.port === b.port && t.protocol === b.protocol && overlaps(t.address, b.address)));
    bound.set(pod.node, [...taken, ...held]);
    return pod;
  });
  const diagnostics: Diagnostic[] = [...crashed.values()].map(({ first, port, more }) => ({
    severity: 'warning',
    code: 'pod-crashloop',
    message: `${more > 0 ? `pods ${first.name} and ${more} more` : `pod ${first.name}`} on ${first.node}: CrashLoopBackOff, bind: address already in use (port ${port})`,
    range: first.provenance!.range,
    object: first.provenance!.object,
  }));
  return { pods: out, diagnostics };
}
