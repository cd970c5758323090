/**
 * `iptables-save`, `iptables -S` and `iptables -L` on a node, over the rules the engine
 * generated (one truth with the trace). Listing format from iptables 1.8.7 iptables/iptables.c
 * (print_header, print_firewall: `%-9s` target, `%-5s` prot, `%-19s` addresses, matches after
 * with a leading space) and each extension's print function (libxt_comment, libxt_tcp,
 * libxt_statistic, libxt_mark, libxt_MARK, libxt_DNAT, libxt_REJECT, libxt_recent,
 * libxt_addrtype, libxt_conntrack, libxt_multiport). Ubuntu 22.04 ships iptables 1.8.7 (nf_tables).
 */
import { renderSave, saveChainOrder, saveProbability, saveRule } from '../engine/netfilter/render';
import { BUILTIN_CHAINS, type Match, type Rule, type Table, type Target } from '../engine/netfilter/rules';
import type { Ctx, Program } from './io';

const VERSION = 'v1.8.7 (nf_tables)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** /etc/services names iptables prints for ports without -n. */
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 8080: 'http-alt', 6443: 'sun-sr-https', 10250: '10250' };

function tablesOf(ctx: Ctx): Table[] | undefined {
  return ctx.state.cluster.nodeDataplanes.find((d) => d.node === ctx.place.hostname || `node/${d.node}` === ctx.place.key)?.tables;
}

/**
 * The outside host is no node: kube-proxy writes nothing there. Its kernel has the filter table's
 * built-in chains, empty, as a fresh Ubuntu's (iptables -L lists them; iptables-save, with no
 * rule ever added, prints nothing).
 */
const HOST_FILTER: Table = { name: 'filter', chains: BUILTIN_CHAINS.filter.map((name) => ({ name, policy: 'ACCEPT' })), rules: [] };

/** Says the outside host is no node, and where kube-proxy's rules are (Podpath's notice, not a tool's output). */
function notANode(ctx: Ctx): void {
  if (ctx.place.kind === 'external') ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.notANode', params: { host: ctx.place.hostname } }];
}

function notRoot(ctx: Ctx, tool: string, args: string[]): boolean {
  if (ctx.place.root) return false;
  ctx.io.err(tool === 'iptables-save' ? 'iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n' : `iptables ${VERSION}: Could not fetch rule set generation id: Permission denied (you must be root)\n\n`);
  // How to become root, and where the rules are: Podpath's words, set apart from iptables' own.
  ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.needRoot', params: { command: [tool, ...args].join(' ') } }];
  return true;
}

export const iptablesSave: Program = (ctx, args) => {
  if (notRoot(ctx, 'iptables-save', args)) return 1;
  let table: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-t' || args[i] === '--table') table = args[++i];
    else if (args[i].startsWith('--table=')) table = args[i].slice(8);
    else if (args[i] !== '-c' && args[i] !== '--counters') {
      ctx.io.err(`iptables-save: unrecognized option '${args[i]}'\n`);
      return 1;
    }
  }
  const tables = (tablesOf(ctx) ?? []).filter((t) => table === undefined || t.name === table);
  if (ctx.place.kind === 'external' && (table === undefined || table === 'filter')) {
    notANode(ctx);
    return 0;
  }
  if (table !== undefined && tables.length === 0) {
    ctx.io.err(`iptables-save v1.8.7 (nf_tables): table '${table}' does not exist\n`);
    return 1;
  }
  // kube-proxy's tables as the node's iptables-save prints them (filter before nat).
  ctx.io.out(renderSave(tables, { date: ctx.now, version: 'v1.8.7' }));
  return 0;
};

function address(m: Extract<Match, { kind: 'src' | 'dst' }> | undefined, numeric: boolean): string {
  if (!m) return numeric ? '0.0.0.0/0' : 'anywhere';
  return m.cidr.endsWith('/32') ? m.cidr.slice(0, -3) : m.cidr;
}

function port(n: number, numeric: boolean): string {
  return numeric ? String(n) : SERVICES[n] ?? String(n);
}

