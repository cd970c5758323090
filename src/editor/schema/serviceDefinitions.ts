/** Schema definitions of Service ports and specs, and of hand-written Endpoints. */
import type { JSONSchema } from 'monaco-yaml';
import { ref, anyObject, str, bool, strings, stringMap, port, intOrString, protocol } from './helpers';

export const serviceDefinitions: Record<string, JSONSchema> = {
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
  }
};
