import { Icon } from '../../app/Icon';
import type { Command } from '../../commands/registry';
import { useT } from '../../i18n/useT';
import { useStore } from '../../store';

/** A command as a button: its label, icon, shortcut in the tooltip, enabled state. */
export function CommandButton({ command, role, onDone }: { command: Command; role?: 'menuitem'; onDone?: () => void }) {
  const t = useT();
  // Re-render when anything the label or the enabled state reads changes.
  const s = useStore();
  const label = t(command.label(s), command.params?.(s));
  const shortcut = command.keys.map((k) => k.replace('Mod+', navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+').toUpperCase()).join(', ');
  const title = `${command.title ? t(command.title) : label}${shortcut ? ` (${shortcut})` : ''}`;
  return (
    <button
      type="button"
      className={role ? 'menu-item' : 'btn btn-tool'}
      role={role}
      data-command={command.id}
      title={title}
      aria-label={label}
      disabled={!command.enabled(s)}
      onClick={() => {
        command.perform(useStore.getState());
        onDone?.();
      }}
    >
      <Icon name={command.icon(s)} /> <span className={role ? 'menu-label' : 'tool-label'}>{label}</span>
    </button>
  );
}
