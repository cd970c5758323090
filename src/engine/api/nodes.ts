/**
 * Nodes as a kubeadm v1.28 cluster shows them: the kubelet's labels and annotations, the
 * podCIDR the node IPAM controller gave, taints (a cordoned node also carries
 * node.kubernetes.io/unschedulable), addresses, the four kubelet conditions and nodeInfo. The
 * machine itself is pinned (NODE_SYSTEM) so that `-o wide` is stable.
 */
import type { Json } from '../fields';
import type { NodeInfo } from '../model';
import { addSeconds, NODE_JOIN_INTERVAL_S, timestamp, type ApiClock } from './clock';
import { digest } from './ids';
import { objectMeta } from './meta';
import { writtenMeta, type Sources } from './source';
import { byKey, type KubeObject } from './types';

/** The simulated machines: Ubuntu 22.04 with containerd, kubelet and kube-proxy v1.28. */
export const NODE_SYSTEM = {
  kubeletVersion: 'v1.28.15',
  kubeProxyVersion: 'v1.28.15',
  containerRuntimeVersion: 'containerd://1.7.24',
  osImage: 'Ubuntu 22.04.5 LTS',
  kernelVersion: '5.15.0-126-generic',
  architecture: 'amd64',
  operatingSystem: 'linux',
} as const;

const CAPACITY = { cpu: '2', 'ephemeral-storage': '40970464Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4015464Ki', pods: '110' };
const ALLOCATABLE = { cpu: '2', 'ephemeral-storage': '37758135474', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3913064Ki', pods: '110' };

/** kubeadm init made the first node; each worker joined a minute after the one before. */
export function nodeCreated(index: number, clock: ApiClock): Date {
  return addSeconds(clock.clusterCreated, index * NODE_JOIN_INTERVAL_S);
}

/** The kubelet's conditions: heartbeats up to now, transitions at start-up (Ready once the CNI was in place). */
function conditions(heartbeat: Date, started: Date, ready: Date): Json[] {
  const c = (type: string, status: string, reason: string, message: string, since: Date) => ({
    lastHeartbeatTime: timestamp(heartbeat), lastTransitionTime: timestamp(since), message, reason, status, type,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', started),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', started),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', started),
    // v1.28's kubelet appends the AppArmor note on Ubuntu (pkg/kubelet/nodestatus/setters.go).
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status. AppArmor enabled', ready),
  ];
}

function taintsOf(node: NodeInfo, created: Date): Json[] {
  const taints: Json[] = node.taints.map((t) => ({ effect: t.effect, key: t.key, ...(t.value ? { value: t.value } : {}) }));
  if (node.unschedulable && !node.taints.some((t) => t.key === 'node.kubernetes.io/unschedulable')) {
    // The node lifecycle controller mirrors spec.unschedulable into this taint (TaintNodeByCondition).
    taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: timestamp(created) });
  }
  return taints;
}

export function nodeObject(node: NodeInfo, index: number, sources: Sources, clock: ApiClock): KubeObject {
  const created = nodeCreated(index, clock);
  const written = writtenMeta(sources.find('Node', undefined, node.name));
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    ...node.labels,
  };
  const taints = taintsOf(node, created);
  const id = digest(`machine/${node.name}`);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: objectMeta({
      kind: 'Node',
      name: node.name,
      created,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...(written.annotations ?? {}),
      },
    }),
    spec: {
      // A node the node IPAM gave no range (CIDRNotAvailable) shows none.
      ...(node.podCIDR ? { podCIDR: node.podCIDR, podCIDRs: [node.podCIDR] } : {}),
      ...(taints.length > 0 ? { taints } : {}),
      ...(node.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      addresses: [{ address: node.ip, type: 'InternalIP' }, { address: node.name, type: 'Hostname' }],
      allocatable: ALLOCATABLE,
      capacity: CAPACITY,
      conditions: conditions(clock.now, created, addSeconds(created, 30)),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: NODE_SYSTEM.architecture,
        bootID: uuidOf(digest(`boot/${node.name}`)),
        containerRuntimeVersion: NODE_SYSTEM.containerRuntimeVersion,
        kernelVersion: NODE_SYSTEM.kernelVersion,
        kubeProxyVersion: NODE_SYSTEM.kubeProxyVersion,
        kubeletVersion: NODE_SYSTEM.kubeletVersion,
        machineID: id.slice(0, 32),
        operatingSystem: NODE_SYSTEM.operatingSystem,
        osImage: NODE_SYSTEM.osImage,
        systemUUID: uuidOf(id.slice(32)),
      },
    },
  };
}

function uuidOf(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function nodeObjects(nodes: NodeInfo[], sources: Sources, clock: ApiClock): KubeObject[] {
  return nodes.map((n, i) => nodeObject(n, i, sources, clock)).sort(byKey);
}
