/**
 * Seed 003, port-forward方式: deployment-tomcat with three replicas and `kubectl port-forward
 * POD 8080:8080`. kubectl streams through the API server and the kubelet into one pod: no
 * Service, no kube-proxy rule. The cluster is the article's: master01 10.0.0.30, node01
 * 10.0.0.31, node02 10.0.0.32 (Node objects; the LAN follows their addresses). In the article
 * kubectl runs on master01 with `--address 0.0.0.0` and node01 runs `curl 10.0.0.30:8080`: the
 * forward is left running (`forwards` in the request) and the trace goes node01 → kubectl's
 * socket on master01 → the API server → the kubelet on the pod's node → 127.0.0.1 in the pod.
 * The article's pod is deployment-tomcat-7ddf96c4d8-mgqzf; the same Deployment here makes
 * deployment-tomcat-6f8bd9bbc5-9tdsh (another pod-template-hash: another API server's defaults).
 */
import type { RunningForward, TraceRequest } from '../engine/trace/types';
import type { Lesson } from './types';

const yaml = `# Article 003's cluster: master01 10.0.0.30 (the control plane), node01 10.0.0.31, node02 10.0.0.32.
apiVersion: v1
kind: Node
metadata:
  name: master01
  labels:
    node-role.kubernetes.io/control-plane: ""
spec:
  taints:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.30
---
apiVersion: v1
kind: Node
metadata:
  name: node01
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.31
---
apiVersion: v1
kind: Node
metadata:
  name: node02
status:
  addresses:
  - type: InternalIP
    address: 10.0.0.32
---
# Seed 003: deploy-tomcat.yaml, three replicas, no hostNetwork this time.
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

/** kubectl on the workstation, default address (localhost): only the workstation itself can use it. */
const onWorkstation: RunningForward = { on: 'external', target: pod, ports: ['8080:8080'] };
/** The article's: kubectl on master01 with --address 0.0.0.0, every address of master01. */
const onMaster: RunningForward = { on: 'node/master01', target: pod, ports: ['8080:8080'], addresses: ['0.0.0.0'] };
/** The same on master01 without --address: 127.0.0.1 and ::1 only. */
const onMasterLocal: RunningForward = { on: 'node/master01', target: pod, ports: ['8080:8080'] };

const article: TraceRequest = { from: 'node/node01', to: 'http://10.0.0.30:8080/', forwards: [onMaster] };

export const portForwardLesson: Lesson = {
  id: 'port-forward',
  seeds: ['003'],
  title: { en: 'kubectl port-forward: into one pod, through the API server', zh: 'kubectl port-forward：经 API Server 直达一个 Pod' },
  summary: {
    en: 'kubectl port-forward listens on the machine it runs on and carries each connection over HTTPS to the API server, which streams it to the kubelet of the pod\'s node; the kubelet dials the port inside the pod, on 127.0.0.1. It keeps running until stopped. For development and tests: one pod, no Service, no load balancing.',
    zh: 'kubectl port-forward 在它运行的机器上监听，把每个连接通过 HTTPS 交给 API Server，API Server 再以流的方式转给 Pod 所在节点的 kubelet；kubelet 在 Pod 内部的 127.0.0.1 上连接目标端口。它会一直运行，直到被停止。用于开发和测试：只有一个 Pod，没有 Service，没有负载均衡。',
  },
  yaml,
  request: { from: 'external', to: 'http://127.0.0.1:8080/', forwards: [onWorkstation] },
  steps: [
    {
      text: {
        en: 'On the workstation: kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080 prints "Forwarding from 127.0.0.1:8080 -> 8080" and keeps running. curl 127.0.0.1:8080 reaches kubectl\'s socket through lo ("Handling connection for 8080"); kubectl streams it to the API server on master01:6443, which streams it to the kubelet on node01:10250, which dials 127.0.0.1:8080 inside the pod.',
        zh: '在工作站上：kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080 打印“Forwarding from 127.0.0.1:8080 -> 8080”并一直运行。curl 127.0.0.1:8080 经 lo 到达 kubectl 的套接字（“Handling connection for 8080”）；kubectl 把它以流的方式交给 master01:6443 上的 API Server，再到 node01:10250 上的 kubelet，kubelet 在 Pod 内部连接 127.0.0.1:8080。',
      },
      expect: {
        outcome: 'served',
        // Tomcat's 404 page, as article 003's curl shows: the request arrived, the image has no ROOT webapp.
        httpStatus: 404,
        servedBy: pod,
        sourceIpSeen: '127.0.0.1',
        hops: ['hop.routeLocal.title', 'hop.pfAccept.title', 'hop.pfStream.title', 'hop.pfApiserver.title', 'hop.pfKubelet.title', 'hop.deliver.title'],
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
        en: 'The article: on master01, kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080 --address 0.0.0.0 prints "Forwarding from 0.0.0.0:8080 -> 8080" and keeps running. On node01, curl 10.0.0.30:8080 crosses the LAN to master01, passes its INPUT chain (no Service rule matches) and reaches kubectl\'s socket on 0.0.0.0:8080. kubectl on master01 streams it to the API server on the same machine (10.0.0.30:6443), then to the kubelet on node01, then into the pod: tomcat\'s 404 page, as the article shows.',
        zh: '文章的做法：在 master01 上，kubectl port-forward deployment-tomcat-6f8bd9bbc5-9tdsh 8080:8080 --address 0.0.0.0 打印“Forwarding from 0.0.0.0:8080 -> 8080”并一直运行。在 node01 上，curl 10.0.0.30:8080 经局域网到达 master01，通过它的 INPUT 链（没有 Service 规则匹配），到达 kubectl 在 0.0.0.0:8080 上的套接字。master01 上的 kubectl 把它交给同一台机器上的 API Server（10.0.0.30:6443），再到 node01 上的 kubelet，最后进入 Pod：正如文章所示，是 tomcat 的 404 页面。',
      },
      request: article,
      command: 'curl 10.0.0.30:8080',
      expect: {
        outcome: 'served',
        httpStatus: 404,
        servedBy: pod,
        sourceIpSeen: '127.0.0.1',
        hops: ['hop.sendNode.title', 'hop.wire.title', 'hop.filter.title', 'hop.pfAccept.title', 'hop.pfStream.title', 'hop.deliverDaemon.title', 'hop.pfApiserver.title', 'hop.deliverDaemon.title', 'hop.pfKubelet.title', 'hop.deliver.title'],
        absentHops: ['hop.chainDnat.title'],
      },
      challenge: {
        question: { en: 'Without --address 0.0.0.0, would node01\'s curl 10.0.0.30:8080 still work?', zh: '如果不加 --address 0.0.0.0，node01 上的 curl 10.0.0.30:8080 还能成功吗？' },
        answer: {
          en: 'No: kubectl listens on 127.0.0.1 and ::1 by default, so 10.0.0.30:8080 has no listening socket and master01 answers with a reset (next step).',
          zh: '不能：kubectl 默认只监听 127.0.0.1 和 ::1，10.0.0.30:8080 上没有监听的套接字，master01 回复 RST（见下一步）。',
        },
      },
    },
    {
      text: {
        en: 'The same forward without --address: "Forwarding from 127.0.0.1:8080 -> 8080" and "Forwarding from [::1]:8080 -> 8080". kubectl still runs on master01, but nothing listens on 10.0.0.30:8080: node01\'s curl is refused by master01\'s kernel.',
        zh: '同样的转发不加 --address：“Forwarding from 127.0.0.1:8080 -> 8080”和“Forwarding from [::1]:8080 -> 8080”。kubectl 仍在 master01 上运行，但 10.0.0.30:8080 上没有程序监听：node01 的 curl 被 master01 的内核拒绝。',
      },
      request: { ...article, forwards: [onMasterLocal] },
      command: 'curl 10.0.0.30:8080',
      expect: { outcome: 'refused', hops: ['hop.refuseNode.title'], absentHops: ['hop.pfAccept.title'] },
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
