import { CommandButton, useCommandLabel } from '../commands/CommandButton';
import { staticCommands } from '../commands/registry';
import { useMessage, useT } from '../i18n/useT';
import { REQUEST_COLORS } from '../player/requests';
import { selectRequestList, selectRequestTraces, useStore } from '../store';

const select = staticCommands.filter((c) => /^request\d$/.test(c.id));
const add = staticCommands.find((c) => c.id === 'addRequest')!;
const remove = staticCommands.find((c) => c.id === 'removeRequest')!;

const short = (to: string) => to.replace(/^http:\/\//, '').replace(/\/$/, '');

/**
 * The requests kept side by side: one button each (its number key, its color, where from and
 * to, how it ended), from the registry's `requestN` records; add and remove beside them.
 */
export function RequestTabs() {
  const t = useT();
  const m = useMessage();
  const label = useCommandLabel();
  const entries = useStore(selectRequestList);
  const traces = useStore(selectRequestTraces);
  const active = useStore((s) => s.activeRequest);
  const from = (f: string) => (f === 'external' ? t('requests.fromOutside') : f.replace(/^(pod|node)\/(default\/)?/, ''));
  return (
    <div className="request-tabs" role="group" aria-label={t('requests.title')} data-testid="request-tabs">
      {entries.map((e, i) => {
        const trace = traces[i];
        const command = select[i];
        return (
          <button
            key={e.id}
            type="button"
            className={`request-tab${i === active ? ' is-active' : ''}`}
            style={{ ['--req' as string]: REQUEST_COLORS[e.color] }}
            data-command={command.id}
            aria-pressed={i === active}
            aria-keyshortcuts={String(i + 1)}
            title={m(trace.outcomeMessage)}
            onClick={() => command.perform(useStore.getState())}
          >
            <span className="req-dot" aria-hidden="true">{i + 1}</span>
            <span className="visually-hidden">{label(command, useStore.getState())}: </span>
            {/* A UDP or SCTP probe (the reachability matrix) says so; curl's TCP goes without saying. */}
            <span className="req-text">{from(e.request.from)} → {short(e.request.to)}{e.request.protocol && e.request.protocol !== 'tcp' ? ` ${e.request.protocol.toUpperCase()}` : ''}</span>
            <span className={`req-outcome outcome-${trace.outcome}`}>{t(`outcome.label.${trace.outcome}`)}</span>
          </button>
        );
      })}
      <CommandButton command={add} className="btn btn-icon btn-small" />
      <CommandButton command={remove} className="btn btn-icon btn-small" />
    </div>
  );
}
