/**
 * `curl` and `wget` from the current place: the engine traces the request (the canvas animates
 * the same request), and the tool prints what the server answered or the error the client
 * sees. Texts: curl 7.81 (Ubuntu 22.04) and 7.88/8.x (Debian 12, Alpine), lib/connect.c
 * ("Failed to connect to %s port %u after %ld ms: %s"), lib/url.c ("Could not resolve host");
 * GNU Wget 1.21 (src/http.c, src/connect.c) and BusyBox wget (networking/wget.c).
 */
import { traceRequest } from '../engine/trace/trace';
import type { Trace, TraceRequest } from '../engine/trace/types';
import type { Ctx, Program } from './io';
import { writeFile, normalizePath, filesHere } from './io';
import { flowsOf, mergeFlows } from './flows';
import { responseOf, type Response } from './web';
import { statusLine as httpStatusLine } from '../engine/images';
import { engineForwards, forwardsNow, handledBy } from './forwards';

import { parseUrl, type Url } from './url';

export { parseUrl, type Url };

/** Where the trace starts for a place: its network namespace. */
function fromOf(ctx: Ctx): TraceRequest['from'] {
  if (ctx.place.kind === 'pod') return ctx.place.key as TraceRequest['from'];
  return ctx.place.key as TraceRequest['from'];
}

export interface Fetch {
  request: TraceRequest;
  trace: Trace;
  /** The address connected to, once the name was resolved. */
  ip?: string;
  response?: Response;
  /** The connection reached a running kubectl port-forward. */
  forwarded?: boolean;
}

/**
 * Traces one GET and records it as the command's request for the canvas. The kubectl
 * port-forwards still running go with it: a connection that reaches one of their sockets goes
 * on through kubectl (forwards.ts), which says "Handling connection for PORT".
 */
export function fetch(ctx: Ctx, url: Url): Fetch {
  const forwards = engineForwards(forwardsNow(ctx));
  const request: TraceRequest = { from: fromOf(ctx), to: `http://${url.host}:${url.port}${url.path}`, ...(forwards ? { forwards } : {}) };
  const trace = traceRequest(ctx.state.cluster, request);
  ctx.effects.trace = request;
  ctx.effects.conntrack = mergeFlows(ctx.effects.conntrack ?? ctx.state.conntrack, flowsOf(trace));
  const send = trace.hops.find((h) => h.kind === 'send' && h.before.proto === 'tcp');
  const forwarded = trace.hops.some((h) => h.title.key === 'hop.pfAccept.title');
  if (forwarded) handledBy(ctx, trace);
  return { request, trace, ip: send?.before.dst, response: responseOf(ctx.state.cluster, trace, ctx.now), ...(forwarded ? { forwarded: true } : {}) };
}

/** How a failed connection ended, as the socket error the client gets. */
function failure(f: Fetch): 'resolve' | 'refused' | 'timeout' | 'noroute' | 'unreachable' | undefined {
  if (f.response) return undefined;
  const key = f.trace.outcomeMessage.key;
  if (key.startsWith('outcome.noResolve') || key === 'outcome.dnsFailed') return 'resolve';
  if (f.trace.outcome === 'refused') return 'refused';
  if (f.trace.outcome === 'dropped') return 'timeout';
  if (f.trace.hops.some((h) => h.title.key === 'hop.noneighbor.title')) return 'unreachable';
  return 'noroute';
}

const CURL_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** curl's options that take a value (the ones a student types). */
const CURL_VALUE = new Set(['-m', '--max-time', '-o', '--output', '-H', '--header', '--connect-timeout', '-X', '--request', '-w', '--write-out', '-A', '--user-agent', '--resolve', '--connect-to']);
const CURL_FLAGS = new Set(['-v', '--verbose', '-s', '--silent', '-S', '--show-error', '-i', '--include', '-I', '--head', '-L', '--location', '-k', '--insecure', '-f', '--fail', '-sS', '-sv', '-vs', '-si', '-is', '-sI', '-Is', '-O', '--remote-name']);

