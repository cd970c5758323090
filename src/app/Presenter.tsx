/**
 * Presenter mode: the canvas fills the screen (the editor and panels stay mounted but hidden,
 * so the editor keeps its undo history and only one clock runs), in large, high-contrast
 * type; the current hop is the caption; the keyboard drives it all (Space, ←, →, Home, End,
 * 1–9 for requests, F to follow, Esc or P to leave). It asks the browser for full screen, and
 * leaving full screen leaves presenter mode.
 */
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/useT';
import { Narration } from '../player/Narration';
import { REQUEST_COLORS } from '../player/requests';
import type { Localized } from '../lessons/types';
import { selectRequestList, selectRequestTraces, useStore } from '../store';
import { currentLesson, currentStep, stepChange, stepCount } from '../store/lesson';
import { StepChanged } from './StepChanged';

export function PresenterBar() {
  const t = useT();
  const entries = useStore(selectRequestList);
  const traces = useStore(selectRequestTraces);
  const active = useStore((s) => s.activeRequest);
  const step = useStore((s) => s.player.step);
  const total = useStore((s) => s.player.total);
  const status = useStore((s) => s.player.status);
  const bar = useRef<HTMLDivElement>(null);
  useFullScreen();
  useEffect(() => {
    // Keys go to the page, not to a button that kept focus when the mode changed.
    bar.current?.focus();
  }, []);
  return (
    <div className="presenter-bar" ref={bar} tabIndex={-1} data-testid="presenter" aria-label={t('presenter.title')} role="region">
      <ol className="presenter-requests" aria-label={t('requests.title')}>
        {entries.map((e, i) => (
          <li key={e.id} className={i === active ? 'is-active' : undefined} aria-current={i === active ? 'true' : undefined} style={{ ['--req' as string]: REQUEST_COLORS[e.color] }}>
            <span className="req-dot">{i + 1}</span> {e.request.to.replace(/^http:\/\//, '').replace(/\/$/, '')}
            <span className={`req-outcome outcome-${traces[i].outcome}`}>{t(`outcome.label.${traces[i].outcome}`)}</span>
          </li>
        ))}
      </ol>
      <span className="presenter-pos" data-testid="presenter-position">{t('player.position', { n: Math.min(step + 1, total), total })} · {t(`player.status.${status}`)}</span>
      <span className="presenter-keys">{t('presenter.keys')}</span>
    </div>
  );
}

/** Below the canvas, at a fixed height (the view does not re-zoom with the text's length): the hop, and the lesson's step. */
export function PresenterCaption() {
  return (
    <div className="presenter-bottom">
      <Narration caption />
      <PresenterLesson />
    </div>
  );
}

/** The lesson in presenter mode, as the embed player shows it: Step N of M, its text, its question; A shows the answer. */
function PresenterLesson() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const position = useStore((s) => s.lesson);
  const lesson = useStore(currentLesson);
  const step = useStore(currentStep);
  const total = useStore(stepCount);
  const changed = useStore(stepChange);
  if (!step) return null;
  const loc = (text: Localized) => (lang === 'zh-CN' ? text.zh : text.en);
  return (
    <section className="presenter-lesson" tabIndex={0} aria-label={t('app.lesson')} data-testid="presenter-lesson" data-step={position.step + 1}>
      <p className="presenter-lesson-head">
        <span className="lesson-step" data-testid="presenter-step">{t('lesson.stepOf', { n: position.step + 1, total })}</span> <strong>{loc(lesson.title)}</strong>
      </p>
      {changed && <StepChanged change={changed} />}
      <p className={`presenter-lesson-text${changed ? ' is-stale' : ''}`} aria-live="polite">{loc(step.text)}</p>
      {step.challenge && (
        <p className="presenter-question" data-testid="presenter-question">
          <strong>{t('lesson.challenge')}</strong> {loc(step.challenge.question)}
        </p>
      )}
      {step.challenge && position.answerShown && (
        <p className="presenter-answer" data-testid="presenter-answer" aria-live="polite">
          <strong>{t('lesson.answer')}</strong> {loc(step.challenge.answer)}
        </p>
      )}
      {step.challenge && !position.answerShown && <p className="presenter-hint">{t('lesson.presenterHint')}</p>}
    </section>
  );
}

function useFullScreen() {
  useEffect(() => {
    const root = document.documentElement;
    let entered = false;
    root.requestFullscreen?.().then(() => (entered = true), () => undefined);
    const onChange = () => {
      if (entered && !document.fullscreenElement) useStore.getState().setPresenter(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);
}
