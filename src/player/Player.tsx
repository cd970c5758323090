import { useEffect } from 'react';
import { Icon } from '../app/Icon';
import { commandForKey, playerCommands } from '../commands/registry';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { SPEEDS } from './machine';

/** Play, pause, step, reset, end, speed and a scrubber, all from the command registry. */
export function Player() {
  const t = useT();
  // The commands read player and trace state only; the editor's text must not re-render this.
  const player = useStore((s) => s.player);
  const hops = useStore((s) => s.trace.hops.length);
  const dispatch = useStore((s) => s.dispatch);
  // Subscribed above so that this re-renders when they change; the commands read the rest.
  void hops;
  const state = useStore.getState();
  useGlobalKeys();
  return (
    <div className="player" role="toolbar" aria-label={t('player.title')} data-testid="player">
      {playerCommands.map((c) => (
        <button
          key={c.id}
          type="button"
          className={`btn btn-icon${c.id === 'toggle' ? ' btn-primary' : ''}`}
          data-command={c.id}
          aria-label={t(c.label(state))}
          title={`${t(c.label(state))} (${c.keys.map((k) => (k === ' ' ? 'Space' : k)).join(', ')})`}
          disabled={!c.enabled(state)}
          onClick={() => c.perform(useStore.getState())}
        >
          <Icon name={c.icon(state)} />
        </button>
      ))}
      <input
        className="scrubber"
        type="range"
        min={0}
        max={Math.max(0, player.total - 1)}
        value={player.step}
        aria-label={t('player.scrubber')}
        aria-valuetext={t('player.position', { n: player.step + 1, total: player.total })}
        onChange={(e) => dispatch({ type: 'seek', step: Number(e.target.value) })}
      />
      <span className="player-pos" data-testid="player-position">
        {t('player.position', { n: player.step + 1, total: player.total })} · {t(`player.status.${player.status}`)}
      </span>
      <label className="player-speed">
        {t('player.speed')}{' '}
        <select value={player.speed} onChange={(e) => dispatch({ type: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** Shortcuts work anywhere except while typing in the editor or a field. */
function useGlobalKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor')) return;
      // Space and Enter on a focused control keep their native meaning (press that control).
      if ((e.key === ' ' || e.key === 'Enter') && target?.closest('button, summary, a, [role="button"], .react-flow__node')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const command = commandForKey(e.key);
      const s = useStore.getState();
      if (command && command.enabled(s)) {
        e.preventDefault();
        command.perform(s);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
