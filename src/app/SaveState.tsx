import { useT } from '../i18n/useT';
import { useStore } from '../store';
import './SaveState.css';

/** Beside the editor's title: whether the manifests are kept in this browser, and if not, why. */
export function SaveState() {
  const t = useT();
  const status = useStore((s) => s.saveStatus);
  if (status.state === 'saved') return <span className="muted small save-state" data-testid="save-state" data-state="saved">· {t('editor.saved')}</span>;
  if (status.state === 'saving') return <span className="muted small save-state" data-testid="save-state" data-state="saving">· {t('editor.saving')}</span>;
  return (
    <span className="small save-state save-failed" role="alert" data-testid="save-state" data-state="failed" data-problem={status.problem} title={t('editor.notSavedHint')}>
      · {t('editor.notSaved', { reason: t(`editor.problem.${status.problem}`) })}
    </span>
  );
}