export const curl: Program = (ctx, args) => {
  const version = ctx.place.tools.curl === '7.81' ? '7.81.0' : '7.88.1';
  const modern = ctx.place.tools.curl !== '7.81';
  const opts = new Set<string>();
  const values: Record<string, string> = {};
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (CURL_VALUE.has(a)) {
      if (i + 1 >= args.length) {
        ctx.io.err(`curl: option ${a}: requires parameter\n${CURL_HELP}`);
        return 2;
      }
      values[a.replace(/^--?/, '')] = args[++i];
    } else if (CURL_FLAGS.has(a)) for (const f of a.startsWith('--') ? [a] : a.slice(1)) opts.add(f.replace(/^--/, ''));
    else if (a.startsWith('-') && a !== '-') {
      ctx.io.err(`curl: option ${a}: is unknown\n${CURL_HELP}`);
      return 2;
    } else target ??= a;
  }
  const verbose = opts.has('v') || opts.has('verbose');
  const silent = opts.has('s') || opts.has('silent');
  const showError = !silent || opts.has('S') || opts.has('show-error');
  const head = opts.has('I') || opts.has('head');
  const include = opts.has('i') || opts.has('include') || head;
  if (!target) {
    ctx.io.err(`curl: no URL specified!\n${CURL_HELP}`);
    return 2;
  }
  const url = parseUrl(target);
  if (!url) {
    if (showError) ctx.io.err('curl: (3) URL using bad/illegal format or missing URL\n');
    return 3;
  }
  const f = fetch(ctx, url);
  const why = failure(f);
  const hostPort = `${url.host} port ${url.port}`;
  if (f.forwarded && why === 'refused') {
    // kubectl accepted the connection, then its stream to the pod failed: it closes the
    // connection without a byte (lib/transfer.c: "Empty reply from server").
    if (verbose) ctx.io.err(`*   Trying ${f.ip}:${url.port}...\n* Connected to ${url.host} (${f.ip}) port ${url.port} (#0)\n* Empty reply from server\n* Closing connection 0\n`);
    if (showError) ctx.io.err('curl: (52) Empty reply from server\n');
    return 52;
  }
  if (why === 'resolve') {
    if (showError) ctx.io.err(`curl: (6) Could not resolve host: ${url.host}\n`);
    return 6;
  }
  if (verbose) ctx.io.err(`*   Trying ${f.ip}:${url.port}...\n`);
  const maxTime = values['m'] ?? values['max-time'] ?? values['connect-timeout'];
  if (why) {
    if (why === 'timeout') {
      if (maxTime !== undefined) {
        const ms = Math.round(Number(maxTime) * 1000);
        if (showError) ctx.io.err(modern ? `curl: (28) Failed to connect to ${hostPort} after ${ms} ms: Timeout was reached\n` : `curl: (28) Connection timed out after ${ms + 1} milliseconds\n`);
      } else if (showError) {
        // Linux gives up a SYN after tcp_syn_retries=6: 1+2+4+8+16+32+64 s.
        ctx.io.err(`curl: (28) Failed to connect to ${hostPort} after 127004 ms: ${modern ? "Couldn't connect to server" : 'Connection timed out'}\n`);
      }
      return 28;
    }
    const text = { refused: 'Connection refused', noroute: 'Network is unreachable', unreachable: 'No route to host' }[why];
    const ms = why === 'unreachable' ? 3071 : 0;
    if (verbose) ctx.io.err(`* connect to ${f.ip} port ${url.port} failed: ${text}\n`);
    if (showError) ctx.io.err(`curl: (7) Failed to connect to ${hostPort} after ${ms} ms: ${modern ? "Couldn't connect to server" : text}\n`);
    return 7;
  }
  const r = f.response!;
  // As it came over the wire: Tomcat's `HTTP/1.1 404 ` keeps the space before the missing reason.
  const statusLine = httpStatusLine(r);
  const hostHeader = url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
  if (verbose) {
    ctx.io.err(`* Connected to ${url.host} (${f.ip}) port ${url.port} (#0)\n`);
    ctx.io.err(`> ${head ? 'HEAD' : 'GET'} ${url.path} HTTP/1.1\n> Host: ${hostHeader}\n> User-Agent: curl/${version}\n> Accept: */*\n> \n`);
    ctx.io.err(`${modern ? '' : '* Mark bundle as not supporting multiuse\n'}< ${statusLine}\n${r.headers.map(([k, v]) => `< ${k}: ${v}\n`).join('')}< \n`);
  }
  let out = include ? `${statusLine}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n` : '';
  if (!head) out += r.body;
  const file = values['o'] ?? values['output'];
  if (file && file !== '-') {
    writeFile(ctx, normalizePath(ctx, file), out);
    if (!silent) {
      const n = new TextEncoder().encode(out).length;
      ctx.io.err(`  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100 ${String(n).padStart(5)}  100 ${String(n).padStart(5)}    0     0   ${`${Math.min(999, n)}k`.padStart(4)}      0 --:--:-- --:--:-- --:--:--  ${`${Math.min(999, n)}k`.padStart(4)}\n`);
    }
  } else ctx.io.out(out);
  if (verbose) ctx.io.err(`* Connection #0 to host ${url.host} left intact\n`);
  if ((opts.has('f') || opts.has('fail')) && r.status >= 400) {
    if (showError) ctx.io.err(`curl: (22) The requested URL returned error: ${r.status}\n`);
    return 22;
  }
  return 0;
};

/** `2026-01-08 12:05:00`, as wget prints its clock. */
function wgetTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** The file wget saves to: the last path segment, or index.html; GNU adds .1, .2 … for a taken name. */
function saveName(ctx: Ctx, url: Url, gnu: boolean): string | undefined {
  const base = url.path.split('?')[0].split('/').at(-1) || 'index.html';
  const files = filesHere(ctx);
  if (!(normalizePath(ctx, base) in files)) return base;
  if (!gnu) return undefined;
  for (let i = 1; ; i++) if (!(normalizePath(ctx, `${base}.${i}`) in files)) return `${base}.${i}`;
}

