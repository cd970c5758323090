import { memo, useEffect, useRef, type RefObject } from 'react';
import type { Hop } from '../engine';
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
  const hops = useStore((s) => s.trace.hops);
  const replyStart = useStore((s) => s.trace.replyStart);
  const step = useStore((s) => s.player.step);
  const links = useStore(selectLinks);
  const current = useRef<HTMLLIElement>(null);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    // In the next frame, whose layout is already done (reading it now would force one in the
    // middle of the hop's commit): the current hop is scrolled into view the least distance that
    // shows it whole (block 'nearest'), under the sticky column heads; smoothly, unless the user
    // asked for reduced motion. Also when the hops arrive after the step (a restored link at hop
    // 10 is at step 10 before its trace is built) and when the panel changes size.
    const frame = requestAnimationFrame(() => keepInView(box.current, current.current, true));
    return () => cancelAnimationFrame(frame);
  }, [step, hops]);
  useEffect(() => {
    // The box changes size (the lesson panel folds, the window), and so do the rows: a row set
    // bold as the current one may take another line, in a render after the step's (the player
    // finishing). Either way the current hop is brought back into view; at once the first time.
    const list = box.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    let first = true;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      const animate = !first;
      first = false;
      frame = requestAnimationFrame(() => keepInView(box.current, current.current, animate));
    });
    observer.observe(list);
    const rows = list.querySelector('.hop-list');
    if (rows) observer.observe(rows);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);
  return (
    <section ref={box} className="panel hops" aria-label={t('hops.title')}>
      <h2 className="panel-title">{t('hops.title')}</h2>
      <div className="hop-head" aria-hidden="true">
        <span>#</span>
        <span>{t('hops.where')}</span>
        <span>{t('hops.what')}</span>
        <span title={t('hops.timeHint')}>{t('hops.time')}</span>
      </div>
      <ol className="hop-list" data-testid="hop-list">
        {hops.map((hop, i) => (
          <HopRow key={i} hop={hop} i={i} at={i === step ? 'current' : i < step ? 'past' : 'ahead'} replyStart={replyStart} linked={!!links?.hops.has(i)} rowRef={i === step ? current : undefined} />
        ))}
      </ol>
    </section>
  );
}

/** Room kept around the current row: the hop before it shows a little, and its focus ring. */
const MARGIN = 6;

/**
 * Scrolls `list` the least distance that shows `row` whole below the sticky column heads
 * (scrollIntoView's block 'nearest', but of this box only: the side column and the page never
 * scroll). A row taller than the box goes to its top.
 */
export function keepInView(list: HTMLElement | null, row: HTMLElement | null, animate: boolean) {
  if (!list || !row) return;
  const from = list.scrollTop;
  let delta = distanceToView(list, row);
  if (Math.abs(delta) < 1) return;
  // The column heads are sticky: where they end depends on how far the list is scrolled (at the
  // top they sit under the title, scrolled they stick higher). Measured once more at the place
  // the first measure leads to, the second distance is the right one.
  list.scrollTop = from + delta;
  delta = list.scrollTop - from + distanceToView(list, row);
  list.scrollTop = from;
  if (Math.abs(delta) < 1) return;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  const target = from + delta;
  if (typeof list.scrollTo === 'function') list.scrollTo({ top: target, behavior: animate && !reduced ? 'smooth' : 'instant' });
  else list.scrollTop = target;
}

/** How far `list` must scroll (down, positive) for `row` to show whole below the heads as they are now. */
function distanceToView(list: HTMLElement, row: HTMLElement): number {
  const r = row.getBoundingClientRect();
  const b = list.getBoundingClientRect();
  const top = Math.max(b.top, list.querySelector('.hop-head')?.getBoundingClientRect().bottom ?? b.top) + MARGIN;
  const bottom = b.bottom - MARGIN;
  if (r.top < top || r.height > bottom - top) return r.top - top;
  if (r.bottom > bottom) return r.bottom - bottom;
  return 0;
}

/** One hop of the list; memoized, so a step re-renders the two rows whose mark changed, not all. */
const HopRow = memo(function HopRow({ hop, i, at, replyStart, linked, rowRef }: {
  hop: Hop;
  i: number;
  at: 'current' | 'past' | 'ahead';
  replyStart: number;
  linked: boolean;
  rowRef?: RefObject<HTMLLIElement | null>;
}) {
  const t = useT();
  const m = useMessage();
  const dispatch = useStore((s) => s.dispatch);
  return (
    <li
      ref={rowRef}
      className={`hop hop-${hop.kind}${at === 'current' ? ' is-current' : ''}${at === 'past' ? ' is-past' : ''}${hop.phase === 'reply' ? ' is-reply' : ''}${linked ? ' is-linked' : ''}`}
      data-index={i}
    >
      {i === 0 && <div className="hop-phase">{t('hops.request')}</div>}
      {i === replyStart && <div className="hop-phase hop-phase-reply">{t('hops.reply')}</div>}
      <button type="button" className="hop-button" aria-current={at === 'current' ? 'step' : undefined} onClick={() => dispatch({ type: 'seek', step: i })}>
        <span className="hop-n">{i + 1}</span>
        <span className="hop-at">{hop.at.replace(/^(node|pod|external)\/(default\/)?/, '')}</span>
        <span className="hop-title">{m(hop.title)}</span>
        <span className="hop-time">{hopTime(i)} s</span>
      </button>
    </li>
  );
});
