/**
 * Stage 3 for Services: the EndpointSlice controller (pkg/controller/endpointslice) turns a
 * Service's selector into endpoints; a Service without selector keeps the Endpoints object the
 * user wrote, mirrored into an EndpointSlice (pkg/controller/endpointslicemirroring).
 */
import { arr, num, obj, str } from '../fields';
import { parseIp } from '../ip';
import type { EndpointInfo, EndpointSliceInfo, PodInfo, ServiceInfo, ServicePort } from '../model';
import type { ParsedObject } from '../parse';
import { PodIndex } from './podindex';
import { nameSuffix } from './workloads';

/** A named targetPort is looked up per pod by name and protocol (podutil.FindPort). */
function resolveTargetPort(port: ServicePort, pod: PodInfo): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (/^\d+$/.test(port.targetPort)) return Number(port.targetPort);
  return pod.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol)?.containerPort;
}

/**
 * Pods being deleted: a Pod written with `metadata.deletionTimestamp` (a dump taken while it
 * shut down, or a Pod written as such) still runs until its grace period ends.
 */
function terminatingPods(objects: ParsedObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Pod' && str(obj(o.body.metadata)?.deletionTimestamp)) out.add(`${o.namespace ?? 'default'}/${o.name}`);
  }
  return out;
}

export function buildEndpointSlices(services: ServiceInfo[], pods: PodInfo[], objects: ParsedObject[]): EndpointSliceInfo[] {
  const slices: EndpointSliceInfo[] = [];
  const index = new PodIndex(pods);
  const deleting = terminatingPods(objects);
  // The first Endpoints object of each namespace and name, as a search in document order finds it.
  const writtenEndpoints = new Map<string, ParsedObject>();
  for (const o of objects) {
    const key = JSON.stringify([o.namespace ?? 'default', o.name]);
    if (o.kind === 'Endpoints' && !writtenEndpoints.has(key)) writtenEndpoints.set(key, o);
  }
  for (const svc of services) {
    // The endpoints controllers skip ExternalName Services: they are only a DNS alias.
    if (svc.type === 'ExternalName') continue;
    const name = `${svc.name}-${nameSuffix(`${svc.namespace}/${svc.name}/slice`)}`;
    if (svc.selector) {
      const members = index.select(svc.namespace, svc.selector).filter((p) => p.ip);
      const endpoints: EndpointInfo[] = [];
      for (const pod of members) {
        // podToEndpoint (v1.28 pkg/controller/endpointslice/utils.go): serving is the pod's
        // readiness, terminating its deletionTimestamp, and ready "should never be true if a
        // pod is terminating, unless publishNotReadyAddresses was set". Terminating pods stay
        // in the slice (ShouldPodBeInEndpoints with includeTerminating).
        const serving = pod.ready;
        const terminating = deleting.has(`${pod.namespace}/${pod.name}`);
        for (const port of svc.ports) {
          const target = resolveTargetPort(port, pod);
          if (target === undefined) continue;
          endpoints.push({
            ip: pod.ip!,
            port: target,
            portName: port.name,
            protocol: port.protocol,
            ready: svc.publishNotReadyAddresses || (serving && !terminating),
            serving,
            terminating,
            nodeName: pod.node,
            targetRef: `pod/${pod.namespace}/${pod.name}`,
          });
        }
      }
      slices.push({ namespace: svc.namespace, name, serviceName: svc.name, endpoints });
      continue;
    }
    const written = writtenEndpoints.get(JSON.stringify([svc.namespace, svc.name]));
    if (written) slices.push({ namespace: svc.namespace, name, serviceName: svc.name, endpoints: mirrorEndpoints(written) });
  }
  return slices;
}

/** Each subset's addresses × ports; addresses listed as notReadyAddresses stay not ready. */
export function mirrorEndpoints(parsed: ParsedObject): EndpointInfo[] {
  const out: EndpointInfo[] = [];
  const object = `Endpoints/${parsed.namespace ?? 'default'}/${parsed.name}`;
  arr(parsed.body.subsets).map((s) => obj(s) ?? {}).forEach((subset, si) => {
    const ports = arr(subset.ports).map((p) => obj(p) ?? {});
    const groups: [string, unknown[], boolean][] = [['addresses', arr(subset.addresses), true], ['notReadyAddresses', arr(subset.notReadyAddresses), false]];
    for (const [field, addresses, ready] of groups) {
      addresses.map((a) => obj(a) ?? {}).forEach((address, ai) => {
        const ip = str(address.ip);
        // The EndpointSlice mirroring controller puts IPv6 addresses in an IPv6 slice, which
        // this single-stack IPv4 cluster's kube-proxy does not read.
        if (!ip || parseIp(ip) === undefined) return;
        // The line that wrote this address: where a DNAT to it comes from.
        const provenance = { object, range: parsed.paths[`subsets.${si}.${field}.${ai}.ip`] ?? parsed.range };
        for (const port of ports) {
          const number = num(port.port);
          if (number === undefined) continue;
          out.push({
            ip,
            port: number,
            portName: str(port.name),
            protocol: (str(port.protocol) ?? 'TCP') as EndpointInfo['protocol'],
            ready,
            nodeName: str(address.nodeName),
            provenance,
          });
        }
      });
    }
  });
  return out;
}
