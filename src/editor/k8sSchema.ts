/**
 * A hand-written JSON schema for the Kubernetes kinds Podpath simulates (SUPPORTED_KINDS):
 * monaco-yaml uses it for validation, completion and hover. The object definitions live in
 * schema/ (pods and workloads, Services and Endpoints); the kinds and their top-level fields here.
 *
 * Objects whose fields are all listed here (specs, metadata, container, ports, probes...) set
 * `additionalProperties: false`, so a typo such as `selectr:` is flagged. Their field lists follow
 * the real API (including fields Podpath ignores), so legitimate manifests are not flagged.
 * Objects Podpath does not model (volumes, affinity, resources...) are accepted as any object.
 *
 * No network: the schema is inlined and `enableSchemaRequest` is off (see monacoSetup.ts).
 */
import type { JSONSchema } from 'monaco-yaml';
import { anyArray, anyObject, bool, int, ref, str, strings } from './schema/helpers';
import { podDefinitions } from './schema/podDefinitions';
import { serviceDefinitions } from './schema/serviceDefinitions';

/** Only an identifier (shown as the source in hovers); nothing is ever fetched from it. */
export const K8S_SCHEMA_URI = 'inmemory://schemas/podpath-k8s.json';

/** The kinds the schema knows, with their apiVersion. */
export const SUPPORTED_KINDS = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Pod: 'v1',
  Service: 'v1',
  Endpoints: 'v1',
  Node: 'v1',
  Namespace: 'v1',
  IPAddressPool: 'metallb.io/v1beta1',
  L2Advertisement: 'metallb.io/v1beta1',
  ClusterConfiguration: ['kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4'],
  KubeProxyConfiguration: 'kubeproxy.config.k8s.io/v1alpha1',
} as const;

/** Configuration files read by kubeadm and kube-proxy: no metadata. */
const CONFIG_KINDS = new Set(['ClusterConfiguration', 'KubeProxyConfiguration']);


const definitions: Record<string, JSONSchema> = { ...podDefinitions, ...serviceDefinitions };

const apiVersionDescription =
  'The versioned schema of this object: apps/v1 for Deployment, v1 for Pod, Service and Endpoints, metallb.io/v1beta1 for MetalLB pools.';
const kindDescription =
  'The kind of object. Podpath understands Deployment, Pod, Service, Endpoints, and MetalLB\'s IPAddressPool and L2Advertisement.';
const statusDescription = 'Observed state, written by the cluster. Podpath ignores it.';

/** One `allOf` entry: when `kind` is K, these are the top-level fields and their shapes. */
function kindRule(kind: keyof typeof SUPPORTED_KINDS, body: Record<string, JSONSchema>, required: string[]): JSONSchema {
  return {
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: {
      additionalProperties: false,
      ...(required.length > 0 || !CONFIG_KINDS.has(kind) ? { required: CONFIG_KINDS.has(kind) ? required : ['metadata', ...required] } : {}),
      properties: {
        apiVersion: { type: 'string', enum: ([] as string[]).concat(SUPPORTED_KINDS[kind]), description: apiVersionDescription },
        kind: { type: 'string', description: kindDescription },
        metadata: ref('ObjectMeta'),
        status: anyObject(statusDescription),
        ...body,
      },
    },
  };
}

