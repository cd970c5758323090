/**
 * `nft list ruleset` of kube-proxy's table, as nftables 1.0.6 (Debian 12's) prints it once the
 * transaction is loaded, checked line for line against the real `nft` by src/lab/nft.test.ts:
 *
 * - objects in the order they were made, sets and maps before chains (rule.c table_print), a
 *   blank line between two;
 * - base chains with symbolic priorities where nft has a name for them on that hook
 *   (`dstnat - 10` on prerouting, `-110` on output, `filter`, `srcnat`) and `policy accept;`;
 * - set elements sorted as nft sorts them (expression.c list_expr_sort: by value, a
 *   concatenation as one host-order integer, so by its last field first), wrapped two
 *   addresses to a line, one concatenation to a line (calculate_delim);
 * - timeouts as `3h`, dynamic sets with the kernel's `size 65535`;
 * - statements re-printed by nft: `meta mark set meta mark | 0x00004000`, an anonymous set of
 *   one address as that address, interface names quoted.
 */
import { cidrSize, formatIp, parseCidr, parseIp } from '../../ip';
import type { NftChain, NftElement, NftSet, NftTable } from './model';

const quote = (s: string) => `"${s}"`;

/** nft's standard priorities (rule.c std_prios), and the hooks they have a name on for the ip family. */
const STD_PRIOS: { name: string; prio: number; hooks?: string[] }[] = [
  { name: 'raw', prio: -300 },
  { name: 'mangle', prio: -150 },
  { name: 'dstnat', prio: -100, hooks: ['prerouting'] },
  { name: 'filter', prio: 0 },
  { name: 'security', prio: 50 },
  { name: 'srcnat', prio: 100, hooks: ['postrouting'] },
];

