/** A command record as a button: its label (the accessible name), icon, keys, state, action. */
import { useCallback } from 'react';
import { Icon } from '../app/Icon';
import { useT } from '../i18n/useT';
import { useStore, type AppState } from '../store';
import { command as commandById, keyLabel, type Command } from './registry';

/** A command's label in the current language. */
export function useCommandLabel() {
  const t = useT();
  return useCallback((c: Command, s: AppState) => t(c.label(s), c.params?.(s)), [t]);
}

interface Props {
  /** The record, or the id of a fixed command. */
  command: Command | string;
  className?: string;
  /** Show the label beside the icon (icon-only buttons still carry it as their name). */
  showLabel?: boolean;
  /** Class of the label's span, for places that hide it on narrow screens. */
  labelClass?: string;
  role?: 'menuitem';
  onDone?: () => void;
}

export function CommandButton({ command: which, className = 'btn', showLabel = false, labelClass, role, onDone }: Props) {
  const t = useT();
  const command = typeof which === 'string' ? commandById(which) : which;
  const label = useCommandLabel();
  const text = useStore((s) => label(command, s));
  const enabled = useStore((s) => command.enabled(s));
  const pressed = useStore((s) => command.pressed?.(s));
  const icon = useStore((s) => command.icon(s));
  const keys = command.keys.map(keyLabel).join(', ');
  const tip = command.title ? t(command.title) : text;
  return (
    <button
      type="button"
      className={className}
      role={role}
      data-command={command.id}
      // The label, also where it is shown: a narrow header hides it and the name must stay.
      aria-label={text}
      aria-pressed={pressed === undefined ? undefined : pressed}
      aria-keyshortcuts={command.keys.length ? command.keys.map((k) => (k === ' ' ? 'Space' : k.replace('Mod+', 'Control+'))).join(' ') : undefined}
      title={keys ? `${tip} (${keys})` : tip}
      disabled={!enabled}
      onClick={() => {
        command.perform(useStore.getState());
        onDone?.();
      }}
    >
      <Icon name={icon} />
      {showLabel && <span className={labelClass}>{text}</span>}
    </button>
  );
}
