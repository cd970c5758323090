import { Icon } from '../../app/Icon';
import { useT } from '../../i18n/useT';
import { useStore } from '../../store';

/** Whether Podpath would open now without a network: a teacher checks this before leaving home. */
export function OfflineBadge() {
  const t = useT();
  const status = useStore((s) => s.offline);
  if (status === 'update') return null;
  const ready = status === 'ready' || status === 'file';
  return (
    <span className={`offline-badge offline-${status}`} data-testid="offline-status" data-status={status} title={t(`share.offline.${status}Title`)} role="status" aria-label={t(`share.offline.${status}`)}>
      <Icon name={ready ? 'cloudDone' : 'cloudOff'} size={14} /> <span className="tool-label">{t(`share.offline.${status}`)}</span>
    </span>
  );
}
