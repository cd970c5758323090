/**
 * Simulated time. A real cluster's objects carry creation timestamps and `kubectl get` prints
 * their AGE against the wall clock; here both are parameters, so the same YAML always prints
 * the same tables. The defaults tell a plausible story: kubeadm set the cluster up a week ago
 * (the workers joined a minute apart), the YAML was applied five minutes ago.
 */

export interface ApiClock {
  /** `kubeadm init`: the control-plane node and the cluster's own objects date from here. */
  clusterCreated: Date;
  /** `kubectl apply`: the user's objects, and the pods and endpoints made for them. */
  applied: Date;
  /** The moment `kubectl get` runs: AGE and restart counts are measured up to here. */
  now: Date;
}

export const DEFAULT_CLOCK: ApiClock = {
  clusterCreated: new Date(Date.UTC(2026, 0, 1, 12, 0, 0)),
  applied: new Date(Date.UTC(2026, 0, 8, 12, 0, 0)),
  now: new Date(Date.UTC(2026, 0, 8, 12, 5, 0)),
};

/** Each worker ran `kubeadm join` this long after the node before it. */
export const NODE_JOIN_INTERVAL_S = 60;

/** From pod creation to its containers running (scheduling, sandbox, image already present). */
export const CONTAINER_START_S = 2;

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** metav1.Time as the API server serialises it: RFC 3339 in UTC, whole seconds. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Fills in the defaults for the parts of a clock that were not given. */
export function clockWith(partial: Partial<ApiClock> = {}): ApiClock {
  return { ...DEFAULT_CLOCK, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
}
