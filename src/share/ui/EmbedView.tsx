import { useEffect, useState } from 'react';
import { Canvas } from '../../canvas/Canvas';
import { useMessage, useT } from '../../i18n/useT';
import { Player } from '../../player/Player';
import { selectHop, useStore } from '../../store';
import { atLessonStep, findLesson, stepState } from '../lessonRef';
import { makeLinks } from '../session';
import { useLessons } from '../../app/useLessons';
import { NoticeBar } from './NoticeBar';
import '../share.css';

/**
 * The player alone, for a course page's iframe: the diagram, what the current hop does, the
 * controls, and the lesson's steps when the session is one. Nothing can be edited and nothing
 * is saved; "Open in Podpath" opens the same session in the full app.
 */
export function EmbedView() {
  const t = useT();
  const m = useMessage();
  const pending = useStore((s) => s.linkPending);
  const hop = useStore(selectHop);
  const lang = useStore((s) => s.lang);
  const lessonRef = useStore((s) => s.lesson);
  const text = useStore((s) => s.text);
  const request = useStore((s) => s.request);
  const step = useStore((s) => s.player.step);
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => void makeLinks(useStore.getState()).then((l) => setHref(l.link)), 300);
    return () => clearTimeout(timer);
  }, [text, request, step, lessonRef]);
  // A lesson other than the default is known once the lessons are fetched; this re-renders then.
  useLessons();
  const lesson = findLesson(lessonRef?.id);
  const steps = lesson?.steps ?? [];
  const onStep = lessonRef && lesson && steps.length > 0 && atLessonStep({ text, request }, lessonRef);
  const go = (n: number) => {
    const at = stepState(lesson!, n);
    useStore.getState().replaceDocument({ ...at, lesson: { id: lesson!.id, step: n } }, { why: { kind: 'lesson', lesson: { id: lesson!.id, step: n } } });
  };
  const local = (l: { en: string; zh: string }) => (lang === 'zh-CN' ? l.zh : l.en);
  return (
    <div className="embed" data-testid="embed" aria-label={t('share.embed.aria')}>
      <header className="embed-head">
        <span className="logo" aria-hidden="true">◉</span>
        <strong>{t('app.title')}</strong>
        {lesson && <span className="embed-lesson">{local(lesson.title)}</span>}
        <a className="embed-open" href={href} target="_blank" rel="noopener" aria-disabled={!href}>{t('share.embed.open')} ↗</a>
      </header>
      <NoticeBar />
      {pending ? (
        <div className="embed-loading">{t('share.embed.loading')}</div>
      ) : (
        <>
          {onStep && (
            <div className="embed-steps" data-testid="embed-steps">
              <button type="button" className="btn" disabled={lessonRef.step === 0} onClick={() => go(lessonRef.step - 1)}>◀ {t('share.embed.prevStep')}</button>
              <span className="embed-step-text">
                <strong>{t('share.embed.step', { n: lessonRef.step + 1, total: steps.length })}</strong> {local(steps[lessonRef.step].text)}
              </span>
              <button type="button" className="btn" disabled={lessonRef.step >= steps.length - 1} onClick={() => go(lessonRef.step + 1)}>{t('share.embed.nextStep')} ▶</button>
            </div>
          )}
          <div className="embed-stage">
            <Canvas />
          </div>
          <p className="embed-caption" aria-live="polite" data-testid="narration">
            {hop && (
              <>
                <strong>{m(hop.title)}</strong> {m(hop.explain)}
              </>
            )}
          </p>
          <Player />
        </>
      )}
    </div>
  );
}
