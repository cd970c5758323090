/**
 * A node's full tables as its own tools print them (`iptables-save`, `ipvsadm -Ln`,
 * `ip route`, `ip addr`), line by line, each line marked when this trace used it, or when it
 * comes from the YAML object in focus. Pure: the inspector only renders the lines.
 */
import { renderRoutes, renderSave, saveRule, type Cluster, type Hop, type NodeDataplane, type Provenance } from '../engine';
import { renderIpvsadm } from '../engine/kubeproxy/ipvsadm';
import { ipAddrText } from '../terminal/nettools';
import type { NftLine } from '../terminal/nftlist';
import { isNftHop, nftLookups } from './walk';

export interface ViewLine {
  text: string;
  /** This trace's packet was decided by this line (a rule that matched, a route chosen, a device crossed). */
  used?: boolean;
  /** The object that produced the line, when it came from the YAML. */
  provenance?: Provenance;
}

export type ViewKind = 'iptables' | 'ipvsadm' | 'nft' | 'route' | 'addr';

const onNode = (hops: Hop[], node: string) => hops.filter((h) => h.at === `node/${node}`);

/** A fixed date in the header, so the text does not change each time it is opened. */
const SAVE_DATE = new Date(Date.UTC(2026, 0, 1));

export function iptablesView(dp: NodeDataplane, hops: Hop[]): ViewLine[] {
  const used = new Set<string>();
  for (const h of onNode(hops, dp.node)) for (const r of h.netfilter?.rules ?? []) if (r.matched) used.add(`${h.netfilter!.table}|${r.text}`);
  const provenance = new Map<string, Provenance>();
  for (const table of dp.tables) {
    for (const rule of table.rules) {
      const key = `${table.name}|${saveRule(rule)}`;
      if (rule.provenance && !provenance.has(key)) provenance.set(key, rule.provenance);
    }
  }
  let table = '';
  return renderSave(dp.tables, { date: SAVE_DATE }).trimEnd().split('\n').map((text) => {
    if (text.startsWith('*')) table = text.slice(1);
    const key = `${table}|${text}`;
    return { text, ...(used.has(key) ? { used: true } : {}), ...(provenance.has(key) ? { provenance: provenance.get(key) } : {}) };
  });
}

/**
 * `nft list ruleset` in kube-proxy's nftables mode, from the lines the worker rendered: a rule is
 * used when it matched in a chain the trace walked on this node; an `elements` line when a rule
 * found one of its elements (the verdict map entry that sent the packet on, the address in a set).
 */
export function nftView(node: string, lines: NftLine[], hops: Hop[]): ViewLine[] {
  const rules = new Set<string>();
  const elements = new Set<string>();
  for (const h of onNode(hops, node)) {
    if (!isNftHop(h)) continue;
    // A filter base chain's hop holds the rules of every chain it went through (its `chains`).
    const chains = new Set([h.netfilter!.chain, ...String(h.title.params?.chains ?? '').split(' → ').filter(Boolean)]);
    for (const r of h.netfilter!.rules) {
      // A rule whose statement tested and failed (`meta mark & 0x4000 == 0 return` on a marked packet) did not fire.
      if (r.matched && r.matches.every((m) => m.held)) for (const c of chains) rules.add(`${c}|${r.text}`);
      for (const l of nftLookups(r)) elements.add(`${l.set}|${l.key}`);
    }
  }
  return lines.map((l) => {
    const used = l.rule !== undefined ? rules.has(`${l.block!.name}|${l.rule}`) : !!l.keys?.some((k) => elements.has(`${l.block!.name}|${k}`));
    return { text: l.text, ...(used ? { used: true } : {}), ...(l.provenance ? { provenance: l.provenance } : {}) };
  });
}

/**
 * The lines "only used" keeps: the used ones and what frames them (iptables-save's table and
 * chain lines, ipvsadm's headers; for nft, the table and each block that holds a used line).
 */
export function onlyUsedLines(kind: ViewKind, lines: ViewLine[]): ViewLine[] {
  if (kind !== 'nft') return lines.filter((l) => l.used || /^[*:]|^COMMIT|^\S+ Virtual|^Prot|^ {2}-> Remote/.test(l.text));
  const out: ViewLine[] = [];
  let block: ViewLine[] = [];
  for (const l of lines) {
    if (/^\t(chain|set|map) /.test(l.text)) block = [l];
    else if (block.length > 0) {
      if (l.used) block.push(l);
      if (l.text === '\t}') {
        if (block.length > 1) out.push(...block, l);
        block = [];
      }
    } else if (/^table |^}$/.test(l.text)) out.push(l);
  }
  return out;
}

