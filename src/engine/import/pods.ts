/**
 * Pods read back from a live cluster, taken as they are: on the node the scheduler chose
 * (`spec.nodeName`), with the address the CNI plugin gave them (`status.podIP`), ready or not
 * as the kubelet last said (`status.conditions`), crash-looping if a container is waiting in
 * CrashLoopBackOff. Nothing is re-scheduled or re-addressed; pods made here by controllers
 * are moved off any address a dumped pod holds.
 */
import { arr, obj, str } from '../fields';
import { hostVethName } from '../dataplane';
import { cidrContains, cidrSize, nthAddress, parseCidr, parseIp } from '../ip';
import type { NodeInfo, PodInfo } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic } from '../types';
import { podRequest } from '../control/workloads';

/** The object's managing controller, as `Kind/namespace/name` (ownerReferences with controller: true). */
export function controllerOf(o: ParsedObject): string | undefined {
  const refs = arr(obj(o.body.metadata)?.ownerReferences).map((r) => obj(r) ?? {});
  const ref = refs.find((r) => r.controller === true) ?? (refs.length === 1 ? refs[0] : undefined);
  const kind = str(ref?.kind);
  const name = str(ref?.name);
  if (!kind || !name) return undefined;
  // A static pod's mirror is "owned" by its Node, which is cluster-scoped.
  return kind === 'Node' ? `Node/${name}` : `${kind}/${o.namespace ?? 'default'}/${name}`;
}

/** `status.phase` Succeeded or Failed: the pod ran to its end and holds no address any more. */
export function finished(o: ParsedObject): boolean {
  const phase = str(obj(o.body.status)?.phase);
  return phase === 'Succeeded' || phase === 'Failed';
}

function crashLooping(status: Record<string, unknown>): string | undefined {
  const waiting = arr(status.containerStatuses).map((c) => obj(c) ?? {}).find((c) => str(obj(obj(c.state)?.waiting)?.reason) === 'CrashLoopBackOff');
  return waiting ? str(waiting.name) ?? '' : undefined;
}

/** One dumped pod as the cluster model holds it. */
export function observedPod(o: ParsedObject, nodes: NodeInfo[], out: Diagnostic[]): PodInfo {
  const namespace = o.namespace ?? 'default';
  const meta = obj(o.body.metadata) ?? {};
  const spec = obj(o.body.spec) ?? {};
  const status = obj(o.body.status) ?? {};
  const ref = `Pod/${namespace}/${o.name}`;
  const owner = controllerOf(o);
  const request = podRequest(namespace, o.name, meta, spec, owner && !owner.startsWith('Node/') ? owner : ref, { object: ref, range: o.range }, status);
  const pod: PodInfo = { ...request.pod, ...(namespace === 'kube-system' ? { system: true } : {}) };
  const nodeName = str(spec.nodeName);
  const node = nodeName ? nodes.find((n) => n.name === nodeName) : undefined;
  if (nodeName && !node) {
    out.push({
      severity: 'warning',
      code: 'snapshot-node-missing',
      message: `pod ${o.name} runs on node ${nodeName}, which is not among the Node objects: it is shown as Pending`,
      key: 'diag.snapshotNodeMissing',
      params: { pod: o.name, node: nodeName },
      range: o.paths['spec.nodeName'] ?? o.range,
      object: ref,
    });
  }
  if (!node || str(status.phase) !== 'Running') return pod;
  const ip = pod.hostNetwork ? node.ip : str(status.podIP);
  const crashed = crashLooping(status);
  const placed: PodInfo = { ...pod, node: node.name, phase: 'Running', ready: request.readiness.ready && crashed === undefined, ...(request.readiness.why ? { notReady: request.readiness.why } : {}) };
  if (crashed !== undefined) {
    placed.status = 'CrashLoopBackOff';
    placed.notReady = { key: 'pod.crash.observed', params: { container: crashed } };
  }
  if (!ip || parseIp(ip) === undefined) return placed;
  const podCIDR = parseCidr(node.podCIDR);
  if (!pod.hostNetwork && podCIDR && !cidrContains(podCIDR, parseIp(ip)!)) {
    out.push({
      severity: 'warning',
      code: 'snapshot-ip-outside-cidr',
      message: `pod ${o.name} has the address ${ip}, outside ${node.name}'s podCIDR ${node.podCIDR}`,
      key: 'diag.snapshotIpOutside',
      params: { pod: o.name, ip, node: node.name, cidr: node.podCIDR },
      range: o.paths['status.podIP'] ?? o.range,
      object: ref,
    });
  }
  return { ...placed, ip, ...(pod.hostNetwork ? {} : { hostVeth: hostVethName(pod) }) };
}

/**
 * The dumped pods first, then the pods controllers made here. A made pod whose address a
 * dumped pod already holds gets the node's next free one, as host-local IPAM would skip it.
 */
export function placeAmong(observed: PodInfo[], made: PodInfo[], nodes: NodeInfo[]): PodInfo[] {
  if (observed.length === 0) return made;
  const used = new Set<string>();
  for (const p of [...observed, ...made]) if (p.ip && !p.hostNetwork) used.add(p.ip);
  const taken = new Set(observed.filter((p) => p.ip && !p.hostNetwork).map((p) => p.ip!));
  const moved = made.map((pod) => {
    if (!pod.ip || pod.hostNetwork || !taken.has(pod.ip)) return pod;
    const node = nodes.find((n) => n.name === pod.node)!;
    const cidr = parseCidr(node.podCIDR);
    // A node the node IPAM gave no range (CIDRNotAvailable): its pods get no address.
    if (!cidr) return { ...pod, ip: undefined };
    for (let n = 2; n < cidrSize(cidr) - 1; n++) {
      const ip = nthAddress(cidr, n);
      if (used.has(ip)) continue;
      used.add(ip);
      return { ...pod, ip };
    }
    // The range is full: as assignPodIps leaves such a pod, Pending without an address.
    const { ip: _ip, hostVeth: _veth, ...rest } = pod;
    return { ...rest, phase: 'Pending' as const, ready: false };
  });
  return [...observed, ...moved];
}
