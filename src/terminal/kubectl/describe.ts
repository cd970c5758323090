/**
 * `kubectl describe` for pods, services, endpoints, endpointslices, ingresses and nodes, line
 * for line as kubectl v1.28 writes them (staging/src/k8s.io/kubectl/pkg/describe/describe.go:
 * describePod, describeContainers, describeVolumes, describeService, describeEndpoints,
 * describeEndpointSliceV1, describeIngressV1, describeNode, DescribeEvents,
 * printLabelsMultiline, printAnnotationsMultiline, printTolerationsMultiline). Cells are
 * separated by tabs and aligned by Go's tabwriter (gotab.ts).
 */
import { arr, obj, str, type Json } from '../../engine/fields';
import type { ApiObjects, KubeObject } from '../../engine/api/types';
import { formatLabels } from '../../engine/kubectl/columns';
import { describeNode } from './describeNode';
import { eventsOf, type KubeEvent } from './events';
import { tabbed } from './gotab';

const meta = (o: KubeObject) => obj(o.metadata) ?? {};
const spec = (o: KubeObject) => obj(o.spec) ?? {};
const status = (o: KubeObject) => obj(o.status) ?? {};
const MAX_ANNOTATION_LEN = 140;

/** time.RFC1123Z in UTC: `Thu, 08 Jan 2026 12:00:00 +0000`. */
export function rfc1123z(ts: unknown): string {
  const d = new Date(String(ts));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultiline: `Title:\tk=v`, further pairs on their own lines, `<none>` when empty. */
export function labelsBlock(title: string, map: unknown): string {
  const m = obj(map) ?? {};
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ''}\t${k}=${String(m[k])}\n`).join('');
}

/** printAnnotationsMultiline: `key: value`, long or multi-line values on their own lines. */
export function annotationsBlock(title: string, map: unknown): string {
  const m = obj(map) ?? {};
  const keys = Object.keys(m).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort();
  if (keys.length === 0) return `${title}:\t<none>\n`;
  return keys
    .map((k, i) => {
      const lead = i === 0 ? `${title}:\t` : '\t';
      const value = String(m[k]).replace(/\n$/, '');
      if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
        return `${lead}${k}:\n${value.split('\n').map((s) => `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 5)}...` : s}\n`).join('')}`;
      }
      return `${lead}${k}: ${value}\n`;
    })
    .join('');
}

/** DescribeEvents: `<none>`, or a table after a flush of the writer. */
export function eventsBlock(events: KubeEvent[]): string {
  if (events.length === 0) return 'Events:\t<none>\n';
  const rows = events.map((e) => `  ${e.type}\t${e.reason}\t${e.interval}\t${e.from}\t${e.message}\n`).join('');
  return `\fEvents:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n${rows}`;
}

function tolerationsBlock(list: unknown[]): string {
  if (list.length === 0) return 'Tolerations:\t<none>\n';
  return list
    .map((t, i) => {
      const tol = obj(t) ?? {};
      let s = String(tol.key ?? '');
      if (tol.value) s += `=${tol.value}`;
      if (tol.effect) s += `:${tol.effect}`;
      if (tol.operator === 'Exists' && !tol.value) s += tol.key || tol.effect ? ' op=Exists' : 'op=Exists';
      if (tol.tolerationSeconds !== undefined) s += ` for ${tol.tolerationSeconds}s`;
      return `${i === 0 ? 'Tolerations:' : ''}\t${s}\n`;
    })
    .join('');
}

