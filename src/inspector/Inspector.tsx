import type { Hop } from '../engine';
import { useMessage, useT } from '../i18n/useT';
import { INSPECTOR_FRAMES, usePaced } from '../player/usePaced';
import { selectHop, useStore } from '../store';
import { NetfilterWalk, RuleList } from './NetfilterWalk';
import { NodeTables } from './NodeTables';
import { PacketTable } from './PacketTable';

/** Everything about the current hop: where, why, the packet, the rules, the route, the endpoints. */
export function Inspector() {
  const t = useT();
  const m = useMessage();
  const hop = usePaced(selectHop, INSPECTOR_FRAMES);
  if (!hop) return <section className="panel inspector" aria-label={t('inspector.title')}><p className="muted">{t('inspector.none')}</p></section>;
  return (
    <section className="panel inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <h2 className="panel-title">
        <span className="hop-n">{hop.index + 1}</span> {m(hop.title)} <span className={`phase-badge phase-${hop.phase}`}>{t(`hops.${hop.phase}`)}</span>
      </h2>
      <p className="explain">{m(hop.explain)}</p>
      {hop.policy && (
        <ul className="policy-verdicts" aria-label={t('inspector.policy')} data-testid="policy-verdicts">
          {hop.policy.map((d, i) => <li key={i} className={`policy-${d.verdict}`}>{m(d.message)}</li>)}
        </ul>
      )}
      <div className="where"><strong>{t('inspector.where')}:</strong> <code>{hop.at}</code></div>
      <h3>{t('inspector.packet')}</h3>
      <PacketTable before={hop.before} after={hop.after} />
      <Candidates hop={hop} />
      <NetfilterWalk hop={hop} />
      <RuleList hop={hop} />
      {hop.ipvs && (
        <>
          <h3>{t('inspector.ipvs')}</h3>
          <pre className="route-table" data-testid="ipvs-entry">
            <div>{hop.ipvs.service}</div>
            {hop.ipvs.reals.map((r, i) => (
              <div key={i} className={i === hop.ipvs!.chosen ? 'is-chosen' : ''}>  {r}{i === hop.ipvs!.chosen ? `   ← ${t('inspector.chosen')}` : ''}</div>
            ))}
          </pre>
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
          <pre className="conntrack" data-testid="conntrack">{hop.conntrack}</pre>
        </>
      )}
      <Sources hop={hop} />
      <NodeTables hop={hop} />
    </section>
  );
}

function Candidates({ hop }: { hop: Hop }) {
  const t = useT();
  if (!hop.candidates) return null;
  return (
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
  );
}

/** The YAML behind the hop; a click shows those lines in the editor. */
function Sources({ hop }: { hop: Hop }) {
  const t = useT();
  const setFocus = useStore((s) => s.setFocus);
  if (hop.provenance.length === 0) return null;
  return (
    <>
      <h3>{t('inspector.source')}</h3>
      <ul className="provenance" data-testid="provenance">
        {hop.provenance.map((p, i) => (
          <li key={i}>
            {p.range.start.line > 0 ? (
              <button type="button" className="link-button" onClick={() => setFocus({ object: p.object, range: p.range, source: 'hop' })}>
                {t('inspector.sourceLine', { object: p.object, line: p.range.start.line })}
              </button>
            ) : (
              t('inspector.sourceSystem', { object: p.object })
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
