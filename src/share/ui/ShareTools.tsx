import { useT } from '../../i18n/useT';
import { shareCommands } from '../commands';
import { CommandButton } from '../../commands/CommandButton';
import { ExportMenu } from './ExportMenu';
import { OfflineBadge } from './OfflineBadge';
import { ShareDialog } from './ShareDialog';
import '../share.css';

/** Share, Open, Save, Export and the offline status, in the header (their Ctrl/⌘ shortcuts: useCommandKeys). */
export function ShareTools() {
  const t = useT();
  return (
    <div className="share-tools" role="toolbar" aria-label={t('share.tools')} data-testid="share-tools">
      {shareCommands.map((c) => (
        <CommandButton key={c.id} command={c} className="btn btn-tool" showLabel labelClass="tool-label" />
      ))}
      <ExportMenu />
      <OfflineBadge />
      <ShareDialog />
    </div>
  );
}
