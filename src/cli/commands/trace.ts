/**
 * `podpath trace --from WHERE --to URL`: one request walked through the simulated cluster,
 * hop by hop, from the rules and routes the engine built, then its answer back.
 *
 * Exit status: 0 whenever the trace ran, whatever its outcome (a refused or dropped request is
 * an answer, not a failure of the command: read `.outcome` in the JSON); 1 when it could not
 * run: a bad flag, a target that is not a URL, a source that does not exist or is not running.
 */
import { parseTarget, repeatsOf, sentByAffinity, traceRepeated, type Cluster, type Trace, type TraceRequest } from '../../engine';
import { required, UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';
import { english } from '../trace/hops';
import { runningForward } from '../../engine/portforward';
import { forwardSpec } from './portforward';
import { traceJson } from '../trace/json';
import { traceText } from '../trace/text';

export const TRACE_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  connect: { type: 'string' },
  seed: { type: 'string' },
  pick: { type: 'string' },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  repeat: { type: 'string' },
  protocol: { type: 'string' },
  'port-forward': { type: 'string', multiple: true },
} as const;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIp = (s: string) => IPV4.test(s) && s.split('.').every((x) => Number(x) <= 255);

/** An integer flag, with pflag's words when it is not one (strconv.ParseInt). */
function intFlag(values: Parsed['values'], flag: string, min: number): number | undefined {
  const v = values[flag];
  if (v === undefined) return undefined;
  const text = String(v);
  if (!/^[+-]?\d+$/.test(text)) {
    throw new UsageError(`error: invalid argument "${text}" for "--${flag}" flag: strconv.ParseInt: parsing "${text}": invalid syntax\nSee 'podpath trace --help' for usage.`);
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new UsageError(`error: invalid argument "${text}" for "--${flag}" flag: strconv.ParseInt: parsing "${text}": value out of range\nSee 'podpath trace --help' for usage.`);
  }
  if (n < min) throw new UsageError(`error: --${flag} must be ${min} or more, not ${n}`);
  return n;
}

/** `--protocol`: tcp, udp or sctp, in either case (NetworkPolicy writes them upper-case). */
function protocolFlag(value: string | undefined): TraceRequest['protocol'] {
  if (value === undefined) return undefined;
  const p = value.toLowerCase();
  if (p === 'tcp' || p === 'udp' || p === 'sctp') return p;
  throw new UsageError(`error: --protocol must be tcp, udp or sctp, not "${value}"\nSee 'podpath trace --help' for usage.`);
}

/** `external`, `node/NAME`, `pod/NAME` or `pod/NS/NAME` (kubectl's `po/` and `pods/` too). */
function sourceOf(from: string): TraceRequest['from'] {
  if (from === 'external') return 'external';
  const m = /^(pods?|po|nodes?|no)\/([^/]+)(?:\/([^/]+))?$/.exec(from);
  const isNode = m && m[1].startsWith('no');
  if (!m || (isNode && m[3] !== undefined)) throw new UsageError(`error: --from must be external, pod/[NAMESPACE/]NAME or node/NAME, not "${from}"`);
  if (isNode) return `node/${m[2]}`;
  return m[3] === undefined ? `pod/default/${m[2]}` : `pod/${m[2]}/${m[3]}`;
}

/** kubectl's answer for a source that is not in the cluster. */
function missing(cluster: Cluster, from: TraceRequest['from']): string | undefined {
  const [kind, a, b] = from.split('/');
  if (kind === 'node' && !cluster.nodes.some((n) => n.name === a)) return `Error from server (NotFound): nodes "${a}" not found`;
  if (kind === 'pod' && !cluster.pods.some((p) => p.namespace === a && p.name === b)) return `Error from server (NotFound): pods "${b}" not found`;
  return undefined;
}

