/** Pods as the API server returns them: owners, stored spec, and the status kubelets and the scheduler wrote. */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../../lessons/nodeport';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { CRASHLOOP, HEADLESS, INGRESS, PENDING } from './fixtures';
import { clusterApi, type ApiClock, type KubeObject } from './index';

// Tests read deep into untyped JSON objects; `any` keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function pods(yaml: string, clock: Partial<ApiClock> = {}, withSource = true): Record<string, KubeObject & { metadata: any; spec: any; status: any }> {
  const api = clusterApi(buildCluster(yaml), withSource ? parseManifests(yaml).objects : [], clock);
  return Object.fromEntries(api.pods.map((p) => [(p.metadata as { name: string }).name, p as never]));
}

describe('a running pod of the default lesson', () => {
  const pod = pods(nodePortLesson.yaml)['my-nginx-deploment-55f596c87c-bzw22'];

  it('belongs to the ReplicaSet the Deployment made, and was named after it', () => {
    expect(pod.metadata).toEqual({
      creationTimestamp: '2026-01-08T12:00:00Z',
      generateName: 'my-nginx-deploment-55f596c87c-',
      labels: { app: 'my-nginx', 'pod-template-hash': '55f596c87c' },
      name: 'my-nginx-deploment-55f596c87c-bzw22',
      namespace: 'default',
      ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: 'my-nginx-deploment-55f596c87c', uid: 'fc7c3a9c-613f-4b81-b504-99a173298ae5' }],
      resourceVersion: '349828',
      uid: 'bf8c4b9c-7cbb-4871-a5b0-361fbfafef11',
    });
  });

  it('carries the template with the API server\'s defaults, and the node it was bound to', () => {
    expect(pod.spec.nodeName).toBe('node01');
    expect(pod.spec.containers[0]).toEqual({
      name: 'nginx',
      image: 'nginx:1.26',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access-dcppd', readOnly: true }],
    });
    expect(pod.spec.tolerations.map((t: { key: string }) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
  });

  it('reports the four conditions, the running container and its addresses', () => {
    expect(pod.status).toEqual({
      conditions: [
        { lastProbeTime: null, lastTransitionTime: '2026-01-08T12:00:00Z', status: 'True', type: 'Initialized' },
        { lastProbeTime: null, lastTransitionTime: '2026-01-08T12:00:02Z', status: 'True', type: 'Ready' },
        { lastProbeTime: null, lastTransitionTime: '2026-01-08T12:00:02Z', status: 'True', type: 'ContainersReady' },
        { lastProbeTime: null, lastTransitionTime: '2026-01-08T12:00:00Z', status: 'True', type: 'PodScheduled' },
      ],
      containerStatuses: [{
        containerID: 'containerd://e04deee8962e567a884dfd43c4c2e71591068b8c57c0fa2e1d50bcb983304ae0',
        image: 'docker.io/library/nginx:1.26',
        imageID: 'docker.io/library/nginx@sha256:58b9711d783d5ba321b174c74a6841eafe8f701219a6e653422e9ba95786f036',
        lastState: {},
        name: 'nginx',
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: '2026-01-08T12:00:02Z' } },
      }],
      hostIP: '192.168.255.102',
      phase: 'Running',
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      qosClass: 'BestEffort',
      startTime: '2026-01-08T12:00:00Z',
    });
  });
});

describe('pods that do not run', () => {
  it('Pending: only PodScheduled, False, with the scheduler\'s message', () => {
    const pod = pods(PENDING)['wants-ssd'];
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status).toEqual({
      conditions: [{
        lastProbeTime: null,
        lastTransitionTime: '2026-01-08T12:00:00Z',
        message: "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        reason: 'Unschedulable',
        status: 'False',
        type: 'PodScheduled',
      }],
      phase: 'Pending',
      qosClass: 'BestEffort',
    });
  });

  it('CrashLoopBackOff: the container waits out the back-off, its last run ended in an error', () => {
    const pod = pods(CRASHLOOP)['deployment-tomcat-6d64fcc546-9kssx'];
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.status.podIP).toBe('192.168.255.102');
    expect(pod.status.conditions[1]).toEqual({
      lastProbeTime: null, lastTransitionTime: '2026-01-08T12:00:00Z', message: 'containers with unready status: [container-tomcat]', reason: 'ContainersNotReady', status: 'False', type: 'Ready',
    });
    expect(pod.status.containerStatuses).toEqual([{
      containerID: 'containerd://eb25a9b2444a71c6a8ed9d9095d56d26b77d1b87fd2250d45b14c9da07e2b07f',
      image: 'docker.io/library/tomcat:9.0',
      imageID: 'docker.io/library/tomcat@sha256:fb28384e9c7c212b99885422554cc48ee0e91aeea0fbb71c93db6fd812afbced',
      lastState: { terminated: { containerID: 'containerd://eb25a9b2444a71c6a8ed9d9095d56d26b77d1b87fd2250d45b14c9da07e2b07f', exitCode: 1, finishedAt: '2026-01-08T12:02:32Z', reason: 'Error', startedAt: '2026-01-08T12:02:32Z' } },
      name: 'container-tomcat',
      ready: false,
      restartCount: 4,
      started: false,
      state: { waiting: { message: 'back-off 2m40s restarting failed container=container-tomcat pod=deployment-tomcat-6d64fcc546-9kssx_default(a0cbdfb6-40ca-4fa2-b230-d26334a06ca3)', reason: 'CrashLoopBackOff' } },
    }]);
  });

  it('the restart count follows the simulated clock: after an hour the back-off is capped at 5 minutes', () => {
    const later = pods(CRASHLOOP, { now: new Date(Date.UTC(2026, 0, 8, 13, 0, 0)) })['deployment-tomcat-6d64fcc546-9kssx'];
    const status = later.status.containerStatuses[0];
    expect([status.restartCount, status.lastState.terminated.finishedAt, status.state.waiting.message.split(' ')[1]]).toEqual([15, '2026-01-08T12:55:12Z', '5m0s']);
  });
});

describe('pods of other controllers', () => {
  it('a StatefulSet\'s pod keeps its name as hostname under the governing Service', () => {
    const pod = pods(HEADLESS)['web-0'];
    expect(pod.metadata.generateName).toBeUndefined();
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: 'StatefulSet', name: 'web' });
    expect([pod.spec.hostname, pod.spec.subdomain]).toEqual(['web-0', 'nginx-headless']);
  });

  it('a DaemonSet\'s pod is pinned to its node by affinity and tolerates node trouble', () => {
    const pod = Object.values(pods(INGRESS)).find((p) => p.metadata.namespace === 'ingress-nginx')!;
    expect(pod.metadata).toMatchObject({ generateName: 'ingress-nginx-controller-', creationTimestamp: '2026-01-01T12:00:00Z' });
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ingress-nginx-controller' });
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec.nodeName] }] }]);
    expect(pod.spec.tolerations.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
    ]);
    expect(pod.spec.containers[0].ports).toEqual([{ containerPort: 80, hostPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443, hostPort: 443, name: 'https', protocol: 'TCP' }]);
  });

  it('without the written YAML, containers are rebuilt from the images and named after them', () => {
    const pod = pods(nodePortLesson.yaml, {}, false)['my-nginx-deploment-55f596c87c-bzw22'];
    expect(pod.spec.containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([['nginx', 'nginx:1.26']]);
  });
});
