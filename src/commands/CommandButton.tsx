/** A command record as a button: its label (the accessible name), icon, keys, state, action. */
import { useCallback } from 'react';
import { Icon } from '../app/Icon';
import { useT } from '../i18n/useT';
import { useStore, type AppState } from '../store';
import { keyLabel, type Command } from './registry';

/** A command's label in the current language. */
export function useCommandLabel() {
  const t = useT();
  return useCallback((c: Command, s: AppState) => t(c.label(s), c.params?.(s)), [t]);
}

interface Props {
  command: Command;
  className?: string;
  /** Show the label beside the icon (icon-only buttons still carry it as their name). */
  showLabel?: boolean;
  onDone?: () => void;
}

export function CommandButton({ command, className = 'btn', showLabel = false, onDone }: Props) {
  const label = useCommandLabel();
  const text = useStore((s) => label(command, s));
  const enabled = useStore((s) => command.enabled(s));
  const pressed = useStore((s) => command.pressed?.(s));
  const icon = useStore((s) => command.icon(s));
  const keys = command.keys.map(keyLabel).join(', ');
  return (
    <button
      type="button"
      className={className}
      data-command={command.id}
      aria-label={showLabel ? undefined : text}
      aria-pressed={pressed === undefined ? undefined : pressed}
      aria-keyshortcuts={command.keys.length ? command.keys.map((k) => (k === ' ' ? 'Space' : k.replace('Mod+', 'Control+'))).join(' ') : undefined}
      title={keys ? `${text} (${keys})` : text}
      disabled={!enabled}
      onClick={() => {
        command.perform(useStore.getState());
        onDone?.();
      }}
    >
      <Icon name={icon} />
      {showLabel && <span>{text}</span>}
    </button>
  );
}
