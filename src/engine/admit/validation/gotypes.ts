/**
 * The Go types the API server decodes each supported kind into (k8s.io/api v0.28: core/v1,
 * apps/v1, discovery/v1, networking/v1, and metav1's ObjectMeta and LabelSelector), reduced to
 * the fields Podpath reads and their JSON types. Fields not listed are not type-checked.
 */

export type GoType =
  | { k: 'string' | 'int32' | 'int64' | 'bool' | 'intstr' | 'any' }
  | { k: 'struct'; name: string; pkg: string; fields: Record<string, GoType> }
  | { k: 'slice'; of: GoType }
  | { k: 'map'; of: GoType };

const string: GoType = { k: 'string' };
const int32: GoType = { k: 'int32' };
const int64: GoType = { k: 'int64' };
const bool: GoType = { k: 'bool' };
const intstr: GoType = { k: 'intstr' };
const any: GoType = { k: 'any' };
const slice = (of: GoType): GoType => ({ k: 'slice', of });
const map = (of: GoType): GoType => ({ k: 'map', of });
const struct = (name: string, fields: Record<string, GoType>, pkg = 'v1'): GoType => ({ k: 'struct', name, pkg, fields });

/** reflect.Type.String() of a type, as json's UnmarshalTypeError prints it. */
export function goTypeName(t: GoType): string {
  switch (t.k) {
    case 'struct':
      return `${t.pkg}.${t.name}`;
    case 'slice':
      return `[]${goTypeName(t.of)}`;
    case 'map':
      return `map[string]${goTypeName(t.of)}`;
    case 'intstr':
      return 'int32';
    default:
      return t.k;
  }
}

const ownerReference = struct('OwnerReference', { apiVersion: string, kind: string, name: string, uid: string, controller: bool, blockOwnerDeletion: bool });
const objectMeta = struct('ObjectMeta', {
  name: string, generateName: string, namespace: string, uid: string, resourceVersion: string, generation: int64,
  labels: map(string), annotations: map(string), finalizers: slice(string), ownerReferences: slice(ownerReference), deletionGracePeriodSeconds: int64,
});
const labelSelector = struct('LabelSelector', {
  matchLabels: map(string),
  matchExpressions: slice(struct('LabelSelectorRequirement', { key: string, operator: string, values: slice(string) })),
});

