/**
 * The trace as a handout for students, in Markdown or as one self-contained HTML page: the
 * request and its outcome, then every hop with its explanation, the packet before and after
 * (only when something changed), the rule that matched and why, the route taken, the
 * endpoints with their chances, conntrack, and the YAML lines behind it. In the app's language.
 */
import { PACKET_FIELDS, changedFields, type Cluster, type Hop, type Packet, type Trace } from '../../engine';
import { mdCode, mdFence, mdText } from './markdown';
import { describeSource, outcomeText } from './view';

type T = (key: string, params?: Record<string, string | number>) => string;

export interface HandoutInput {
  title: string;
  cluster: Cluster;
  trace: Trace;
  yaml: string;
  lang: string;
}

const m = (t: T, msg: { key: string; params?: Record<string, string | number> }) => t(msg.key, msg.params);

/** The fields shown: those with a value before or after. */
function rows(before: Packet, after: Packet) {
  const changed = new Set(changedFields(before, after));
  return PACKET_FIELDS.filter((f) => f.read(before) !== '' || f.read(after) !== '').map((f) => ({ f, changed: changed.has(f.field) }));
}

const brief = (p: Packet) => `${p.src}:${p.sport} → ${p.dst}:${p.dport}${p.flags ? ` (${p.flags})` : ''}`;

/** What the hop adds besides its packet: the matched rule, the route, the candidates, conntrack, provenance. */
function details(hop: Hop, t: T) {
  const rule = hop.netfilter?.rules.find((x) => x.matched);
  const tested = hop.netfilter?.rules.length ?? 0;
  return {
    rules: hop.netfilter ? { heading: t('handout.rules', { table: hop.netfilter.table, chain: hop.netfilter.chain }), rule, others: tested - (rule ? 1 : 0) } : undefined,
    route: hop.route ? hop.route.lines[hop.route.chosen]?.trim() : undefined,
    candidates: hop.candidates?.map((c, i) => ({ text: `${c.ip}:${c.port} ${c.pod ?? ''}${c.node ? ` (${c.node})` : ''}`.trim(), p: `${(c.probability * 100).toFixed(1)}%`, chosen: i === hop.chosen })),
    source: hop.provenance.map((p) => (p.range.start.line > 0 ? t('inspector.sourceLine', { object: p.object, line: p.range.start.line }) : t('inspector.sourceSystem', { object: p.object }))),
  };
}

/**
 * The translation with every parameter escaped as Markdown text: names and addresses come from
 * the YAML, the sentences around them are Podpath's own (and may use Markdown, as a code span).
 */
function markdownT(t: T): T {
  return (key, params) => t(key, params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? mdText(v) : v])));
}

export function handoutMarkdown(input: HandoutInput, raw: T): string {
  const { trace, cluster } = input;
  const t = markdownT(raw);
  const out: string[] = [`# ${t('handout.title', { title: input.title })}`, '', `## ${t('handout.request')}`, ''];
  out.push(`- ${t('handout.from')}: ${describeSource(cluster, trace.request, t)}`, `- ${t('handout.to')}: ${mdCode(trace.request.to)}`, `- ${t('handout.outcome')}: **${outcomeText(trace, t)}**`, '', `## ${t('handout.hops')}`, '');
  trace.hops.forEach((hop, i) => {
    if (i === trace.replyStart) out.push(`### ${t('hops.reply')}`, '');
    out.push(`#### ${i + 1}. ${m(t, hop.title)}`, '', m(t, hop.explain), '', `${t('handout.where')}: ${mdCode(hop.at)}`, '');
    const table = rows(hop.before, hop.after);
    if (i === 0 || table.some((r) => r.changed)) {
      out.push(`| ${t('inspector.layer')} | ${t('inspector.field')} | ${t('inspector.before')} | ${t('inspector.after')} |`, '|---|---|---|---|');
      for (const { f, changed } of table) {
        const after = changed ? `**${mdText(f.read(hop.after))}**` : mdText(f.read(hop.after));
        out.push(`| ${f.layer} | ${t(`field.${f.field}`)} | ${mdText(f.read(hop.before))} | ${after} |`);
      }
      out.push('');
    } else out.push(`${raw('handout.unchanged', { packet: mdCode(brief(hop.after)) })}`, '');
    const d = details(hop, t);
    if (d.rules?.rule) {
      // An indented code block: every line of the rule indented, so none can end the block.
      out.push(`${d.rules.heading}:`, '', d.rules.rule.text.split('\n').map((l) => `    ${l}`).join('\n'), '');
      for (const w of d.rules.rule.matches) out.push(`- ${w.held ? '✓' : '✗'} ${m(t, w.why)}`);
      if (d.rules.rule.matches.length > 0) out.push('');
    }
    if (d.route) out.push(`${t('handout.route')}: ${mdCode(d.route)}`, '');
    if (d.candidates) {
      out.push(`${t('handout.candidates')}:`, '');
      for (const c of d.candidates) out.push(`- ${c.chosen ? '**' : ''}${mdText(c.text)}: ${c.p}${c.chosen ? `** ← ${t('inspector.chosen')}` : ''}`);
      out.push('');
    }
    if (hop.conntrack) out.push(`${t('handout.conntrack')}: ${mdCode(hop.conntrack)}`, '');
    if (d.source.length > 0) out.push(`${t('handout.source')}: ${d.source.join('; ')}`, '');
  });
  out.push(`## ${t('handout.yaml')}`, '', mdFence(input.yaml.trimEnd(), 'yaml'), '', `_${t('handout.footer')}_`, '');
  return out.join('\n');
}