export const wget: Program = (ctx, args) => {
  const gnu = ctx.place.tools.wget === 'gnu';
  let quiet = false;
  let output: string | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-qO-' || a === '-qO') {
      quiet = true;
      output = a === '-qO-' ? '-' : args[++i];
    } else if (a === '-O') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T' || a === '--timeout') i++;
    else if (a.startsWith('-')) {
      ctx.io.err(gnu ? `wget: invalid option -- '${a.replace(/^-+/, '')[0]}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n` : `wget: unrecognized option '${a}'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n`);
      return gnu ? 2 : 1;
    } else target ??= a;
  }
  if (!target) {
    ctx.io.err(gnu ? "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n" : 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  const url = parseUrl(target);
  if (!url) {
    ctx.io.err(gnu ? `${target}: Invalid URL ${target}: Unsupported scheme\n` : `wget: bad address '${target}'\n`);
    return 1;
  }
  const f = fetch(ctx, url);
  const why = failure(f);
  const say = (s: string) => {
    if (!quiet) ctx.io.err(s);
  };
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(url.host);
  const shown = `http://${url.host}${url.port === 80 ? '' : `:${url.port}`}${url.path}`;
  if (gnu) {
    say(`--${wgetTime(ctx.now)}--  ${shown}\n`);
    if (why === 'resolve') {
      say(`Resolving ${url.host} (${url.host})... failed: Name or service not known.\n`);
      ctx.io.err(`wget: unable to resolve host address ‘${url.host}’\n`);
      return 4;
    }
    if (!isIp) say(`Resolving ${url.host} (${url.host})... ${f.ip}\n`);
    const connecting = isIp ? `Connecting to ${url.host}:${url.port}... ` : `Connecting to ${url.host} (${url.host})|${f.ip}|:${url.port}... `;
    if (why) {
      const text = { refused: 'Connection refused', timeout: 'Connection timed out', noroute: 'Network is unreachable', unreachable: 'No route to host' }[why];
      say(`${connecting}failed: ${text}.\n${why === 'timeout' ? 'Retrying.\n\n' : ''}`);
      return 4;
    }
    const r = f.response!;
    say(`${connecting}connected.\nHTTP request sent, awaiting response... ${r.status} ${r.reason || (r.status === 404 ? '' : '')}\n`);
    if (r.status >= 400) {
      say(`${wgetTime(ctx.now)} ERROR ${r.status}: ${r.reason || 'Not Found'}.\n\n`);
      return 8;
    }
    const length = new TextEncoder().encode(r.body).length;
    const type = r.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
    if (output === '-') {
      say(`Length: ${length} [${type}]\nSaving to: ‘STDOUT’\n\n`);
      ctx.io.out(r.body);
      say(`\n${wgetTime(ctx.now)} (35.2 MB/s) - written to stdout [${length}/${length}]\n\n`);
      return 0;
    }
    const name = output ?? saveName(ctx, url, true)!;
    writeFile(ctx, normalizePath(ctx, name), r.body);
    say(`Length: ${length} [${type}]\nSaving to: ‘${name}’\n\n${name.padEnd(20).slice(0, 20)}100%[===================>] ${String(length).padStart(7)}  --.-KB/s    in 0s      \n\n${wgetTime(ctx.now)} (35.2 MB/s) - ‘${name}’ saved [${length}/${length}]\n\n`);
    return 0;
  }
  // BusyBox
  if (why === 'resolve') {
    ctx.io.err(`wget: bad address '${url.host}${url.port === 80 ? '' : `:${url.port}`}'\n`);
    return 1;
  }
  say(`Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${f.ip}:${url.port})\n`);
  if (why) {
    if (why === 'timeout') ctx.io.err('wget: download timed out\n');
    else ctx.io.err(`wget: can't connect to remote host (${f.ip}): ${{ refused: 'Connection refused', noroute: 'Network is unreachable', unreachable: 'No route to host' }[why]}\n`);
    return 1;
  }
  const r = f.response!;
  if (r.status >= 400) {
    ctx.io.err(`wget: server returned error: HTTP/1.1 ${r.status}${r.reason ? ` ${r.reason}` : ''}\n`);
    return 1;
  }
  const length = new TextEncoder().encode(r.body).length;
  const bar = `100% |${'*'.repeat(32)}| ${String(length).padStart(5)}  0:00:00 ETA\n`;
  if (output === '-') {
    say(`writing to stdout\n${'-'.padEnd(21)}${bar}`);
    ctx.io.out(r.body);
    say('written to stdout\n');
    return 0;
  }
  const name = output ?? saveName(ctx, url, false);
  if (!name) {
    ctx.io.err(`wget: can't open 'index.html': File exists\n`);
    return 1;
  }
  writeFile(ctx, normalizePath(ctx, name), r.body);
  say(`saving to '${name}'\n${name.padEnd(21).slice(0, 21)}${bar}'${name}' saved\n`);
  return 0;
};
