/** For tests: CoreDNS's ConfigMap, as kubeadm writes it or with a Corefile of the test's own. */

/** The `coredns` ConfigMap in kube-system holding `corefile` (its lines as they sit in the file). */
export function corefileConfigMap(corefile: string): string {
  const body = corefile.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
  return `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n${body}`;
}

/**
 * kubeadm's Corefile (v1.28), with `before` (plugin lines, e.g. a hosts block) ahead of the
 * kubernetes plugin and `forward . TO` (none when TO is empty; kubeadm's is /etc/resolv.conf).
 */
export function kubeadmCorefile({ before = '', forward = '/etc/resolv.conf' }: { before?: string; forward?: string } = {}): string {
  const fwd = forward ? `    forward . ${forward} {\n       max_concurrent 1000\n    }\n` : '';
  return `.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n${before}    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n${fwd}    cache 30\n    loop\n    reload\n    loadbalance\n}\n`;
}