/** `TCP  10.96.0.10:53 rr` → `TCP 10.96.0.10:53`. */
const serviceKey = (line: string) => /^(TCP|UDP|SCTP)\s+(\S+)/.exec(line)?.slice(1, 3).join(' ');

export function ipvsadmView(dp: NodeDataplane, hops: Hop[]): ViewLine[] {
  if (!dp.ipvs) return [];
  const chosen = new Map<string, string>();
  for (const h of onNode(hops, dp.node)) {
    if (!h.ipvs) continue;
    const key = serviceKey(h.ipvs.service);
    const real = h.ipvs.reals[h.ipvs.chosen]?.split(/\s+/)[1];
    if (key) chosen.set(key, real ?? '');
  }
  const provenance = new Map(dp.ipvs.virtualServers.filter((v) => v.provenance).map((v) => [`${v.protocol} ${v.address}:${v.port}`, v.provenance!]));
  let current: string | undefined;
  return renderIpvsadm(dp.ipvs.virtualServers).trimEnd().split('\n').map((text) => {
    const key = serviceKey(text);
    if (key) {
      current = key;
      return { text, ...(chosen.has(key) ? { used: true } : {}), ...(provenance.has(key) ? { provenance: provenance.get(key) } : {}) };
    }
    const real = /^\s+-> (\S+)/.exec(text)?.[1];
    return { text, ...(current && real && chosen.get(current) === real ? { used: true } : {}) };
  });
}

export function routeView(dp: NodeDataplane, hops: Hop[]): ViewLine[] {
  const used = new Set(onNode(hops, dp.node).filter((h) => h.route && h.route.chosen >= 0).map((h) => h.route!.lines[h.route!.chosen].trim()));
  return renderRoutes(dp.routes).split('\n').map((text) => ({ text, ...(used.has(text.trim()) ? { used: true } : {}) }));
}

/** The devices the packet crossed on this node, by name, and the IPVS addresses it was sent to. */
function devicesUsed(dp: NodeDataplane, hops: Hop[]): { devices: Set<string>; vips: Set<string> } {
  const devices = new Set<string>();
  const vips = new Set<string>();
  for (const h of onNode(hops, dp.node)) {
    const p = h.title.params ?? {};
    if (h.kind === 'arrive' || h.kind === 'route' || h.title.key === 'hop.masq.title' || h.title.key.startsWith('hop.vxlan')) if (p.dev) devices.add(String(p.dev));
    if (h.kind === 'bridge') devices.add('cbr0');
    if ((h.kind === 'bridge' || h.kind === 'veth') && p.veth) devices.add(String(p.veth));
    if (h.kind === 'ipvs' && h.ipvs) vips.add(serviceKey(h.ipvs.service)!.split(' ')[1].split(':')[0]);
  }
  const ipvs0 = dp.interfaces.find((i) => i.name === 'kube-ipvs0');
  if (ipvs0 && [...vips].some((v) => ipvs0.extraAddresses?.includes(`${v}/32`))) devices.add('kube-ipvs0');
  return { devices, vips };
}

/** `ip addr` on the node, as the terminal prints it (one truth for the format). */
export function addrView(cluster: Cluster, dp: NodeDataplane, hops: Hop[]): ViewLine[] {
  const out = ipAddrText(cluster, dp);
  const { devices, vips } = devicesUsed(dp, hops);
  let device = '';
  return out.trimEnd().split('\n').map((text) => {
    const head = /^\d+: ([^:@\s]+)/.exec(text);
    if (head) {
      device = head[1];
      return { text, ...(devices.has(device) ? { used: true } : {}) };
    }
    if (!devices.has(device)) return { text };
    // On kube-ipvs0, only the Service address this packet went to; elsewhere, the whole device.
    if (device === 'kube-ipvs0') return { text, ...([...vips].some((v) => text.includes(` ${v}/32 `)) ? { used: true } : {}) };
    return { text, used: true };
  });
}
