/**
 * `podpath trace`'s text: one line per hop (step, where, what happened), then the facts
 * behind it indented below: the packet a sender made, the rule or route that acted, what
 * changed in the packet, the conntrack entry, the candidate a load balancer took. After the
 * request: the candidates, the outcome, and the reply hop by hop.
 */
import type { Candidate, Hop, Trace } from '../../engine';
import { translate } from '../../i18n/index';
import { forwardCommand } from '../../engine/portforward';
import { changes, choiceOf, english, packetLine, percent, routeOf, ruleOf, whereOf } from './hops';

export interface TextOptions {
  /** Adds each hop's explanation, the sentence the app's inspector shows. */
  explain: boolean;
}

const WIDTH = 100;

/** Word-wraps `text` to lines of at most WIDTH columns, each starting with `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

const who = (c: Candidate) => (c.pod ? `${c.namespace}/${c.pod}` : '(outside the cluster)');

function details(hop: Hop): string[] {
  const out: string[] = [];
  if (hop.kind === 'send' || ['hop.dnsResolve.title', 'hop.dnsNext.title', 'hop.dnsForward.title'].includes(hop.title.key)) out.push(packetLine(hop.after));
  if (hop.title.key === 'hop.dnsResolve.title') out.push(`tried: ${hop.explain.params?.tries ?? ''}`);
  const rule = ruleOf(hop);
  if (rule) out.push(rule);
  else if (hop.kind === 'filter') out.push(`policy ${hop.title.params?.verdict ?? ''} of ${hop.netfilter?.chain}`);
  // felix's NetworkPolicy verdicts (Calico): which policy and rule, or that none allowed it.
  for (const d of hop.policy ?? []) out.push(`policy: ${english(d.message)}`);
  const route = routeOf(hop);
  if (route) out.push(route);
  // CoreDNS's hop turns the question into an answer: a new packet, not a rewritten one.
  if (hop.title.key === 'hop.dnsAnswer.title') out.push(packetLine(hop.after));
  else out.push(...changes(hop.before, hop.after));
  if (hop.conntrack) out.push(`conntrack: ${hop.conntrack}`);
  // What kubectl prints for the connection its socket took (client-go handleConnection).
  if (hop.title.key === 'hop.pfAccept.title') out.push(`kubectl: Handling connection for ${hop.title.params?.local ?? ''}`);
  if (hop.candidates && hop.chosen !== undefined && hop.chosen >= 0) {
    const c = hop.candidates[hop.chosen];
    out.push(`candidate ${hop.chosen + 1} of ${hop.candidates.length}: ${who(c)} ${c.ip}:${c.port} (${percent(c.probability)})`);
  }
  return out;
}

function hopLines(hops: Hop[], widths: { step: number; at: number }, options: TextOptions): string[] {
  // Facts sit just inside the place column, so long pod names do not push them off screen.
  const indent = ' '.repeat(widths.step + 4);
  const lines: string[] = [];
  for (const hop of hops) {
    lines.push(`${String(hop.index + 1).padStart(widths.step)}  ${whereOf(hop.at).padEnd(widths.at)}  ${english(hop.title)}`);
    for (const d of details(hop)) lines.push(indent + d);
    if (options.explain) lines.push(...wrap(english(hop.explain), indent));
  }
  return lines;
}

function candidateLines(trace: Trace): string[] {
  const choice = choiceOf(trace);
  if (trace.candidates.length === 0) return [];
  const where = choice ? `, chosen at step ${choice.hop.index + 1} (${choice.hop.netfilter ? `${choice.hop.netfilter.table} ${choice.hop.netfilter.chain}` : whereOf(choice.hop.at)})` : '';
  const rows = trace.candidates.map((c, i) => [`${i + 1}`, who(c), `${c.ip}:${c.port}`, c.node ?? '', percent(c.probability)]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return [
    `Candidates${where}:`,
    ...rows.map((r, i) => `  ${choice?.chosen === i + 1 ? '*' : ' '} ${r.map((cell, col) => (col === 0 ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ').trimEnd()}`),
  ];
}

function outcomeLines(trace: Trace): string[] {
  const label = translate('en', `outcome.label.${trace.outcome}`);
  const facts = [trace.httpStatus !== undefined ? `HTTP ${trace.httpStatus}` : '', trace.sourceIpSeen ? `source seen ${trace.sourceIpSeen}` : ''].filter(Boolean);
  const note = trace.policyNote ? wrap(`Note: ${english(trace.policyNote)}`, '  ') : [];
  return [`Outcome: ${label}${facts.length ? ` (${facts.join(', ')})` : ''}`, ...wrap(english(trace.outcomeMessage), '  '), ...note];
}

/** The kubectl port-forwards left running, each with the machine it runs on and what it printed. */
function forwardLines(trace: Trace): string[] {
  const forwards = Array.isArray(trace.request.forwards) ? trace.request.forwards : [];
  return forwards.map((f) => `Running on ${f.on}: ${forwardCommand(f)}`);
}

export function traceText(trace: Trace, options: TextOptions): string {
  const { request } = trace;
  const how = request.pick !== undefined ? `endpoint #${request.pick} pinned` : `seed ${request.seed ?? 1}`;
  const via = request.connect ? ` via ${request.connect}` : '';
  const widths = {
    step: String(trace.hops.length).length,
    at: Math.max(0, ...trace.hops.map((h) => whereOf(h.at).length)),
  };
  const request_ = trace.hops.slice(0, trace.replyStart);
  const reply = trace.hops.slice(trace.replyStart);
  // The transport, when it is not curl's TCP (--protocol udp|sctp).
  const over = request.protocol && request.protocol !== 'tcp' ? ` over ${request.protocol.toUpperCase()}` : '';
  const lines = [`${translate('en', 'hops.request')}: ${request.from} → ${request.to}${over}${via} (${how})`, ...forwardLines(trace), ...hopLines(request_, widths, options), ''];
  const candidates = candidateLines(trace);
  if (candidates.length > 0) lines.push(...candidates, '');
  lines.push(...outcomeLines(trace));
  if (reply.length > 0) lines.push('', translate('en', 'hops.reply'), ...hopLines(reply, widths, options));
  return `${lines.join('\n')}\n`;
}