const h = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body{font:15px/1.5 system-ui,'Noto Sans','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;color:#172033;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #dfe3ec}h3{margin-top:1.5rem;color:#0f766e}
code,pre{font:13px ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}pre{background:#f6f7fb;padding:.6rem;overflow-x:auto;border-radius:6px}
.hop{border:1px solid #dfe3ec;border-radius:8px;padding:.2rem .9rem .6rem;margin:.8rem 0;break-inside:avoid}.hop h4{margin:.6rem 0 .2rem}
table{border-collapse:collapse;font-size:13px;margin:.4rem 0}td,th{border-bottom:1px solid #dfe3ec;padding:2px 8px;text-align:left}
tr.changed td{background:#fef3c7;font-weight:600}.rule{background:#ecfdf5}.held{color:#047857}.failed{color:#b91c1c}
.chosen{font-weight:700}.muted{color:#5b6478}figure{margin:1rem 0}figure svg{width:100%;height:auto;border:1px solid #dfe3ec;border-radius:8px}
@media print{body{margin:0;max-width:none}.hop{page-break-inside:avoid}}`;

export function handoutHtml(input: HandoutInput, t: T, pictureSvg?: string): string {
  const { trace, cluster } = input;
  const out: string[] = [
    `<!doctype html><html lang="${h(input.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${h(t('handout.title', { title: input.title }))}</title><style>${STYLE}</style></head><body>`,
    `<h1>${h(t('handout.title', { title: input.title }))}</h1>`,
    `<h2>${h(t('handout.request'))}</h2><ul><li>${h(t('handout.from'))}: ${h(describeSource(cluster, trace.request, t))}</li><li>${h(t('handout.to'))}: <code>${h(trace.request.to)}</code></li><li>${h(t('handout.outcome'))}: <strong>${h(outcomeText(trace, t))}</strong></li></ul>`,
  ];
  if (pictureSvg) out.push(`<h2>${h(t('handout.picture'))}</h2><figure>${pictureSvg.replace(/^<svg /, '<svg role="img" ')}</figure>`);
  out.push(`<h2>${h(t('handout.hops'))}</h2>`);
  trace.hops.forEach((hop, i) => {
    if (i === trace.replyStart) out.push(`<h3>${h(t('hops.reply'))}</h3>`);
    out.push(`<section class="hop" id="hop-${i + 1}"><h4>${i + 1}. ${h(m(t, hop.title))}</h4><p>${h(m(t, hop.explain))}</p><p class="muted">${h(t('handout.where'))}: <code>${h(hop.at)}</code></p>`);
    const table = rows(hop.before, hop.after);
    if (i === 0 || table.some((r) => r.changed)) {
      out.push(`<table><thead><tr><th>${h(t('inspector.layer'))}</th><th>${h(t('inspector.field'))}</th><th>${h(t('inspector.before'))}</th><th>${h(t('inspector.after'))}</th></tr></thead><tbody>`);
      for (const { f, changed } of table) {
        out.push(`<tr${changed ? ' class="changed"' : ''}><td>${f.layer}</td><td>${h(t(`field.${f.field}`))}</td><td><code>${h(f.read(hop.before))}</code></td><td><code>${h(f.read(hop.after))}</code></td></tr>`);
      }
      out.push('</tbody></table>');
    } else out.push(`<p class="muted">${h(t('handout.unchanged', { packet: brief(hop.after) }))}</p>`);
    const d = details(hop, t);
    if (d.rules?.rule) {
      out.push(`<p>${h(d.rules.heading)}:</p><pre class="rule">${h(d.rules.rule.text)}</pre>`);
      if (d.rules.rule.matches.length > 0) out.push(`<ul>${d.rules.rule.matches.map((w) => `<li class="${w.held ? 'held' : 'failed'}">${w.held ? '✓' : '✗'} ${h(m(t, w.why))}</li>`).join('')}</ul>`);
    }
    if (d.route) out.push(`<p>${h(t('handout.route'))}: <code>${h(d.route)}</code></p>`);
    if (d.candidates) out.push(`<p>${h(t('handout.candidates'))}:</p><ul>${d.candidates.map((c) => `<li${c.chosen ? ' class="chosen"' : ''}>${h(c.text)}: ${c.p}${c.chosen ? ` ← ${h(t('inspector.chosen'))}` : ''}</li>`).join('')}</ul>`);
    if (hop.conntrack) out.push(`<p>${h(t('handout.conntrack'))}: <code>${h(hop.conntrack)}</code></p>`);
    if (d.source.length > 0) out.push(`<p class="muted">${h(t('handout.source'))}: ${h(d.source.join('; '))}</p>`);
    out.push('</section>');
  });
  out.push(`<h2>${h(t('handout.yaml'))}</h2><pre>${h(input.yaml.trimEnd())}</pre><p class="muted"><em>${h(t('handout.footer'))}</em></p></body></html>`);
  return out.join('\n');
}
