import { useEffect, useRef } from 'react';
import { useT } from '../i18n/useT';
import { lessons } from '../lessons';
import { useStore } from '../store';
import './Lessons.css';

/** The list of lessons, as a modal dialog: title, articles, steps and summary of each. */
export function LessonPicker() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const open = useStore((s) => s.pickerOpen);
  const current = useStore((s) => s.lesson.id);
  const setPickerOpen = useStore((s) => s.setPickerOpen);
  const loadLesson = useStore((s) => s.loadLesson);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      d.querySelector<HTMLButtonElement>('.lesson-card.is-current, .lesson-card')?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="lesson-picker" aria-labelledby="lesson-picker-title" data-testid="lesson-picker" onClose={() => setPickerOpen(false)}>
      <div className="lesson-picker-head">
        <h2 id="lesson-picker-title">{t('lesson.pickerTitle')}</h2>
        <button type="button" className="btn" onClick={() => setPickerOpen(false)}>{t('lesson.close')}</button>
      </div>
      <p className="muted">{t('lesson.pickerHint')}</p>
      <ol className="lesson-list">
        {lessons.map((l) => (
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
                {t('lesson.seeds', { seeds: (l.seeds ?? []).join(' · ') })} · {t('lesson.steps', { count: l.steps?.length ?? 0 })}
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
