import { useState } from 'react';
import type { Hop, RuleLine } from '../engine';
import { useMessage, useT } from '../i18n/useT';
import { useStore } from '../store';
import { foldRules, nftLookups, stepName, stepOutcome, walkTo } from './walk';

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
              <span className="nf-verdict">{stepOutcome(m(hops[i].title))}</span>
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
  const focus = useStore((s) => s.focus?.object);
  const nf = hop.netfilter;
  if (!nf) return null;
  const rows = foldRules(nf.rules, (r) => !!r.provenance && r.provenance.object === focus);
  return (
    <>
      <h3>{t('inspector.rules', { table: nf.table, chain: nf.chain })}</h3>
      <ol className="rules" data-testid="rules">
        {rows.map((row) =>
          row.kind === 'rule' ? (
            <Rule key={row.position} rule={row.rule} position={row.position} />
          ) : (
            // Keyed by hop too: a fold opened on one hop is closed again on the next.
            <RuleFold key={`${hop.index}-${row.position}`} rules={row.rules} position={row.position} />
          ),
        )}
      </ol>
    </>
  );
}

/** A run of rules that did not match, as one row; its rules are made only when it is opened. */
function RuleFold({ rules, position }: { rules: RuleLine[]; position: number }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <li className="rules-fold" data-testid="rules-fold">
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('inspector.rulesFolded', { count: rules.length, first: position, last: position + rules.length - 1 })}</summary>
        {open && (
          <ol className="rules" start={position}>
            {rules.map((r, i) => (
              <Rule key={i} rule={r} position={position + i} />
            ))}
          </ol>
        )}
      </details>
    </li>
  );
}

function Rule({ rule, position }: { rule: RuleLine; position: number }) {
  const t = useT();
  const m = useMessage();
  const focus = useStore((s) => s.focus?.object);
  const setFocus = useStore((s) => s.setFocus);
  const p = rule.provenance;
  const linked = !!p && p.object === focus;
  const lookups = nftLookups(rule);
  return (
    <li value={position} className={`${rule.matched ? 'is-matched' : 'is-unmatched'}${linked ? ' is-linked' : ''}`}>
      <code className="rule-text">{rule.text}</code>
      {lookups.length > 0 && (
        // The set and map elements the rule found: a verdict map's element is what sent the packet on.
        <ul className="nft-elements" data-testid="nft-elements">
          {lookups.map((l, j) => (
            <li key={j}>
              {t(l.kind === 'map' ? 'inspector.nftMapElement' : 'inspector.nftSetElement', { set: l.set })} <code>{l.value !== undefined ? `${l.key} : ${l.value}` : l.key}</code>
            </li>
          ))}
        </ul>
      )}
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
