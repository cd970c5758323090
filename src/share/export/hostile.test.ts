/**
 * Exports of a cluster whose names were written to break out: raw HTML, Markdown emphasis,
 * links, table borders, backticks and code fences, control characters. The API server refuses
 * such names; they are written into the built cluster past it, as a missed validation would let
 * them through, and into the request and the YAML, which nothing validates.
 */
import { describe, expect, it } from 'vitest';
import { layoutCluster } from '../../canvas/layout';
import { buildCluster, traceRequest, type Cluster } from '../../engine';
import { translate } from '../../i18n';
import { nodePortLesson } from '../../lessons/nodeport';
import { handoutHtml, handoutMarkdown } from './handout';
import { mdCode, mdFence, mdText } from './markdown';
import { LIGHT } from './palette';
import { diagramSvg } from './svg';
import { viewAt } from './view';

const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);

/** The pod that serves the lesson's request, renamed. */
const POD = 'my-nginx-deploment-55f596c87c-lpgt8';
const HOSTILE = '<img src=x onerror=alert(1)>|*b*_[l](javascript:x)`\x1b';

function rename(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.replaceAll(from, to);
  if (Array.isArray(value)) return value.map((v) => rename(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll(from, to), rename(v, from, to)]));
  return value;
}

const cluster = rename(buildCluster(nodePortLesson.yaml), POD, HOSTILE) as Cluster;
const trace = traceRequest(cluster, nodePortLesson.request);
const yaml = `${nodePortLesson.yaml}# a comment closing the fence:\n# \`\`\`\n\`\`\`\n<script>alert(1)</script>\n`;
const input = { title: '<b>class</b> *7*', cluster, trace, yaml, lang: 'en' };

describe('Markdown escaping', () => {
  it('text: entities for & < >, a backslash before what makes emphasis, code, links and cells, no line breaks', () => {
    expect(mdText(HOSTILE)).toBe('&lt;img src=x onerror=alert(1)&gt;\\|\\*b\\*\\_\\[l\\](javascript:x)\\`\x1b');
    expect(mdText('a & b\n# c')).toBe('a &amp; b # c');
    expect(mdText('# h')).toBe('\\# h');
    expect(mdText('- item')).toBe('\\- item');
    expect(mdText('1. item')).toBe('1\\. item');
    expect(mdText('===')).toBe('\\===');
    expect(mdText('10.244.2.2')).toBe('10.244.2.2');
  });

  it('code spans and fences longer than any run of backticks inside', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x`')).toBe('`` `x` ``');
    expect(mdCode('a|b\nc', true)).toBe('`a\\|b c`');
    expect(mdFence('x\n```\ny', 'yaml')).toBe('````yaml\nx\n```\ny\n````');
  });
});

describe('a handout of hostile names', () => {
  const md = handoutMarkdown(input, en);

  it('in Markdown, shows each name as text, escaped where it sits', () => {
    expect(md.startsWith('# Podpath handout: &lt;b&gt;class&lt;/b&gt; \\*7\\*\n')).toBe(true);
    const shown = '&lt;img src=x onerror=alert(1)&gt;\\|\\*b\\*\\_\\[l\\](javascript:x)\\`\x1b';
    expect(md).toContain(`- Outcome: **served: Served by ${shown} (10.244.2.2:80); the pod saw the request come from 192.168.255.102.**\n`);
    expect(md).toContain(`- **10.244.2.2:80 ${shown} (node02): 50.0%** ← chosen\n`);
    // In a code span, markup is text: the span's fence outgrows the backtick in the name.
    expect(md).toContain(`\nWhere: \`\`pod/default/${HOSTILE}\`\`\n`);
    const outsideCode = md.slice(0, md.indexOf('\n## The manifests\n')).replace(/``[^`]*(?:`[^`]+)*``/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|<b>|\[l\]\(/);
  });

  it('keeps the YAML in a fence no line of it can close', () => {
    expect(md).toContain(`\n## The manifests\n\n\`\`\`\`yaml\n${yaml.trimEnd()}\n\`\`\`\`\n`);
  });

  it('in HTML, every name is text', () => {
    const html = handoutHtml(input, en);
    expect(html).toContain('<title>Podpath handout: &lt;b&gt;class&lt;/b&gt; *7*</title>');
    expect(html).toContain('Served by &lt;img src=x onerror=alert(1)&gt;|*b*_[l](javascript:x)`\x1b (10.244.2.2:80)');
    expect(html).toContain('\n&lt;script&gt;alert(1)&lt;/script&gt;</pre>');
    expect(html).not.toMatch(/<img|<script|<b>/);
  });
});

describe('the SVG of hostile names', () => {
  it('escapes markup and drops the characters XML cannot hold', () => {
    const { svg } = diagramSvg(layoutCluster(cluster), viewAt(cluster, trace, 0, en), 1920, 1080, LIGHT, en);
    expect(svg).not.toMatch(/<img/);
    expect(svg).not.toContain('\x1b');
    expect(svg).toContain(' · served: Served by &lt;img src=x onerror=alert(1)&gt;|*b*_[l](javascript:x)`\ufffd (10.244.2.2:80); the pod sa…</text>');
  });
});
