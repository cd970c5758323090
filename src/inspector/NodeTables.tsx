import { useMemo } from 'react';
import { renderRoutes, renderSave } from '../engine';
import { useT } from '../i18n/useT';
import { selectHop, useStore } from '../store';

/**
 * The full `iptables-save` and `ip route` of the node the current hop is on, with the rules
 * this trace tested on that node marked.
 */
export function NodeTables() {
  const t = useT();
  const hop = useStore(selectHop);
  const cluster = useStore((s) => s.cluster);
  const hops = useStore((s) => s.trace.hops);
  const node = hop?.at.startsWith('node/') ? hop.at.slice(5) : undefined;
  const dp = cluster.nodeDataplanes.find((d) => d.node === node);
  const { lines, used } = useMemo(() => {
    if (!dp) return { lines: [], used: new Set<string>() };
    // A fixed date: the text should not change each time it is opened.
    const text = renderSave(dp.tables, { date: new Date(Date.UTC(2026, 0, 1)) });
    const usedRules = new Set<string>();
    for (const h of hops) {
      if (h.at !== `node/${dp.node}`) continue;
      for (const r of h.netfilter?.rules ?? []) if (r.matched) usedRules.add(r.text);
    }
    return { lines: text.trimEnd().split('\n'), used: usedRules };
  }, [dp, hops]);
  if (!dp) return null;
  return (
    <details className="node-tables">
      <summary>{t('inspector.showIptables', { node: dp.node })}</summary>
      <pre className="iptables-save" data-testid="iptables-save">
        {lines.map((l, i) => (
          <div key={i} className={used.has(l) ? 'is-used' : undefined}>{l}</div>
        ))}
      </pre>
      <pre className="ip-route">{renderRoutes(dp.routes)}</pre>
    </details>
  );
}
