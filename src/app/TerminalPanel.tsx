/**
 * The terminal panel under the canvas: a place picker like a shell prompt (the outside host, a
 * node's root shell, a pod's shell as `kubectl exec -it POD -- sh` opens it), type size for a
 * projector, and the xterm screen. Collapsible: a teacher can give the canvas the whole height.
 */
import { Suspense, lazy, useDeferredValue, useState } from 'react';
import { placeOf } from '../terminal/places';
import type { Shell } from '../terminal/types';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { capped } from './capped';

// xterm.js is a third of the main chunk and the panel starts closed: it loads when first opened.
const TerminalView = lazy(() => import('./TerminalView').then((m) => ({ default: m.TerminalView })));

function shellKey(shell: Shell): string {
  if (shell.kind === 'external') return 'external';
  if (shell.kind === 'node') return `node/${shell.name}`;
  return `pod/${shell.namespace}/${shell.name}`;
}

export function TerminalPanel() {
  const t = useT();
  const open = useStore((s) => s.terminal.open);
  const shell = useStore((s) => s.terminal.shell);
  // The place list follows a new build in a render after the picture's (a large cluster's pods are parsed then).
  const cluster = useDeferredValue(useStore((s) => s.cluster));
  const setShell = useStore((s) => s.setShell);
  const setOpen = useStore((s) => s.setTerminalOpen);
  const [large, setLarge] = useState(false);
  const [clearSignal, setClear] = useState(0);
  const client = cluster.externals[0];
  const pods = cluster.pods.filter((p) => p.ip && p.phase === 'Running' && p.status !== 'CrashLoopBackOff');
  const listed = capped(pods, (p) => shell.kind === 'pod' && shell.namespace === p.namespace && shell.name === p.name);
  const choose = (key: string) => {
    if (key === 'external') return setShell({ kind: 'external' });
    const [kind, a, b] = key.split('/');
    if (kind === 'node') return setShell({ kind: 'node', name: a, parent: { kind: 'external' } });
    setShell({ kind: 'pod', namespace: a, name: b, parent: { kind: 'external' } });
  };
  return (
    <section className={`panel terminal-panel${open ? '' : ' collapsed'}${large ? ' large' : ''}`} aria-label={t('terminal.title')}>
      <div className="terminal-bar">
        <h2 className="panel-title">{t('terminal.title')}</h2>
        {open && (
          <>
            <label className="terminal-place">
              {t('terminal.place')}{' '}
              <select data-testid="terminal-place" value={shellKey(shell)} onChange={(e) => choose(e.target.value)}>
                <option value="external">{t('terminal.place.external', { host: client?.name ?? 'client', ip: client?.ip ?? '' })}</option>
                <optgroup label={t('terminal.place.nodes')}>
                  {cluster.nodes.map((n) => (
                    <option key={n.name} value={`node/${n.name}`}>{t('terminal.place.node', { name: n.name, ip: n.ip })}</option>
                  ))}
                </optgroup>
                <optgroup label={t('terminal.place.pods')}>
                  {listed.shown.map((p) => {
                    const noShell = placeOf(cluster, { kind: 'pod', namespace: p.namespace, name: p.name }).tools.shells.length === 0;
                    return (
                      <option key={`${p.namespace}/${p.name}`} value={`pod/${p.namespace}/${p.name}`} disabled={noShell}>
                        {noShell ? t('terminal.place.podNoShell', { name: p.name }) : t('terminal.place.pod', { name: p.name, ip: p.ip ?? '' })}
                      </option>
                    );
                  })}
                  {listed.more > 0 && <option disabled value="">{t('request.moreNotListed', { count: listed.more })}</option>}
                </optgroup>
              </select>
            </label>
            <label className="terminal-large">
              <input type="checkbox" checked={large} onChange={(e) => setLarge(e.target.checked)} /> {t('terminal.large')}
            </label>
            <button type="button" className="btn" onClick={() => setClear((n) => n + 1)}>{t('terminal.clear')}</button>
          </>
        )}
        <button type="button" className="btn terminal-toggle" data-testid="terminal-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('terminal.hide') : t('terminal.show')}
        </button>
      </div>
      {/* What to try, in the page's language (it follows a switch; printed into the terminal, it stayed in the first). */}
      {open && <p className="terminal-hint" id="terminal-hint" data-testid="terminal-hint">{t('terminal.hint')}</p>}
      {open && (
        <div className="terminal-box nokey" aria-label={t('terminal.aria')} aria-describedby="terminal-hint">
          <Suspense fallback={<p className="muted terminal-loading">{t('terminal.loading')}</p>}>
            <TerminalView large={large} clearSignal={clearSignal} />
          </Suspense>
        </div>
      )}
    </section>
  );
}
