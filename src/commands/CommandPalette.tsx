/**
 * The command list (Ctrl+K or ?): every command of the registry for the current state, the
 * what-ifs included, filtered by what is typed; arrows move, Enter runs, Escape closes.
 * A combobox over a listbox, so screen readers follow the active option.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { useCommandLabel } from './CommandButton';
import { commandsFor, keyLabel, type Command } from './registry';

const GROUP_ORDER: Command['group'][] = ['whatif', 'player', 'requests', 'lesson', 'view', 'share', 'export'];

export function CommandPalette() {
  const open = useStore((s) => s.paletteOpen);
  return open ? <Palette /> : null;
}

function Palette() {
  const t = useT();
  const label = useCommandLabel();
  const setOpen = useStore((s) => s.setPaletteOpen);
  // Re-read on every store change while open: labels and enabled states follow.
  const state = useStore((s) => s);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<Element | null>(document.activeElement);
  useEffect(() => {
    input.current?.focus();
    const back = returnTo.current;
    return () => (back instanceof HTMLElement ? back.focus() : undefined);
  }, []);
  const items = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return commandsFor(state)
      .filter((c) => c.id !== 'commands' && c.enabled(state))
      .map((c) => ({ c, text: label(c, state) }))
      .filter(({ text }) => words.every((w) => text.toLowerCase().includes(w)))
      .sort((a, b) => GROUP_ORDER.indexOf(a.c.group) - GROUP_ORDER.indexOf(b.c.group));
  }, [state, query, label]);
  const at = Math.min(active, Math.max(0, items.length - 1));
  const run = (c: Command) => {
    setOpen(false);
    c.perform(useStore.getState());
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((at + 1) % Math.max(1, items.length));
    else if (e.key === 'ArrowUp') setActive((at - 1 + items.length) % Math.max(1, items.length));
    else if (e.key === 'Enter' && items[at]) run(items[at].c);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div className="palette nokey" role="dialog" aria-modal="true" aria-label={t('palette.title')} data-testid="palette">
        <input
          ref={input}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[at] ? `palette-${at}` : undefined}
          aria-label={t('palette.search')}
          placeholder={t('palette.placeholder')}
          value={query}
          onChange={(e) => { setQuery(e.target.value); setActive(0); }}
          onKeyDown={onKey}
        />
        <ul className="palette-list" id="palette-list" role="listbox" aria-label={t('palette.title')}>
          {items.map(({ c, text }, i) => (
            <li key={c.id} id={`palette-${i}`} role="option" aria-selected={i === at} className={`palette-item${i === at ? ' is-active' : ''}`} onMouseEnter={() => setActive(i)} onClick={() => run(c)}>
              <span className="palette-group">{t(`palette.group.${c.group}`)}</span>
              <span className="palette-label">{text}</span>
              {c.keys.length > 0 && <kbd>{c.keys.map(keyLabel).join(' ')}</kbd>}
            </li>
          ))}
          {items.length === 0 && <li className="palette-empty" role="option" aria-selected="false" aria-disabled="true">{t('palette.none')}</li>}
        </ul>
      </div>
    </div>
  );
}
