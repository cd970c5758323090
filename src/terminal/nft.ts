/**
 * `nft list …` on a node: kube-proxy's `ip kube-proxy` table in its nftables mode, as nftables
 * 1.0.6 prints it (the engine's listing.ts, checked against the real nft by src/lab/nft.test.ts).
 * `list ruleset [FAMILY]`, `list table [FAMILY] NAME`, `list chain|set|map [FAMILY] TABLE NAME`,
 * with nft's own errors: a missing object is `Error: No such file or directory` with the command
 * and a caret line under the first name that does not exist (the table, else the object), and a
 * word too few or too many is bison's syntax error under the place it was expected (checked with
 * nft 1.0.6 in a network namespace).
 *
 * What nft would print but Podpath does not make: the iptables-nft tables (ip mangle, ip filter,
 * ip nat) that the node's iptables rules live in. Translating iptables-nft's expressions into
 * nft syntax is its own work; the terminal says so (a notice) rather than print a guess.
 */
import type { Ctx, Program } from './io';
import { nftListingLines, nftObjectText, type NftLine } from './nftlist';

const VERSION = 'nftables v1.0.6 (Lester Gooch #5)';
const FAMILIES = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
/** Options that change nothing in this ruleset's listing (it has no counters or quotas). */
const NO_EFFECT = new Set(['-s', '--stateless']);
/** nft 1.0.6's other options: real, not simulated here. */
const OTHER_OPTIONS = new Set(['-h', '--help', '-V', '-f', '--file', '-D', '--define', '-i', '--interactive', '-I', '--includepath', '-c', '--check', '-o', '--optimize', '-a', '--handle', '-t', '--terse', '-S', '--service', '-N', '--reversedns', '-u', '--guid', '-n', '--numeric', '-y', '--numeric-priority', '-p', '--numeric-protocol', '-T', '--numeric-time', '-e', '--echo', '-j', '--json', '-d', '--debug']);
const WRITES = new Set(['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush', 'reset', 'rename']);

function notice(ctx: Ctx, key: string, params: Record<string, string> = {}): void {
  ctx.effects.notices = [...(ctx.effects.notices ?? []), { key, params }];
}

/** nft's error: the message, the command as nft joined it, and carets under `at` (a word's index; `words.length`: just past the end). */
function error(ctx: Ctx, message: string, words: string[], at: number): number {
  const line = words.join(' ');
  const start = words.slice(0, at).reduce((n, w) => n + w.length + 1, 0);
  const width = at < words.length ? words[at].length : 1;
  ctx.io.err(`Error: ${message}\n${line}\n${' '.repeat(Math.min(start, line.length))}${'^'.repeat(width)}\n`);
  return 1;
}

/** The node's kube-proxy table as listing lines, when its kube-proxy runs in nftables mode. */
function tableOf(ctx: Ctx): NftLine[] | undefined {
  if (ctx.place.kind !== 'node') return undefined;
  const table = ctx.state.cluster.nodeDataplanes.find((d) => d.node === ctx.place.hostname)?.nftables;
  return table && nftListingLines(table);
}

/** The iptables-nft tables the node's iptables rules are in (iptables 1.8.7 (nf_tables): each is an `ip` table of nft's). */
function iptablesTables(ctx: Ctx): string[] {
  if (ctx.place.kind !== 'node') return [];
  return (ctx.state.cluster.nodeDataplanes.find((d) => d.node === ctx.place.hostname)?.tables ?? []).map((t) => t.name);
}

