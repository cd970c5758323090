/**
 * What each node's kubelet finds when it starts the containers: a hostNetwork pod shares the
 * node's ports, so a second one that listens on a port already taken fails to bind ("address
 * already in use") and goes into CrashLoopBackOff. The scheduler cannot prevent this when the
 * pods declare no ports: it only knows declared ones.
 */
import type { PodInfo } from '../model';
import type { Diagnostic } from '../types';

export function startContainers(pods: PodInfo[]): { pods: PodInfo[]; diagnostics: Diagnostic[] } {
  const bound = new Map<string, string>(); // node/protocol/port → pod holding it
  const crashed = new Map<string, { first: PodInfo; port: number; more: number }>();
  const out = pods.map((pod) => {
    if (!pod.hostNetwork || !pod.node || pod.phase !== 'Running') return pod;
    const clash = pod.listening.find((l) => bound.has(`${pod.node}/${l.protocol}/${l.containerPort}`));
    if (clash) {
      const key = `${pod.owner}@${pod.node}`;
      const group = crashed.get(key);
      if (group) group.more += 1;
      else crashed.set(key, { first: pod, port: clash.containerPort, more: 0 });
      return { ...pod, status: 'CrashLoopBackOff' as const, ready: false, notReady: { key: 'pod.crash.addressInUse', params: { port: clash.containerPort } } };
    }
    for (const l of pod.listening) bound.set(`${pod.node}/${l.protocol}/${l.containerPort}`, pod.name);
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
