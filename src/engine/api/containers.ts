/**
 * What the kubelet reports for each container (status.containerStatuses, sorted by name as
 * the kubelet sorts them): running since start-up, waiting in ContainerCreating while the pod
 * has no sandbox, or crash-looping. A crash loop is played out on the simulated clock: the
 * container dies at once each time and the kubelet waits 10 s, 20 s, 40 s … up to 5 min
 * before the next start (pkg/kubelet/kuberuntime, the container restart back-off), so the
 * restart count and the back-off in the message depend on `now`.
 */
import { obj, str, type Json } from '../fields';
import { listeningPorts } from '../control/ports';
import type { PodInfo } from '../model';
import { addSeconds, CONTAINER_START_S, timestamp, type ApiClock } from './clock';
import { digest, uid } from './ids';

const BACKOFF_INITIAL_S = 10;
const BACKOFF_MAX_S = 300;

/** Go's time.Duration.String for whole seconds: `40s`, `2m40s`, `5m0s`. */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

export interface CrashLoop {
  restarts: number;
  /** When the last attempt started (and, binding failing at once, ended). */
  lastStart: Date;
  /** The back-off the kubelet is waiting out now. */
  backoff: number;
}

/** Plays the restart back-off from the first start up to `now`. */
export function crashLoop(firstStart: Date, now: Date): CrashLoop {
  const elapsed = Math.max(0, (now.getTime() - firstStart.getTime()) / 1000);
  let t = 0;
  let restarts = 0;
  let backoff = BACKOFF_INITIAL_S;
  while (t + backoff <= elapsed) {
    t += backoff;
    restarts++;
    backoff = Math.min(backoff * 2, BACKOFF_MAX_S);
  }
  return { restarts, lastStart: addSeconds(firstStart, t), backoff };
}

/** containerd reports images fully qualified: `nginx:1.26` is `docker.io/library/nginx:1.26`. */
export function qualifiedImage(image: string): string {
  let ref = image;
  const first = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = `docker.io/${ref.includes('/') ? '' : 'library/'}${ref}`;
  const last = ref.split('/').at(-1)!;
  if (!last.includes(':') && !last.includes('@')) ref += ':latest';
  return ref;
}

function imageId(image: string): string {
  const repo = qualifiedImage(image).replace(/[:@][^/]*$/, '');
  return `${repo}@sha256:${digest(`image/${qualifiedImage(image)}`)}`;
}

/** The containers that are not ready, by name: which one a probe or a crash names, or all of them. */
export function unreadyContainers(pod: PodInfo, containers: Json[]): Set<string> {
  const names = containers.map((c) => str(c.name) ?? '');
  if (pod.ready || pod.phase !== 'Running') return pod.ready ? new Set() : new Set(names);
  const why = pod.notReady;
  if (pod.status === 'CrashLoopBackOff') return new Set([crashingContainer(pod, containers)]);
  const named = why?.params?.container;
  return new Set(typeof named === 'string' && names.includes(named) ? [named] : names);
}

/** The container whose port was already bound on the node: the one that crash-loops. */
function crashingContainer(pod: PodInfo, containers: Json[]): string {
  const port = pod.notReady?.params?.port;
  const hit = containers.find((c) => listeningPorts({ containers: [c] }).some((l) => l.containerPort === port));
  return str((hit ?? containers[0])?.name) ?? '';
}

export function containerStatuses(pod: PodInfo, containers: Json[], created: Date, clock: ApiClock): Json[] {
  const unready = unreadyContainers(pod, containers);
  const crashing = pod.status === 'CrashLoopBackOff' ? crashingContainer(pod, containers) : undefined;
  const started = addSeconds(created, CONTAINER_START_S);
  const sorted = [...containers].sort((a, b) => ((str(a.name) ?? '') < (str(b.name) ?? '') ? -1 : 1));
  return sorted.map((c) => {
    const name = str(c.name) ?? '';
    const image = str(c.image) ?? '';
    const id = (attempt: number) => `containerd://${digest(`container/${pod.namespace}/${pod.name}/${name}/${attempt}`)}`;
    if (!pod.ip) {
      // Scheduled but no sandbox (no address left on the node): still being created.
      return { image, imageID: '', lastState: {}, name, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } };
    }
    const base = { image: qualifiedImage(image), imageID: imageId(image), name };
    if (name === crashing) {
      const loop = crashLoop(started, clock.now);
      const at = timestamp(loop.lastStart);
      return {
        containerID: id(loop.restarts),
        ...base,
        lastState: { terminated: { containerID: id(loop.restarts), exitCode: 1, finishedAt: at, reason: 'Error', startedAt: at } },
        ready: false,
        restartCount: loop.restarts,
        started: false,
        state: {
          waiting: {
            // kuberuntime_manager.go: the message names the container and format.Pod(pod).
            message: `back-off ${goDuration(loop.backoff)} restarting failed container=${name} pod=${pod.name}_${pod.namespace}(${uid('Pod', pod.namespace, pod.name)})`,
            reason: 'CrashLoopBackOff',
          },
        },
      };
    }
    return {
      containerID: id(0),
      ...base,
      lastState: {},
      ready: !unready.has(name),
      restartCount: 0,
      started: true,
      state: { running: { startedAt: timestamp(started) } },
    };
  });
}

/** status.qosClass (pkg/apis/core/v1/helper/qos): Guaranteed, Burstable or BestEffort. */
export function qosClass(containers: Json[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const resources = obj(c.resources) ?? {};
    const requests = obj(resources.requests) ?? {};
    const limits = obj(resources.limits) ?? {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const limit = limits[r];
      const request = requests[r] ?? limit;
      if (limit === undefined || String(request) !== String(limit)) guaranteed = false;
    }
  }
  return !any ? 'BestEffort' : guaranteed ? 'Guaranteed' : 'Burstable';
}

