/**
 * The events `kubectl describe` lists under an object: what the scheduler and the kubelet
 * reported while starting a pod (pkg/kubelet/events: Scheduled, Pulling/Pulled, Created,
 * Started, BackOff; the scheduler's FailedScheduling). The API server keeps events for an
 * hour (kube-apiserver --event-ttl=1h), so older objects show `<none>`, as a week-old
 * CoreDNS pod does.
 */
import { arr, obj, str } from '../../engine/fields';
import type { ApiObjects, KubeObject } from '../../engine/api/types';
import { humanDuration } from '../../engine/kubectl/duration';

export interface KubeEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  /** The Age cell: `5m`, or `2m (x4 over 5m)` for a repeated event. */
  interval: string;
  from: string;
  message: string;
}

const EVENT_TTL_MS = 3600_000;

function since(ts: unknown, now: Date): string {
  return humanDuration(now.getTime() - Date.parse(String(ts)));
}

/** Events of the last hour for this object, oldest first. */
export function eventsOf(o: KubeObject, _api: ApiObjects, now: Date): KubeEvent[] {
  if (o.kind !== 'Pod') return [];
  const meta = obj(o.metadata) ?? {};
  const created = str(meta.creationTimestamp);
  if (!created || now.getTime() - Date.parse(created) > EVENT_TTL_MS) return [];
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  const age = since(created, now);
  const events: KubeEvent[] = [];
  if (!spec.nodeName) {
    const cond = arr(status.conditions).map((c) => obj(c) ?? {}).find((c) => c.type === 'PodScheduled');
    if (cond?.message) events.push({ type: 'Warning', reason: 'FailedScheduling', interval: age, from: 'default-scheduler', message: String(cond.message) });
    return events;
  }
  events.push({ type: 'Normal', reason: 'Scheduled', interval: age, from: 'default-scheduler', message: `Successfully assigned ${meta.namespace}/${meta.name} to ${spec.nodeName}` });
  const statuses = new Map(arr(status.containerStatuses).map((s) => [str(obj(s)?.name), obj(s) ?? {}]));
  for (const c of arr(spec.containers).map((x) => obj(x) ?? {})) {
    const st = statuses.get(str(c.name));
    if (!st || obj(st.state)?.waiting && str(obj(obj(st.state)?.waiting)?.reason) === 'ContainerCreating') continue;
    const attempts = Number(st.restartCount ?? 0) + 1;
    const last = str(obj(obj(st.lastState)?.terminated)?.finishedAt);
    const repeated = attempts > 1 && last ? `${since(last, now)} (x${attempts} over ${age})` : age;
    const image = String(c.image);
    if (c.imagePullPolicy === 'Always') {
      events.push({ type: 'Normal', reason: 'Pulling', interval: repeated, from: 'kubelet', message: `Pulling image "${image}"` });
      events.push({ type: 'Normal', reason: 'Pulled', interval: age, from: 'kubelet', message: `Successfully pulled image "${image}" in 1.204s (1.204s including waiting)` });
    } else {
      events.push({ type: 'Normal', reason: 'Pulled', interval: repeated, from: 'kubelet', message: `Container image "${image}" already present on machine` });
    }
    events.push({ type: 'Normal', reason: 'Created', interval: repeated, from: 'kubelet', message: `Created container ${c.name}` });
    events.push({ type: 'Normal', reason: 'Started', interval: repeated, from: 'kubelet', message: `Started container ${c.name}` });
    const waiting = obj(obj(st.state)?.waiting);
    if (waiting?.reason === 'CrashLoopBackOff' && last) {
      const backoffs = Math.max(1, attempts - 1);
      events.push({
        type: 'Warning', reason: 'BackOff', interval: `${since(last, now)} (x${backoffs} over ${since(Date.parse(created) + 12_000, now)})`, from: 'kubelet',
        message: `Back-off restarting failed container ${c.name} in pod ${meta.name}_${meta.namespace}(${meta.uid})`,
      });
    }
  }
  return events;
}