function matchText(m: Match, rule: Rule, numeric: boolean): string {
  const not = 'negate' in m && m.negate;
  switch (m.kind) {
    case 'comment':
      return ` /* ${m.text} */`;
    case 'proto': {
      const dport = rule.matches.find((x) => x.kind === 'dport') as Extract<Match, { kind: 'dport' }> | undefined;
      if (dport) return ` ${m.proto} dpt:${port(dport.port, numeric)}`;
      return m.bare ? '' : ` ${m.proto}`;
    }
    case 'multiport':
      return ` multiport dports ${m.ports.map((p) => port(p, numeric)).join(',')}`;
    case 'addrtype':
      return ` ADDRTYPE match ${m.dir}-type ${not ? '!' : ''}${m.type}`;
    case 'mark':
      return ` mark match ${not ? '! ' : ''}0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
    case 'statistic':
      return ` statistic mode random probability ${saveProbability(m.probability)}`;
    case 'recent':
      return m.op === 'set' ? ` recent: SET name: ${m.name} side: source mask: 255.255.255.255` : ` recent: CHECK seconds: ${m.seconds} reap name: ${m.name} side: source mask: 255.255.255.255`;
    case 'conntrack':
      // libxt_state prints `state NEW`; libxt_conntrack `ctstate NEW`.
      return ` ${not ? '! ' : ''}${m.module === 'state' ? 'state' : 'ctstate'} ${m.states.join(',')}`;
    default:
      return '';
  }
}

function targetName(t: Target | undefined): string {
  if (!t) return '';
  return t.kind === 'jump' || t.kind === 'goto' ? t.chain : t.kind;
}

/**
 * The MARK target as `iptables -L` prints it: libxt_MARK.c mark_tg_print turns value/mask back
 * into the operation it amounts to (felix's `--set-xmark 0x10000/0x10000` lists as `MARK or 0x10000`).
 */
function markText(t: Extract<Target, { kind: 'MARK' }>): string {
  if (t.op !== 'xset') return ` MARK ${t.op} 0x${t.value.toString(16)}`;
  const mask = (t.mask ?? 0xffffffff) >>> 0;
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
  if (t.value === 0) return ` MARK and ${hex(~mask)}`;
  if (t.value === mask) return ` MARK or ${hex(t.value)}`;
  if (mask === 0) return ` MARK xor ${hex(t.value)}`;
  if (mask === 0xffffffff) return ` MARK set ${hex(t.value)}`;
  return ` MARK xset ${hex(t.value)}/${hex(mask)}`;
}

function targetText(t: Target | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'DNAT':
      return ` to:${t.to}`;
    case 'MARK':
      return markText(t);
    case 'MASQUERADE':
      return t.randomFully ? ' random-fully' : '';
    case 'REDIRECT':
      // libxt_REDIRECT.c REDIRECT_print: " redir ports %u" for a single port.
      return ` redir ports ${t.toPorts}`;
    case 'REJECT':
      return ' reject-with icmp-port-unreachable';
    default:
      return '';
  }
}

interface ListOptions {
  numeric: boolean;
  verbose: boolean;
  lineNumbers: boolean;
}

function header(o: ListOptions): string {
  let s = o.lineNumbers ? 'num  ' : '';
  if (o.verbose) s += ' pkts bytes ';
  s += 'target    ';
  s += ' prot opt';
  if (o.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  s += ` ${'source'.padEnd(19)} `;
  s += ` ${'destination'.padEnd(19)} `;
  return s;
}

function listRule(rule: Rule, n: number, o: ListOptions): string {
  const find = <K extends Match['kind']>(kind: K) => rule.matches.find((m) => m.kind === kind) as Extract<Match, { kind: K }> | undefined;
  const proto = find('proto');
  const src = find('src');
  const dst = find('dst');
  const inIface = find('in');
  const outIface = find('out');
  let s = o.lineNumbers ? `${String(n).padEnd(4)} ` : '';
  if (o.verbose) s += `${'0'.padStart(5)} ${'0'.padStart(5)} `;
  s += `${targetName(rule.target).padEnd(9)} `;
  s += ` ${(proto?.proto ?? 'all').padEnd(5)}`;
  s += '-- ';
  if (o.verbose) {
    const name = (m: typeof inIface | typeof outIface) => (m ? `${m.negate ? '!' : ''}${m.iface}` : o.numeric ? '*' : 'any');
    s += ` ${name(inIface).padEnd(6)} ${name(outIface).padEnd(6)} `;
  }
  s += `${src?.negate ? '!' : ' '}${address(src, o.numeric).padEnd(19)} `;
  s += `${dst?.negate ? '!' : ' '}${address(dst, o.numeric).padEnd(19)} `;
  // iptables.c print_firewall: a goto says so before the matches.
  if (rule.target?.kind === 'goto') s += '[goto] ';
  for (const m of rule.matches) s += matchText(m, rule, o.numeric);
  return s + targetText(rule.target);
}

function list(table: Table, chain: string | undefined, o: ListOptions): string {
  const chains = saveChainOrder(table).filter((c) => chain === undefined || c.name === chain);
  const blocks = chains.map((c) => {
    const rules = table.rules.filter((r) => r.chain === c.name);
    const refs = table.rules.filter((r) => (r.target?.kind === 'jump' || r.target?.kind === 'goto') && r.target.chain === c.name).length;
    const title = c.policy ? `Chain ${c.name} (policy ${c.policy}${o.verbose ? ' 0 packets, 0 bytes' : ''})` : `Chain ${c.name} (${refs} references)`;
    return [title, header(o), ...rules.map((r, i) => listRule(r, i + 1, o))].join('\n') + '\n';
  });
  return blocks.join('\n');
}

function listRules(table: Table, chain: string | undefined): string {
  const chains = saveChainOrder(table).filter((c) => chain === undefined || c.name === chain);
  const lines = chains.map((c) => (c.policy ? `-P ${c.name} ${c.policy}` : `-N ${c.name}`));
  for (const c of chains) for (const r of table.rules) if (r.chain === c.name) lines.push(saveRule(r));
  return lines.map((l) => `${l}\n`).join('');
}

export const iptables: Program = (ctx, args) => {
  if (notRoot(ctx, 'iptables', args)) return 4;
  let tableName = 'filter';
  let command: 'L' | 'S' | undefined;
  let chain: string | undefined;
  const o: ListOptions = { numeric: false, verbose: false, lineNumbers: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-t' || a === '--table') tableName = args[++i] ?? '';
    else if (a === '--line-numbers') o.lineNumbers = true;
    else if (a === '--list') command = 'L';
    else if (a === '--list-rules') command = 'S';
    else if (a === '--numeric') o.numeric = true;
    else if (a === '--verbose') o.verbose = true;
    else if (/^-[LSnvx]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'L' || f === 'S') command = f;
        else if (f === 'n') o.numeric = true;
        else if (f === 'v') o.verbose = true;
      }
      if (/[LS]/.test(a) && args[i + 1] && !args[i + 1].startsWith('-')) chain = args[++i];
    } else if (/^-[AIDRNXFZP]$/.test(a) || ['--append', '--insert', '--delete', '--flush'].includes(a)) {
      ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.rulesReadOnly', params: {} }];
      return 1;
    } else if (a.startsWith('-')) {
      ctx.io.err(`iptables ${VERSION}: unknown option "${a}"\n${TRY}`);
      return 2;
    } else chain ??= a;
  }
  if (!command) {
    ctx.io.err(`iptables ${VERSION}: no command specified\n${TRY}`);
    return 2;
  }
  const table = ctx.place.kind === 'external' ? (tableName === 'filter' ? HOST_FILTER : undefined) : (tablesOf(ctx) ?? []).find((t) => t.name === tableName);
  if (table === HOST_FILTER) notANode(ctx);
  if (!table) {
    ctx.io.err(`iptables ${VERSION}: table '${tableName}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`);
    return 3;
  }
  if (chain !== undefined && !table.chains.some((c) => c.name === chain)) {
    ctx.io.err(`iptables: No chain/target/match by that name.\n`);
    return 1;
  }
  ctx.io.out(command === 'S' ? listRules(table, chain) : list(table, chain, o));
  return 0;
};
