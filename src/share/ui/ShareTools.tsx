import { useEffect } from 'react';
import { commandForChord } from '../../commands/registry';
import { useT } from '../../i18n/useT';
import { useStore } from '../../store';
import { shareCommands } from '../commands';
import { CommandButton } from './CommandButton';
import { ExportMenu } from './ExportMenu';
import { OfflineBadge } from './OfflineBadge';
import { ShareDialog } from './ShareDialog';
import '../share.css';

/** Share, Open, Save, Export and the offline status, in the header; their Ctrl/⌘ shortcuts. */
export function ShareTools() {
  const t = useT();
  useChords();
  return (
    <div className="share-tools" role="toolbar" aria-label={t('share.tools')} data-testid="share-tools">
      {shareCommands.map((c) => (
        <CommandButton key={c.id} command={c} />
      ))}
      <ExportMenu />
      <OfflineBadge />
      <ShareDialog />
    </div>
  );
}

/** Ctrl/⌘ chords work everywhere, the editor included (Ctrl+S saves the YAML, not the page). */
function useChords() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandForChord(e);
      const s = useStore.getState();
      if (!command || !command.enabled(s)) return;
      e.preventDefault();
      e.stopPropagation();
      command.perform(s);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
