/**
 * kube-proxy's nftables table in the lab: loaded with `nft -f` in the node's namespace, as
 * kube-proxy hands its transaction to nft (pkg/proxy/nftables/proxier.go through knftables'
 * exec of `nft -f -`). The transaction declares the table, its chains, sets and maps before the
 * rules and elements that use them, which is what this kernel needs to accept it.
 */
import { renderTransaction } from '../kubeproxy/nftables/render';
import type { NftTable } from '../kubeproxy/nftables/model';
import type { NodeDataplane } from '../model';
import { command, heredoc, sayError } from './shell';

/**
 * A name nft reads as one word without quotes: its scanner's `string` token (nftables
 * src/scanner.l: a letter, `_` or `.`, then letters, digits, `/`, `-`, `_` and `.`). Every name
 * kube-proxy makes is one (`service-HGDPUAUO-default/web/tcp/http`, `endpoint-…__10.244.1.2/80`).
 */
const NFT_WORD = /^[A-Za-z_.][A-Za-z0-9/_.-]*$/;

const control = (s: string) => [...s].some((c) => c < ' ' || c === '\x7f');

/**
 * Why `table` cannot be handed to nft as written, or undefined when it can. nft's strings have
 * no escape (scanner.l: `\"[^"]*\"`), and `;` or a new line ends a command: a chain name, a
 * comment or an address holding a quote, a `;`, a `#` or a control character could end the
 * `add` it stands in and start a command of its own (`include "…"`). kube-proxy's names are made
 * of what the API server lets a namespace, a Service and a port name hold, so only a cluster the
 * API server would have refused has one; the lab stops there instead.
 */
export function nftRefusal(table: NftTable): string | undefined {
  const bad: string[] = [];
  const name = (n: string) => NFT_WORD.test(n) || bad.push(n);
  const comment = (c: string | undefined) => c === undefined || (!c.includes('"') && !control(c)) || bad.push(c);
  // Rule statements and element keys carry names and addresses, never a string of their own.
  const statement = (s: string) => (!/["#;]/.test(s) && !control(s)) || bad.push(s);
  name(table.name);
  comment(table.comment);
  for (const chain of table.chains.values()) {
    name(chain.name);
    comment(chain.comment);
    for (const r of chain.rules) {
      statement(r.text);
      comment(r.comment);
    }
  }
  for (const set of table.sets.values()) {
    name(set.name);
    comment(set.comment);
    statement(set.type);
    for (const e of set.elements) {
      for (const part of [...e.key, ...(e.value ?? [])]) statement(part);
      comment(e.comment);
    }
  }
  if (bad.length === 0) return undefined;
  return `a name, comment or address in kube-proxy's nftables table holds a quote, a ";", a "#" or a control character, which nft cannot read as one value (${JSON.stringify(bad[0])}); the API server would have refused the object behind it`;
}

/** The commands that load a node's kube-proxy table in its namespace `ns`, or stop the lab saying why they cannot. */
export function nftCommands(dp: NodeDataplane, ns: string): string[] {
  if (!dp.nftables) return [];
  const why = nftRefusal(dp.nftables);
  if (why) return [`${sayError(`podpath lab: node ${dp.node}: ${why}`)}; exit 1`];
  return [`${command('ip', 'netns', 'exec', ns, 'nft', '-f', '-')} ${heredoc('NFT', renderTransaction(dp.nftables).trimEnd())}`];
}
