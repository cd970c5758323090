import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../app/Icon';
import { useT } from '../../i18n/useT';
import { exportCommands } from '../commands';
import { CommandButton } from '../../commands/CommandButton';

/** The Export button and its menu of formats. Escape, a click outside or a choice closes it. */
export function ExportMenu() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    root.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  const move = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(root.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  return (
    <div className="export-menu" ref={root}>
      <button type="button" className="btn btn-tool" aria-haspopup="menu" aria-expanded={open} aria-label={t('share.cmd.export')} title={t('share.cmd.export')} data-command="export" onClick={() => setOpen(!open)}>
        <Icon name="export" /> <span className="tool-label">{t('share.cmd.export')}</span> <Icon name="caret" size={14} />
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('share.cmd.export')} onKeyDown={move}>
          {exportCommands.map((c) => (
            <CommandButton key={c.id} command={c} className="menu-item" role="menuitem" showLabel labelClass="menu-label" onDone={() => setOpen(false)} />
          ))}
        </div>
      )}
    </div>
  );
}
