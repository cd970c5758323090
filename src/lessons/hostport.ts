/**
 * Seed 003, HostPort: pod-tomcat maps containerPort 8080 to hostPort 8080. Since the CNI
 * portmap plugin took over (the article: "v1.23.17+ 之后不会有端口监听，是采用iptables来进行转发"),
 * nothing listens on the node: a DNAT rule sends node02:8080 to the pod, on node02 only.
 *
 * The article's nodes are master01 10.0.0.30, node01 10.0.0.31 and node02 10.0.0.32. Podpath
 * puts every node on one node LAN, 192.168.255.0/24 with the gateway .2: a Node written at
 * 10.0.0.31 gets a default route via 192.168.255.2 that the real kernel refuses ("Nexthop has
 * invalid gateway"), and the outside host cannot reach it. So the lesson keeps this cluster's
 * addresses, 192.168.255.101 to .103, and its YAML says which is which.
 */
import type { Lesson } from './types';

const pod = `# The article's cluster is master01 10.0.0.30, node01 10.0.0.31, node02 10.0.0.32; here the
# same nodes are 192.168.255.101, 192.168.255.102 and 192.168.255.103.
# Seed 003: pod-tomcat.yaml with a hostPort. The article's pod ran on node02; nodeName pins
# it there so that the addresses match.
apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node02
  containers:
  - name: container-tomcat
    image: tomcat:latest
    imagePullPolicy: Always
    ports:
    - name: http
      # the container's port
      containerPort: 8080
      # mapped to this port of the host
      hostPort: 8080
      # the protocol
      protocol: TCP
`;

export const hostPortLesson: Lesson = {
  id: 'hostport',
  seeds: ['003'],
  title: { en: 'hostPort: the node\'s port, DNATed to one pod', zh: 'hostPort：节点端口被 DNAT 到一个 Pod' },
  summary: {
    en: 'hostPort maps a port of the pod\'s node to the container, bypassing Services. The pod keeps its own pod IP; the CNI portmap plugin writes a DNAT rule on that node, and only there.',
    zh: 'hostPort 把 Pod 所在节点的一个端口映射到容器，绕过 Service 层。Pod 仍有自己的 Pod IP；CNI 的 portmap 插件只在这个节点上写一条 DNAT 规则。',
  },
  yaml: pod,
  request: { from: 'node/master01', to: '10.244.2.2:8080' },
  steps: [
    {
      text: {
        en: 'kubectl get po -o wide: pod-tomcat runs on node02 with its own pod IP, 10.244.2.2. From master01, curl 10.244.2.2:8080 reaches it like any pod: routed to node02, then cbr0 and the veth pair.',
        zh: 'kubectl get po -o wide：pod-tomcat 运行在 node02 上，有自己的 Pod IP 10.244.2.2。在 master01 上 curl 10.244.2.2:8080，和访问任何 Pod 一样：路由到 node02，再经过 cbr0 和 veth pair。',
      },
      expect: { outcome: 'served', httpStatus: 404, servedBy: 'pod-tomcat', pods: [{ name: 'pod-tomcat', node: 'node02', ip: '10.244.2.2' }], hops: ['hop.routeVia.title', 'hop.bridgeToPod.title', 'hop.vethToPod.title', 'hop.deliver.title'], absentHops: ['hop.chainDnat.title'] },
    },
    {
      text: {
        en: 'Now the node\'s address: curl 192.168.255.103:8080. Nothing on node02 listens on 8080; in nat PREROUTING the portmap plugin\'s chain CNI-HOSTPORT-DNAT sends port 8080 to the pod\'s own chain CNI-DN-…, which rewrites the destination to 10.244.2.2:8080.',
        zh: '再用节点地址访问：curl 192.168.255.103:8080。node02 上没有程序监听 8080；在 nat 表的 PREROUTING 中，portmap 插件的 CNI-HOSTPORT-DNAT 链把 8080 端口交给这个 Pod 自己的 CNI-DN-… 链，由它把目的地址改写为 10.244.2.2:8080。',
      },
      request: { from: 'node/master01', to: '192.168.255.103:8080' },
      expect: { outcome: 'served', httpStatus: 404, servedBy: 'pod-tomcat', hops: ['hop.wire.title', 'hop.chainDnat.title', 'hop.bridgeToPod.title', 'hop.deliver.title'] },
      challenge: {
        question: { en: 'ss -lntup on node02 shows nothing on port 8080. Who answers 192.168.255.103:8080?', zh: 'node02 上 ss -lntup 看不到 8080 端口。谁在应答 192.168.255.103:8080？' },
        answer: {
          en: 'The pod: a DNAT rule written by the CNI portmap plugin sends the connection to 10.244.2.2:8080 before any socket of the node is looked up.',
          zh: 'Pod 本身：CNI portmap 插件写的 DNAT 规则，在查找节点上的 socket 之前就把连接转到了 10.244.2.2:8080。',
        },
      },
    },
    {
      text: {
        en: 'The rule exists only where the pod runs: curl 192.168.255.102:8080 on node01 is refused. Unlike a NodePort, a hostPort opens one node.',
        zh: '这条规则只存在于 Pod 所在的节点：curl node01 的 192.168.255.102:8080 被拒绝。和 NodePort 不同，hostPort 只开放一个节点。',
      },
      request: { from: 'node/master01', to: '192.168.255.102:8080' },
      expect: { outcome: 'refused', hops: ['hop.refuseNode.title'], absentHops: ['hop.chainDnat.title'] },
    },
  ],
};
