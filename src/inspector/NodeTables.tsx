import { useEffect, useMemo, useRef, useState } from 'react';
import type { Cluster, Hop } from '../engine';
import { useT } from '../i18n/useT';
import { useStore, whenNodeTables } from '../store';
import { hasTables, nftLines } from '../worker/pack';
import { useModal } from '../app/useModal';
import type { ViewKind, ViewLine } from './nodeViews';

/**
 * The views' renderers (nodeViews.ts: iptables-save, ipvsadm, ip route and addr, as the tools
 * print them) load when the tables are first opened: they carry the engine's renderers, which
 * the page's first script does without.
 */
type Views = typeof import('./nodeViews');
let views: Promise<Views> | undefined;
function useViews(wanted: boolean): Views | undefined {
  const [loaded, setLoaded] = useState<Views>();
  useEffect(() => {
    if (!wanted || loaded) return;
    let live = true;
    void (views ??= import('./nodeViews')).then((m) => live && setLoaded(m));
    return () => {
      live = false;
    };
  }, [wanted, loaded]);
  return loaded;
}

const COMMANDS: Record<ViewKind, string> = { iptables: 'iptables-save', ipvsadm: 'ipvsadm -Ln', nft: 'nft list ruleset', route: 'ip route', addr: 'ip addr' };

/** The views a node has: kube-proxy's own first (nftables mode's ruleset, IPVS's virtual servers), then iptables, routes, addresses. */
function viewsOf(mode: Cluster['settings']['proxy']['mode']): ViewKind[] {
  if (mode === 'nftables') return ['nft', 'iptables', 'route', 'addr'];
  if (mode === 'ipvs') return ['iptables', 'ipvsadm', 'route', 'addr'];
  return ['iptables', 'route', 'addr'];
}

/** The node a hop is on: its own, its pod's, or the nearest node the packet was on. */
function nodeOf(cluster: Cluster, hops: Hop[], hop: Hop): string | undefined {
  const of = (h: Hop) => (h.at.startsWith('node/') ? h.at.slice(5) : h.at.startsWith('pod/') ? cluster.pods.find((p) => `pod/${p.namespace}/${p.name}` === h.at)?.node : undefined);
  for (let d = 0; d < hops.length; d++) {
    const n = of(hops[hop.index - d] ?? hop) ?? of(hops[hop.index + d] ?? hop);
    if (n) return n;
  }
  return undefined;
}

/**
 * A node's full `iptables-save`, `ipvsadm -Ln` (IPVS mode), `ip route` and `ip addr`, with the
 * lines this trace used marked; a line written from a YAML object shows that object.
 */
