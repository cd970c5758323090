/**
 * Small clusters for the tests of the API objects, the kubectl views and the command: each
 * shows one thing the seeds' articles walk through.
 */
import { nodePortLesson } from '../../lessons/nodeport';

/** Seed 003: hostNetwork tomcat with no declared port; the third replica finds 8080 taken on node01. */
export const CRASHLOOP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-tomcat
spec:
  replicas: 3
  selector:
    matchLabels:
      app: tomcat
  template:
    metadata:
      labels:
        app: tomcat
    spec:
      hostNetwork: true
      containers:
      - name: container-tomcat
        image: tomcat:9.0
`;

/** A pod asking for a node label no node has. */
export const PENDING = `apiVersion: v1
kind: Pod
metadata:
  name: wants-ssd
  labels:
    app: wants-ssd
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: nginx
    image: nginx:1.26
`;

/** The default lesson's Service as a LoadBalancer, with a MetalLB pool on the node LAN. */
export const LOAD_BALANCER = `${nodePortLesson.yaml.replace('  type: NodePort\n', '  type: LoadBalancer\n')}---
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lan
  namespace: metallb-system
spec:
  addresses:
  - 192.168.255.240-192.168.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lan
  namespace: metallb-system
`;

/** A StatefulSet behind its governing headless Service (seed 004). */
export const HEADLESS = `apiVersion: v1
kind: Service
metadata:
  name: nginx-headless
  labels:
    app: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - name: http
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx-headless
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
        ports:
        - name: http
          containerPort: 80
`;

/** An ExternalName Service: only a CNAME in the cluster's DNS (seed 004). */
export const EXTERNAL_NAME = `apiVersion: v1
kind: Service
metadata:
  name: my-db
spec:
  type: ExternalName
  externalName: db.example.com
`;

/** A Service without selector and the Endpoints written for a server outside the cluster (seed 001). */
export const SELECTORLESS = `apiVersion: v1
kind: Service
metadata:
  name: external-mysql
spec:
  ports:
  - port: 3306
    targetPort: 3306
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-mysql
subsets:
- addresses:
  - ip: 192.168.255.50
  ports:
  - port: 3306
`;

/** The default lesson behind an Ingress, with the bare-metal ingress-nginx assumed. */
export const INGRESS = `${nodePortLesson.yaml}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-nginx
spec:
  rules:
  - host: nginx.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: my-nginx-deploment
            port:
              number: 8001
`;
