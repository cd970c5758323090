import { useEffect, useRef } from 'react';
import { useMessage, useT } from '../i18n/useT';
import { selectLinks, useStore } from '../store';
import { stepDuration } from './machine';

/** When a hop comes on screen in a playback at 1×, in seconds: the event list's time column. */
export const hopTime = (index: number) => ((index * stepDuration(1)) / 1000).toFixed(1);

/**
 * The event list: every hop of the trace (where, what, when), the request and then the reply;
 * the current one is marked, hops shaped by the YAML object in focus too; a click seeks.
 */
export function HopList() {
  const t = useT();
  const m = useMessage();
  const hops = useStore((s) => s.trace.hops);
  const replyStart = useStore((s) => s.trace.replyStart);
  const step = useStore((s) => s.player.step);
  const links = useStore(selectLinks);
  const dispatch = useStore((s) => s.dispatch);
  const current = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // In the next frame, with that frame's layout, rather than forcing one inside the key handler.
    const frame = requestAnimationFrame(() => current.current?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [step]);
  return (
    <section className="panel hops" aria-label={t('hops.title')}>
      <h2 className="panel-title">{t('hops.title')}</h2>
      <div className="hop-head" aria-hidden="true">
        <span>#</span>
        <span>{t('hops.where')}</span>
        <span>{t('hops.what')}</span>
        <span title={t('hops.timeHint')}>{t('hops.time')}</span>
      </div>
      <ol className="hop-list" data-testid="hop-list">
        {hops.map((hop, i) => (
          <li
            key={i}
            ref={i === step ? current : undefined}
            className={`hop hop-${hop.kind}${i === step ? ' is-current' : ''}${i < step ? ' is-past' : ''}${hop.phase === 'reply' ? ' is-reply' : ''}${links?.hops.has(i) ? ' is-linked' : ''}`}
            data-index={i}
          >
            {i === 0 && <div className="hop-phase">{t('hops.request')}</div>}
            {i === replyStart && <div className="hop-phase hop-phase-reply">{t('hops.reply')}</div>}
            <button
              type="button"
              className="hop-button"
              aria-current={i === step ? 'step' : undefined}
              onClick={() => dispatch({ type: 'seek', step: i })}
            >
              <span className="hop-n">{i + 1}</span>
              <span className="hop-at">{hop.at.replace(/^(node|pod|external)\/(default\/)?/, '')}</span>
              <span className="hop-title">{m(hop.title)}</span>
              <span className="hop-time">{hopTime(i)} s</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
