/**
 * The two texts of kube-proxy's table: the transaction kube-proxy hands `nft -f` (knftables'
 * Transaction.String(): one `add` per object, in the order added), and `nft list ruleset` as
 * nftables 1.0.6 prints the same table once loaded (listing.ts).
 */
import type { NftChain, NftElement, NftSet, NftTable } from './model';

const quote = (s: string) => `"${s}"`;

/** knftables' Chain.writeOperation: `{ type filter hook input priority 0 ; comment "…" ; }`. */
function chainSpec(chain: NftChain): string {
  const parts: string[] = [];
  if (chain.base) parts.push(`type ${chain.base.type} hook ${chain.base.hook} priority ${chain.base.priority} ;`);
  if (chain.comment !== undefined) parts.push(`comment ${quote(chain.comment)} ;`);
  return parts.length ? ` { ${parts.join(' ')} }` : '';
}

function setSpec(set: NftSet): string {
  const parts = [`type ${set.type} ;`];
  if (set.flags?.length) parts.push(`flags ${set.flags.join(',')} ;`);
  if (set.timeout !== undefined) parts.push(`timeout ${set.timeout}s ;`);
  if (set.comment !== undefined) parts.push(`comment ${quote(set.comment)} ;`);
  return ` { ${parts.join(' ')} }`;
}

/** `{ KEY [comment "…"] [: VALUE] }`, the key's parts joined by ` . `. */
function elementSpec(e: NftElement): string {
  let out = e.key.join(' . ');
  if (e.comment !== undefined) out += ` comment ${quote(e.comment)}`;
  if (e.value) out += ` : ${e.value.join(' . ')}`;
  return `{ ${out} }`;
}

/** One `add` line per object, in the order kube-proxy adds them. */
export function transactionLines(table: NftTable): string[] {
  const t = `${table.family} ${table.name}`;
  return table.ops.map((op) => {
    switch (op.kind) {
      case 'table':
        return `add table ${t}${table.comment !== undefined ? ` { comment ${quote(table.comment)} ; }` : ''}`;
      case 'chain':
        return `add chain ${t} ${op.name}${chainSpec(table.chains.get(op.name)!)}`;
      case 'set': {
        const set = table.sets.get(op.name)!;
        return `add ${set.kind} ${t} ${op.name}${setSpec(set)}`;
      }
      case 'rule': {
        const rule = table.chains.get(op.chain)!.rules[op.index];
        return `add rule ${t} ${op.chain} ${rule.text}${rule.comment !== undefined ? ` comment ${quote(rule.comment)}` : ''}`;
      }
      case 'element':
        return `add element ${t} ${op.set} ${elementSpec(table.sets.get(op.set)!.elements[op.index])}`;
    }
  });
}

/** kube-proxy's transaction for a first full sync, as `nft -f` reads it. */
export function renderTransaction(table: NftTable): string {
  return transactionLines(table).join('\n') + '\n';
}

/**
 * Upstream's comparison of rulesets (pkg/proxy/nftables/helpers_test.go,
 * sortNFTablesTransaction): blank lines and `#` comments dropped, then a stable sort by object
 * type (table, chain, rule, set, map, element), then by object name, rules keeping their order
 * within a chain, other lines of one object by their text.
 */
export function sortTransaction(tx: string): string {
  const order: Record<string, number> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };
  const lines = tx.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const rank = (w: string) => order[w] ?? 0;
  const compare = (a: string, b: string): number => {
    const wa = a.split(' ');
    const wb = b.split(' ');
    if (wa.length < 5 || wb.length < 5) return 0;
    if (wa[1] !== wb[1]) return rank(wb[1]) - rank(wa[1]);
    if (wa[4] !== wb[4]) return wa[4] < wb[4] ? -1 : 1;
    if (wa[1] === 'rule') return 0;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  // Array.prototype.sort is stable.
  return lines.sort(compare).join('\n');
}
