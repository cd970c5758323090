/**
 * `kubectl describe node`, as describe.go describeNode writes it: roles, labels, annotations,
 * taints, the lease, conditions, addresses, capacity, system info, the pods on the node and
 * what they request.
 */
import { arr, obj, str } from '../../engine/fields';
import type { ApiObjects, KubeObject } from '../../engine/api/types';
import { humanDuration } from '../../engine/kubectl/duration';
import { annotationsBlock, eventsBlock, labelsBlock, rfc1123z } from './describe';
import { tabbed } from './gotab';

function roles(labels: Record<string, unknown>): string {
  const set = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) set.add(k.slice(24));
    else if (k === 'kubernetes.io/role' && v) set.add(String(v));
  }
  return [...set].sort().join(',') || '<none>';
}

function resourceList(title: string, list: Record<string, unknown>): string {
  const keys = Object.keys(list).sort();
  return `${title}:\n${keys.map((k) => `  ${k}:\t${list[k]}\n`).join('')}`;
}

export function describeNode(node: KubeObject, api: ApiObjects, now: Date): string {
  const m = obj(node.metadata) ?? {};
  const sp = obj(node.spec) ?? {};
  const st = obj(node.status) ?? {};
  const labels = obj(m.labels) ?? {};
  let out = `Name:\t${m.name}\nRoles:\t${roles(labels)}\n` + labelsBlock('Labels', labels) + annotationsBlock('Annotations', m.annotations);
  out += `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`;
  const taints = arr(sp.taints).map((t) => obj(t) ?? {});
  out += taints.length === 0 ? 'Taints:\t<none>\n' : taints.map((t, i) => `${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`).join('');
  out += `Unschedulable:\t${sp.unschedulable === true}\n`;
  out += `Lease:\n  HolderIdentity:\t${m.name}\n  AcquireTime:\t<unset>\n  RenewTime:\t${rfc1123z(now)}\n`;
  const conditions = arr(st.conditions).map((c) => obj(c) ?? {});
  out += '\fConditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n  ----\t------\t-----------------\t------------------\t------\t-------\n';
  out += conditions.map((c) => `  ${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason} \t${c.message}\n`).join('');
  out += 'Addresses:\n' + arr(st.addresses).map((a) => `  ${obj(a)?.type}:\t${obj(a)?.address}\n`).join('');
  out += resourceList('Capacity', obj(st.capacity) ?? {}) + resourceList('Allocatable', obj(st.allocatable) ?? {});
  const info = obj(st.nodeInfo) ?? {};
  out += 'System Info:\n';
  for (const [label, key] of [
    ['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion'],
  ]) out += `  ${label}:\t${info[key] ?? ''}\n`;
  if (sp.podCIDR) out += `PodCIDR:\t${sp.podCIDR}\nPodCIDRs:\t${arr(sp.podCIDRs).join(',')}\n`;
  const pods = api.pods.filter((p) => obj(p.spec)?.nodeName === m.name && obj(p.status)?.phase !== 'Succeeded' && obj(p.status)?.phase !== 'Failed');
  out += `Non-terminated Pods:\t(${pods.length} in total)\n  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n`;
  for (const p of pods) {
    const pm = obj(p.metadata) ?? {};
    const req = (kind: 'requests' | 'limits', r: string) => {
      const values = arr(obj(p.spec)?.containers).map((c) => str(obj(obj(obj(c)?.resources)?.[kind])?.[r])).filter(Boolean);
      return values.length === 0 ? '0 (0%)' : `${values.join('+')} (0%)`;
    };
    out += `  ${pm.namespace}\t${pm.name}\t${req('requests', 'cpu')}\t${req('limits', 'cpu')}\t${req('requests', 'memory')}\t${req('limits', 'memory')}\t${humanDuration(now.getTime() - Date.parse(String(pm.creationTimestamp)))}\n`;
  }
  out += 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n  Resource\tRequests\tLimits\n  --------\t--------\t------\n';
  out += '  cpu\t0 (0%)\t0 (0%)\n  memory\t0 (0%)\t0 (0%)\n  ephemeral-storage\t0 (0%)\t0 (0%)\n  hugepages-1Gi\t0 (0%)\t0 (0%)\n  hugepages-2Mi\t0 (0%)\t0 (0%)\n';
  out += eventsBlock([]);
  return tabbed(out);
}