export function NodeTables({ hop }: { hop: Hop }) {
  const t = useT();
  const cluster = useStore((s) => s.cluster);
  const hops = useStore((s) => s.trace.hops);
  const tablesVersion = useStore((s) => s.tablesVersion);
  const [picked, setPicked] = useState<string | undefined>();
  const [kind, setKind] = useState<ViewKind | undefined>();
  const [onlyUsed, setOnlyUsed] = useState(false);
  // A node's iptables-save runs to thousands of lines on a large cluster: made only when shown.
  const [open, setOpen] = useState(false);
  const [large, setLarge] = useState(false);
  const node = picked && cluster.nodes.some((n) => n.name === picked) ? picked : nodeOf(cluster, hops, hop);
  // A large build's tables of a node come from the worker when asked for (pack.ts): shown when they are in.
  const pending = useStore((s) => node !== undefined && !hasTables(s.cluster, node));
  useEffect(() => {
    if ((open || large) && pending && node !== undefined) whenNodeTables(node, () => undefined);
  }, [open, large, pending, node]);
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  const kinds = viewsOf(cluster.settings.proxy.mode);
  const shown = kind && kinds.includes(kind) ? kind : kinds[0];
  const tableView = shown !== 'route' && shown !== 'addr';
  const v = useViews(open || large);
  const lines = useMemo((): ViewLine[] => {
    if (!v || !dp || !(open || large) || (pending && tableView)) return [];
    if (shown === 'iptables') return v.iptablesView(dp, hops);
    if (shown === 'ipvsadm') return v.ipvsadmView(dp, hops);
    if (shown === 'nft') return v.nftView(dp.node, nftLines(dp) ?? [], hops);
    if (shown === 'route') return v.routeView(dp, hops);
    return v.addrView(cluster, dp, hops);
  }, [v, dp, hops, shown, tableView, cluster, open, large, pending, tablesVersion]);
  const { dialog, returnFocus } = useModal(large, '[data-testid="tables-enlarge"]');
  if (!dp) return null;
  const title = t('inspector.nodeTables', { node: dp.node });
  const body = (prefix: string) => (
    <>
      <div className="node-tables-bar">
        <label>
          {t('inspector.node')}{' '}
          <select data-testid={`${prefix}node-pick`} value={dp.node} onChange={(e) => setPicked(e.target.value)}>
            {cluster.nodes.map((n) => <option key={n.name} value={n.name}>{n.name}</option>)}
          </select>
        </label>
        <label className="only-used">
          <input type="checkbox" checked={onlyUsed} onChange={(e) => setOnlyUsed(e.target.checked)} /> {t('inspector.onlyUsed')}
        </label>
        {!prefix && <button type="button" className="btn btn-small" data-testid="tables-enlarge" onClick={() => setLarge(true)}>{t('inspector.tablesEnlarge')}</button>}
      </div>
      <div role="tablist" aria-label={title} className="view-tabs">
        {kinds.map((k) => (
          <button key={k} type="button" role="tab" id={`${prefix}view-tab-${k}`} aria-selected={k === shown} aria-controls={`${prefix}view-panel`} className={`view-tab${k === shown ? ' is-selected' : ''}`} onClick={() => setKind(k)}>
            {COMMANDS[k]}
          </button>
        ))}
      </div>
      {pending && tableView && <p className="node-tables-pending" role="status">{t('inspector.tablesPending')}</p>}
      {v && <ViewText id={`${prefix}view-panel`} labelledBy={`${prefix}view-tab-${shown}`} kind={shown} testid={`${prefix}view-${shown}`} lines={onlyUsed ? v.onlyUsedLines(shown, lines) : lines} />}
    </>
  );
  return (
    <>
      <details className="node-tables" data-testid="node-tables" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{title}</summary>
        {open && body('')}
      </details>
      {/* Enlarged for the room: the same view over most of the screen, in type read from the back. */}
      <dialog ref={dialog} className="tables-large" aria-label={title} data-testid="tables-large" onClose={() => {
        setLarge(false);
        returnFocus();
      }}>
        {/* Its content only while open: a closed dialog's heading would be a second "Tables of …" on the page. */}
        {large && (
          <>
            <div className="tables-large-head">
              <h2>{title}</h2>
              <button type="button" className="btn" onClick={() => setLarge(false)}>{t('lesson.close')}</button>
            </div>
            {body('large-')}
          </>
        )}
      </dialog>
    </>
  );
}

function ViewText({ id, labelledBy, kind, testid, lines }: { id: string; labelledBy: string; kind: ViewKind; testid: string; lines: ViewLine[] }) {
  const t = useT();
  const focus = useStore((s) => s.focus?.object);
  const setFocus = useStore((s) => s.setFocus);
  const box = useRef<HTMLPreElement>(null);
  const firstUsed = lines.findIndex((l) => l.used);
  useEffect(() => {
    // Open on the first line this trace used, within the box (the page does not move).
    const pre = box.current;
    const line = pre?.children[firstUsed] as HTMLElement | undefined;
    if (pre && line) pre.scrollTop = Math.max(0, line.offsetTop - 24); // the box is the lines' offset parent
  }, [kind, firstUsed]);
  return (
    <pre ref={box} className="view-text" id={id} role="tabpanel" aria-labelledby={labelledBy} data-testid={testid} tabIndex={0}>
      {lines.map((l, i) => {
        const cls = `${l.used ? 'is-used' : ''}${l.provenance && l.provenance.object === focus ? ' is-linked' : ''}` || undefined;
        const p = l.provenance;
        if (!p || p.range.start.line <= 0) return <div key={i} className={cls}>{l.text || ' '}</div>;
        return (
          <div key={i} className={cls}>
            <button type="button" className="line-link" title={t('inspector.ruleFrom', { object: p.object, line: p.range.start.line })} onClick={() => setFocus({ object: p.object, range: p.range, source: 'rule' })}>
              {l.text}
            </button>
          </div>
        );
      })}
    </pre>
  );
}
