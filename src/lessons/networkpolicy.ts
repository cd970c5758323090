/**
 * NetworkPolicy on Calico (issue 17): with no policy every pod reaches api; a default-deny
 * ingress policy in backend makes felix render "Drop if no policies passed packet" in api's
 * cali-tw- chain; a second policy allowing the frontend namespace lets web back in, and only web.
 * Policies add up and only allow; the verdict is judged after kube-proxy's DNAT, on api's own
 * address and port.
 */
import { allowFrontend, calicoInstall, denyIngress, netpolPods } from './netpolyaml';
import type { Lesson } from './types';

const yaml = netpolPods + calicoInstall;
const web = { from: 'pod/frontend/web', to: 'http://10.96.0.100/' } as const;

export const networkPolicyLesson: Lesson = {
  id: 'network-policy',
  title: { en: 'NetworkPolicy on Calico: default deny, then allow a namespace', zh: 'Calico 上的 NetworkPolicy：默认拒绝，再放行一个命名空间' },
  summary: {
    en: 'A NetworkPolicy selects pods of its namespace and lists what may reach them; once a policy selects a pod for ingress, everything else is dropped. Calico\'s felix turns each policy into iptables chains on the pod\'s node: cali-tw-<veth> for what enters the pod, with a jump to each policy\'s cali-pi- chain and "Drop if no policies passed packet" at the end.',
    zh: 'NetworkPolicy 选中所在命名空间的 Pod，并列出允许访问它们的来源；一旦有策略为 ingress 选中某个 Pod，其余流量都会被丢弃。Calico 的 felix 把每条策略变成 Pod 所在节点上的 iptables 链：进入 Pod 的流量走 cali-tw-<veth>，依次跳转到每条策略的 cali-pi- 链，最后是“Drop if no policies passed packet”。',
  },
  yaml,
  request: web,
  steps: [
    {
      text: {
        en: 'No policy yet. web (10.244.192.129 on node01) calls the api Service at 10.96.0.100; kube-proxy DNATs it to api at 10.244.91.193 on node02. On node02, felix\'s cali-tw-cali5f8cfd333f3 finds no policy selecting api and its namespace profile kns.backend lets the packet in.',
        zh: '还没有策略。web（node01 上的 10.244.192.129）访问 api Service 的 10.96.0.100；kube-proxy 把它 DNAT 到 node02 上 api 的 10.244.91.193。在 node02 上，felix 的 cali-tw-cali5f8cfd333f3 发现没有策略选中 api，命名空间的 profile kns.backend 放行了这个包。',
      },
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129', hops: ['hop.chainDnat.title', 'hop.filter.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'Add default-deny-ingress to backend: podSelector {} selects every pod of backend, policyTypes Ingress, and no ingress rule. felix now renders the policy tier in api\'s cali-tw- chain: the jump to the policy\'s cali-pi- chain sets no accept mark, and "Drop if no policies passed packet" drops the SYN on node02.',
        zh: '给 backend 加上 default-deny-ingress：podSelector {} 选中 backend 的所有 Pod，policyTypes 为 Ingress，且没有任何 ingress 规则。felix 于是在 api 的 cali-tw- 链里生成策略层：跳到该策略的 cali-pi- 链后没有设置接受标记，“Drop if no policies passed packet”在 node02 上丢弃了 SYN。',
      },
      edits: [{ find: '      encapsulation: IPIP\n', replace: `      encapsulation: IPIP\n${denyIngress}` }],
      expect: {
        outcome: 'dropped',
        hops: ['hop.chainDnat.title', 'hop.filter.title', 'hop.policyDenyIn.title', 'hop.dropped.title'],
        rules: ['-A cali-tw-cali5f8cfd333f3 -m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP'],
      },
      challenge: {
        question: { en: 'Where is the packet dropped: on node01, where web runs, or on node02, where api runs?', zh: '数据包在哪里被丢弃：web 所在的 node01，还是 api 所在的 node02？' },
        answer: {
          en: 'On node02: an ingress policy is enforced in the chain of the receiving pod\'s veth, cali-tw-cali5f8cfd333f3. web\'s own egress is not isolated, so node01 forwards the packet.',
          zh: '在 node02：ingress 策略在接收方 Pod 的 veth 链 cali-tw-cali5f8cfd333f3 中执行。web 自己的 egress 没有被隔离，所以 node01 照常转发。',
        },
      },
    },
    {
      text: {
        en: 'Add allow-from-frontend: its ingress rule allows every pod of the namespaces whose kubernetes.io/metadata.name is frontend. Policies only allow and add up: api\'s chain now jumps to both policies, and the second one\'s rule matches web\'s address in its ipset and sets the accept mark.',
        zh: '加上 allow-from-frontend：它的 ingress 规则允许 kubernetes.io/metadata.name 为 frontend 的命名空间中的所有 Pod。策略只能放行，且相互叠加：api 的链现在会跳转到两条策略，第二条的规则在它的 ipset 中匹配到 web 的地址并设置接受标记。',
      },
      edits: [{ find: '  - Ingress\n', replace: `  - Ingress\n${allowFrontend}` }],
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.192.129', hops: ['hop.chainDnat.title', 'hop.policyIn.title', 'hop.deliver.title'] },
    },
    {
      text: {
        en: 'debug, in the default namespace, calls the same Service. Its packet reaches api\'s chain on node02 like web\'s did, but neither policy has a rule for it: dropped.',
        zh: 'default 命名空间中的 debug 访问同一个 Service。它的包像 web 的一样到达 node02 上 api 的链，但两条策略都没有规则允许它：被丢弃。',
      },
      request: { from: 'pod/default/debug', to: 'http://10.96.0.100/' },
      expect: { outcome: 'dropped', hops: ['hop.policyDenyIn.title', 'hop.dropped.title'] },
      challenge: {
        question: { en: 'Would labelling the debug pod app: web let it in?', zh: '给 debug Pod 打上 app: web 标签，它就能进去吗？' },
        answer: {
          en: 'No: the rule selects namespaces, not pod labels. Only a pod in a namespace labelled kubernetes.io/metadata.name: frontend matches it.',
          zh: '不能：这条规则选择的是命名空间，而不是 Pod 标签。只有位于 kubernetes.io/metadata.name: frontend 命名空间中的 Pod 才匹配。',
        },
      },
    },
  ],
};
