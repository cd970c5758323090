/**
 * The cluster of the NetworkPolicy lessons: a web pod in the frontend namespace calls the api
 * pod in backend through its Service; a debug pod in default stands for everyone else. Pods are
 * pinned to nodes (web and debug on node01, api on node02), so every call crosses the LAN.
 * Namespaces carry only the label the control plane sets, kubernetes.io/metadata.name, which
 * is what the policies select them by.
 */

export const netpolPods = `# frontend/web calls backend/api through its Service; default/debug is anyone else.
apiVersion: v1
kind: Namespace
metadata:
  name: frontend
---
apiVersion: v1
kind: Namespace
metadata:
  name: backend
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: backend
  labels:
    app: api
spec:
  nodeName: node02
  containers:
  - name: nginx
    image: nginx:1.26.2
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: backend
spec:
  clusterIP: 10.96.0.100
  selector:
    app: api
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: frontend
  labels:
    app: web
spec:
  nodeName: node01
  containers:
  - name: nginx
    image: nginx:1.26.2
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: default
  labels:
    app: debug
spec:
  nodeName: node01
  containers:
  - name: nginx
    image: nginx:1.26.2
    ports:
    - containerPort: 80
`;

/** The Tigera operator's Installation: with it the cluster runs Calico, and felix enforces policy. */
export const calicoInstall = `---
# The Tigera operator's Installation: this cluster runs Calico (felix enforces NetworkPolicy).
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    ipPools:
    - cidr: 10.244.0.0/16
      encapsulation: IPIP
`;

/** Nothing gets into backend's pods. Its last line is unique, for the next step's edit. */
export const denyIngress = `---
# Nothing gets into backend's pods...
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: backend
spec:
  podSelector: {}
  policyTypes:
  - Ingress
`;

/** ...but what comes from the frontend namespace. */
export const allowFrontend = `---
# ...but what comes from the frontend namespace.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-from-frontend
  namespace: backend
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: frontend
`;
