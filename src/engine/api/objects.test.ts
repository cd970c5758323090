/**
 * Services, Endpoints, EndpointSlices, Ingresses and Nodes as the API server returns them,
 * each written by whoever writes it in a real cluster.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { EXTERNAL_NAME, HEADLESS, INGRESS, LOAD_BALANCER, SELECTORLESS } from './fixtures';
import { clusterApi, type ApiObjects, type KubeObject } from './index';

function api(yaml: string): ApiObjects {
  return clusterApi(buildCluster(yaml), parseManifests(yaml).objects);
}

// Tests read deep into untyped JSON objects; `any` keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function named(list: KubeObject[], name: string): KubeObject & { metadata: any; spec: any; status: any } {
  return list.find((o) => (o.metadata as { name: string }).name === name) as never;
}

describe('Services', () => {
  it('a LoadBalancer: allocated clusterIP and nodePort, the defaulted policies, the pool\'s address in status', () => {
    expect(named(api(LOAD_BALANCER).services, 'my-nginx-deploment')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: '2026-01-08T12:00:00Z', name: 'my-nginx-deploment', namespace: 'default', resourceVersion: '133614', uid: '0b583996-20a7-4bfa-8c67-67ec3dcc65f3' },
      spec: {
        allocateLoadBalancerNodePorts: true,
        clusterIP: '10.108.229.67',
        clusterIPs: ['10.108.229.67'],
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ nodePort: 31101, port: 8001, protocol: 'TCP', targetPort: 80 }],
        selector: { app: 'my-nginx' },
        sessionAffinity: 'None',
        type: 'LoadBalancer',
      },
      status: { loadBalancer: { ingress: [{ ip: '192.168.255.240' }] } },
    });
  });

  it('an ExternalName: no cluster IP, no IP families, no traffic policies', () => {
    expect(named(api(EXTERNAL_NAME).services, 'my-db')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: '2026-01-08T12:00:00Z', name: 'my-db', namespace: 'default', resourceVersion: '147219', uid: 'ee99ce5c-25a0-4c2c-b37f-0d0f648fc2b4' },
      spec: { externalName: 'db.example.com', sessionAffinity: 'None', type: 'ExternalName' },
      status: { loadBalancer: {} },
    });
  });

  it('a headless Service keeps None as its cluster IP, and its written labels', () => {
    const svc = named(api(HEADLESS).services, 'nginx-headless');
    expect([svc.metadata.labels, svc.spec.clusterIP, svc.spec.clusterIPs, svc.spec.ports]).toEqual([{ app: 'web' }, 'None', ['None'], [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }]]);
  });
});

describe('Endpoints', () => {
  it('the endpoints controller\'s, for a headless Service: the Service\'s labels plus the headless mark, hostnames of the StatefulSet\'s pods', () => {
    const ep = named(api(HEADLESS).endpoints, 'nginx-headless');
    expect(ep.metadata.labels).toEqual({ app: 'web', 'service.kubernetes.io/headless': '' });
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-08T12:00:02Z' });
    expect(ep.subsets).toEqual([{
      addresses: [
        { hostname: 'web-0', ip: '10.244.1.2', nodeName: 'node01', targetRef: { kind: 'Pod', name: 'web-0', namespace: 'default', uid: '0500debc-bb30-45bf-be14-2cdc04878c70' } },
        { hostname: 'web-1', ip: '10.244.2.2', nodeName: 'node02', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: expect.any(String) } },
      ],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    }]);
  });

  it('the user\'s, for a Service without selector, as written with the protocol defaulted', () => {
    expect(named(api(SELECTORLESS).endpoints, 'external-mysql')).toEqual({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { creationTimestamp: '2026-01-08T12:00:00Z', name: 'external-mysql', namespace: 'default', resourceVersion: '876635', uid: '4e6aae70-6753-4ae4-9e65-d12cfb6e8ba6' },
      subsets: [{ addresses: [{ ip: '192.168.255.50' }], ports: [{ port: 3306, protocol: 'TCP' }] }],
    });
  });

  it('the API server\'s own for `kubernetes`, kept out of mirroring', () => {
    const ep = named(api(SELECTORLESS).endpoints, 'kubernetes');
    expect([ep.metadata.labels, ep.subsets]).toEqual([{ 'endpointslice.kubernetes.io/skip-mirror': 'true' }, [{ addresses: [{ ip: '192.168.255.101' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]]);
  });
});

describe('EndpointSlices', () => {
  it('the mirroring controller\'s copy of written Endpoints, owned by them', () => {
    expect(named(api(SELECTORLESS).endpointSlices, 'external-mysql-bq5rw')).toEqual({
      addressType: 'IPv4',
      apiVersion: 'discovery.k8s.io/v1',
      endpoints: [{ addresses: ['192.168.255.50'], conditions: { ready: true } }],
      kind: 'EndpointSlice',
      metadata: {
        creationTimestamp: '2026-01-08T12:00:00Z',
        generateName: 'external-mysql-',
        generation: 1,
        labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io', 'kubernetes.io/service-name': 'external-mysql' },
        name: 'external-mysql-bq5rw',
        namespace: 'default',
        ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Endpoints', name: 'external-mysql', uid: '4e6aae70-6753-4ae4-9e65-d12cfb6e8ba6' }],
        resourceVersion: '347056',
        uid: 'fc7d24fa-7937-49b8-9a67-a0b5af3ae4f8',
      },
      ports: [{ name: '', port: 3306, protocol: 'TCP' }],
    });
  });

  it('the EndpointSlice controller\'s: ready, serving and terminating per pod, owned by the Service', () => {
    const slice = named(api(HEADLESS).endpointSlices, 'nginx-headless-57h9q');
    expect(slice.metadata.labels).toEqual({
      app: 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      'kubernetes.io/service-name': 'nginx-headless',
      'service.kubernetes.io/headless': '',
    });
    expect([slice.metadata.generateName, slice.metadata.ownerReferences[0].kind]).toEqual(['nginx-headless-', 'Service']);
    expect((slice as KubeObject).endpoints).toEqual([
      { addresses: ['10.244.1.2'], conditions: { ready: true, serving: true, terminating: false }, hostname: 'web-0', nodeName: 'node01', targetRef: { kind: 'Pod', name: 'web-0', namespace: 'default', uid: '0500debc-bb30-45bf-be14-2cdc04878c70' } },
      { addresses: ['10.244.2.2'], conditions: { ready: true, serving: true, terminating: false }, hostname: 'web-1', nodeName: 'node02', targetRef: expect.objectContaining({ name: 'web-1' }) },
    ]);
    expect((slice as KubeObject).ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
  });

  it('a Service with no pods gets the controller\'s placeholder: null ports and endpoints', () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: nobody\n  ports:\n  - port: 80\n';
    const slice = api(yaml).endpointSlices.find((s) => (s.metadata as { name: string }).name.startsWith('lonely-'))!;
    expect([slice.endpoints, slice.ports, (slice.metadata as { annotations?: unknown }).annotations]).toEqual([null, null, undefined]);
  });

  it('the API server\'s own `kubernetes` slice, named after the Service', () => {
    const slice = named(api(SELECTORLESS).endpointSlices, 'kubernetes');
    expect([slice.metadata.labels, (slice as KubeObject).endpoints]).toEqual([{ 'kubernetes.io/service-name': 'kubernetes' }, [{ addresses: ['192.168.255.101'], conditions: { ready: true } }]]);
  });
});

describe('Ingresses and Nodes', () => {
  it('an Ingress as written, with the addresses ingress-nginx publishes in status', () => {
    const ing = named(api(INGRESS).ingresses, 'my-nginx');
    expect([ing.apiVersion, ing.metadata.generation, ing.spec.rules[0].host, ing.status]).toEqual([
      'networking.k8s.io/v1', 1, 'nginx.example.com', { loadBalancer: { ingress: [{ ip: '192.168.255.102' }, { ip: '192.168.255.103' }] } },
    ]);
  });

  it('an Ingress of another class gets no address', () => {
    const other = INGRESS.replace('spec:\n  rules:', 'spec:\n  ingressClassName: traefik\n  rules:');
    expect(named(api(other).ingresses, 'my-nginx').status).toEqual({ loadBalancer: {} });
  });

  it('the control-plane node: kubeadm\'s labels and taint, the kubelet\'s conditions and versions', () => {
    const node = named(api(SELECTORLESS).nodes, 'master01');
    expect(node.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'master01',
      'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    expect(node.spec).toEqual({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] });
    expect(node.status.addresses).toEqual([{ address: '192.168.255.101', type: 'InternalIP' }, { address: 'master01', type: 'Hostname' }]);
    expect(node.status.conditions.at(-1)).toEqual({
      lastHeartbeatTime: '2026-01-08T12:05:00Z', lastTransitionTime: '2026-01-01T12:00:30Z', message: 'kubelet is posting ready status. AppArmor enabled', reason: 'KubeletReady', status: 'True', type: 'Ready',
    });
    expect([node.status.nodeInfo.kubeletVersion, node.status.nodeInfo.kubeProxyVersion, node.status.nodeInfo.containerRuntimeVersion]).toEqual(['v1.28.15', 'v1.28.15', 'containerd://1.7.24']);
  });

  it('a cordoned node carries the unschedulable taint the node controller adds', () => {
    const yaml = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  unschedulable: true\n';
    const node = named(api(yaml).nodes, 'n1');
    expect(node.spec).toEqual({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], taints: [{ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: '2026-01-01T12:00:00Z' }], unschedulable: true });
  });
});
