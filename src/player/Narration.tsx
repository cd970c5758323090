import { useMessage, useT } from '../i18n/useT';
import { selectHop, useStore } from '../store';

/**
 * The current hop in words, for screen readers (a polite live region) and, in presenter mode,
 * as the caption the class reads. One region in the page, so nothing is announced twice.
 */
export function Narration({ caption = false }: { caption?: boolean }) {
  const t = useT();
  const m = useMessage();
  const hop = useStore(selectHop);
  const total = useStore((s) => s.trace.hops.length);
  const outcome = useStore((s) => s.trace.outcomeMessage);
  const last = hop && hop.index === total - 1;
  return (
    <div className={caption ? 'narration-caption' : 'visually-hidden'} tabIndex={caption ? 0 : undefined} aria-live="polite" aria-atomic="true" data-testid="narration">
      {hop ? (
        <>
          <p className="narration-title">
            {t('narration.hop', { n: hop.index + 1, total, where: hop.at.replace(/^(node|pod|external)\/(default\/)?/, '') })}{' '}
            <strong>{m(hop.title)}</strong>
          </p>
          <p className="narration-explain">{m(hop.explain)}</p>
          {last && <p className="narration-outcome">{m(outcome)}</p>}
        </>
      ) : (
        <p>{m(outcome)}</p>
      )}
    </div>
  );
}
