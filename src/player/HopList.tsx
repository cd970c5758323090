import { useEffect, useRef } from 'react';
import { useMessage, useT } from '../i18n/useT';
import { useStore } from '../store';

/** Every hop of the trace, request then reply; the current one is marked; a click seeks to it. */
export function HopList() {
  const t = useT();
  const m = useMessage();
  const hops = useStore((s) => s.trace.hops);
  const replyStart = useStore((s) => s.trace.replyStart);
  const step = useStore((s) => s.player.step);
  const dispatch = useStore((s) => s.dispatch);
  const current = useRef<HTMLLIElement>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest' });
  }, [step]);
  return (
    <section className="panel hops" aria-label={t('hops.title')}>
      <h2 className="panel-title">{t('hops.title')}</h2>
      <ol className="hop-list" data-testid="hop-list">
        {hops.map((hop, i) => (
          <li
            key={i}
            ref={i === step ? current : undefined}
            className={`hop hop-${hop.kind}${i === step ? ' is-current' : ''}${i < step ? ' is-past' : ''}${hop.phase === 'reply' ? ' is-reply' : ''}`}
            aria-current={i === step ? 'step' : undefined}
          >
            {i === replyStart && <div className="hop-phase">{t('hops.reply')}</div>}
            {i === 0 && <div className="hop-phase">{t('hops.request')}</div>}
            <button type="button" className="hop-button" onClick={() => dispatch({ type: 'seek', step: i })}>
              <span className="hop-n">{i + 1}</span>
              <span className="hop-at">{hop.at.replace(/^(node|pod|external)\//, '')}</span>
              <span className="hop-title">{m(hop.title)}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
