/**
 * A pod's spec as the API server stores it: the template the controller copied (or the Pod as
 * written), plus what defaulting and admission add (pkg/apis/core/v1/defaults.go
 * SetDefaults_PodSpec and SetDefaults_Container, the ServiceAccount admission plugin's token
 * volume, DefaultTolerationSeconds) and what the controllers set (the DaemonSet's node
 * affinity and tolerations, the StatefulSet's hostname).
 */
import { arr, obj, str, type Json } from '../fields';
import { nameSuffix } from '../control/workloads';
import type { PodInfo } from '../model';
import { copy, type Sources } from './source';

/** The written template of a pod: its owner workload's `spec.template.spec`, or the Pod's own spec. */
export function writtenSpec(pod: PodInfo, sources: Sources): Json | undefined {
  const [kind, namespace, name] = (pod.provenance?.object ?? '').split('/');
  const source = kind ? sources.find(kind, namespace, name) : undefined;
  if (!source) return undefined;
  const spec = obj(source.body.spec) ?? {};
  return copy(kind === 'Pod' ? spec : obj(obj(spec.template)?.spec) ?? {});
}

/** `kubectl create deployment --image=nginx:1.26` names the container after the image: `nginx`. */
function containerNameOf(image: string): string {
  return image.split('/').at(-1)!.split(/[:@]/)[0] || 'container';
}

/** Without the written YAML: the containers rebuilt from what the simulation kept. */
function rebuiltSpec(pod: PodInfo): Json {
  const containers = pod.images.map((image, i) => ({
    image,
    name: containerNameOf(image),
    ...(i === 0 && pod.ports.length > 0 ? { ports: pod.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort, protocol: p.protocol })) } : {}),
  }));
  return { containers, ...(pod.hostNetwork ? { hostNetwork: true } : {}), ...(pod.dnsPolicy !== 'ClusterFirst' ? { dnsPolicy: pod.dnsPolicy } : {}) };
}

/** SetDefaults_Container: Always for `:latest` or an untagged image, IfNotPresent otherwise. */
function pullPolicy(image: string): string {
  const last = image.split('/').at(-1)!;
  if (last.includes('@')) return 'IfNotPresent';
  const tag = last.includes(':') ? last.split(':').at(-1) : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_Probe and SetDefaults_HTTPGetAction. */
function defaultProbe(probe: Json): Json {
  const http = obj(probe.httpGet);
  return {
    failureThreshold: 3,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
    ...probe,
    ...(http ? { httpGet: { path: '/', scheme: 'HTTP', ...http } } : {}),
  };
}

function defaultContainer(raw: Json, hostNetwork: boolean, tokenVolume: string): Json {
  const c: Json = { ...raw };
  c.imagePullPolicy ??= pullPolicy(str(c.image) ?? '');
  if (Array.isArray(c.ports)) {
    c.ports = c.ports.map((p) => {
      const port: Json = { protocol: 'TCP', ...(obj(p) ?? {}) };
      // defaultHostNetworkPorts: under hostNetwork a declared port is also a host port.
      if (hostNetwork && port.hostPort === undefined) port.hostPort = port.containerPort;
      return port;
    });
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = obj(c[probe]);
    if (p) c[probe] = defaultProbe(p);
  }
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.volumeMounts = [...arr(c.volumeMounts), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenVolume, readOnly: true }];
  return c;
}

/** The projected volume the ServiceAccount admission plugin adds to every pod (BoundServiceAccountTokenVolume). */
function tokenVolumeOf(name: string): Json {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

/** The DefaultTolerationSeconds admission plugin: five minutes on a node that stops answering. */
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 }));

/** util.AddOrUpdateDaemonPodTolerations: daemon pods ride out node trouble and cordons. */
function daemonTolerations(hostNetwork: boolean): Json[] {
  const noExecute = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({ effect: 'NoExecute', key, operator: 'Exists' }));
  const noSchedule = ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable', ...(hostNetwork ? ['network-unavailable'] : [])]
    .map((k) => ({ effect: 'NoSchedule', key: `node.kubernetes.io/${k}`, operator: 'Exists' }));
  return [...noExecute, ...noSchedule];
}

/** The full stored spec of a pod. */
export function podSpec(pod: PodInfo, sources: Sources): Json {
  const spec: Json = writtenSpec(pod, sources) ?? rebuiltSpec(pod);
  const hostNetwork = spec.hostNetwork === true;
  const tokenVolume = `kube-api-access-${nameSuffix(`${pod.namespace}/${pod.name}/kube-api-access`)}`;
  spec.containers = arr(spec.containers).map((c) => defaultContainer(obj(c) ?? {}, hostNetwork, tokenVolume));
  const daemon = pod.owner?.startsWith('DaemonSet/');
  if (daemon && pod.node) {
    // The DaemonSet controller pins each pod to its node by name (nodeShouldRunDaemonPod).
    spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.node] }] }] } } };
  }
  if (pod.hostname) spec.hostname = pod.hostname;
  if (pod.subdomain) spec.subdomain = pod.subdomain;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.enableServiceLinks ??= true;
  if (pod.node) spec.nodeName = pod.node;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.serviceAccountName ??= str(spec.serviceAccount) ?? 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.tolerations = [...arr(spec.tolerations), ...(daemon ? daemonTolerations(hostNetwork) : DEFAULT_TOLERATIONS)];
  spec.volumes = [...arr(spec.volumes), tokenVolumeOf(tokenVolume)];
  return spec;
}
