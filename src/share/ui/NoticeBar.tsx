import { useT } from '../../i18n/useT';
import { useStore } from '../../store';
import { cancelRecording } from '../commands';
import { applyUpdate } from '../offline/register';

/** What just happened (a link or a file opened, a broken link, an export running), with what can be done. */
export function NoticeBar() {
  const t = useT();
  const notice = useStore((s) => s.notice);
  const replaced = useStore((s) => s.replaced);
  const offline = useStore((s) => s.offline);
  const showNotice = useStore((s) => s.showNotice);
  const undo = useStore((s) => s.undoReplace);
  const shown = notice ?? (offline === 'update' ? { key: 'share.offline.update', tone: 'info' as const, action: 'reload' as const } : undefined);
  if (!shown) return null;
  return (
    <div className={`notice notice-${shown.tone}`} role={shown.tone === 'error' ? 'alert' : 'status'} data-testid="notice" data-key={shown.key}>
      <span className="notice-text">{t(shown.key, shown.params)}</span>
      {shown.tone === 'progress' && <progress max={1} value={shown.progress ?? 0} />}
      {shown.action === 'undo' && replaced && <button type="button" className="btn" onClick={undo}>{t('share.notice.undo')}</button>}
      {shown.action === 'reload' && <button type="button" className="btn btn-primary" onClick={applyUpdate}>{t('share.offline.reload')}</button>}
      {shown.action === 'cancel' && <button type="button" className="btn" onClick={cancelRecording}>{t('share.notice.cancel')}</button>}
      {shown.tone !== 'progress' && notice && (
        <button type="button" className="notice-close" aria-label={t('share.notice.dismiss')} title={t('share.notice.dismiss')} onClick={() => showNotice(undefined)}>×</button>
      )}
    </div>
  );
}
