/**
 * `nslookup` and `dig` against what CoreDNS answers (src/engine/dns.ts). Inside a pod the
 * resolver is kube-dns's cluster IP with the pod's search list; on a node or the outside host it
 * is systemd-resolved's stub, 127.0.0.53, which knows no cluster names. Names outside the
 * cluster domain go upstream, which this offline cluster does not have: SERVFAIL.
 * Formats: bind9 9.18 bin/dig (dighost.c, dig.c: the masterfile columns 24/32/40/48 of
 * `dns_master_style_default`), bin/dig/nslookup.c; BusyBox 1.36 networking/nslookup.c.
 */
import { lookup, resolve, resolvConf, type DnsRecord, type RecordType } from '../engine/dns';
import { fnv32a } from '../engine/hash';
import type { Ctx, Program } from './io';

interface Answer {
  server: string;
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  /** The name answered (the FQDN the search list found), and its records. */
  name: string;
  records: DnsRecord[];
}

function serverOf(ctx: Ctx): string {
  const pod = ctx.place.pod;
  if (!pod) return '127.0.0.53';
  const conf = resolvConf(ctx.state.cluster, pod);
  return conf.nameserver === 'node' ? '127.0.0.53' : conf.nameserver;
}

/** Asks as the stub resolver does (the search list), or one absolute name (`search` false: dig). */
function ask(ctx: Ctx, name: string, type: RecordType, search: boolean): Answer {
  const server = serverOf(ctx);
  const domain = ctx.state.cluster.settings.dnsDomain;
  const pod = ctx.place.pod;
  const fqdn = name.replace(/\.$/, '');
  if (server === '127.0.0.53' || !pod) {
    // The node's resolver has no cluster zone; its upstream is out of reach offline.
    return { server, rcode: 'SERVFAIL', name: fqdn, records: [] };
  }
  if (search) {
    const r = resolve(ctx.state.cluster, pod, name, type);
    const last = r.tries.at(-1)!;
    const rcode = r.answer.length > 0 ? 'NOERROR' : r.upstream || last.upstream ? 'SERVFAIL' : r.rcode;
    return { server, rcode, name: r.answer.length > 0 ? last.name : fqdn, records: r.answer };
  }
  const r = lookup(ctx.state.cluster, fqdn, type);
  if (r.upstream && !fqdn.endsWith(`.${domain}`)) return { server, rcode: 'SERVFAIL', name: fqdn, records: [] };
  return { server, rcode: r.upstream && r.answer.length === 0 ? 'SERVFAIL' : r.rcode, name: fqdn, records: r.answer };
}

const TYPES: RecordType[] = ['A', 'AAAA', 'SRV', 'CNAME'];

export const nslookup: Program = (ctx, args) => {
  let type: RecordType = 'A';
  const rest: string[] = [];
  for (const a of args) {
    const t = /^-(?:type|query|q)=(\w+)$/i.exec(a);
    if (t && TYPES.includes(t[1].toUpperCase() as RecordType)) type = t[1].toUpperCase() as RecordType;
    else if (!a.startsWith('-')) rest.push(a);
  }
  const [name] = rest;
  const busybox = ctx.place.tools.nslookup === 'busybox';
  if (!name) {
    if (busybox) {
      ctx.io.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n');
      return 1;
    }
    ctx.io.err('> ');
    return 0;
  }
  const a = ask(ctx, name, type, true);
  const port = busybox ? `${a.server}:53` : `${a.server}#53`;
  let out = `Server:\t\t${a.server}\nAddress:\t${port}\n\n`;
  if (a.rcode !== 'NOERROR' || a.records.length === 0) {
    out += a.rcode === 'NOERROR' ? (busybox ? `*** Can't find ${name}: No answer\n\n` : `*** Can't find ${a.name}: No answer\n\n`) : `** server can't find ${busybox ? name : a.name}: ${a.rcode}\n\n`;
    ctx.io.out(out);
    return 1;
  }
  // bind's nslookup prints "Non-authoritative answer:" only for answers without the aa bit; CoreDNS sets it.
  for (const r of a.records) {
    if (r.type === 'CNAME') out += `${r.name.replace(/\.$/, '')}\tcanonical name = ${r.data}\n`;
    else if (r.type === 'SRV') out += `${r.name.replace(/\.$/, '')}\tservice = ${r.data}\n`;
    else out += `Name:\t${r.name.replace(/\.$/, '')}\nAddress: ${r.data}\n`;
  }
  ctx.io.out(`${out}\n`);
  return 0;
};

