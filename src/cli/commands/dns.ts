/**
 * `podpath dns --from pod/NAME --name NAME`: the pod's resolver walks its search list
 * (resolv.conf, ndots:5) against the cluster's CoreDNS; the answer is printed as records in
 * dig's answer-section fields (name, TTL, class, type, data; tab-separated), after the names
 * that were tried.
 */
import { resolve, resolvConf, type RecordType } from '../../engine/dns';
import { required, UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const DNS_OPTIONS = {
  from: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  name: { type: 'string' },
  type: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const TYPES: RecordType[] = ['A', 'AAAA', 'SRV', 'CNAME'];

export async function dns(args: Parsed, io: Io): Promise<number> {
  const from = required(args.values, 'from');
  const name = required(args.values, 'name');
  const type = ((args.values.type as string | undefined) ?? 'A').toUpperCase() as RecordType;
  if (!TYPES.includes(type)) throw new UsageError(`error: --type must be one of ${TYPES.join(', ')}, not "${String(args.values.type)}"`);
  const podName = from.replace(/^(pods?|po)\//, '');
  if (podName.includes('/')) throw new UsageError(`error: --from takes pod/NAME, not "${from}"`);
  const namespace = (args.values.namespace as string | undefined) || 'default';
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const pod = loaded.cluster.pods.find((p) => p.namespace === namespace && p.name === podName);
  if (!pod) {
    io.stderr(`Error from server (NotFound): pods "${podName}" not found\n`);
    return 1;
  }
  const result = resolve(loaded.cluster, pod, name, type);
  if (args.values.json) {
    const json = {
      rcode: result.rcode,
      answer: result.answer.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, data: r.data })),
      tries: result.tries.map((t) => t.name),
      ...(result.upstream ? { upstream: true } : {}),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const conf = resolvConf(loaded.cluster, pod);
  const lines: string[] = [];
  if (conf.nameserver === 'node') lines.push(`;; ${pod.name} uses the node's resolver (dnsPolicy ${pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst' ? 'ClusterFirst on hostNetwork, which falls back to Default' : pod.dnsPolicy}): cluster names are not found`);
  else lines.push(`;; nameserver ${conf.nameserver}, search ${conf.search.join(' ')}, ndots:${conf.ndots}`);
  const width = Math.max(...result.tries.map((t) => t.name.length));
  const domain = `.${loaded.cluster.settings.dnsDomain}`;
  for (const t of result.tries) {
    // An upstream name is not the cluster's to answer: CoreDNS forwards it (kubeadm: to
    // /etc/resolv.conf, beyond the simulation: SERVFAIL); an in-cluster one that is, was a CNAME to such a name.
    const upstream = t.name.endsWith(domain) ? `${t.rcode} after a CNAME to a name outside the cluster, its target asked upstream` : `${t.rcode}, outside the cluster: forwarded upstream`;
    lines.push(`;; tried ${t.name.padEnd(width)}  ${t.upstream ? upstream : t.rcode}`);
  }
  lines.push(`;; status: ${result.rcode}${result.upstream ? ' (CoreDNS forwarded a name to its upstream)' : ''}`);
  if (result.answer.length > 0) {
    lines.push('', ';; ANSWER SECTION:');
    for (const r of result.answer) lines.push(`${r.name}\t${r.ttl}\tIN\t${r.type}\t${r.data}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
