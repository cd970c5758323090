/**
 * The image model: which ports a container's program binds, in order (programs.ts), and what it
 * answers (answers.ts).
 */
import type { PodInfo } from '../model';
import { answerOf, firstBytes, statusLine, type HttpAnswer } from './answers';
import { programOf, reachable, type Program } from './programs';

export * from './answers';
export * from './programs';

/** The program of the pod that listens on this port and protocol, else the pod's first. */
export function programServing(pod: PodInfo, port: number, protocol: 'TCP' | 'UDP' = 'TCP'): Program | undefined {
  const programs = pod.programs ?? pod.images.map((image) => programOf({ image }));
  return programs.find((p) => p.binds.some((b) => b.port === port && b.protocol === protocol && reachable(b))) ?? programs[0];
}

/** What the pod answers a GET for `path` on `port`; `from` is the client's address as the pod saw it. */
export function podAnswer(pod: PodInfo, port: number, path: string, from: string, now?: Date): HttpAnswer {
  const hostname = pod.hostNetwork ? pod.node ?? pod.name : pod.hostname ?? pod.name;
  return answerOf(programServing(pod, port), {
    path, hostname, pod: pod.name, namespace: pod.namespace, node: pod.node ?? '', port, host: pod.ip ?? '', from, now,
  });
}

/** The trace's view of an answer: the status line and the first bytes of the body. */
export function responseSummary(answer: HttpAnswer): { statusLine: string; firstBytes: string } {
  return { statusLine: statusLine(answer), firstBytes: firstBytes(answer.body) };
}
