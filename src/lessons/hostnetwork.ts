/**
 * Seed 003, HostNetwork方式: deployment-tomcat with ten replicas and hostNetwork on two
 * workers. Without a declared port the scheduler cannot see the clash, so the replicas share
 * the nodes and all but one per node fail to bind (CrashLoopBackOff); the article's fix is a
 * single Pod, reached on its node's address.
 *
 * The article's nodes are master01 10.0.0.30, node01 10.0.0.31 and node02 10.0.0.32. Podpath
 * puts every node on one node LAN, 192.168.255.0/24 with the gateway .2: a Node written at
 * 10.0.0.31 gets a default route via 192.168.255.2 that the real kernel refuses ("Nexthop has
 * invalid gateway"), and the outside host cannot reach it. So the lesson keeps this cluster's
 * addresses, 192.168.255.101 to .103, and its YAML says which is which.
 */
import type { Lesson } from './types';

const deployment = `# The article's cluster is master01 10.0.0.30, node01 10.0.0.31, node02 10.0.0.32; here the
# same nodes are 192.168.255.101, 192.168.255.102 and 192.168.255.103.
# Seed 003: deploy-tomcat.yaml
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
  replicas: 10
  selector:
    matchLabels:
      app: tomcat
  template:
    metadata:
      name: pod-tomcat
      labels:
        app: tomcat
    spec:
      # expose the ports on the host network
      hostNetwork: true
      containers:
      - name: container-tomcat
        image: tomcat:9.0
      restartPolicy: Always
`;

const pod = `# The article's cluster is master01 10.0.0.30, node01 10.0.0.31, node02 10.0.0.32; here the
# same nodes are 192.168.255.101, 192.168.255.102 and 192.168.255.103.
# Seed 003: pod-tomcat.yaml. The article's pod landed on node02; nodeName pins it there so
# that the addresses match.
apiVersion: v1
kind: Pod
metadata:
  name: pod-tomcat
spec:
  nodeName: node02
  hostNetwork: true
  containers:
  - name: container-tomcat
    image: tomcat:latest
    imagePullPolicy: Always
`;