const containerPort = struct('ContainerPort', { name: string, hostPort: int32, containerPort: int32, protocol: string, hostIP: string });
const probe = struct('Probe', {
  exec: struct('ExecAction', { command: slice(string) }),
  httpGet: struct('HTTPGetAction', { path: string, port: intstr, host: string, scheme: string }),
  tcpSocket: struct('TCPSocketAction', { port: intstr, host: string }),
  initialDelaySeconds: int32, timeoutSeconds: int32, periodSeconds: int32, successThreshold: int32, failureThreshold: int32, terminationGracePeriodSeconds: int64,
});
const container = struct('Container', {
  name: string, image: string, command: slice(string), args: slice(string), workingDir: string,
  ports: slice(containerPort), env: slice(struct('EnvVar', { name: string, value: string })),
  livenessProbe: probe, readinessProbe: probe, startupProbe: probe, imagePullPolicy: string, stdin: bool, tty: bool,
});
const podSpec = struct('PodSpec', {
  containers: slice(container), initContainers: slice(container), restartPolicy: string, terminationGracePeriodSeconds: int64, activeDeadlineSeconds: int64,
  dnsPolicy: string, nodeSelector: map(string), serviceAccountName: string, nodeName: string, hostNetwork: bool, hostPID: bool, hostIPC: bool,
  hostname: string, subdomain: string, schedulerName: string, priority: int32, enableServiceLinks: bool,
  tolerations: slice(struct('Toleration', { key: string, operator: string, value: string, effect: string, tolerationSeconds: int64 })),
});
const podTemplate = struct('PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

const servicePort = struct('ServicePort', { name: string, protocol: string, appProtocol: string, port: int32, targetPort: intstr, nodePort: int32 });
const serviceSpec = struct('ServiceSpec', {
  ports: slice(servicePort), selector: map(string), clusterIP: string, clusterIPs: slice(string), type: string, externalIPs: slice(string),
  sessionAffinity: string, loadBalancerIP: string, loadBalancerSourceRanges: slice(string), externalName: string, externalTrafficPolicy: string,
  healthCheckNodePort: int32, publishNotReadyAddresses: bool, ipFamilies: slice(string), ipFamilyPolicy: string, allocateLoadBalancerNodePorts: bool,
  loadBalancerClass: string, internalTrafficPolicy: string,
  sessionAffinityConfig: struct('SessionAffinityConfig', { clientIP: struct('ClientIPConfig', { timeoutSeconds: int32 }) }),
});

const endpointAddress = struct('EndpointAddress', { ip: string, hostname: string, nodeName: string });
const endpointPort = struct('EndpointPort', { name: string, port: int32, protocol: string, appProtocol: string });

const ingressBackend = struct('IngressBackend', {
  service: struct('IngressServiceBackend', { name: string, port: struct('ServiceBackendPort', { name: string, number: int32 }) }),
});

const networkPolicyPort = struct('NetworkPolicyPort', { protocol: string, port: intstr, endPort: int32 });
const networkPolicyPeer = struct('NetworkPolicyPeer', {
  podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: struct('IPBlock', { cidr: string, except: slice(string) }),
});

const workloadSpec = (name: string, extra: Record<string, GoType>) =>
  struct(name, { selector: labelSelector, template: podTemplate, minReadySeconds: int32, revisionHistoryLimit: int32, ...extra });

/** The top-level type of each kind the API server decodes (config files and CRDs are not here). */
export const KIND_TYPES: Record<string, GoType> = {
  Pod: struct('Pod', { metadata: objectMeta, spec: podSpec, status: any }),
  Deployment: struct('Deployment', { metadata: objectMeta, spec: workloadSpec('DeploymentSpec', { replicas: int32, paused: bool, progressDeadlineSeconds: int32 }), status: any }),
  ReplicaSet: struct('ReplicaSet', { metadata: objectMeta, spec: workloadSpec('ReplicaSetSpec', { replicas: int32 }), status: any }),
  StatefulSet: struct('StatefulSet', { metadata: objectMeta, spec: workloadSpec('StatefulSetSpec', { replicas: int32, serviceName: string, podManagementPolicy: string }), status: any }),
  DaemonSet: struct('DaemonSet', { metadata: objectMeta, spec: workloadSpec('DaemonSetSpec', {}), status: any }),
  Service: struct('Service', { metadata: objectMeta, spec: serviceSpec, status: any }),
  Endpoints: struct('Endpoints', {
    metadata: objectMeta,
    subsets: slice(struct('EndpointSubset', { addresses: slice(endpointAddress), notReadyAddresses: slice(endpointAddress), ports: slice(endpointPort) })),
  }),
  EndpointSlice: struct('EndpointSlice', {
    metadata: objectMeta, addressType: string, ports: slice(endpointPort),
    endpoints: slice(struct('Endpoint', {
      addresses: slice(string), hostname: string, nodeName: string, zone: string,
      conditions: struct('EndpointConditions', { ready: bool, serving: bool, terminating: bool }),
    })),
  }),
  Node: struct('Node', {
    metadata: objectMeta,
    spec: struct('NodeSpec', { podCIDR: string, podCIDRs: slice(string), unschedulable: bool, providerID: string, taints: slice(struct('Taint', { key: string, value: string, effect: string })) }),
    status: struct('NodeStatus', { addresses: slice(struct('NodeAddress', { type: string, address: string })) }),
  }),
  Namespace: struct('Namespace', { metadata: objectMeta }),
  ConfigMap: struct('ConfigMap', { metadata: objectMeta, data: map(string), immutable: bool }),
  Ingress: struct('Ingress', {
    metadata: objectMeta,
    spec: struct('IngressSpec', {
      ingressClassName: string, defaultBackend: ingressBackend,
      tls: slice(struct('IngressTLS', { hosts: slice(string), secretName: string })),
      rules: slice(struct('IngressRule', {
        host: string,
        http: struct('HTTPIngressRuleValue', { paths: slice(struct('HTTPIngressPath', { path: string, pathType: string, backend: ingressBackend })) }),
      })),
    }),
    status: any,
  }),
  NetworkPolicy: struct('NetworkPolicy', {
    metadata: objectMeta,
    spec: struct('NetworkPolicySpec', {
      podSelector: labelSelector,
      ingress: slice(struct('NetworkPolicyIngressRule', { ports: slice(networkPolicyPort), from: slice(networkPolicyPeer) })),
      egress: slice(struct('NetworkPolicyEgressRule', { ports: slice(networkPolicyPort), to: slice(networkPolicyPeer) })),
      policyTypes: slice(string),
    }),
  }),
  IngressClass: struct('IngressClass', { metadata: objectMeta, spec: struct('IngressClassSpec', { controller: string }) }),
};