export const k8sSchema: JSONSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  description: 'A Kubernetes object of a kind Podpath simulates.',
  type: 'object',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { type: 'string', enum: [...new Set(Object.values(SUPPORTED_KINDS).flat())], description: apiVersionDescription },
    kind: { type: 'string', enum: Object.keys(SUPPORTED_KINDS), description: kindDescription },
    metadata: ref('ObjectMeta'),
    status: anyObject(statusDescription),
  },
  allOf: [
    kindRule(
      'Deployment',
      { spec: { ...ref('DeploymentSpec'), description: 'The desired state of the Deployment.' } },
      ['spec'],
    ),
    kindRule('ReplicaSet', { spec: { ...ref('WorkloadSpec'), description: 'The desired state of the ReplicaSet.' } }, ['spec']),
    kindRule('StatefulSet', { spec: { ...ref('WorkloadSpec'), description: 'The desired state of the StatefulSet.' } }, ['spec']),
    kindRule('DaemonSet', { spec: { ...ref('WorkloadSpec'), description: 'The desired state of the DaemonSet.' } }, ['spec']),
    kindRule('Pod', { spec: { ...ref('PodSpec'), description: 'The desired state of the Pod.' } }, ['spec']),
    kindRule('Service', { spec: { ...ref('ServiceSpec'), description: 'The desired behavior of the Service.' } }, ['spec']),
    kindRule(
      'Endpoints',
      {
        subsets: {
          type: 'array',
          description:
            'The endpoints of the Service with the same name: each subset is a set of addresses and the ports they serve.',
          items: ref('EndpointSubset'),
        },
      },
      [],
    ),
    kindRule(
      'IPAddressPool',
      {
        spec: {
          type: 'object',
          additionalProperties: false,
          required: ['addresses'],
          description: 'Addresses MetalLB may give to LoadBalancer Services.',
          properties: {
            addresses: strings('CIDRs (192.168.255.240/28) or ranges (192.168.255.240-192.168.255.250) on the node network.'),
            autoAssign: bool('Whether Services get addresses from this pool without asking for one (default true).'),
            avoidBuggyIPs: bool('Skip addresses ending in .0 and .255 (default false).'),
            serviceAllocation: anyObject('Which Services and namespaces may use this pool.'),
          },
        },
      },
      ['spec'],
    ),
    kindRule(
      'Node',
      {
        spec: {
          type: 'object',
          additionalProperties: false,
          description: 'A machine of the cluster.',
          properties: {
            podCIDR: str('The pod subnet of this node (given by the controller manager when empty).'),
            podCIDRs: strings('The pod subnets of this node, one per address family.'),
            providerID: str('The cloud provider\'s id of the machine.'),
            taints: {
              type: 'array',
              description: 'Taints repel pods that do not tolerate them.',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['key', 'effect'],
                properties: {
                  key: str('The taint key.'),
                  value: str('The taint value.'),
                  effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], description: 'What happens to pods that do not tolerate it.' },
                  timeAdded: str('When a NoExecute taint was added.'),
                },
              },
            },
            unschedulable: bool('Cordoned: no new pods are scheduled here.'),
          },
        },
      },
      [],
    ),
    kindRule('Namespace', { spec: anyObject('Finalizers.') }, []),
    kindRule(
      'ClusterConfiguration',
      {
        networking: {
          type: 'object',
          description: 'Where pods and Services get their addresses.',
          properties: {
            podSubnet: str('The pod network (also kube-proxy\'s clusterCIDR), cut into one /24 per node.'),
            serviceSubnet: str('Where Service cluster IPs come from (default 10.96.0.0/12).'),
            dnsDomain: str('The cluster domain (default cluster.local).'),
          },
        },
        apiServer: anyObject('API server settings; extraArgs.service-node-port-range sets the node-port range.'),
        controllerManager: anyObject('Controller manager settings.'),
        scheduler: anyObject('Scheduler settings.'),
        etcd: anyObject('etcd settings.'),
        dns: anyObject('CoreDNS settings.'),
        kubernetesVersion: str('The Kubernetes version.'),
        controlPlaneEndpoint: str('A stable address for the control plane.'),
        clusterName: str('The cluster\'s name.'),
        imageRepository: str('Where control-plane images come from.'),
        certificatesDir: str('Where certificates are stored.'),
        featureGates: anyObject('Feature gates.'),
      },
      [],
    ),
    kindRule(
      'KubeProxyConfiguration',
      {
        mode: {
          type: 'string',
          enum: ['', 'iptables', 'ipvs', 'nftables', 'userspace'],
          description: 'The proxy mode: iptables (the default), ipvs, or nftables (GA in v1.33). userspace was removed in v1.26: Podpath still models it, as kube-proxy up to v1.25 ran it.',
        },
        clusterCIDR: str('The pod network; traffic from outside it is masqueraded on its way to a cluster IP.'),
        detectLocalMode: { type: 'string', enum: ['', 'ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'], description: 'How kube-proxy tells local pod traffic apart.' },
        detectLocal: anyObject('bridgeInterface or interfaceNamePrefix, for those detect modes.'),
        iptables: anyObject('masqueradeAll, masqueradeBit, localhostNodePorts, syncPeriod…'),
        nftables: anyObject('nftables mode settings: masqueradeAll, masqueradeBit, syncPeriod, minSyncPeriod.'),
        ipvs: {
          type: 'object',
          description: 'IPVS mode settings.',
          properties: {
            scheduler: { type: 'string', enum: ['', 'rr', 'wrr', 'lc', 'wlc', 'fo', 'ovf', 'lblc', 'lblcr', 'dh', 'sh', 'mh', 'sed', 'nq', 'twos'], description: 'The kernel IPVS scheduler of every virtual server; empty means rr (round robin).' },
            strictARP: bool('Only answer ARP for addresses on the interface asked: MetalLB in layer 2 mode needs it, as kube-ipvs0 holds every LoadBalancer address.'),
            syncPeriod: str('How often kube-proxy resyncs its IPVS table.'),
            minSyncPeriod: str('The shortest time between two resyncs.'),
            excludeCIDRs: strings('Virtual servers in these CIDRs are left alone.'),
            tcpTimeout: str('IPVS TCP session timeout.'),
            tcpFinTimeout: str('IPVS TCP FIN_WAIT timeout.'),
            udpTimeout: str('IPVS UDP timeout.'),
          },
        },
        nodePortAddresses: strings('CIDRs of the node addresses node ports answer on; empty means all.'),
        bindAddress: str('Where kube-proxy listens.'),
        clientConnection: anyObject('API server connection settings.'),
        conntrack: anyObject('conntrack table settings.'),
        featureGates: anyObject('Feature gates.'),
        healthzBindAddress: str('Health endpoint.'),
        metricsBindAddress: str('Metrics endpoint.'),
        oomScoreAdj: int('OOM score adjustment.'),
        portRange: str('The userspace proxy\'s ports (BEGIN-END); unused since that mode was removed in v1.26.'),
        hostnameOverride: str('The node name kube-proxy uses.'),
        winkernel: anyObject('Windows settings.'),
      },
      [],
    ),
    kindRule(
      'L2Advertisement',
      {
        spec: {
          type: 'object',
          additionalProperties: false,
          description: 'Announce pool addresses on the LAN: one node answers ARP for each address.',
          properties: {
            ipAddressPools: strings('The pools to announce; all pools when empty.'),
            ipAddressPoolSelectors: anyArray('Label selectors choosing pools.'),
            nodeSelectors: anyArray('Label selectors limiting which nodes may announce.'),
            interfaces: strings('Interfaces to announce from.'),
          },
        },
      },
      [],
    ),
  ],
  definitions,
};
