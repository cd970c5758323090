/**
 * A hand-written JSON schema for the Kubernetes kinds Podpath simulates: Deployment (apps/v1),
 * Pod, Service and Endpoints (v1), and MetalLB's IPAddressPool and L2Advertisement
 * (metallb.io/v1beta1). monaco-yaml uses it for validation, completion and hover.
 *
 * Objects whose fields are all listed here (specs, metadata, container, ports, probes...) set
 * `additionalProperties: false`, so a typo such as `selectr:` is flagged. Their field lists follow
 * the real API (including fields Podpath ignores), so legitimate manifests are not flagged.
 * Objects Podpath does not model (volumes, affinity, resources...) are accepted as any object.
 *
 * No network: the schema is inlined and `enableSchemaRequest` is off (see monacoSetup.ts).
 */
import type { JSONSchema } from 'monaco-yaml';

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

const ref = (name: string): JSONSchema => ({ $ref: `#/definitions/${name}` });

const anyObject = (description: string): JSONSchema => ({ type: 'object', description });
const anyArray = (description: string): JSONSchema => ({ type: 'array', description, items: { type: 'object' } });
const str = (description: string): JSONSchema => ({ type: 'string', description });
const bool = (description: string): JSONSchema => ({ type: 'boolean', description });
const int = (description: string, minimum?: number, maximum?: number): JSONSchema => ({
  type: 'integer',
  description,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
const strings = (description: string): JSONSchema => ({ type: 'array', description, items: { type: 'string' } });
const stringMap = (description: string): JSONSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});
const port = (description: string): JSONSchema => int(description, 1, 65535);
const intOrString = (description: string): JSONSchema => ({ type: ['integer', 'string'], description });
const protocol: JSONSchema = {
  type: 'string',
  enum: ['TCP', 'UDP', 'SCTP'],
  description: 'The IP protocol for this port: TCP (the default), UDP or SCTP.',
};

