import { isMessageKey } from '../i18n';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { useEffect } from 'react';
import { useLessons } from './useLessons';
import { useModal } from './useModal';
import './Lessons.css';

/** A seed article's title, as the card names it (its number where the catalogue has none). */
function articleTitle(t: ReturnType<typeof useT>, n: string): string {
  const key = `article.${n}`;
  return isMessageKey(key) ? t(key) : n;
}

/** The list of lessons, as a modal dialog: title, articles, steps and summary of each. */
export function LessonPicker() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const open = useStore((s) => s.pickerOpen);
  const current = useStore((s) => s.lesson.id);
  const setPickerOpen = useStore((s) => s.setPickerOpen);
  const loadLesson = useStore((s) => s.loadLesson);
  const lessons = useLessons(open);
  const focusCurrent = (d: HTMLDialogElement | null) => d?.querySelector<HTMLButtonElement>('.lesson-card.is-current, .lesson-card')?.focus();
  const { dialog, returnFocus } = useModal(open, '[data-command="lessonPicker"]', focusCurrent);
  // Opened before the lessons were fetched: the cards come a moment later, and focus with them.
  const arrived = !!lessons;
  useEffect(() => {
    if (open && arrived && !dialog.current?.contains(document.activeElement)) focusCurrent(dialog.current);
  }, [open, arrived, dialog]);
  return (
    <dialog ref={dialog} className="lesson-picker" aria-labelledby="lesson-picker-title" data-testid="lesson-picker" onClose={() => {
      setPickerOpen(false);
      returnFocus();
    }}>
      <div className="lesson-picker-head">
        <h2 id="lesson-picker-title">{t('lesson.pickerTitle')}</h2>
        <button type="button" className="btn" onClick={() => setPickerOpen(false)}>{t('lesson.close')}</button>
      </div>
      <p className="muted">{t('lesson.pickerHint')}</p>
      <ol className="lesson-list">
        {(lessons ?? []).map((l) => (
          <li key={l.id}>
            <button
              type="button"
              className={`lesson-card${l.id === current ? ' is-current' : ''}`}
              data-lesson={l.id}
              aria-current={l.id === current ? 'true' : undefined}
              onClick={() => loadLesson(l.id)}
            >
              <span className="lesson-card-title">{lang === 'zh-CN' ? l.title.zh : l.title.en}</span>
              <span className="lesson-card-meta">
                {l.seeds?.length ? <>{t('lesson.from', { articles: l.seeds.map((n) => articleTitle(t, n)).join(t('lesson.fromJoin')) })} · </> : null}
                {t('lesson.steps', { count: l.steps?.length ?? 0 })}
                {l.id === current && <> · <strong>{t('lesson.current')}</strong></>}
              </span>
              {l.summary && <span className="lesson-card-summary">{lang === 'zh-CN' ? l.summary.zh : l.summary.en}</span>}
            </button>
          </li>
        ))}
      </ol>
    </dialog>
  );
}
