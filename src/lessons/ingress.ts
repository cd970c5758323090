/**
 * Seeds 003 and 004: Ingress. Seed 004's demo (deployment-apps-v1, svc-apps, apps-ingress for
 * apps.cherry.com), then a second app under a second host and a path, and a host no rule
 * knows. No controller is in the YAML, so Podpath assumes the common bare-metal one:
 * ingress-nginx as a hostNetwork DaemonSet on the workers.
 */
import type { Lesson } from './types';

const yaml = `# Seed 004: deploy-apps.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-apps-v1
spec:
  replicas: 3
  selector:
    matchLabels:
      apps: v1
  template:
    metadata:
      labels:
        apps: v1
    spec:
      containers:
      - name: c1
        image: nginx:1.26.2
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc-apps
spec:
  selector:
    apps: v1
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
---
# Seed 004: 01-apps-ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: apps-ingress
spec:
  rules:
  - host: apps.cherry.com
    http:
      paths:
      - backend:
          service:
            name: svc-apps
            port:
              number: 80
        path: /
        pathType: ImplementationSpecific
`;

const v2 = `---
# A second version of the app, with its own Service.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-apps-v2
spec:
  replicas: 1
  selector:
    matchLabels:
      apps: v2
  template:
    metadata:
      labels:
        apps: v2
    spec:
      containers:
      - name: c1
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc-apps-v2
spec:
  selector:
    apps: v2
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
`;

const secondHost = `  - host: v2.cherry.com
    http:
      paths:
      - backend:
          service:
            name: svc-apps-v2
            port:
              number: 80
        path: /
        pathType: Prefix
`;

const v2Path = `      - backend:
          service:
            name: svc-apps-v2
            port:
              number: 80
        path: /v2
        pathType: Prefix
`;