const definitions: Record<string, JSONSchema> = {
  ObjectMeta: {
    title: 'ObjectMeta',
    type: 'object',
    description: "Standard object metadata: the object's name, namespace, labels and annotations.",
    additionalProperties: false,
    properties: {
      name: str('Name of the object, unique within its namespace and kind. Lowercase letters, digits and "-".'),
      namespace: str('Namespace the object lives in. Empty or absent means "default".'),
      labels: stringMap(
        'Key/value pairs used to organize and select objects. Service selectors and Deployment selectors match Pod labels. Values must be strings (quote numbers).',
      ),
      annotations: stringMap('Non-identifying key/value metadata for tools. Values must be strings.'),
      generateName: str('Prefix the API server uses to generate a unique name when `name` is empty.'),
      uid: str('Unique ID set by the API server.'),
      resourceVersion: str('Internal version of the object, set by the API server.'),
      generation: int('Sequence number of the desired state, set by the API server.'),
      creationTimestamp: { type: ['string', 'null'], description: 'When the object was created (set by the API server).' },
      deletionTimestamp: str('When the object will be deleted (set by the API server).'),
      deletionGracePeriodSeconds: int('Seconds allowed for graceful termination (set by the API server).'),
      ownerReferences: anyArray('Objects this one depends on, e.g. the ReplicaSet that owns a Pod.'),
      finalizers: strings('Must be empty before the object is deleted from the registry.'),
      managedFields: anyArray('Field ownership for server-side apply (set by the API server).'),
      selfLink: str('Deprecated and unused.'),
    },
  },

  LabelSelector: {
    title: 'LabelSelector',
    type: 'object',
    description: 'A label query. The results of matchLabels and matchExpressions are ANDed.',
    additionalProperties: false,
    properties: {
      matchLabels: stringMap('Pods whose labels contain all of these key/value pairs are selected.'),
      matchExpressions: {
        type: 'array',
        description: 'A list of label selector requirements, ANDed.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['key', 'operator'],
          properties: {
            key: str('The label key the requirement applies to.'),
            operator: {
              type: 'string',
              enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
              description: "The key's relationship to the values.",
            },
            values: strings('Values for In and NotIn; must be empty for Exists and DoesNotExist.'),
          },
        },
      },
    },
  },

  ContainerPort: {
    title: 'ContainerPort',
    type: 'object',
    description: 'A network port the container listens on.',
    additionalProperties: false,
    required: ['containerPort'],
    properties: {
      name: str('An IANA_SVC_NAME (at most 15 characters). A Service targetPort can refer to it by name.'),
      containerPort: port('Port number the container listens on, on the Pod IP.'),
      protocol,
      hostPort: port("Port to open on the node's IP and forward to containerPort. Rarely needed."),
      hostIP: str('Node IP to bind hostPort to.'),
    },
  },

  Probe: {
    title: 'Probe',
    type: 'object',
    description: 'A periodic health check performed by the kubelet.',
    additionalProperties: false,
    properties: {
      exec: {
        type: 'object',
        description: 'Run a command in the container; exit status 0 means healthy.',
        additionalProperties: false,
        properties: { command: strings('The command line to run.') },
      },
      httpGet: {
        type: 'object',
        description: 'An HTTP GET; a status code from 200 to 399 means healthy.',
        additionalProperties: false,
        required: ['port'],
        properties: {
          path: str('Path to request, e.g. /healthz.'),
          port: intOrString('Port number or named container port to connect to.'),
          host: str('Host to connect to; defaults to the Pod IP.'),
          scheme: { type: 'string', enum: ['HTTP', 'HTTPS'], description: 'HTTP (the default) or HTTPS.' },
          httpHeaders: anyArray('Custom headers to send (name/value pairs).'),
        },
      },
      tcpSocket: {
        type: 'object',
        description: 'Open a TCP connection; success means healthy.',
        additionalProperties: false,
        required: ['port'],
        properties: {
          port: intOrString('Port number or named container port to connect to.'),
          host: str('Host to connect to; defaults to the Pod IP.'),
        },
      },
      grpc: {
        type: 'object',
        description: 'A gRPC health check.',
        additionalProperties: false,
        required: ['port'],
        properties: { port: port('Port number of the gRPC service.'), service: str('Service name for the gRPC health check.') },
      },
      initialDelaySeconds: int('Seconds after the container starts before the first probe.', 0),
      periodSeconds: int('How often (in seconds) to probe. Default 10.', 1),
      timeoutSeconds: int('Seconds after which the probe times out. Default 1.', 1),
      successThreshold: int('Consecutive successes needed to be considered healthy. Default 1.', 1),
      failureThreshold: int('Consecutive failures needed to be considered unhealthy. Default 3.', 1),
      terminationGracePeriodSeconds: int('Grace period when a failed liveness probe kills the container.', 0),
    },
  },

  Container: {
    title: 'Container',
    type: 'object',
    description: 'A container in the Pod.',
    additionalProperties: false,
    required: ['name', 'image'],
    properties: {
      name: str('Name of the container, unique within the Pod.'),
      image: str('Container image, e.g. nginx:1.26.'),
      imagePullPolicy: {
        type: 'string',
        enum: ['Always', 'IfNotPresent', 'Never'],
        description: 'When the kubelet pulls the image.',
      },
      command: strings("Entrypoint array; replaces the image's ENTRYPOINT. Not run in a shell."),
      args: strings("Arguments to the entrypoint; replace the image's CMD."),
      workingDir: str("The container's working directory."),
      ports: {
        type: 'array',
        description:
          'Ports the container exposes. Informational: a process listening on 0.0.0.0 is reachable whether or not its port is listed.',
        items: ref('ContainerPort'),
      },
      env: anyArray('Environment variables to set in the container.'),
      envFrom: anyArray('Sources (ConfigMaps, Secrets) to populate environment variables from.'),
      resources: anyObject('Compute resource requests and limits (cpu, memory).'),
      resizePolicy: anyArray('How the container is resized when its resources change.'),
      restartPolicy: str('For init containers only: "Always" makes it a sidecar.'),
      restartPolicyRules: anyArray('Rules deciding whether to restart the container when it exits.'),
      volumeMounts: anyArray('Volumes to mount into the container filesystem.'),
      volumeDevices: anyArray('Block devices used by the container.'),
      livenessProbe: { ...ref('Probe'), description: 'Periodic check; the container is restarted if it fails.' },
      readinessProbe: {
        ...ref('Probe'),
        description:
          'Periodic check of readiness. A Pod that is not ready is removed from Service endpoints (it moves to notReadyAddresses).',
      },
      startupProbe: { ...ref('Probe'), description: 'Check that must succeed before the other probes start.' },
      lifecycle: anyObject('Actions to run after the container starts or before it stops.'),
      terminationMessagePath: str('File the termination message is read from.'),
      terminationMessagePolicy: {
        type: 'string',
        enum: ['File', 'FallbackToLogsOnError'],
        description: 'How the termination message is populated.',
      },
      securityContext: anyObject('Security options for the container.'),
      stdin: bool('Allocate a stdin buffer for the container.'),
      stdinOnce: bool('Close stdin after the first attach.'),
      tty: bool('Allocate a TTY for the container.'),
    },
  },

  Toleration: {
    title: 'Toleration',
    type: 'object',
    description: 'Allows the Pod to be scheduled on nodes with a matching taint.',
    additionalProperties: false,
    properties: {
      key: str('Taint key the toleration applies to. Empty with operator Exists matches all taints.'),
      operator: {
        type: 'string',
        enum: ['Exists', 'Equal'],
        description: 'Equal (the default) compares the value; Exists matches any value.',
      },
      value: str('Taint value to match when the operator is Equal.'),
      effect: {
        type: 'string',
        enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''],
        description: 'Taint effect to match; empty matches all effects.',
      },
      tolerationSeconds: int('For NoExecute: how long the Pod stays bound after the taint appears.'),
    },
  },

  PodSpec: {
    title: 'PodSpec',
    type: 'object',
    description: 'The desired state of a Pod: its containers and where and how it runs.',
    additionalProperties: false,
    required: ['containers'],
    properties: {
      containers: {
        type: 'array',
        description: 'The containers of the Pod. At least one.',
        minItems: 1,
        items: ref('Container'),
      },
      initContainers: {
        type: 'array',
        description: 'Containers run in order, to completion, before the app containers start.',
        items: ref('Container'),
      },
      ephemeralContainers: anyArray('Debug containers added to a running Pod.'),
      nodeName: str('Bind the Pod to this node directly, bypassing the scheduler.'),
      nodeSelector: stringMap('The Pod is scheduled only on nodes that have all of these labels.'),
      tolerations: { type: 'array', description: 'Taints the Pod tolerates.', items: ref('Toleration') },
      affinity: anyObject('Node and Pod affinity and anti-affinity scheduling rules.'),
      topologySpreadConstraints: anyArray('How Pods are spread across topology domains (zones, nodes).'),
      schedulerName: str('Scheduler to dispatch the Pod to. Default "default-scheduler".'),
      schedulingGates: anyArray('Gates that keep the Pod from being scheduled until they are removed.'),
      priority: int('Priority value, set from priorityClassName by the admission controller.'),
      priorityClassName: str('Name of the PriorityClass of the Pod.'),
      preemptionPolicy: { type: 'string', enum: ['Never', 'PreemptLowerPriority'], description: 'Whether the Pod may preempt lower-priority Pods.' },
      hostNetwork: bool(
        "Use the node's network namespace: the Pod gets the node's IP and its ports listen on the node. No veth, no Pod IP.",
      ),
      hostPID: bool("Use the node's PID namespace."),
      hostIPC: bool("Use the node's IPC namespace."),
      hostUsers: bool("Use the node's user namespace (default true)."),
      hostAliases: anyArray("Extra entries for the Pod's /etc/hosts."),
      hostname: str("The Pod's hostname; defaults to the Pod name."),
      hostnameOverride: str("Overrides the Pod's hostname."),
      subdomain: str('With a headless Service of the same name, gives the Pod a DNS name <hostname>.<subdomain>.'),
      setHostnameAsFQDN: bool("Set the Pod's hostname to its fully qualified domain name."),
      dnsPolicy: {
        type: 'string',
        enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
        description: 'How DNS is configured for the Pod. Default ClusterFirst.',
      },
      dnsConfig: anyObject('Extra DNS settings (nameservers, searches, options).'),
      restartPolicy: {
        type: 'string',
        enum: ['Always', 'OnFailure', 'Never'],
        description: 'Restart policy for the containers. Default Always; Deployments require Always.',
      },
      terminationGracePeriodSeconds: int('Seconds the Pod is given to stop gracefully. Default 30.', 0),
      activeDeadlineSeconds: int('Seconds the Pod may be active before it is failed.', 1),
      serviceAccountName: str('Name of the ServiceAccount the Pod runs as.'),
      serviceAccount: str('Deprecated alias of serviceAccountName.'),
      automountServiceAccountToken: bool('Whether a service account token is mounted automatically.'),
      securityContext: anyObject('Pod-level security attributes.'),
      imagePullSecrets: anyArray('Secrets used to pull the images.'),
      volumes: anyArray('Volumes that the containers can mount.'),
      enableServiceLinks: bool('Inject Service information into environment variables. Default true.'),
      shareProcessNamespace: bool('Share a single process namespace between all containers.'),
      readinessGates: anyArray('Extra conditions evaluated for Pod readiness.'),
      runtimeClassName: str('RuntimeClass used to run the Pod.'),
      overhead: anyObject('Resource overhead of running the Pod on its RuntimeClass.'),
      os: anyObject('The operating system of the containers (name: linux or windows).'),
      resourceClaims: anyArray('Dynamic resource claims the Pod uses.'),
      resources: anyObject('Pod-level resource requests and limits.'),
    },
  },

  PodTemplateSpec: {
    title: 'PodTemplateSpec',
    type: 'object',
    description: 'The template of the Pods the Deployment creates.',
    additionalProperties: false,
    properties: {
      metadata: {
        ...ref('ObjectMeta'),
        description: "Metadata of the Pods. Their labels must match the Deployment's selector.",
      },
      spec: ref('PodSpec'),
    },
  },

  WorkloadSpec: {
    title: 'WorkloadSpec',
    type: 'object',
    description: 'The desired state of a ReplicaSet, StatefulSet or DaemonSet.',
    required: ['selector', 'template'],
    properties: {
      replicas: int('Number of desired Pods (not for DaemonSets). Default 1.', 0),
      selector: { ...ref('LabelSelector'), description: "Label selector for the Pods; must match the template's labels." },
      template: ref('PodTemplateSpec'),
      serviceName: str('StatefulSet: the headless Service that gives each Pod its DNS name.'),
      podManagementPolicy: { type: 'string', enum: ['OrderedReady', 'Parallel'], description: 'StatefulSet: start Pods one by one or all at once.' },
      updateStrategy: anyObject('How Pods are replaced.'),
      volumeClaimTemplates: anyArray('StatefulSet: a volume claim per Pod.'),
      minReadySeconds: int('Seconds a Pod must be ready to count as available.', 0),
      revisionHistoryLimit: int('Old revisions kept.', 0),
      persistentVolumeClaimRetentionPolicy: anyObject('StatefulSet: what happens to claims.'),
      ordinals: anyObject('StatefulSet: the first ordinal.'),
    },
  },
  DeploymentSpec: {
    title: 'DeploymentSpec',
    type: 'object',
    description: 'The desired state of the Deployment.',
    additionalProperties: false,
    required: ['selector', 'template'],
    properties: {
      replicas: int('Number of desired Pods. Default 1.', 0),
      selector: {
        ...ref('LabelSelector'),
        description:
          "Label selector for the Pods the Deployment manages. Must match the template's labels; immutable after creation.",
      },
      template: ref('PodTemplateSpec'),
      strategy: {
        type: 'object',
        description: 'How old Pods are replaced by new ones.',
        additionalProperties: false,
        properties: {
          type: { type: 'string', enum: ['RollingUpdate', 'Recreate'], description: 'RollingUpdate (the default) or Recreate.' },
          rollingUpdate: {
            type: 'object',
            description: 'Parameters of a rolling update.',
            additionalProperties: false,
            properties: {
              maxSurge: intOrString('How many Pods (or what percentage) may exist above replicas during an update.'),
              maxUnavailable: intOrString('How many Pods (or what percentage) may be unavailable during an update.'),
            },
          },
        },
      },
      minReadySeconds: int('Seconds a new Pod must be ready before it counts as available.', 0),
      revisionHistoryLimit: int('Number of old ReplicaSets kept for rollback. Default 10.', 0),
      progressDeadlineSeconds: int('Seconds before a stalled rollout is reported as failed. Default 600.', 1),
      paused: bool('Pause the rollout.'),
    },
  },

  ServicePort: {
    title: 'ServicePort',
    type: 'object',
    description: 'A port the Service exposes.',
    additionalProperties: false,
    required: ['port'],
    properties: {
      name: str('Name of the port. Required when the Service has more than one port; matched by Endpoints ports.'),
      protocol,
      port: port('Port the Service listens on, on its clusterIP.'),
      targetPort: intOrString(
        'Port on the Pods that traffic is sent to: a number, or the name of a container port. Defaults to `port`.',
      ),
      nodePort: port(
        'For NodePort and LoadBalancer Services: the port opened on every node (default range 30000-32767). Allocated when absent.',
      ),
      appProtocol: str('Application protocol hint, e.g. http or kubernetes.io/h2c.'),
    },
  },

  ServiceSpec: {
    title: 'ServiceSpec',
    type: 'object',
    description: 'The desired behavior of the Service.',
    additionalProperties: false,
    properties: {
      type: {
        type: 'string',
        enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
        description:
          'ClusterIP (the default): a virtual IP inside the cluster. NodePort: also a port on every node. LoadBalancer: also an external load balancer. ExternalName: a DNS CNAME.',
      },
      selector: stringMap(
        'Route traffic to Pods whose labels match all of these pairs. Without a selector, Endpoints must be written by hand.',
      ),
      ports: { type: 'array', description: 'The ports the Service exposes.', items: ref('ServicePort') },
      clusterIP: str(
        'The virtual IP of the Service, allocated from the service CIDR when absent. "None" makes a headless Service.',
      ),
      clusterIPs: strings('The cluster IPs, one per IP family; the first must equal clusterIP.'),
      externalTrafficPolicy: {
        type: 'string',
        enum: ['Cluster', 'Local'],
        description:
          'For traffic arriving on node ports or load balancers. Cluster (the default): any endpoint, source IP is masqueraded. Local: only endpoints on the receiving node, source IP preserved.',
      },
      internalTrafficPolicy: {
        type: 'string',
        enum: ['Cluster', 'Local'],
        description: 'For traffic to the clusterIP from inside the cluster. Local: only endpoints on the same node.',
      },
      sessionAffinity: {
        type: 'string',
        enum: ['None', 'ClientIP'],
        description: 'ClientIP sends all connections from one client IP to the same endpoint. Default None.',
      },
      sessionAffinityConfig: anyObject('Settings of session affinity (clientIP.timeoutSeconds).'),
      externalIPs: strings('Extra IPs for which nodes accept traffic to this Service.'),
      externalName: str('For type ExternalName: the DNS name the Service is an alias (CNAME) of.'),
      loadBalancerIP: str('Deprecated: requested IP of the load balancer.'),
      loadBalancerSourceRanges: strings('Client CIDRs allowed through the load balancer.'),
      loadBalancerClass: str('Load balancer implementation the Service belongs to.'),
      allocateLoadBalancerNodePorts: bool('Whether node ports are allocated for a LoadBalancer Service. Default true.'),
      healthCheckNodePort: port('Health check node port used with externalTrafficPolicy Local.'),
      publishNotReadyAddresses: bool('Publish endpoints of Pods even when they are not ready.'),
      ipFamilies: {
        type: 'array',
        description: 'IP families of the Service.',
        items: { type: 'string', enum: ['IPv4', 'IPv6'] },
      },
      ipFamilyPolicy: {
        type: 'string',
        enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
        description: 'Dual-stack behavior of the Service.',
      },
      trafficDistribution: str('Preference for routing to topologically close endpoints, e.g. PreferClose.'),
    },
  },

  EndpointAddress: {
    title: 'EndpointAddress',
    type: 'object',
    description: 'One endpoint IP.',
    additionalProperties: false,
    required: ['ip'],
    properties: {
      ip: str('IP of the endpoint, usually a Pod IP.'),
      hostname: str('Hostname of the endpoint.'),
      nodeName: str('Node hosting the endpoint; used by the Local traffic policies.'),
      targetRef: {
        type: 'object',
        description: 'Reference to the object providing the endpoint, usually a Pod.',
        additionalProperties: false,
        properties: {
          kind: str('Kind of the referent, e.g. Pod.'),
          name: str('Name of the referent.'),
          namespace: str('Namespace of the referent.'),
          uid: str('UID of the referent.'),
          apiVersion: str('API version of the referent.'),
          resourceVersion: str('Resource version of the referent.'),
          fieldPath: str('A field inside the referent.'),
        },
      },
    },
  },

  EndpointPort: {
    title: 'EndpointPort',
    type: 'object',
    description: 'A port of the endpoints.',
    additionalProperties: false,
    required: ['port'],
    properties: {
      name: str("Must match the Service port's name when the Service has several ports."),
      port: port('Port number on the endpoint IPs.'),
      protocol,
      appProtocol: str('Application protocol hint.'),
    },
  },

  EndpointSubset: {
    title: 'EndpointSubset',
    type: 'object',
    description: 'A group of addresses that all serve the same ports.',
    additionalProperties: false,
    properties: {
      addresses: {
        type: 'array',
        description: 'Ready addresses: they receive traffic.',
        items: ref('EndpointAddress'),
      },
      notReadyAddresses: {
        type: 'array',
        description: 'Addresses that are not ready (failing readiness probe): they receive no traffic.',
        items: ref('EndpointAddress'),
      },
      ports: { type: 'array', description: 'Ports available on all addresses.', items: ref('EndpointPort') },
    },
  },
};

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
        mode: { type: 'string', enum: ['', 'iptables', 'ipvs'], description: 'The proxy mode: iptables (the default) or ipvs (v1.28 has no nftables mode; it came in v1.29 as alpha).' },
        clusterCIDR: str('The pod network; traffic from outside it is masqueraded on its way to a cluster IP.'),
        detectLocalMode: { type: 'string', enum: ['', 'ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'], description: 'How kube-proxy tells local pod traffic apart.' },
        detectLocal: anyObject('bridgeInterface or interfaceNamePrefix, for those detect modes.'),
        iptables: anyObject('masqueradeAll, masqueradeBit, localhostNodePorts, syncPeriod…'),
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
        portRange: str('Unused since the userspace proxy was removed.'),
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
