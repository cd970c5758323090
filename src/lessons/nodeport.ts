/**
 * The default lesson: seeds 000 and 002. `kubectl expose deployment my-nginx-deploment
 * --port=8001 --target-port=80 --type=NodePort` gave the Service 10.108.229.67 and node port
 * 31101; the article then reaches nginx from the outside host at 192.168.255.102:31101.
 */
import type { Lesson } from './types';

export const nodePortLesson: Lesson = {
  id: 'nodeport',
  title: { en: 'NodePort: from outside to a pod on another node', zh: 'NodePort：从集群外访问另一节点上的 Pod' },
  yaml: `# An nginx Deployment and the Service \`kubectl expose\` made for it (seeds 000, 002).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx-deploment
spec:
  replicas: 2
  selector:
    matchLabels:
      app: my-nginx
  template:
    metadata:
      labels:
        app: my-nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: my-nginx-deploment
spec:
  type: NodePort
  selector:
    app: my-nginx
  clusterIP: 10.108.229.67
  ports:
  - port: 8001
    targetPort: 80
    nodePort: 31101
`,
  // node01's node port; the second endpoint (kube-proxy's order) is the pod on node02.
  request: { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 },
};
