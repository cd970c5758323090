import { CommandButton } from '../commands/CommandButton';
import { playerCommands, viewCommands } from '../commands/registry';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { SPEEDS } from './machine';

const viewButtons = viewCommands.filter((c) => ['editor', 'follow', 'presenter', 'commands'].includes(c.id));

/** Play, pause, step, start, end (from the command registry), a scrubber, the speed, the view toggles. */
export function Player() {
  const t = useT();
  const step = useStore((s) => s.player.step);
  const total = useStore((s) => s.player.total);
  const status = useStore((s) => s.player.status);
  const speed = useStore((s) => s.player.speed);
  const dispatch = useStore((s) => s.dispatch);
  const position = t('player.position', { n: Math.min(step + 1, total), total });
  return (
    <div className="player" role="toolbar" aria-label={t('player.title')} data-testid="player">
      {playerCommands.map((c) => (
        <CommandButton key={c.id} command={c} className={`btn btn-icon${c.id === 'toggle' ? ' btn-primary' : ''}`} />
      ))}
      <input
        className="scrubber"
        type="range"
        min={0}
        max={Math.max(0, total - 1)}
        value={step}
        aria-label={t('player.scrubber')}
        aria-valuetext={position}
        onChange={(e) => dispatch({ type: 'seek', step: Number(e.target.value) })}
      />
      <span className="player-pos" data-testid="player-position">
        {position} · {t(`player.status.${status}`)}
      </span>
      <label className="player-speed">
        <span className="player-speed-caption">{t('player.speed')}</span>{' '}
        <select value={speed} onChange={(e) => dispatch({ type: 'speed', speed: Number(e.target.value) })}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="player-views">
        {viewButtons.map((c) => (
          <CommandButton key={c.id} command={c} className="btn btn-icon" />
        ))}
      </span>
    </div>
  );
}