function containerState(name: string, state: Json): string {
  const running = obj(state.running);
  const waiting = obj(state.waiting);
  const terminated = obj(state.terminated);
  if (running) return `    ${name}:\tRunning\n      Started:\t${rfc1123z(running.startedAt)}\n`;
  if (terminated) {
    let s = `    ${name}:\tTerminated\n`;
    if (terminated.reason) s += `      Reason:\t${terminated.reason}\n`;
    if (terminated.message) s += `      Message:\t${terminated.message}\n`;
    s += `      Exit Code:\t${terminated.exitCode ?? 0}\n`;
    return `${s}      Started:\t${rfc1123z(terminated.startedAt)}\n      Finished:\t${rfc1123z(terminated.finishedAt)}\n`;
  }
  return `    ${name}:\tWaiting\n${waiting?.reason ? `      Reason:\t${waiting.reason}\n` : ''}`;
}

function containers(pod: KubeObject): string {
  const list = arr(spec(pod).containers).map((c) => obj(c) ?? {});
  const statuses = new Map(arr(status(pod).containerStatuses).map((s) => [str(obj(s)?.name), obj(s) ?? {}]));
  let out = 'Containers:\n';
  for (const c of list) {
    const st = statuses.get(str(c.name));
    const ports = arr(c.ports).map((p) => obj(p) ?? {});
    const portText = ports.map((p) => `${p.containerPort}/${p.protocol}`).join(',');
    const hostText = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`).join(',');
    out += `  ${c.name}:\n`;
    if (st) out += `    Container ID:\t${st.containerID ?? ''}\n`;
    out += `    Image:\t${c.image}\n`;
    if (st) out += `    Image ID:\t${st.imageID ?? ''}\n`;
    out += portText.includes(',') ? `    Ports:\t${portText}\n` : `    Port:\t${portText || '<none>'}\n`;
    out += hostText.includes(',') ? `    Host Ports:\t${hostText}\n` : `    Host Port:\t${hostText || '<none>'}\n`;
    const command = arr(c.command).map(String);
    if (command.length > 0) out += `    Command:\n${command.map((x) => `      ${x}\n`).join('')}`;
    const args = arr(c.args).map(String);
    if (args.length > 0) out += `    Args:\n${args.map((x) => `      ${x}\n`).join('')}`;
    if (st) {
      out += containerState('State', obj(st.state) ?? {});
      const last = obj(st.lastState) ?? {};
      if (obj(last.terminated)) out += containerState('Last State', last);
      out += `    Ready:\t${st.ready ? 'True' : 'False'}\n    Restart Count:\t${st.restartCount ?? 0}\n`;
    }
    const env = arr(c.env).map((e) => obj(e) ?? {});
    out += env.length === 0 ? '    Environment:\t<none>\n' : `    Environment:\n${env.map((e) => `      ${e.name}:\t${e.value ?? ''}\n`).join('')}`;
    const mounts = arr(c.volumeMounts).map((m) => obj(m) ?? {}).sort((a, b) => (String(a.mountPath) < String(b.mountPath) ? -1 : 1));
    out += mounts.length === 0 ? '    Mounts:\t<none>\n' : `    Mounts:\n${mounts.map((m) => `      ${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`).join('')}`;
  }
  return out;
}

function volumes(pod: KubeObject): string {
  const list = arr(spec(pod).volumes).map((v) => obj(v) ?? {});
  if (list.length === 0) return 'Volumes:\t<none>\n';
  let out = 'Volumes:\n';
  for (const v of list) {
    out += `  ${v.name}:\n`;
    const projected = obj(v.projected);
    if (projected) {
      out += '    Type:\tProjected (a volume that contains injected data from multiple sources)\n';
      for (const s of arr(projected.sources).map((x) => obj(x) ?? {})) {
        if (obj(s.downwardAPI)) out += '    DownwardAPI:\ttrue\n';
        else if (obj(s.configMap)) out += `    ConfigMapName:\t${obj(s.configMap)!.name}\n    ConfigMapOptional:\t<nil>\n`;
        else if (obj(s.serviceAccountToken)) out += `    TokenExpirationSeconds:\t${obj(s.serviceAccountToken)!.expirationSeconds}\n`;
      }
    } else if (obj(v.hostPath)) {
      const hp = obj(v.hostPath)!;
      out += `    Type:\tHostPath (bare host directory volume)\n    Path:\t${hp.path}\n    HostPathType:\t${hp.type ?? ''}\n`;
    } else if (obj(v.configMap)) {
      out += `    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${obj(v.configMap)!.name}\n    Optional:\tfalse\n`;
    } else if (v.emptyDir !== undefined) {
      out += '    Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)\n    Medium:\t\n    SizeLimit:\t<unset>\n';
    }
  }
  return out;
}

export function describePod(pod: KubeObject, api: ApiObjects, now: Date): string {
  const m = meta(pod);
  const sp = spec(pod);
  const st = status(pod);
  let out = `Name:\t${m.name}\nNamespace:\t${m.namespace}\n`;
  if (sp.priority !== undefined) out += `Priority:\t${sp.priority}\n`;
  if (sp.priorityClassName) out += `Priority Class Name:\t${sp.priorityClassName}\n`;
  out += `Service Account:\t${sp.serviceAccountName ?? ''}\n`;
  out += sp.nodeName ? `Node:\t${sp.nodeName}/${st.hostIP ?? ''}\n` : 'Node:\t<none>\n';
  if (st.startTime) out += `Start Time:\t${rfc1123z(st.startTime)}\n`;
  out += labelsBlock('Labels', m.labels) + annotationsBlock('Annotations', m.annotations);
  out += `Status:\t${st.phase}\n`;
  if (st.reason) out += `Reason:\t${st.reason}\n`;
  if (st.message) out += `Message:\t${st.message}\n`;
  out += `IP:\t${st.podIP ?? ''}\n`;
  const ips = arr(st.podIPs).map((i) => str(obj(i)?.ip));
  out += ips.length === 0 ? 'IPs:\t<none>\n' : `IPs:\n${ips.map((ip) => `  IP:\t${ip}\n`).join('')}`;
  const owner = arr(m.ownerReferences).map((r) => obj(r) ?? {}).find((r) => r.controller === true);
  if (owner) out += `Controlled By:\t${owner.kind}/${owner.name}\n`;
  out += containers(pod);
  const conditions = arr(st.conditions).map((c) => obj(c) ?? {});
  if (conditions.length > 0) out += `Conditions:\n  Type\tStatus\n${conditions.map((c) => `  ${c.type} \t${c.status} \n`).join('')}`;
  out += volumes(pod);
  out += `QoS Class:\t${st.qosClass ?? 'BestEffort'}\n`;
  out += labelsBlock('Node-Selectors', sp.nodeSelector);
  out += tolerationsBlock(arr(sp.tolerations));
  out += eventsBlock(eventsOf(pod, api, now));
  return tabbed(out);
}

/** formatEndpoints (describe.go): the subset addresses with the ports of one name, at most 3. */
function endpointsFor(ep: KubeObject | undefined, portName: string | undefined): string {
  const subsets = arr(ep?.subsets).map((s) => obj(s) ?? {});
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map((a) => String(obj(a)?.ip));
    const ports = arr(ss.ports).map((p) => obj(p) ?? {});
    if (ports.length === 0) {
      for (const ip of addresses) {
        if (list.length < 3) list.push(ip);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if (portName !== undefined && (str(p.name) ?? '') !== portName) continue;
      for (const ip of addresses) {
        if (list.length < 3) list.push(`${ip}:${p.port}`);
        count++;
      }
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

const findIn = (list: KubeObject[], namespace: unknown, name: unknown) => list.find((o) => meta(o).namespace === namespace && meta(o).name === name);

export function describeService(svc: KubeObject, api: ApiObjects, now: Date): string {
  const m = meta(svc);
  const sp = spec(svc);
  const ep = findIn(api.endpoints, m.namespace, m.name);
  let out = `Name:\t${m.name}\nNamespace:\t${m.namespace}\n` + labelsBlock('Labels', m.labels) + annotationsBlock('Annotations', m.annotations);
  out += `Selector:\t${formatLabels(sp.selector)}\nType:\t${sp.type}\n`;
  if (sp.ipFamilyPolicy) out += `IP Family Policy:\t${sp.ipFamilyPolicy}\n`;
  const families = arr(sp.ipFamilies).map(String);
  out += `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`;
  out += `IP:\t${sp.clusterIP ?? ''}\n`;
  const ips = arr(sp.clusterIPs).map(String);
  out += `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`;
  const external = arr(sp.externalIPs).map(String);
  if (external.length > 0) out += `External IPs:\t${external.join(',')}\n`;
  if (sp.loadBalancerIP) out += `IP:\t${sp.loadBalancerIP}\n`;
  if (sp.externalName) out += `External Name:\t${sp.externalName}\n`;
  const ingress = arr(obj(status(svc).loadBalancer)?.ingress).map((i) => str(obj(i)?.ip) || str(obj(i)?.hostname) || '');
  if (ingress.length > 0) out += `LoadBalancer Ingress:\t${ingress.join(', ')}\n`;
  for (const p of arr(sp.ports).map((x) => obj(x) ?? {})) {
    const name = str(p.name) || '<unset>';
    out += `Port:\t${name}\t${p.port}/${p.protocol}\n`;
    out += `TargetPort:\t${p.targetPort}/${p.protocol}\n`;
    if (p.nodePort) out += `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`;
    out += `Endpoints:\t${endpointsFor(ep, str(p.name) ?? '')}\n`;
  }
  out += `Session Affinity:\t${sp.sessionAffinity}\n`;
  if (sp.externalTrafficPolicy) out += `External Traffic Policy:\t${sp.externalTrafficPolicy}\n`;
  if (sp.healthCheckNodePort) out += `HealthCheck NodePort:\t${sp.healthCheckNodePort}\n`;
  const ranges = arr(sp.loadBalancerSourceRanges).map(String);
  if (ranges.length > 0) out += `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`;
  out += eventsBlock(eventsOf(svc, api, now));
  return tabbed(out);
}

export function describeEndpoints(ep: KubeObject, api: ApiObjects, now: Date): string {
  const m = meta(ep);
  let out = `Name:\t${m.name}\nNamespace:\t${m.namespace}\n` + labelsBlock('Labels', m.labels) + annotationsBlock('Annotations', m.annotations) + 'Subsets:\n';
  for (const ss of arr(ep.subsets).map((s) => obj(s) ?? {})) {
    const ips = (key: string) => arr(ss[key]).map((a) => String(obj(a)?.ip)).join(',') || '<none>';
    out += `  Addresses:\t${ips('addresses')}\n  NotReadyAddresses:\t${ips('notReadyAddresses')}\n`;
    const ports = arr(ss.ports).map((p) => obj(p) ?? {});
    if (ports.length > 0) {
      out += '  Ports:\n    Name\tPort\tProtocol\n    ----\t----\t--------\n';
      out += ports.map((p) => `    ${str(p.name) || '<unset>'}\t${p.port}\t${p.protocol}\n`).join('');
    }
    out += '\n';
  }
  out += eventsBlock(eventsOf(ep, api, now));
  return tabbed(out);
}

export function describeEndpointSlice(slice: KubeObject, api: ApiObjects, now: Date): string {
  const m = meta(slice);
  let out = `Name:\t${m.name}\nNamespace:\t${m.namespace}\n` + labelsBlock('Labels', m.labels) + annotationsBlock('Annotations', m.annotations);
  out += `AddressType:\t${slice.addressType}\n`;
  const ports = arr(slice.ports).map((p) => obj(p) ?? {});
  if (ports.length === 0) out += 'Ports: <unset>\n';
  else {
    out += 'Ports:\n  Name\tPort\tProtocol\n  ----\t----\t--------\n';
    out += ports.map((p) => `  ${str(p.name) || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol}\n`).join('');
  }
  const endpoints = arr(slice.endpoints).map((e) => obj(e) ?? {});
  if (endpoints.length === 0) out += 'Endpoints: <none>\n';
  else {
    out += 'Endpoints:\n';
    for (const e of endpoints) {
      const conditions = obj(e.conditions) ?? {};
      const ref = obj(e.targetRef);
      out += `  - Addresses:\t${arr(e.addresses).join(',')}\n    Conditions:\n      Ready:\t${conditions.ready === undefined ? '<unset>' : String(conditions.ready)}\n`;
      out += `    Hostname:\t${str(e.hostname) ?? '<unset>'}\n`;
      if (ref) out += `    TargetRef:\t${ref.kind}/${ref.name}\n`;
      out += `    NodeName:\t${str(e.nodeName) ?? '<unset>'}\n    Zone:\t${str(e.zone) ?? '<unset>'}\n`;
    }
  }
  out += eventsBlock(eventsOf(slice, api, now));
  return tabbed(out);
}

function backend(api: ApiObjects, namespace: unknown, b: Json | undefined): string {
  const service = obj(b?.service);
  if (!service) return '';
  const port = obj(service.port) ?? {};
  const sb = `${service.name}:${port.number ?? port.name ?? ''}`;
  const ep = findIn(api.endpoints, namespace, service.name);
  if (!ep) return `${sb} (<error: endpoints "${service.name}" not found>)`;
  const svc = findIn(api.services, namespace, service.name);
  if (!svc) return `${sb}(<error: services "${service.name}" not found>)`;
  let name = '';
  for (const sp of arr(spec(svc).ports).map((p) => obj(p) ?? {})) {
    if ((port.number && port.number === sp.port) || (port.name && port.name === sp.name)) name = str(sp.name) ?? '';
  }
  return `${sb} (${endpointsFor(ep, name)})`;
}

export function describeIngress(ing: KubeObject, api: ApiObjects, now: Date): string {
  const m = meta(ing);
  const sp = spec(ing);
  const address = arr(obj(status(ing).loadBalancer)?.ingress).map((i) => str(obj(i)?.ip) || str(obj(i)?.hostname)).join(',');
  let out = `Name:\t${m.name}\n` + labelsBlock('Labels', m.labels) + `Namespace:\t${m.namespace}\nAddress:\t${address}\n`;
  out += `Ingress Class:\t${sp.ingressClassName ?? '<none>'}\n`;
  const def = obj(sp.defaultBackend);
  out += `Default backend:\t${def ? backend(api, m.namespace, def) : '<default>'}\n`;
  const tls = arr(sp.tls).map((t) => obj(t) ?? {});
  if (tls.length > 0) {
    out += 'TLS:\n';
    for (const t of tls) out += t.secretName ? `  ${t.secretName} terminates ${arr(t.hosts).join(',')}\n` : `  SNI routes ${arr(t.hosts).join(',')}\n`;
  }
  out += 'Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n';
  let count = 0;
  for (const rule of arr(sp.rules).map((r) => obj(r) ?? {})) {
    const http = obj(rule.http);
    if (!http) continue;
    count++;
    out += `  ${str(rule.host) || '*'}\t\n`;
    for (const p of arr(http.paths).map((x) => obj(x) ?? {})) out += `    \t${p.path ?? ''} \t${backend(api, m.namespace, obj(p.backend))}\n`;
  }
  if (count === 0) out += `  *\t*\t${backend(api, m.namespace, def)}\n`;
  out += annotationsBlock('Annotations', m.annotations);
  out += eventsBlock(eventsOf(ing, api, now));
  return tabbed(out);
}

export const DESCRIBERS: Partial<Record<keyof ApiObjects, (o: KubeObject, api: ApiObjects, now: Date) => string>> = {
  pods: describePod,
  services: describeService,
  endpoints: describeEndpoints,
  endpointSlices: describeEndpointSlice,
  ingresses: describeIngress,
  nodes: describeNode,
};
