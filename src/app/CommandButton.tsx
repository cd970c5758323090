import { command } from '../commands/registry';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { Icon } from './Icon';

const keyName = (k: string) => (k === ' ' ? 'Space' : k.length === 1 ? k.toUpperCase() : k);

/** A button for one registry command: its label, icon, shortcut and enabled state. */
export function CommandButton({ id, showLabel = true, primary = false }: { id: string; showLabel?: boolean; primary?: boolean }) {
  const t = useT();
  const c = command(id);
  const label = t(useStore((s) => c.label(s)));
  const enabled = useStore((s) => c.enabled(s));
  const icon = useStore((s) => c.icon(s));
  const keys = c.keys.map(keyName).join(', ');
  return (
    <button
      type="button"
      className={`btn${primary ? ' btn-primary' : ''}${showLabel ? '' : ' btn-icon'}`}
      data-command={c.id}
      aria-label={showLabel ? undefined : label}
      aria-keyshortcuts={c.keys.length > 0 ? c.keys.join(' ') : undefined}
      title={keys ? `${label} (${keys})` : label}
      disabled={!enabled}
      onClick={() => c.perform(useStore.getState())}
    >
      <Icon name={icon} />
      {showLabel && <span className="btn-label">{label}</span>}
    </button>
  );
}
