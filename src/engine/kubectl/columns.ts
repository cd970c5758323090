/**
 * The columns `kubectl get` prints for each resource, cell by cell as the API server's table
 * printers build them (kubernetes pkg/printers/internalversion/printers.go: printPod,
 * printService, printEndpoints, printEndpointSlice, printIngress, printNode). `wide` are the
 * priority-1 columns `-o wide` adds.
 */
import { arr, obj, str, type Json } from '../fields';
import type { KubeObject } from '../api/types';
import { age } from './duration';

export interface Columns {
  headers: string[];
  wide: string[];
  row(o: KubeObject, now: Date, wide: boolean): string[];
}

const spec = (o: KubeObject) => obj(o.spec) ?? {};
const status = (o: KubeObject) => obj(o.status) ?? {};
const meta = (o: KubeObject) => obj(o.metadata) ?? {};
const created = (o: KubeObject, now: Date) => age(meta(o).creationTimestamp, now);

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  const m = obj(map) ?? {};
  const keys = Object.keys(m).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${String(m[k])}`).join(',');
}

/** listWithMoreString: at most three, then `+ N more...`; `<unset>` when there are none. */
function listWithMore(list: string[], max = 3): string {
  if (list.length > max) return `${list.slice(0, max).join(',')} + ${list.length - max} more...`;
  return list.length === 0 ? '<unset>' : list.join(',');
}

/** loadBalancerStatusStringer: the sorted set of IPs (or hostnames), cut to 16 characters unless wide. */
function loadBalancerStatus(lb: unknown, wide: boolean): string {
  const set = new Set<string>();
  for (const i of arr(obj(lb)?.ingress).map((x) => obj(x) ?? {})) {
    const v = str(i.ip) || str(i.hostname);
    if (v) set.add(v);
  }
  const r = [...set].sort().join(',');
  return !wide && r.length > 16 ? `${r.slice(0, 13)}...` : r;
}

/** printPod: READY, the STATUS reason (the last waiting or terminated reason wins), RESTARTS with the last restart's age. */
function podRow(o: KubeObject, now: Date, wide: boolean): string[] {
  const s = status(o);
  const containers = arr(spec(o).containers);
  let reason = str(s.reason) || str(s.phase) || '';
  let restarts = 0;
  let ready = 0;
  let lastRestart = '';
  const statuses = arr(s.containerStatuses).map((c) => obj(c) ?? {});
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i];
    restarts += Number(c.restartCount ?? 0);
    const finished = str(obj(obj(c.lastState)?.terminated)?.finishedAt);
    if (finished && finished > lastRestart) lastRestart = finished;
    const state = obj(c.state) ?? {};
    const waiting = obj(state.waiting);
    const terminated = obj(state.terminated);
    if (waiting && str(waiting.reason)) reason = str(waiting.reason)!;
    else if (terminated && str(terminated.reason)) reason = str(terminated.reason)!;
    else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
    else if (c.ready === true && state.running) ready++;
  }
  const restartCell = restarts !== 0 && lastRestart ? `${restarts} (${age(lastRestart, now)} ago)` : String(restarts);
  const row = [str(meta(o).name) ?? '', `${ready}/${containers.length}`, reason, restartCell, created(o, now)];
  if (!wide) return row;
  const ip = str(obj(arr(s.podIPs)[0])?.ip) || '<none>';
  const gates = arr(spec(o).readinessGates);
  const gateCell = gates.length === 0 ? '<none>' : `${gates.filter((g) => arr(s.conditions).some((c) => obj(c)?.type === obj(g)?.conditionType && obj(c)?.status === 'True')).length}/${gates.length}`;
  return [...row, ip, str(spec(o).nodeName) || '<none>', str(s.nominatedNodeName) || '<none>', gateCell];
}

/** getServiceExternalIP: externalIPs, the load balancer's address (or `<pending>`), or the ExternalName. */
function externalIP(o: KubeObject, wide: boolean): string {
  const sp = spec(o);
  const externalIPs = arr(sp.externalIPs).map(String);
  switch (sp.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(status(o).loadBalancer, wide);
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return str(sp.externalName) ?? '';
    default:
      return '<unknown>';
  }
}

function serviceRow(o: KubeObject, now: Date, wide: boolean): string[] {
  const sp = spec(o);
  const ports = arr(sp.ports).map((p) => obj(p) ?? {}).map((p) => (Number(p.nodePort) > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
  const row = [str(meta(o).name) ?? '', String(sp.type ?? ''), str(arr(sp.clusterIPs)[0]) ?? '<none>', externalIP(o, wide), ports || '<none>', created(o, now)];
  return wide ? [...row, formatLabels(sp.selector)] : row;
}

/** formatEndpoints: subset by subset, port by port, address by address; at most three, then `+ N more...`. */
function formatEndpoints(o: KubeObject): string {
  const subsets = arr(o.subsets).map((s) => obj(s) ?? {});
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map((a) => str(obj(a)?.ip) ?? '');
    const ports = arr(ss.ports).map((p) => obj(p) ?? {});
    if (ports.length === 0) {
      count += addresses.length;
      for (const ip of addresses) if (list.length < 3) list.push(ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const ip of addresses) if (list.length < 3) list.push(`${ip}:${port.port}`);
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function sliceRow(o: KubeObject, now: Date): string[] {
  const ports = arr(o.ports).map((p) => obj(p) ?? {}).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : str(p.name) ?? '*'));
  const addresses = arr(o.endpoints).flatMap((e) => arr(obj(e)?.addresses).map(String));
  return [str(meta(o).name) ?? '', String(o.addressType ?? ''), listWithMore(ports), listWithMore(addresses), created(o, now)];
}

/** formatHosts: the rules' hosts, at most three; `*` when no rule names one. */
function formatHosts(rules: Json[]): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === 3) more = true;
    if (!more && str(rule.host)) list.push(str(rule.host)!);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

function ingressRow(o: KubeObject, now: Date, wide: boolean): string[] {
  const sp = spec(o);
  return [
    str(meta(o).name) ?? '',
    str(sp.ingressClassName) ?? '<none>',
    formatHosts(arr(sp.rules).map((r) => obj(r) ?? {})),
    loadBalancerStatus(status(o).loadBalancer, wide),
    arr(sp.tls).length > 0 ? '80, 443' : '80',
    created(o, now),
  ];
}

/**
 * metav1.FormatLabelSelector: the selector as labels.Selector prints it (LabelSelectorAsSelector,
 * then Requirement.String, sorted by key): `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`,
 * joined by commas; `<none>` for the empty selector, which selects everything.
 */
export function formatLabelSelector(selector: Json): string {
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(obj(selector.matchLabels) ?? {})) parts.push({ key: k, text: `${k}=${String(v)}` });
  for (const e of arr(selector.matchExpressions).map((x) => obj(x) ?? {})) {
    const k = str(e.key) ?? '';
    const values = arr(e.values).map(String).sort();
    const list = values.length === 1 ? values[0] : values.join(',');
    const text = e.operator === 'In' ? `${k} in (${list})` : e.operator === 'NotIn' ? `${k} notin (${list})` : e.operator === 'Exists' ? k : e.operator === 'DoesNotExist' ? `!${k}` : '';
    parts.push({ key: k, text });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',') || '<none>';
}

function nodeRow(o: KubeObject, now: Date, wide: boolean): string[] {
  const ready = arr(status(o).conditions).map((c) => obj(c) ?? {}).find((c) => c.type === 'Ready');
  const state = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown', ...(spec(o).unschedulable === true ? ['SchedulingDisabled'] : [])];
  const labels = obj(meta(o).labels) ?? {};
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(String(v));
  }
  const info = obj(status(o).nodeInfo) ?? {};
  const row = [str(meta(o).name) ?? '', state.join(','), [...roles].sort().join(',') || '<none>', created(o, now), str(info.kubeletVersion) ?? ''];
  if (!wide) return row;
  const address = (type: string) => str(arr(status(o).addresses).map((a) => obj(a) ?? {}).find((a) => a.type === type)?.address) ?? '<none>';
  return [...row, address('InternalIP'), address('ExternalIP'), str(info.osImage) || '<unknown>', str(info.kernelVersion) || '<unknown>', str(info.containerRuntimeVersion) || '<unknown>'];
}

export const COLUMNS: Record<string, Columns> = {
  pods: { headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'], row: podRow },
  services: { headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], wide: ['SELECTOR'], row: serviceRow },
  endpoints: { headers: ['NAME', 'ENDPOINTS', 'AGE'], wide: [], row: (o, now) => [str(meta(o).name) ?? '', formatEndpoints(o), created(o, now)] },
  endpointSlices: { headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], wide: [], row: sliceRow },
  ingresses: { headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], wide: [], row: ingressRow },
  // printers.go networkPolicyColumnDefinitions: Name, Pod-Selector, Age.
  networkPolicies: { headers: ['NAME', 'POD-SELECTOR', 'AGE'], wide: [], row: (o, now) => [str(meta(o).name) ?? '', formatLabelSelector(obj(spec(o).podSelector) ?? {}), created(o, now)] },
  nodes: { headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'], row: nodeRow },
};
