/**
 * The same NetworkPolicies on flannel alone (issue 17): the API server stores them, but nothing
 * programs them. flannel's README: flanneld "does not natively enforce Network Policies"; the
 * Kubernetes docs: a NetworkPolicy without a controller "will have no effect". Every connection
 * goes through, and the trace says which policy would have cut it.
 */
import { allowFrontend, denyIngress, netpolPods } from './netpolyaml';
import type { Lesson } from './types';

export const networkPolicyFlannelLesson: Lesson = {
  id: 'network-policy-flannel',
  title: { en: 'The same NetworkPolicies on flannel: stored, not enforced', zh: 'flannel 上的同样的 NetworkPolicy：被保存，但不执行' },
  summary: {
    en: 'NetworkPolicy is an API object: the API server accepts and stores it whatever the network plugin is. Only a plugin with a policy controller enforces it. flannel has none, so the policies of the Calico lesson change nothing here.',
    zh: 'NetworkPolicy 只是一个 API 对象：不论使用哪种网络插件，API Server 都会接受并保存它。只有带策略控制器的插件才会执行它。flannel 没有，所以 Calico 那一课里的策略在这里什么也不改变。',
  },
  yaml: netpolPods + denyIngress + allowFrontend,
  request: { from: 'pod/default/debug', to: 'http://10.96.0.100/' },
  steps: [
    {
      text: {
        en: 'The same default-deny-ingress and allow-from-frontend, with no Installation: this cluster runs flannel. debug (10.244.1.3 on node01) calls the api Service; kube-proxy DNATs it to 10.244.2.2, and the packet crosses cbr0 into api on node02. No chain of the node mentions the policies: served, and the note under the outcome says what would have happened.',
        zh: '同样的 default-deny-ingress 和 allow-from-frontend，但没有 Installation：这个集群运行的是 flannel。debug（node01 上的 10.244.1.3）访问 api Service；kube-proxy 把它 DNAT 到 10.244.2.2，数据包经 cbr0 进入 node02 上的 api。节点上没有任何链提到这些策略：请求成功，结果下方的说明指出了本该发生什么。',
      },
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.1.3', policyNote: 'trace.policy.notEnforcedIngress', absentHops: ['hop.policyDenyIn.title'] },
      challenge: {
        question: { en: 'The API server accepted both policies. Will debug reach api?', zh: 'API Server 接受了这两条策略。debug 能访问到 api 吗？' },
        answer: {
          en: 'Yes: nothing on a flannel cluster turns a NetworkPolicy into rules, so nothing drops the packet.',
          zh: '能：在 flannel 集群上，没有任何组件把 NetworkPolicy 变成规则，所以没有东西丢弃这个包。',
        },
      },
    },
    {
      text: {
        en: 'web, in frontend, calls it too: served, and this time no note, because the policies would allow it anyway.',
        zh: 'frontend 中的 web 也访问它：成功，这次没有说明，因为这些策略本来就允许它。',
      },
      request: { from: 'pod/frontend/web', to: 'http://10.96.0.100/' },
      expect: { outcome: 'served', servedBy: 'api', sourceIpSeen: '10.244.1.2', policyNote: 'none' },
    },
  ],
};
