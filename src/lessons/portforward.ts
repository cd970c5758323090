/**
 * Seed 003, port-forward方式: deployment-tomcat with three replicas and `kubectl port-forward
 * POD 8080:8080`. kubectl streams through the API server and the kubelet into one pod: no
 * Service, no kube-proxy rule. In the article kubectl runs on master01 with --address 0.0.0.0
 * and node01 curls 10.0.0.30:8080; this simulation runs kubectl on the outside workstation and
 * does not model --address, so the lesson keeps the default LAN where the workstation reaches
 * the API server at 192.168.255.101:6443.
 */
import type { Lesson } from './types';

const yaml = `# Seed 003: deploy-tomcat.yaml, three replicas, no hostNetwork this time.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: deployment-tomcat
  namespace: default
spec:
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  replicas: 3
  selector:
    matchLabels:
      app: tomcat
  template:
    metadata:
      name: pod-tomcat
      labels:
        app: tomcat
    spec:
      containers:
      - name: container-tomcat
        image: tomcat:9.0
      restartPolicy: Always
`;

const pod = 'deployment-tomcat-6f8bd9bbc5-9tdsh';

export const portForwardLesson: Lesson = {
  id: 'port-forward',
  seeds: ['003'],
  title: { en: 'kubectl port-forward: into one pod, through the API server', zh: 'kubectl port-forward：经 API Server 直达一个 Pod' },
  summary: {
    en: 'kubectl port-forward listens on the workstation and carries each connection over HTTPS to the API server, which streams it to the kubelet of the pod\'s node; the kubelet dials the port inside the pod, on 127.0.0.1. For development and tests: one pod, no Service, no load balancing.',
    zh: 'kubectl port-forward 在本机监听，把每个连接通过 HTTPS 交给 API Server，API Server 再以流的方式转给 Pod 所在节点的 kubelet；kubelet 在 Pod 内部的 127.0.0.1 上连接目标端口。用于开发和测试：只有一个 Pod，没有 Service，没有负载均衡。',
  },
  yaml,
  request: { from: 'external', to: 'http://127.0.0.1:8080/', portForward: { target: pod, ports: '8080:8080' } },
  steps: [
    {
      text: {
        en: 'kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080: "Forwarding from 127.0.0.1:8080 -> 8080". A connection to local port 8080 goes to the API server on master01:6443, then to the kubelet on node01:10250, then to 127.0.0.1:8080 inside the pod.',
        zh: 'kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080：“Forwarding from 127.0.0.1:8080 -> 8080”。连到本机 8080 端口的连接先到 master01:6443 上的 API Server，再到 node01:10250 上的 kubelet，最后到 Pod 内部的 127.0.0.1:8080。',
      },
      expect: {
        outcome: 'served',
        // Tomcat's 404 page, as article 003's curl shows: the request arrived, the image has no ROOT webapp.
        httpStatus: 404,
        servedBy: pod,
        sourceIpSeen: '127.0.0.1',
        hops: ['hop.pfKubectl.title', 'hop.pfApiserver.title', 'hop.pfKubelet.title', 'hop.deliver.title'],
        absentHops: ['hop.chainDnat.title'],
      },
      challenge: {
        question: { en: 'Which address will tomcat see as the client?', zh: 'tomcat 看到的客户端地址是什么？' },
        answer: {
          en: '127.0.0.1: the kubelet has the runtime connect from inside the pod\'s own network namespace, on its loopback.',
          zh: '127.0.0.1：kubelet 让容器运行时在 Pod 自己的网络命名空间里、通过回环地址发起连接。',
        },
      },
    },
    {
      text: {
        en: 'kubectl can pick the pod: kubectl port-forward deployment/deployment-tomcat 8080:8080 resolves the Deployment to one running pod, once, and every connection goes to that pod. No Service chain is involved.',
        zh: 'kubectl 也可以自己选 Pod：kubectl port-forward deployment/deployment-tomcat 8080:8080 把 Deployment 解析成一个运行中的 Pod，只选一次，之后所有连接都去这个 Pod。不经过任何 Service 链。',
      },
      request: { from: 'external', to: 'http://127.0.0.1:8080/', portForward: { target: 'deployment/deployment-tomcat', ports: '8080:8080' } },
      expect: { outcome: 'served', servedBy: 'deployment-tomcat-6f8bd9bbc5-', sourceIpSeen: '127.0.0.1', hops: ['hop.pfKubectl.title', 'hop.pfKubelet.title'] },
    },
    {
      text: {
        en: 'A port nothing listens on: kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8081:8081. The tunnel is built, but the dial inside the pod is refused, and kubectl reports an error for the connection.',
        zh: '转发一个没有程序监听的端口：kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8081:8081。隧道建立了，但在 Pod 内部的连接被拒绝，kubectl 为这个连接报错。',
      },
      request: { from: 'external', to: 'http://127.0.0.1:8081/', portForward: { target: pod, ports: '8081:8081' } },
      expect: { outcome: 'refused', message: 'outcome.kubectlError', hops: ['hop.pfKubelet.title'] },
    },
  ],
};