/** Columns by absolute position: name to 24, TTL to 32, class to 40, type to 48. */
function masterLine(fields: string[], stops: number[]): string {
  let line = '';
  fields.forEach((f, i) => {
    line += f;
    if (i < stops.length) {
      if (visible(line) >= stops[i]) line += ' ';
      else while (visible(line) < stops[i]) line += '\t';
    }
  });
  return line;
}

function visible(s: string): number {
  let w = 0;
  for (const ch of s) w = ch === '\t' ? (Math.floor(w / 8) + 1) * 8 : w + 1;
  return w;
}

/** Wire length of a name: one byte per label length, the labels, the root. */
const wireName = (name: string) => name.replace(/\.$/, '').split('.').reduce((n, l) => n + l.length + 1, 1);

function msgSize(question: string, records: DnsRecord[]): number {
  let size = 12 + wireName(question) + 4 + 11; // header, question, OPT
  for (const r of records) {
    const rdata = r.type === 'A' ? 4 : r.type === 'AAAA' ? 16 : r.type === 'CNAME' ? wireName(r.data) : 6 + wireName(r.data.split(' ').at(-1)!);
    size += (r.name.replace(/\.$/, '') === question.replace(/\.$/, '') ? 2 : wireName(r.name)) + 10 + rdata;
  }
  return size;
}

function digDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export const dig: Program = (ctx, args) => {
  let type: RecordType = 'A';
  let short = false;
  let search = false;
  let name: string | undefined;
  for (const a of args) {
    if (a === '+short') short = true;
    else if (a === '+search') search = true;
    else if (a.startsWith('+') || a.startsWith('@')) continue;
    else if (TYPES.includes(a.toUpperCase() as RecordType) && name !== undefined) type = a.toUpperCase() as RecordType;
    else if (TYPES.includes(a.toUpperCase() as RecordType) && args.length > 1 && name === undefined && a === a.toUpperCase()) type = a as RecordType;
    else name ??= a;
  }
  const qname = name ?? '.';
  const a = ask(ctx, qname, type, search);
  const fq = `${a.name}.`.replace(/\.\.$/, '.');
  if (short) {
    ctx.io.out(a.records.map((r) => `${r.data}\n`).join(''));
    return 0;
  }
  const id = fnv32a(`${ctx.place.key}/${qname}/${type}`) % 65536;
  const records = a.records;
  const aa = a.rcode === 'SERVFAIL' ? '' : ' aa';
  const lines = [
    '',
    `; <<>> DiG 9.18.30-0ubuntu0.22.04.2-Ubuntu <<>> ${args.join(' ')}`,
    ';; global options: +cmd',
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${a.rcode}, id: ${id}`,
    `;; flags: qr${aa} rd; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${a.rcode === 'NXDOMAIN' ? 1 : 0}, ADDITIONAL: 1`,
    ';; WARNING: recursion requested but not available',
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 1232',
    ';; QUESTION SECTION:',
    masterLine([`;${fq}`, 'IN', type], [32, 40]),
    '',
  ];
  if (records.length > 0) {
    lines.push(';; ANSWER SECTION:', ...records.map((r) => masterLine([r.name, String(r.ttl), 'IN', r.type, r.data], [24, 32, 40, 48])), '');
  }
  if (a.rcode === 'NXDOMAIN') {
    const domain = ctx.state.cluster.settings.dnsDomain;
    lines.push(';; AUTHORITY SECTION:', masterLine([`${domain}.`, '30', 'IN', 'SOA', `ns.dns.${domain}. hostmaster.${domain}. 1767873600 7200 1800 86400 30`], [24, 32, 40, 48]), '');
  }
  lines.push(
    ';; Query time: 0 msec',
    `;; SERVER: ${a.server}#53(${a.server}) (UDP)`,
    `;; WHEN: ${digDate(ctx.now)}`,
    `;; MSG SIZE  rcvd: ${msgSize(fq, records) + (a.rcode === 'NXDOMAIN' ? 80 : 0)}`,
    '',
  );
  ctx.io.out(`${lines.join('\n')}\n`);
  return 0;
};

