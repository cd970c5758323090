import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { HISTORY_MAX, type HistoryEntry } from '../store/history';
import { formatTime, reasonMessage } from './historyText';
import { useLessons } from './useLessons';
import { formatSize } from './size';
import { useModal } from './useModal';
import './History.css';

/** Earlier versions: the documents links, lessons, files and resets replaced, each restorable. */
export function HistoryDialog() {
  const t = useT();
  const open = useStore((s) => s.historyOpen);
  const history = useStore((s) => s.history);
  // The reasons name lessons by title: fetch them with the dialog (the list re-renders when they come).
  useLessons(open);
  const setOpen = useStore((s) => s.setHistoryOpen);
  const { dialog, returnFocus } = useModal(open, '[data-command="history"]');
  return (
    <dialog ref={dialog} className="history-dialog" aria-labelledby="history-title" data-testid="history-dialog" onClose={() => {
      setOpen(false);
      returnFocus();
    }}>
      <h2 id="history-title">{t('history.title')}</h2>
      <p className="history-intro">{t('history.intro', { max: HISTORY_MAX })}</p>
      {history.length === 0 ? (
        <p className="muted" data-testid="history-empty">{t('history.empty')}</p>
      ) : (
        <ol className="history-list" data-testid="history-list">
          {history.map((e) => <Entry key={e.id} entry={e} />)}
        </ol>
      )}
      <form method="dialog" className="history-actions">
        <button className="btn btn-primary" type="submit">{t('history.close')}</button>
      </form>
    </dialog>
  );
}

function Entry({ entry }: { entry: HistoryEntry }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const restore = useStore((s) => s.restoreVersion);
  const why = reasonMessage(entry.why, lang);
  const time = formatTime(entry.at, lang);
  const reason = t(why.key, why.params);
  return (
    <li className="history-entry" data-testid="history-entry" data-why={entry.why.kind}>
      <div className="history-text">
        <div className="history-why">{reason}</div>
        <div className="history-meta muted">
          <time dateTime={new Date(entry.at).toISOString()}>{time}</time> · {t('history.meta', { lines: entry.lines.toLocaleString(lang), size: formatSize(entry.size, lang), from: entry.request.from, to: entry.request.to })}
        </div>
        {entry.unsaved && <div className="history-unsaved">{t('history.notSaved')}</div>}
      </div>
      <button type="button" className="btn" aria-label={t('history.restoreLabel', { why: reason, time })} onClick={() => void restore(entry.id)}>
        {t('history.restore')}
      </button>
    </li>
  );
}
