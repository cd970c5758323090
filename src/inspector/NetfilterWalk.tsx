import type { Hop, RuleLine } from '../engine';
import { useMessage, useT } from '../i18n/useT';
import { useStore } from '../store';
import { stepName, walkTo } from './walk';

/** The chains the packet went through on this host to get here; each step seeks to its hop. */
export function NetfilterWalk({ hop }: { hop: Hop }) {
  const t = useT();
  const m = useMessage();
  const hops = useStore((s) => s.trace.hops);
  const dispatch = useStore((s) => s.dispatch);
  const walk = walkTo(hops, hop.index);
  if (!walk) return null;
  return (
    <>
      <h3>{t(walk.before ? 'inspector.walkBefore' : 'inspector.walk', { host: hop.at.replace(/^node\//, '') })}</h3>
      <ol className="nf-walk" data-testid="nf-walk">
        {walk.steps.map((i) => (
          <li key={i} className={i === hop.index ? 'is-current' : undefined}>
            <button type="button" className="nf-step" aria-current={i === hop.index ? 'step' : undefined} title={m(hops[i].title)} onClick={() => dispatch({ type: 'seek', step: i })}>
              <span className="nf-chain">{stepName(hops[i])}</span>
              <span className="nf-verdict">{m(hops[i].title).replace(/^(nat|filter|mangle) \S+(: | → )?/, '')}</span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The rules tested in the hop's chain, each with the matches that held or failed, and its object. */
export function RuleList({ hop }: { hop: Hop }) {
  const t = useT();
  const nf = hop.netfilter;
  if (!nf) return null;
  return (
    <>
      <h3>{t('inspector.rules', { table: nf.table, chain: nf.chain })}</h3>
      <ol className="rules" data-testid="rules">
        {nf.rules.map((r, i) => (
          <Rule key={i} rule={r} />
        ))}
      </ol>
    </>
  );
}

function Rule({ rule }: { rule: RuleLine }) {
  const t = useT();
  const m = useMessage();
  const focus = useStore((s) => s.focus?.object);
  const setFocus = useStore((s) => s.setFocus);
  const p = rule.provenance;
  const linked = !!p && p.object === focus;
  return (
    <li className={`${rule.matched ? 'is-matched' : 'is-unmatched'}${linked ? ' is-linked' : ''}`}>
      <code className="rule-text">{rule.text}</code>
      <span className="rule-verdict">{rule.matched ? `✓ ${t('inspector.matched')}` : `✗ ${t('inspector.notMatched')}`}</span>
      {p && (
        <button type="button" className="link-button rule-source" onClick={() => setFocus({ object: p.object, range: p.range, source: 'rule' })}>
          {p.range.start.line > 0 ? t('inspector.ruleFrom', { object: p.object, line: p.range.start.line }) : t('inspector.sourceSystem', { object: p.object })}
        </button>
      )}
      {rule.matches.length > 0 && (
        <ul className="why">
          {rule.matches.map((x, j) => (
            <li key={j} className={x.held ? 'held' : 'failed'}>{x.held ? '✓' : '✗'} {m(x.why)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
