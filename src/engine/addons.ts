/**
 * What a kubeadm cluster already holds before the user applies anything: the `kubernetes`
 * Service in front of the API server, and CoreDNS behind `kube-dns` in kube-system, as
 * kubeadm v1.28 installs them (cmd/kubeadm/app/phases/addons/dns/manifests.go). The user's YAML
 * may replace any of these by defining an object with the same kind, namespace and name.
 */
import { nthAddress, parseCidr } from './ip';
import type { ClusterSettings, NodeInfo } from './model';
import { parseManifests, type ParsedObject } from './parse';

/**
 * kubeadm's CoreDNS Deployment template hashes to this pod-template-hash on a real 1.28 cluster
 * (`coredns-5dd5756b68-…`); our own hash of the template would be a different string.
 */
export const KNOWN_TEMPLATE_HASHES: Record<string, string> = { 'kube-system/coredns': '5dd5756b68' };

const systemYaml = (kubernetesIp: string, dnsIp: string, apiservers: string[], pinToControlPlane: boolean) => `apiVersion: v1
kind: Service
metadata:
  name: kubernetes
  namespace: default
  labels:
    component: apiserver
    provider: kubernetes
spec:
  clusterIP: ${kubernetesIp}
  ports:
  - name: https
    port: 443
    protocol: TCP
    targetPort: 6443
---
# The API server keeps these Endpoints itself: one address per control-plane node.
apiVersion: v1
kind: Endpoints
metadata:
  name: kubernetes
  namespace: default
subsets:
- addresses:
${apiservers.map((ip) => `  - ip: ${ip}`).join('\n')}
  ports:
  - name: https
    port: 6443
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: CoreDNS
spec:
  clusterIP: ${dnsIp}
  selector:
    k8s-app: kube-dns
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
${pinToControlPlane ? `      # CoreDNS starts with the control plane, before any worker joins, so both replicas run
      # there (kubeadm lets them: they tolerate the control-plane taint).
      nodeSelector:
        node-role.kubernetes.io/control-plane: ""
` : ''}      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.10.1
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
`;

const cache = new Map<string, ParsedObject[]>();

/**
 * The cluster's own objects, without source ranges: they are not in the user's YAML. The
 * `kubernetes` Service takes the first address of the service range and `kube-dns` the tenth,
 * as kubeadm does; the API server's endpoints are the control-plane nodes.
 */
export function systemObjects(settings: ClusterSettings, nodes: NodeInfo[]): ParsedObject[] {
  const range = parseCidr(settings.serviceSubnet)!;
  const controlPlane = nodes.filter((n) => n.controlPlane);
  const apiservers = (controlPlane.length > 0 ? controlPlane : nodes.slice(0, 1)).map((n) => n.ip);
  const text = systemYaml(nthAddress(range, 1), nthAddress(range, 10), apiservers, controlPlane.length > 0);
  let objects = cache.get(text);
  if (!objects) {
    objects = parseManifests(text).objects.map((o) => ({
      ...o,
      system: true,
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
      paths: {},
    }));
    cache.set(text, objects);
  }
  return objects;
}

/**
 * The ingress controller assumed when the YAML has Ingresses but no controller: the common
 * bare-metal setup, ingress-nginx as a hostNetwork DaemonSet on every worker, listening on the
 * nodes' ports 80 and 443. The user replaces it by writing their own controller.
 */
const INGRESS_NGINX_YAML = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.9.4
        ports:
        - name: http
          containerPort: 80
          protocol: TCP
        - name: https
          containerPort: 443
          protocol: TCP
`;

let ingressCache: ParsedObject[] | undefined;

export function assumedIngressController(): ParsedObject[] {
  ingressCache ??= parseManifests(INGRESS_NGINX_YAML).objects.map((o) => ({
    ...o,
    system: true,
    range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
    paths: {},
  }));
  return ingressCache;
}

/** An ingress-nginx controller container, whoever wrote it. */
export const INGRESS_NGINX_IMAGE = /(^|\/)ingress-nginx\/controller(:|@|$)/;
