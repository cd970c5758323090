/**
 * CoreDNS's configuration from its ConfigMap (`coredns` in kube-system, key `Corefile`), for
 * the one thing a teacher edits there: the `hosts` plugin, which gives names to machines
 * outside the cluster (CoreDNS plugin/hosts: inline `IP NAME…` lines, `ttl`, `fallthrough`).
 * CoreDNS runs `hosts` before `kubernetes` (its plugin.cfg order), and the `cache` plugin caps
 * the TTL of every answer it passes (plugin/cache: "Apply capped TTL to this reply").
 */
import { str, obj } from './fields';
import { parseIp } from './ip';
import type { ParsedObject } from './parse';
import type { Diagnostic } from './types';

export interface CoreDnsHosts {
  /** Names (lower case, no trailing dot) to IPv4 addresses, in the order written. */
  entries: { name: string; ip: string }[];
  /** The TTL answers carry: the hosts plugin's (3600 unless `ttl`), capped by `cache`. */
  ttl: number;
  /**
   * Whether a hosts block exists and how it treats the names it does not know: with
   * `fallthrough` they go on to the kubernetes plugin; without it the hosts plugin answers
   * NXDOMAIN for every other name, cluster names included.
   */
  block?: 'fallthrough' | 'final';
  /**
   * The `forward` plugin's upstreams, for names no earlier plugin answers (plugin/forward:
   * `forward FROM TO...`, each TO an address or a resolv.conf file to read them from). Absent
   * when the YAML leaves CoreDNS's configuration alone: kubeadm's `forward . /etc/resolv.conf`
   * (cmd/kubeadm/app/phases/addons/dns/manifests.go). Empty when the Corefile has no `forward`:
   * then nothing comes after the kubernetes plugin, and CoreDNS answers SERVFAIL
   * (plugin.NextOrFailure: "no next plugin found").
   */
  forward?: string[];
}

/** kubeadm's Corefile: no hosts block, `cache 30`. */
export const NO_HOSTS: CoreDnsHosts = { entries: [], ttl: 30 };

/** The hosts entries of the `coredns` ConfigMap, or none when the YAML does not change CoreDNS's configuration. */
export function readCoreDnsHosts(objects: ParsedObject[], diagnostics: Diagnostic[]): CoreDnsHosts {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.name === 'coredns' && o.namespace === 'kube-system');
  const text = cm && str(obj(cm.body.data)?.Corefile);
  if (!cm || text === undefined) return NO_HOSTS;
  const lines = text.split('\n').map((l) => l.replace(/#.*$/, '').trim());
  const entries: CoreDnsHosts['entries'] = [];
  let hostsTtl = 3600;
  let cacheTtl: number | undefined;
  let inHosts = false;
  let block: CoreDnsHosts['block'];
  const forward: string[] = [];
  for (const line of lines) {
    const words = line.split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    if (inHosts) {
      if (words[0] === '}') inHosts = false;
      else if (words[0] === 'ttl' && Number(words[1]) > 0) hostsTtl = Number(words[1]);
      else if (parseIp(words[0]) !== undefined) for (const name of words.slice(1)) entries.push({ name: name.toLowerCase().replace(/\.$/, ''), ip: words[0] });
      else if (words[0] === 'fallthrough') block = 'fallthrough';
      else if (!['reload', 'no_reverse'].includes(words[0])) diagnostics.push(corefileProblem(cm, line));
      continue;
    }
    if (words[0] === 'hosts') {
      inHosts = words.at(-1) === '{';
      block ??= 'final';
    }
    // `forward . 192.168.255.1:53` or `forward . /etc/resolv.conf`: the root zone's upstreams,
    // written as addresses (an optional :PORT, dns:// prefix) or files.
    if (words[0] === 'forward' && words[1] === '.') {
      for (const to of words.slice(2)) if (to !== '{') forward.push(to.replace(/^dns:\/\//, '').replace(/:53$/, ''));
    }
    // `cache` alone caps at its default maximum, 3600 s.
    if (words[0] === 'cache') cacheTtl = Number(words[1]) > 0 ? Number(words[1]) : 3600;
  }
  return { entries, ttl: cacheTtl === undefined ? hostsTtl : Math.min(hostsTtl, cacheTtl), ...(block ? { block } : {}), forward };
}

function corefileProblem(cm: ParsedObject, line: string): Diagnostic {
  return {
    severity: 'warning',
    code: 'corefile-hosts',
    message: `Corefile hosts: "${line}" is not an "IP NAME" line; it is ignored`,
    key: 'diag.corefileHosts',
    params: { line },
    range: cm.paths['data.Corefile'] ?? cm.range,
    object: `ConfigMap/kube-system/coredns`,
  };
}
