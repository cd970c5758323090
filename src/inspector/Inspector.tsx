import { useMessage, useT } from '../i18n/useT';
import { selectHop, useStore } from '../store';
import { NodeTables } from './NodeTables';
import { PacketTable } from './PacketTable';

/** Everything about the current hop: where, why, the packet, the rules, the route, the endpoints. */
export function Inspector() {
  const t = useT();
  const m = useMessage();
  const hop = useStore(selectHop);
  if (!hop) return <section className="panel inspector"><p className="muted">{t('inspector.none')}</p></section>;
  return (
    <section className="panel inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <h2 className="panel-title">
        <span className="hop-n">{hop.index + 1}</span> {m(hop.title)}
      </h2>
      <p className="explain" aria-live="polite" data-testid="narration">{m(hop.explain)}</p>
      <div className="where"><strong>{t('inspector.where')}:</strong> <code>{hop.at}</code></div>
      <h3>{t('inspector.packet')}</h3>
      <PacketTable before={hop.before} after={hop.after} />
      {hop.candidates && (
        <>
          <h3>{t('inspector.candidates')}</h3>
          <ul className="candidates" data-testid="candidates">
            {hop.candidates.map((c, i) => (
              <li key={c.chain} className={i === hop.chosen ? 'is-chosen' : ''}>
                <span className="mono">{c.ip}:{c.port}</span> {c.pod ?? ''} {c.node ? `(${c.node})` : ''}
                <span className="prob">{(c.probability * 100).toFixed(1)}%</span>
                {i === hop.chosen && <strong> ← {t('inspector.chosen')}</strong>}
              </li>
            ))}
          </ul>
        </>
      )}
      {hop.netfilter && (
        <>
          <h3>{t('inspector.rules', { table: hop.netfilter.table, chain: hop.netfilter.chain })}</h3>
          <ol className="rules" data-testid="rules">
            {hop.netfilter.rules.map((r, i) => (
              <li key={i} className={r.matched ? 'is-matched' : 'is-unmatched'}>
                <code className="rule-text">{r.text}</code>
                <span className="rule-verdict">{r.matched ? `✓ ${t('inspector.matched')}` : `✗ ${t('inspector.notMatched')}`}</span>
                {r.matches.length > 0 && (
                  <ul className="why">
                    {r.matches.map((x, j) => (
                      <li key={j} className={x.held ? 'held' : 'failed'}>{x.held ? '✓' : '✗'} {m(x.why)}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {hop.route && (
        <>
          <h3>{t('inspector.route')}</h3>
          <pre className="route-table" data-testid="route-table">
            {hop.route.lines.map((l, i) => (
              <div key={i} className={i === hop.route!.chosen ? 'is-chosen' : ''}>{l}{i === hop.route!.chosen ? `   ← ${t('inspector.chosenRoute')}` : ''}</div>
            ))}
          </pre>
        </>
      )}
      {hop.conntrack && (
        <>
          <h3>{t('inspector.conntrack')}</h3>
          <pre className="conntrack">{hop.conntrack}</pre>
        </>
      )}
      <NodeTables />
      {hop.provenance.length > 0 && (
        <>
          <h3>{t('inspector.source')}</h3>
          <ul className="provenance">
            {hop.provenance.map((p, i) => (
              <li key={i}>
                {p.range.start.line > 0 ? t('inspector.sourceLine', { object: p.object, line: p.range.start.line }) : t('inspector.sourceSystem', { object: p.object })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