export function priorityText(prio: number, hook: string): string {
  for (const std of STD_PRIOS) {
    if (std.hooks && !std.hooks.includes(hook)) continue;
    const offset = prio - std.prio;
    if (Math.abs(offset) <= 10) return offset === 0 ? std.name : `${std.name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
  }
  return String(prio);
}

/** nft's time format: `1d1h1m1s`, `3h`, `1m40s`. */
export function nftTime(seconds: number): string {
  const parts: [number, string][] = [[Math.floor(seconds / 86400), 'd'], [Math.floor(seconds / 3600) % 24, 'h'], [Math.floor(seconds / 60) % 60, 'm'], [seconds % 60, 's']];
  const out = parts.filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join('');
  return out || '0s';
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** The bytes nft sorts an element's key by: the fields' registers, the whole compared as a host-order (little-endian) integer. */
function sortBytes(type: string, key: string[]): number[] {
  const fields = type.split(':')[0].trim().split(' . ');
  const bytes: number[] = [];
  fields.forEach((f, i) => {
    const v = key[i];
    if (f === 'ipv4_addr') {
      const n = parseIp(v) ?? 0;
      bytes.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
    } else if (f === 'inet_service') {
      const n = Number(v);
      bytes.push((n >>> 8) & 255, n & 255, 0, 0);
    } else if (f === 'inet_proto') {
      bytes.push(v === 'tcp' ? 6 : v === 'udp' ? 17 : v === 'sctp' ? 132 : Number(v), 0, 0, 0);
    } else {
      bytes.push(0, 0, 0, 0);
    }
  });
  return bytes;
}

/** list_expr_sort's order: a lone address by its value; a concatenation as one little-endian number. */
function compareElements(set: NftSet, a: NftElement, b: NftElement): number {
  const fields = set.type.split(':')[0].trim().split(' . ');
  if (fields.length === 1 && fields[0] === 'ipv4_addr') return (parseIp(a.key[0]) ?? 0) - (parseIp(b.key[0]) ?? 0);
  const ba = sortBytes(set.type, a.key);
  const bb = sortBytes(set.type, b.key);
  for (let i = ba.length - 1; i >= 0; i--) if (ba[i] !== bb[i]) return ba[i] - bb[i];
  return 0;
}

function elementText(e: NftElement): string {
  let out = e.key.join(' . ');
  if (e.comment !== undefined) out += ` comment ${quote(e.comment)}`;
  if (e.value) out += ` : ${e.value.join(' . ')}`;
  return out;
}

/** `elements = { … }` with calculate_delim's line breaks. */
function elementsText(set: NftSet): string {
  const sorted = [...set.elements].sort((a, b) => compareElements(set, a, b));
  const newline = ',\n\t\t\t     ';
  const concat = set.type.split(':')[0].includes(' . ');
  const comments = set.elements.some((e) => e.comment !== undefined);
  let out = '';
  let count = 0;
  sorted.forEach((e, i) => {
    out += elementText(e);
    if (i === sorted.length - 1) return;
    count++;
    if (concat || comments) out += newline;
    else if (count < 2) out += ', ';
    else {
      count = 0;
      out += newline;
    }
  });
  return `elements = { ${out} }`;
}

function setText(set: NftSet): string[] {
  const lines = [`\t${set.kind} ${set.name} {`, `\t\ttype ${set.type}`];
  if (set.flags?.includes('dynamic')) lines.push('\t\tsize 65535');
  if (set.flags?.length) lines.push(`\t\tflags ${set.flags.join(',')}`);
  if (set.timeout !== undefined) lines.push(`\t\ttimeout ${nftTime(set.timeout)}`);
  if (set.comment !== undefined) lines.push(`\t\tcomment ${quote(set.comment)}`);
  if (set.elements.length > 0) lines.push(`\t\t${elementsText(set)}`);
  lines.push('\t}');
  return lines;
}

/** An interval [start, end] of addresses as nft prints it: an address, a prefix, or `a-b`. */
function intervalText(start: number, end: number): string {
  if (start === end) return formatIp(start);
  const size = end - start + 1;
  const bits = 32 - Math.log2(size);
  if (Number.isInteger(bits) && start % size === 0) return `${formatIp(start)}/${bits}`;
  return `${formatIp(start)}-${formatIp(end)}`;
}

/**
 * An anonymous set of addresses as nft prints it back: an interval set, so what overlaps or
 * touches is merged (an LB address inside a source range disappears into it), then sorted;
 * a set of one element is printed as that element.
 */
function anonymousSet(items: string[]): string {
  const intervals = items.map((v) => v.trim()).filter(Boolean).map((v) => {
    const c = v.includes('/') ? parseCidr(v) : undefined;
    const start = c ? c.base : parseIp(v) ?? 0;
    return [start, c ? start + cidrSize(c) - 1 : start] as [number, number];
  }).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  const texts = merged.map(([a, b]) => intervalText(a, b));
  // A set written with one element is optimised into a plain comparison; several stay a set.
  return intervals.length === 1 ? texts[0] : `{ ${texts.join(', ')} }`;
}

/** A rule's statement as nft lists it. */
export function listRuleText(text: string): string {
  return text
    .replace(/\bmark set mark (or|xor) (0x[0-9a-f]+)/g, (_m, op: string, v: string) => `meta mark set meta mark ${op === 'or' ? '|' : '^'} ${hex8(Number(v))}`)
    .replace(/\bmark and (0x[0-9a-f]+) == 0\b/g, (_m, v: string) => `meta mark & ${hex8(Number(v))} == 0x00000000`)
    .replace(/\b(ip [sd]addr (?:!= )?)\{ ([^}]*) \}/g, (_m, head: string, body: string) => `${head}${anonymousSet(body.split(','))}`)
    .replace(/\bnumgen random mod (\d+) vmap \{ ([^}]*) \}/g, (_m, n: string, body: string) => `numgen random mod ${n} vmap { ${body.split(' , ').join(', ')} }`)
    .replace(/\b(iifname|iif)( != | )([^\s"]+)/g, (_m, k: string, op: string, name: string) => `${k}${op}${quote(name)}`);
}

function chainText(chain: NftChain): string[] {
  const lines = [`\tchain ${chain.name} {`];
  if (chain.base) lines.push(`\t\ttype ${chain.base.type} hook ${chain.base.hook} priority ${priorityText(chain.base.priority, chain.base.hook)}; policy accept;`);
  if (chain.comment !== undefined) lines.push(`\t\tcomment ${quote(chain.comment)}`);
  for (const r of chain.rules) lines.push(`\t\t${listRuleText(r.text)}${r.comment !== undefined ? ` comment ${quote(r.comment)}` : ''}`);
  lines.push('\t}');
  return lines;
}

/** `nft list ruleset` with only this table loaded. */
export function renderList(table: NftTable): string {
  const objects: string[][] = [];
  for (const op of table.ops) if (op.kind === 'set') objects.push(setText(table.sets.get(op.name)!));
  for (const op of table.ops) if (op.kind === 'chain') objects.push(chainText(table.chains.get(op.name)!));
  const head = [`table ${table.family} ${table.name} {`];
  if (table.comment !== undefined) head.push(`\tcomment ${quote(table.comment)}`);
  return [...head, objects.map((o) => o.join('\n')).join('\n\n'), '}'].join('\n') + '\n';
}
