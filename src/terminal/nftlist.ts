/**
 * kube-proxy's table as `nft list ruleset` prints it (the engine's listing.ts, one truth for the
 * format), cut into lines that know what they show: the rule of which chain, the elements of
 * which set or map, and the object behind them. The worker sends these lines to the page (the
 * inspector marks what a trace used); the terminal cuts `nft list chain|set|map` out of them,
 * as nft prints one object as the same block inside its table.
 */
import { renderList } from '../engine/kubeproxy/nftables/listing';
import type { NftElement, NftTable } from '../engine/kubeproxy/nftables/model';
import type { Provenance } from '../engine/types';

export interface NftLine {
  text: string;
  /** The block the line is in: a chain, a set or a map (absent on the table's own lines). */
  block?: { kind: 'chain' | 'set' | 'map'; name: string };
  /** A rule line: its text as kube-proxy writes it, with its comment (a trace's RuleLine.text). */
  rule?: string;
  /** An `elements = { … }` line: the keys of the elements on it (`10.96.0.1 . tcp . 443`). */
  keys?: string[];
  /** The object that wrote the rule or the first element on the line. */
  provenance?: Provenance;
}

/** An element as listing.ts prints it inside `elements = { … }`. */
const elementText = (e: NftElement) => `${e.key.join(' . ')}${e.comment !== undefined ? ` comment "${e.comment}"` : ''}${e.value ? ` : ${e.value.join(' . ')}` : ''}`;

/** The `nft list ruleset` of a node whose kube-proxy runs in nftables mode, line by line. */
export function nftListingLines(table: NftTable): NftLine[] {
  const text = renderList(table).replace(/\n$/, '');
  const out: NftLine[] = [];
  let block: NftLine['block'];
  let header = 0;
  let rule = 0;
  let elements: Map<string, NftElement> | undefined;
  for (const line of text.split('\n')) {
    const open = /^\t(chain|set|map) (\S+) \{$/.exec(line);
    if (open) {
      block = { kind: open[1] as 'chain' | 'set' | 'map', name: open[2] };
      const chain = block.kind === 'chain' ? table.chains.get(block.name) : undefined;
      // A chain's rules come after its `type … hook …` and `comment` lines.
      header = chain ? (chain.base ? 1 : 0) + (chain.comment !== undefined ? 1 : 0) : 0;
      rule = 0;
      const set = block.kind !== 'chain' ? table.sets.get(block.name) : undefined;
      elements = set && new Map(set.elements.map((e) => [elementText(e), e]));
      out.push({ text: line, block });
      continue;
    }
    if (line === '\t}' || !block || line === '' || line === '}') {
      out.push(block && line === '\t}' ? { text: line, block } : { text: line });
      if (line === '\t}' || line === '') block = undefined;
      continue;
    }
    if (block.kind === 'chain') {
      if (header > 0) {
        header--;
        out.push({ text: line, block });
        continue;
      }
      const r = table.chains.get(block.name)?.rules[rule++];
      out.push({ text: line, block, ...(r ? { rule: `${r.text}${r.comment !== undefined ? ` comment "${r.comment}"` : ''}`, ...(r.provenance ? { provenance: r.provenance } : {}) } : {}) });
      continue;
    }
    const body = /^\t\t(?:elements = \{ |\t {5})(.*?)(?:,| \})$/.exec(line);
    if (!body || !elements) {
      out.push({ text: line, block });
      continue;
    }
    // Elements on one line are separated by ", "; a comment holding ", " would only join two parts back.
    const found: NftElement[] = [];
    let part = '';
    for (const piece of body[1].split(', ')) {
      part = part ? `${part}, ${piece}` : piece;
      const e = elements.get(part);
      if (e) {
        found.push(e);
        part = '';
      }
    }
    const provenance = found.find((e) => e.provenance)?.provenance;
    out.push({ text: line, block, keys: found.map((e) => e.key.join(' . ')), ...(provenance ? { provenance } : {}) });
  }
  return out;
}

/** One chain, set or map as `nft list chain|set|map` prints it: its block, inside its table's braces (no table comment). */
export function nftObjectText(lines: NftLine[], kind: 'chain' | 'set' | 'map', name: string): string | undefined {
  const block = lines.filter((l) => l.block?.kind === kind && l.block.name === name);
  if (block.length === 0) return undefined;
  return [lines[0].text, ...block.map((l) => l.text), '}'].join('\n') + '\n';
}
