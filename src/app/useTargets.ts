/**
 * The request bar's targets for a cluster and a source. A lesson's are made at once; a large
 * cluster's (worker/pack.ts isLarge) a part per task (player/targets.ts targetsIn), the last list
 * staying until the new one is made: a 20,000-pod cluster's list, made in the render after a
 * paste, held the page a tenth of a second (npm run bench, "10 MB paste").
 */
import { useEffect, useMemo, useState } from 'react';
import type { Cluster, TraceRequest } from '../engine';
import { targetsIn, targetsOf, type Target } from '../player/targets';
import { isLarge } from '../worker/pack';

/** How long a part may run before the thread is given back (checked at each of targetsIn's stops). */
const PART_MS = 8;

export function useTargets(cluster: Cluster, from: TraceRequest['from']): Target[] {
  const large = isLarge(cluster);
  const atOnce = useMemo(() => (large ? undefined : targetsOf(cluster, from)), [cluster, from, large]);
  const [made, setMade] = useState<Target[]>([]);
  useEffect(() => {
    if (!large) return;
    const steps = targetsIn(cluster, from);
    let timer: ReturnType<typeof setTimeout>;
    const part = () => {
      const end = performance.now() + PART_MS;
      for (;;) {
        const r = steps.next();
        if (r.done) return setMade(r.value);
        if (performance.now() >= end) break;
      }
      timer = setTimeout(part, 0);
    };
    timer = setTimeout(part, 0);
    return () => clearTimeout(timer);
  }, [cluster, from, large]);
  return atOnce ?? made;
}