export const ingressLesson: Lesson = {
  id: 'ingress',
  seeds: ['003', '004'],
  title: { en: 'Ingress: hosts and paths on one port 80', zh: 'Ingress：一个 80 端口上的多个域名和路径' },
  summary: {
    en: 'A Service is a layer-4 proxy: one address and port per Service. An Ingress is a set of layer-7 rules, Host header and path to Service, that an ingress controller (here ingress-nginx) carries out. Many sites share port 80, and the controller proxies straight to the pods.',
    zh: 'Service 是四层代理：每个 Service 一个地址和端口。Ingress 是一组七层规则（Host 头和路径对应到 Service），由 Ingress Controller（这里是 ingress-nginx）执行。很多站点共用 80 端口，控制器直接代理到 Pod。',
  },
  yaml,
  request: { from: 'external', to: 'http://apps.cherry.com/', pick: 1 },
  steps: [
    {
      text: {
        en: 'The outside host\'s /etc/hosts points apps.cherry.com at node01. curl http://apps.cherry.com/: ingress-nginx, a hostNetwork pod, accepts on node01:80, matches host apps.cherry.com and path /, and opens its own connection to a pod of svc-apps.',
        zh: '集群外主机的 /etc/hosts 把 apps.cherry.com 指向 node01。curl http://apps.cherry.com/：ingress-nginx 是 hostNetwork 的 Pod，在 node01:80 上接收请求，匹配 host apps.cherry.com 和路径 /，再自己发起一个到 svc-apps 某个 Pod 的连接。',
      },
      expect: {
        outcome: 'served',
        servedBy: 'deployment-apps-v1-785b56d5f6-87h2k',
        sourceIpSeen: '192.168.255.102',
        diagnostics: ['ingress-controller-assumed'],
        hops: ['hop.deliverHostNetwork.title', 'hop.ingressMatch.title', 'hop.bridgeToPod.title', 'hop.deliver.title', 'hop.ingressRelay.title'],
        absentHops: ['hop.chainDnat.title'],
        candidates: [
          { name: 'deployment-apps-v1-785b56d5f6-87h2k', probability: 1 / 3 },
          { name: 'deployment-apps-v1-785b56d5f6-mjfgl', probability: 1 / 3 },
          { name: 'deployment-apps-v1-785b56d5f6-wbr6g', probability: 1 / 3 },
        ],
      },
      challenge: {
        question: { en: 'svc-apps has a cluster IP. Will the controller\'s connection go through it?', zh: 'svc-apps 有 Cluster IP。控制器发出的连接会经过它吗？' },
        answer: {
          en: 'No: ingress-nginx reads the Service\'s endpoints and proxies to a pod IP itself. No KUBE-SVC chain, no DNAT.',
          zh: '不会：ingress-nginx 读取 Service 的端点，自己代理到 Pod IP。不经过 KUBE-SVC 链，也没有 DNAT。',
        },
      },
    },
    {
      text: {
        en: 'A second app, deployment-apps-v2 behind svc-apps-v2, under a second host: v2.cherry.com. Same node, same port 80; the Host header alone picks the backend.',
        zh: '第二个应用 deployment-apps-v2，前面是 svc-apps-v2，用第二个域名 v2.cherry.com。同一个节点，同一个 80 端口；只靠 Host 头选择后端。',
      },
      edits: [
        { find: '# Seed 004: 01-apps-ingress.yaml\n', replace: `${v2.slice(4)}---\n# Seed 004: 01-apps-ingress.yaml\n` },
        { find: '        pathType: ImplementationSpecific\n', replace: `        pathType: ImplementationSpecific\n${secondHost}` },
      ],
      request: { from: 'external', to: 'http://v2.cherry.com/' },
      expect: { outcome: 'served', servedBy: 'deployment-apps-v2-', hops: ['hop.deliverHostNetwork.title', 'hop.ingressMatch.title', 'hop.deliver.title'] },
      challenge: {
        question: {
          en: 'Without Ingress, how would both apps be reachable from outside on the same nodes?',
          zh: '如果不用 Ingress，两个应用要怎样在同样的节点上对外提供访问？',
        },
        answer: {
          en: 'One NodePort Service each, on two different high ports (30000-32767) of every node, or one load balancer each. Only one of them could have port 80.',
          zh: '每个应用一个 NodePort Service，占用每个节点上两个不同的高端口（30000-32767），或者每个应用一个负载均衡器。80 端口只能给其中一个。',
        },
      },
    },
    {
      text: {
        en: 'Paths: on apps.cherry.com, send /v2 to svc-apps-v2 as well. The longest matching path wins: /v2/index.html goes to v2, everything else on that host still to svc-apps. The controller passes the path on unchanged, and v2\'s stock nginx has no /v2/ directory: it answers 404 Not Found. The request arrived; stripping the prefix is what the rewrite-target annotation is for.',
        zh: '路径：在 apps.cherry.com 上，把 /v2 也转给 svc-apps-v2。最长匹配的路径优先：/v2/index.html 去 v2，这个域名下其他路径仍去 svc-apps。控制器原样转发路径，而 v2 的 nginx 镜像里没有 /v2/ 目录：它返回 404 Not Found。请求已经到达；要去掉前缀，得用 rewrite-target 注解。',
      },
      edits: [{ find: '        pathType: ImplementationSpecific\n', replace: `        pathType: ImplementationSpecific\n${v2Path}` }],
      request: { from: 'external', to: 'http://apps.cherry.com/v2/index.html' },
      expect: { outcome: 'served', httpStatus: 404, servedBy: 'deployment-apps-v2-', hops: ['hop.ingressMatch.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'A host no rule knows: curl --connect-to ::192.168.255.102 http://www.cherry.com/. The controller takes it on its catch-all server "_" and its default backend answers 404 Not Found.',
        zh: '一个没有规则的域名：curl --connect-to ::192.168.255.102 http://www.cherry.com/。控制器在兜底的 server “_” 上接收它，由默认后端返回 404 Not Found。',
      },
      request: { from: 'external', to: 'http://www.cherry.com/', connect: '192.168.255.102' },
      expect: { outcome: 'http_error', httpStatus: 404, hops: ['hop.deliverHostNetwork.title', 'hop.ingress404.title'] },
    },
  ],
};
