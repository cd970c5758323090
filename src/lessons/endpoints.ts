/**
 * Seed 000, part 2 (内部访问外部): a Service without selector, out-ng, and an Endpoints object
 * of the same name pointing at nginx on the VMware host 192.168.255.1:80. The article got the
 * cluster IP 10.107.74.203 and curled it from inside a my-nginx-deploment pod.
 *
 * Here the request starts on node01 itself. From a pod it needs what flannel adds on every node
 * (a MASQUERADE of pod traffic leaving 10.244.0.0/16): without it the host 192.168.255.1 has no
 * route back to a pod address, and the real kernel times out where the trace would claim an
 * answer. Podpath does not write flannel's rules yet.
 */
import { nodePortLesson } from './nodeport';
import type { Lesson } from './types';

const outNg = `---
# Seed 000: out-ng.yaml, a Service to the nginx on the VMware host.
apiVersion: v1
kind: Service
metadata:
  name: out-ng
spec:
  clusterIP: 10.107.74.203
  ports:
    - port: 80
      targetPort: 80
  # no selector!
---
apiVersion: v1
kind: Endpoints   # endpoints written by hand
metadata:
  name: out-ng    # must be the Service's name
subsets:
  - addresses:
      - ip: 192.168.255.1   # the outside server
    ports:
      - port: 80
`;


export const endpointsLesson: Lesson = {
  id: 'outside-endpoints',
  seeds: ['000'],
  title: { en: 'A Service without selector: hand-written Endpoints to an outside nginx', zh: '没有 selector 的 Service：手工 Endpoints 指向集群外的 nginx' },
  summary: {
    en: 'Outside to inside, Kubernetes finds the endpoints itself: the pods the selector picks. Inside to outside it cannot know them: out-ng has no selector, and an Endpoints object of the same name lists the VMware host 192.168.255.1:80. kube-proxy writes the same rules as for pods.',
    zh: '外部访问内部时，端点是 selector 选中的 Pod，k8s 自己知道。内部访问外部时，k8s 不知道外部的端点：out-ng 没有 selector，由同名的 Endpoints 列出 VMware 宿主机 192.168.255.1:80。kube-proxy 为它写的规则和为 Pod 写的一样。',
  },
  yaml: nodePortLesson.yaml + outNg,
  request: { from: 'node/node01', to: '10.107.74.203:80' },
  steps: [
    {
      text: {
        en: 'On node01: curl 10.107.74.203. KUBE-SERVICES jumps to out-ng\'s chain, whose only endpoint is 192.168.255.1:80: DNAT, then out of eth0 onto the LAN, to the nginx on the host. (The article curls from inside a pod; that also needs flannel\'s masquerade of pod traffic leaving the cluster, which Podpath does not simulate yet.)',
        zh: '在 node01 上执行 curl 10.107.74.203。KUBE-SERVICES 跳到 out-ng 的链，它唯一的端点是 192.168.255.1:80：DNAT 之后从 eth0 出去，经过局域网到达宿主机上的 nginx。（文章是在 Pod 里 curl 的；那还需要 flannel 对离开集群的 Pod 流量做 MASQUERADE，Podpath 目前还没有模拟这一点。）',
      },
      expect: {
        outcome: 'served',
        servedBy: '192.168.255.1:80',
        sourceIpSeen: '192.168.255.102',
        candidates: [{ name: '192.168.255.1:80', probability: 1 }],
        hops: ['hop.chainJump.title', 'hop.chainDnat.title', 'hop.routeLink.title', 'hop.wire.title', 'hop.deliverExternal.title'],
      },
      challenge: {
        question: { en: 'out-ng has no selector. Where does kube-proxy find 192.168.255.1?', zh: 'out-ng 没有 selector。kube-proxy 从哪里知道 192.168.255.1？' },
        answer: {
          en: 'In the Endpoints object named out-ng. The EndpointSlice mirroring controller copies it into an EndpointSlice labelled kubernetes.io/service-name=out-ng, and kube-proxy reads that.',
          zh: '从名为 out-ng 的 Endpoints 对象。EndpointSlice 镜像控制器把它复制成带 kubernetes.io/service-name=out-ng 标签的 EndpointSlice，kube-proxy 读的就是它。',
        },
      },
    },
    {
      text: {
        en: 'The name matters: rename the Endpoints to out-nginx. Nothing ties it to out-ng any more, the Service has no endpoints, and kube-proxy makes the filter table REJECT it: connection refused.',
        zh: '名字很重要：把 Endpoints 改名为 out-nginx。它和 out-ng 就没有关系了，Service 没有端点，kube-proxy 让 filter 表 REJECT 这个请求：连接被拒绝。',
      },
      edits: [{ find: '  name: out-ng    # must be the Service\'s name\n', replace: '  name: out-nginx # no longer the Service\'s name\n' }],
      expect: { outcome: 'refused', hops: ['hop.filterStop.title'], absentHops: ['hop.chainDnat.title'] },
      challenge: {
        question: { en: 'Refused at once, or a timeout?', zh: '立即被拒绝，还是超时？' },
        answer: {
          en: 'Refused at once: for a Service without endpoints kube-proxy writes a REJECT rule ("has no endpoints"), so the client is told straight away.',
          zh: '立即被拒绝：对没有端点的 Service，kube-proxy 写一条 REJECT 规则（“has no endpoints”），客户端马上就知道。',
        },
      },
    },
    {
      text: {
        en: 'Give the name back, but list port 8080, where nothing listens on the host. The DNAT happens, the packet reaches 192.168.255.1, and the host answers with a reset.',
        zh: '把名字改回来，但端口写成 8080，宿主机上没有程序监听它。DNAT 照常进行，数据包到达 192.168.255.1，宿主机回一个 RST。',
      },
      edits: [
        { find: '  name: out-nginx # no longer the Service\'s name\n', replace: '  name: out-ng    # must be the Service\'s name\n' },
        { find: '      - port: 80\n', replace: '      - port: 8080\n' },
      ],
      expect: { outcome: 'refused', hops: ['hop.chainDnat.title', 'hop.wire.title', 'hop.refusePod.title', 'hop.replyReset.title'] },
    },
  ],
};
