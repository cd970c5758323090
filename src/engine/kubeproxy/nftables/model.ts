/**
 * kube-proxy's nftables table as structured data: what the generator (proxier.ts) writes, what
 * the renderers (render.ts) print as kube-proxy's transaction and as `nft list ruleset`, and what
 * the trace will evaluate. Objects keep the order kube-proxy adds them in (`ops`), because the
 * transaction is written in that order and the kernel lists objects in the order they were made.
 */
import type { Provenance } from '../../types';

export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export interface NftBaseChain {
  type: 'filter' | 'nat';
  hook: NftHook;
  /** Numeric, as knftables writes it (`dstnat - 10` is -110). */
  priority: number;
}

/**
 * One rule: its statement text as kube-proxy writes it (knftables' Rule.Rule), without the
 * trailing comment, which knftables adds as `comment "…"`.
 */
export interface NftRule {
  text: string;
  comment?: string;
  provenance?: Provenance;
}

export interface NftChain {
  name: string;
  base?: NftBaseChain;
  comment?: string;
  rules: NftRule[];
}

/** A set element, or a map element with its value (`goto service-…`, `drop`). */
export interface NftElement {
  key: string[];
  value?: string[];
  comment?: string;
  provenance?: Provenance;
}

export interface NftSet {
  kind: 'set' | 'map';
  name: string;
  /** `ipv4_addr`, `ipv4_addr . inet_proto . inet_service : verdict`. */
  type: string;
  flags?: string[];
  /** Seconds. */
  timeout?: number;
  comment?: string;
  elements: NftElement[];
}

/** The order kube-proxy adds objects in its transaction. */
export type NftOp =
  | { kind: 'table' }
  | { kind: 'chain'; name: string }
  | { kind: 'set'; name: string }
  | { kind: 'rule'; chain: string; index: number }
  | { kind: 'element'; set: string; index: number };

export interface NftTable {
  family: 'ip';
  name: string;
  comment?: string;
  chains: Map<string, NftChain>;
  /** Named sets and maps, by name. */
  sets: Map<string, NftSet>;
  ops: NftOp[];
}

export function emptyNftTable(name: string, comment?: string): NftTable {
  return { family: 'ip', name, comment, chains: new Map(), sets: new Map(), ops: [{ kind: 'table' }] };
}

/** knftables' Transaction.Add for each kind of object, recording the order. */
export class NftBuilder {
  constructor(readonly table: NftTable) {}

  /** `ensureChain`: adds a chain once; later calls leave it as it is. */
  chain(name: string, opts: { base?: NftBaseChain; comment?: string } = {}): NftChain {
    let chain = this.table.chains.get(name);
    if (!chain) {
      chain = { name, rules: [], ...opts };
      this.table.chains.set(name, chain);
      this.table.ops.push({ kind: 'chain', name });
    }
    return chain;
  }

  set(set: Omit<NftSet, 'elements'>): NftSet {
    let s = this.table.sets.get(set.name);
    if (!s) {
      s = { ...set, elements: [] };
      this.table.sets.set(set.name, s);
      this.table.ops.push({ kind: 'set', name: set.name });
    }
    return s;
  }

  rule(chain: string, text: string, comment?: string, provenance?: Provenance): void {
    const c = this.table.chains.get(chain);
    if (!c) throw new Error(`nftables: rule in undeclared chain ${chain}`);
    c.rules.push({ text, ...(comment !== undefined ? { comment } : {}), ...(provenance ? { provenance } : {}) });
    this.table.ops.push({ kind: 'rule', chain, index: c.rules.length - 1 });
  }

  /** An element; one with the key of an earlier one replaces it (a map holds one value per key). */
  element(set: string, element: NftElement): void {
    const s = this.table.sets.get(set);
    if (!s) throw new Error(`nftables: element of undeclared set ${set}`);
    const key = element.key.join(' . ');
    const at = s.elements.findIndex((e) => e.key.join(' . ') === key);
    if (at >= 0) {
      s.elements[at] = element;
      return;
    }
    s.elements.push(element);
    this.table.ops.push({ kind: 'element', set, index: s.elements.length - 1 });
  }
}
