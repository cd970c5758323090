/**
 * Seed 001's cluster, shared by the lessons built on it: the article's service range
 * (10.68.0.0/16, so httpd-svc keeps its CLUSTER-IP 10.68.132.230) and the two httpd pods
 * labelled run: httpd.
 */
export const seed001Httpd = `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  serviceSubnet: 10.68.0.0/16
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd
  template:
    metadata:
      labels:
        run: httpd
    spec:
      containers:
      - name: httpd
        image: httpd
        ports:
        - containerPort: 80`;
