/**
 * The YAML texts the build benchmark measures, generated deterministically: the default lesson,
 * and larger clusters written the way a user would write them (Node objects as `kubectl get
 * node -o yaml` shows them, Deployments, one Service per Deployment of mixed types, MetalLB).
 */
import { nodePortLesson } from '../src/lessons/nodeport';

export interface Size {
  label: string;
  text: string;
  /** What a correct build holds, checked before anything is timed. */
  expect: { nodes: number; pods: number; services: number; loadBalancers: number };
}

export interface Shape {
  label: string;
  nodes: number;
  deployments: number;
  replicas: number;
}

/** CoreDNS's two pods and the `kubernetes` and `kube-dns` Services are always there. */
const SYSTEM_PODS = 2;
const SYSTEM_SERVICES = 2;

/**
 * The large cluster has 200 nodes, not 100: kubelet's maxPods (110, MAX_PODS_PER_NODE) leaves
 * 99 workers room for 10,890 pods only, so 9,110 of the 20,000 would stay Pending. 200 nodes
 * hold the same ~100 pods per node as the medium size.
 */
export const SHAPES: Shape[] = [
  { label: '20 nodes, 200 svc, 2k pods', nodes: 20, deployments: 200, replicas: 10 },
  { label: '200 nodes, 2k svc, 20k pods', nodes: 200, deployments: 2000, replicas: 10 },
];

export function lessonSize(): Size {
  return { label: 'default lesson', text: nodePortLesson.yaml, expect: { nodes: 3, pods: 2 + SYSTEM_PODS, services: 1 + SYSTEM_SERVICES, loadBalancers: 0 } };
}

const NAMESPACES = 10;
/** Node i gets 192.168.255.(11+i); the MetalLB pool takes the top of the same LAN. */
const FIRST_NODE_HOST = 11;
const POOL = '192.168.255.211-192.168.255.254';

export function generatedSize(shape: Shape): Size {
  if (FIRST_NODE_HOST + shape.nodes > 211) throw new Error(`${shape.label}: the node LAN (a /24) holds at most 200 nodes beside the pool`);
  const docs = [clusterConfiguration(), ...metallb()];
  for (let n = 0; n < NAMESPACES; n++) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespaceOf(n)}\n`);
  for (let i = 0; i < shape.nodes; i++) docs.push(node(i));
  let loadBalancers = 0;
  for (let j = 0; j < shape.deployments; j++) {
    const app = appOf(j);
    docs.push(deployment(app, shape.replicas), service(app));
    if (app.type === 'LoadBalancer') loadBalancers++;
  }
  return {
    label: shape.label,
    text: docs.join('---\n'),
    expect: { nodes: shape.nodes, pods: shape.deployments * shape.replicas + SYSTEM_PODS, services: shape.deployments + SYSTEM_SERVICES, loadBalancers },
  };
}

function clusterConfiguration(): string {
  // A /16 holds 256 node /24s; a /12 holds ~1M cluster IPs.
  return `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: v1.28.2
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
`;
}

function metallb(): string[] {
  return [
    `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan-pool
  namespace: metallb-system
spec:
  addresses:
  - ${POOL}
`,
    `apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
spec:
  ipAddressPools:
  - lan-pool
`,
  ];
}

function node(i: number): string {
  const controlPlane = i === 0;
  const name = controlPlane ? 'master01' : `worker-${String(i).padStart(3, '0')}`;
  const cp = controlPlane
    ? `    node-role.kubernetes.io/control-plane: ""\n    node.kubernetes.io/exclude-from-external-load-balancers: ""\n`
    : '';
  const taints = controlPlane ? `  taints:\n  - effect: NoSchedule\n    key: node-role.kubernetes.io/control-plane\n` : '';
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
${cp}    topology.kubernetes.io/zone: zone-${'abc'[i % 3]}
spec:
  podCIDR: 10.244.${i}.0/24
  podCIDRs:
  - 10.244.${i}.0/24
${taints}status:
  addresses:
  - address: 192.168.255.${FIRST_NODE_HOST + i}
    type: InternalIP
  - address: ${name}
    type: Hostname
  capacity:
    cpu: "8"
    memory: 32Gi
    pods: "110"
`;
}

interface App {
  name: string;
  namespace: string;
  tier: 'web' | 'api' | 'worker';
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless';
  local: boolean;
}

function namespaceOf(n: number): string {
  return `team-${String(n).padStart(2, '0')}`;
}

/** A fixed mix: a third each of web, api and worker tiers; Service types by index. */
function appOf(j: number): App {
  const tier = (['web', 'api', 'worker'] as const)[j % 3];
  const type = j % 50 === 7 ? 'LoadBalancer' : j % 20 === 3 ? 'Headless' : j % 4 === 1 ? 'NodePort' : 'ClusterIP';
  return { name: `${tier}-${String(j).padStart(4, '0')}`, namespace: namespaceOf(j % NAMESPACES), tier, type, local: j % 100 === 7 };
}

/** The containers of each tier: nginx (which listens on 80), and images declaring their ports. */
const CONTAINERS: Record<App['tier'], string> = {
  web: `      - name: nginx
        image: nginx:1.26
        ports:
        - containerPort: 80
          name: http
        readinessProbe:
          httpGet:
            path: /
            port: http
`,
  api: `      - name: api
        image: registry.example.com/shop/api:1.4.2
        ports:
        - containerPort: 8080
          name: http
        - containerPort: 9090
          name: metrics
        readinessProbe:
          httpGet:
            path: /healthz
            port: 8080
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
`,
  worker: `      - name: worker
        image: registry.example.com/shop/worker:2.0.1
        ports:
        - containerPort: 5000
          name: jobs
        - containerPort: 5353
          name: gossip
          protocol: UDP
`,
};

const SERVICE_PORTS: Record<App['tier'], string> = {
  web: `  - name: http
    port: 80
    targetPort: http
`,
  api: `  - name: http
    port: 80
    targetPort: http
  - name: metrics
    port: 9090
    targetPort: 9090
`,
  worker: `  - name: jobs
    port: 5000
    targetPort: jobs
  - name: gossip
    port: 5353
    protocol: UDP
    targetPort: 5353
`,
};

function deployment(app: App, replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
  labels:
    app: ${app.name}
    tier: ${app.tier}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${app.name}
  template:
    metadata:
      labels:
        app: ${app.name}
        tier: ${app.tier}
    spec:
      containers:
${CONTAINERS[app.tier]}`;
}

function service(app: App): string {
  const type = app.type === 'Headless' ? '  clusterIP: None\n' : app.type === 'ClusterIP' ? '' : `  type: ${app.type}\n`;
  const policy = app.local ? '  externalTrafficPolicy: Local\n' : '';
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${app.namespace}
  labels:
    app: ${app.name}
spec:
${type}${policy}  selector:
    app: ${app.name}
  ports:
${SERVICE_PORTS[app.tier]}`;
}