export const hostNetworkLesson: Lesson = {
  id: 'hostnetwork',
  seeds: ['003'],
  title: { en: 'hostNetwork: ten replicas, one port, CrashLoopBackOff', zh: 'hostNetwork：十个副本抢一个端口，CrashLoopBackOff' },
  summary: {
    en: 'A hostNetwork pod uses its node\'s network namespace: the node\'s IP and the node\'s ports. Ten tomcat replicas on two workers all want port 8080; only the first on each node can bind it. One Pod is the article\'s fix.',
    zh: 'hostNetwork 的 Pod 使用所在节点的网络命名空间：节点的 IP，节点的端口。两个工作节点上的十个 tomcat 副本都要 8080 端口；每个节点上只有第一个能绑定成功。文章的解决办法是只部署一个 Pod。',
  },
  yaml: deployment,
  request: { from: 'node/master01', to: '192.168.255.102:8080' },
  steps: [
    {
      text: {
        en: 'kubectl apply -f deploy-tomcat.yaml. The containers declare no port, so the scheduler sees no clash and puts five replicas on each worker. The first on each node binds 8080 and its shutdown port 8005; each of the other eight fails to bind (its connector on 8080 only logs it), dies on 8005 with "Address already in use", as the article\'s kubectl logs shows, and goes CrashLoopBackOff.',
        zh: 'kubectl apply -f deploy-tomcat.yaml。容器没有声明端口，调度器看不出冲突，每个工作节点放了五个副本。每个节点上第一个绑定了 8080 和关闭端口 8005；其余八个绑定失败（8080 的连接器只记一条日志），在 8005 上报“Address already in use”退出，正如文章里 kubectl logs 所示，进入 CrashLoopBackOff。',
      },
      expect: {
        outcome: 'served',
        // Tomcat's 404: the official image ships no ROOT webapp; the request arrived (article 003).
        httpStatus: 404,
        servedBy: 'deployment-tomcat-7bbf46f64c-q85jf',
        sourceIpSeen: '192.168.255.101',
        diagnostics: ['pod-crashloop'],
        pods: [
          { name: 'deployment-tomcat-7bbf46f64c-', status: 'Running', count: 2 },
          { name: 'deployment-tomcat-7bbf46f64c-', status: 'CrashLoopBackOff', count: 8 },
          { name: 'deployment-tomcat-7bbf46f64c-', node: 'node01', ip: '192.168.255.102', count: 5 },
        ],
        hops: ['hop.deliverHostNetwork.title'],
        absentHops: ['hop.chainDnat.title', 'hop.vethToPod.title'],
      },
      challenge: {
        question: { en: 'Ten replicas, two workers, all with hostNetwork. How many will run?', zh: '十个副本，两个工作节点，都是 hostNetwork。会有几个在运行？' },
        answer: {
          en: 'Two, one per node: they all listen on the node\'s own port 8080, and a port can be bound once. The control plane is tainted, so it takes none.',
          zh: '两个，每个节点一个：它们都监听节点自己的 8080 端口，一个端口只能被绑定一次。控制平面节点有污点，不会调度上去。',
        },
      },
    },
    {
      text: {
        en: 'Why did the scheduler allow it? It only knows declared ports. Declare containerPort 8080: under hostNetwork that is also a hostPort, so the NodePorts filter keeps one replica per node, and the eight others stay Pending instead of crashing.',
        zh: '调度器为什么允许这样？它只知道声明过的端口。声明 containerPort 8080：在 hostNetwork 下它同时也是 hostPort，于是 NodePorts 过滤器让每个节点只放一个副本，其余八个保持 Pending，而不是崩溃。',
      },
      edits: [{ find: '        image: tomcat:9.0\n', replace: '        image: tomcat:9.0\n        ports:\n        - containerPort: 8080\n' }],
      expect: {
        outcome: 'served',
        diagnostics: ['pod-unschedulable'],
        pods: [
          { name: 'deployment-tomcat-', status: 'Running', count: 2 },
          { name: 'deployment-tomcat-', status: 'Pending', count: 8 },
        ],
      },
      challenge: {
        question: { en: 'With the port declared, what happens to the eight replicas that do not fit?', zh: '声明了端口之后，放不下的八个副本会怎样？' },
        answer: {
          en: 'They stay Pending: "node(s) didn\'t have free ports for the requested pod ports". They never start, so they never crash.',
          zh: '保持 Pending：“node(s) didn\'t have free ports for the requested pod ports”。它们根本不会启动，也就不会崩溃。',
        },
      },
    },
    {
      text: {
        en: 'The article\'s fix: no Deployment, one Pod with hostNetwork, on node02. Tomcat listens on node02\'s own port 8080 (ss -lntup shows java on *:8080). From master01: curl 192.168.255.103:8080, no NAT, no veth. Tomcat answers "HTTP Status 404 – Not Found": the image ships no ROOT webapp, and the 404 means the request arrived.',
        zh: '文章的做法：不用 Deployment，只部署一个 hostNetwork 的 Pod，在 node02 上。tomcat 监听的就是 node02 自己的 8080 端口（ss -lntup 能看到 java 在 *:8080）。在 master01 上 curl 192.168.255.103:8080，没有 NAT，也没有 veth。tomcat 返回“HTTP Status 404 – Not Found”：镜像里没有 ROOT 应用，这个 404 说明请求已经到达。',
      },
      yaml: pod,
      request: { from: 'node/master01', to: '192.168.255.103:8080' },
      expect: { outcome: 'served', httpStatus: 404, servedBy: 'pod-tomcat', sourceIpSeen: '192.168.255.101', pods: [{ name: 'pod-tomcat', node: 'node02', ip: '192.168.255.103', status: 'Running' }], hops: ['hop.wire.title', 'hop.deliverHostNetwork.title'], absentHops: ['hop.chainDnat.title', 'hop.vethToPod.title'] },
    },
    {
      text: {
        en: 'Only node02 answers: curl 192.168.255.102:8080 gets a reset from node01, where nothing listens on 8080. A hostNetwork pod is reached on its own node\'s address, and moves with the pod.',
        zh: '只有 node02 有应答：curl 192.168.255.102:8080 得到 node01 的 RST，node01 上没有程序监听 8080。hostNetwork 的 Pod 只能通过它所在节点的地址访问，Pod 换节点，地址也跟着换。',
      },
      request: { from: 'node/master01', to: '192.168.255.102:8080' },
      expect: { outcome: 'refused', hops: ['hop.refuseNode.title'] },
    },
  ],
};