export const nft: Program = (ctx, args) => {
  const words: string[] = [];
  for (const a of args) {
    if (words.length === 0 && a.startsWith('-')) {
      if (a === '-v' || a === '--version') {
        ctx.io.out(`${VERSION}\n`);
        return 0;
      }
      if (NO_EFFECT.has(a)) continue;
      if (OTHER_OPTIONS.has(a)) {
        notice(ctx, 'terminal.notice.nftNotSimulated', { command: ['nft', ...args].join(' ') });
        return 1;
      }
      ctx.io.err(a.startsWith('--') ? `nft: unrecognized option '${a}'\n` : `nft: invalid option -- '${a.slice(1, 2)}'\n`);
      return 1;
    }
    words.push(a);
  }
  // A trailing `;` ends the command, as on nft's own command line.
  if (words.length > 0 && words[words.length - 1].endsWith(';')) words[words.length - 1] = words[words.length - 1].slice(0, -1);
  if (words.at(-1) === '') words.pop();
  if (words.length === 0) {
    ctx.io.err('nft: no command specified\n');
    return 1;
  }
  if (!ctx.place.root) {
    ctx.io.err('Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n');
    notice(ctx, 'terminal.notice.nftNeedRoot', { command: ['nft', ...args].join(' ') });
    return 1;
  }
  if (WRITES.has(words[0])) {
    notice(ctx, 'terminal.notice.nftReadOnly');
    return 1;
  }
  if (words[0] !== 'list') {
    notice(ctx, 'terminal.notice.nftNotSimulated', { command: ['nft', ...args].join(' ') });
    return 1;
  }
  return list(ctx, words);
};

function list(ctx: Ctx, words: string[]): number {
  const what = words[1];
  if (what === undefined) return error(ctx, 'syntax error, unexpected newline', words, 1);
  const lines = tableOf(ctx);
  const tooMany = (at: number) => (words.length > at ? error(ctx, 'syntax error, unexpected string, expecting end of file or newline or semicolon', words, at) : 0);
  if (what === 'ruleset') {
    const family = FAMILIES.includes(words[2]) ? words[2] : undefined;
    if (tooMany(family ? 3 : 2)) return 1;
    if (lines && (family === undefined || family === 'ip')) ctx.io.out(`${lines.map((l) => l.text).join('\n')}\n`);
    if (ctx.place.kind === 'external') notice(ctx, 'terminal.notice.notANode', { host: ctx.place.hostname });
    else if (iptablesTables(ctx).length > 0) notice(ctx, 'terminal.notice.nftIptablesLeftOut');
    return 0;
  }
  if (what === 'tables' || what === 'chains' || what === 'sets' || what === 'maps' || !['table', 'chain', 'set', 'map'].includes(what)) {
    // `list tables` and the like are nft's; any other word is not a thing nft lists.
    if (['tables', 'chains', 'sets', 'maps', 'counters', 'quotas', 'meters', 'flowtables', 'ct', 'limits', 'secmarks', 'synproxys', 'hooks'].includes(what)) {
      notice(ctx, 'terminal.notice.nftNotSimulated', { command: ['nft', ...words].join(' ') });
      return 1;
    }
    return error(ctx, 'syntax error, unexpected string', words, 1);
  }
  // [FAMILY] TABLE [NAME]: a family word alone is read as the family, the name still expected.
  let at = 2;
  const family = FAMILIES.includes(words[at]) ? words[at++] : 'ip';
  const tableAt = at;
  const names = what === 'table' ? 1 : 2;
  if (words.length < at + names) return error(ctx, 'syntax error, unexpected newline, expecting string', words, words.length);
  if (tooMany(at + names)) return 1;
  const tableName = words[tableAt];
  if (family === 'ip' && ctx.place.kind === 'node' && iptablesTables(ctx).includes(tableName)) {
    notice(ctx, 'terminal.notice.nftIptablesTable', { table: tableName });
    return 0;
  }
  if (!lines || family !== 'ip' || tableName !== 'kube-proxy') return error(ctx, 'No such file or directory', words, tableAt);
  if (what === 'table') {
    ctx.io.out(`${lines.map((l) => l.text).join('\n')}\n`);
    return 0;
  }
  const text = nftObjectText(lines, what as 'chain' | 'set' | 'map', words[tableAt + 1]);
  if (text === undefined) return error(ctx, 'No such file or directory', words, tableAt + 1);
  ctx.io.out(text);
  return 0;
}