export async function trace(args: Parsed, io: Io): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`error: unexpected argument "${args.positionals[0]}": give the request with --from and --to\nSee 'podpath trace --help' for usage.`);
  const from = sourceOf(required(args.values, 'from'));
  const to = required(args.values, 'to');
  if (!parseTarget(to)) throw new UsageError(`error: cannot read --to "${to}": give a URL (http://HOST[:PORT][/PATH]), IP:PORT or NAME:PORT`);
  const connect = args.values.connect as string | undefined;
  if (connect !== undefined) {
    const [ip, port, ...rest] = connect.split(':');
    if (!isIp(ip) || rest.length > 0 || (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))) {
      throw new UsageError(`error: --connect takes IP or IP:PORT, not "${connect}"`);
    }
  }
  if (args.values.seed !== undefined && args.values.pick !== undefined) {
    // cobra's words for flags marked mutually exclusive (flag_groups.go).
    throw new UsageError('error: if any flags in the group [seed pick] are set none of the others can be; [pick seed] were all set\nSee \'podpath trace --help\' for usage.');
  }
  const seed = intFlag(args.values, 'seed', 0);
  const pick = intFlag(args.values, 'pick', 1);
  const repeat = intFlag(args.values, 'repeat', 1) ?? 1;
  const protocol = protocolFlag(args.values.protocol as string | undefined);
  if (repeat > 100) throw new UsageError(`error: --repeat takes at most 100 requests, not ${repeat}`);

  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const notFound = missing(loaded.cluster, from);
  if (notFound) {
    io.stderr(`${notFound}\n`);
    return 1;
  }
  const forwards = ((args.values['port-forward'] as string[] | undefined) ?? []).map((spec) => forwardSpec(spec, loaded.cluster.nodes.map((n) => n.name)));
  for (const f of forwards) {
    // A forward kubectl could not start (its pod is not there, a port it cannot read) is its error.
    const running = runningForward(loaded.cluster, f);
    if ('error' in running) {
      io.stderr(`${running.error}\n`);
      return 1;
    }
  }
  const request: TraceRequest = {
    from, to, ...(connect ? { connect } : {}), ...(protocol ? { protocol } : {}), ...(seed !== undefined ? { seed } : {}), ...(pick !== undefined ? { pick } : {}), ...(forwards.length > 0 ? { forwards } : {}),
  };
  // The same client sending it again: each repeat is a new connection, and the nodes keep the
  // `recent` lists the earlier ones left (ClientIP session affinity).
  const results = traceRepeated(loaded.cluster, repeatsOf(request, repeat));
  const result = results[0];
  if (result.outcomeMessage.key === 'outcome.sourceNotRunning') {
    io.stderr(`error: ${english(result.outcomeMessage)}\n`);
    return 1;
  }
  if (pick !== undefined && result.candidates.length > 0 && pick > result.candidates.length) {
    io.stderr(`Warning: --pick ${pick}, but there ${result.candidates.length === 1 ? 'is 1 candidate' : `are ${result.candidates.length} candidates`}: the last one was taken\n`);
  }
  if (args.values.json) {
    const json = results.map((r) => traceJson(r, loaded.input));
    io.stdout(`${JSON.stringify(repeat === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    io.stdout(traceText(result, { explain: args.values.explain === true }) + repeatsText(results));
  }
  return 0;
}

/**
 * In kube-proxy's userspace mode no rule draws: the kube-proxy process's round-robin takes the
 * next endpoint, or its ClientIP affinity the client's last one (engine/trace/userspace.ts).
 */
function userspaceWhy(r: Trace): string | undefined {
  const hop = r.hops.find((h) => h.title.key === 'hop.usConnect.title' || h.title.key === 'hop.usConnectAffinity.title');
  if (!hop) return undefined;
  const { nth, count } = hop.title.params ?? {};
  return hop.title.key === 'hop.usConnectAffinity.title' ? 'sent back by ClientIP affinity (kube-proxy\'s own, userspace mode)' : `kube-proxy's round-robin: endpoint ${nth} of ${count}`;
}

/** One line per repeat: who served it, and whether kube-proxy's affinity rule or a new draw sent it there. */
function repeatsText(results: Trace[]): string {
  if (results.length < 2) return '';
  const lines = results.slice(1).map((r, i) => {
    const who = r.servedBy && 'pod' in r.servedBy ? `${r.servedBy.namespace}/${r.servedBy.pod} ${r.servedBy.ip}:${r.servedBy.port}` : english(r.outcomeMessage);
    const why = userspaceWhy(r) ?? (sentByAffinity(r) ? 'sent back by ClientIP affinity (-m recent --rcheck)' : r.candidates.length > 0 ? 'drawn again' : '');
    return `${String(i + 2).padStart(3)}  seed ${r.request.seed}  ${r.outcome}  ${who}${why ? `  ${why}` : ''}`;
  });
  return `\nRepeats (a new connection each, from the same client)\n${lines.join('\n')}\n`;
}
