/**
 * The reachability matrix (issue 17): every pod against every pod for one port and protocol, as
 * NetworkPolicy decides it (engine/netpol/reach.ts reachMatrix, computed in the engine's worker
 * for the build on screen, only while this view is open). Each cell says allowed or denied by a
 * symbol as well as a colour; on a plugin that enforces nothing (flannel) the header says so and
 * the cells a policy would close are marked. A click (or Enter) on a cell traces that connection:
 * the request becomes `pod/NS/NAME → IP:PORT` over the protocol, and the player plays it.
 * Arrow keys move between cells.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import { create } from 'zustand';
import type { ReachMatrix as Matrix } from '../engine/netpol/reach';
import type { Protocol } from '../engine/netpol/types';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { reachOnScreen } from '../store/reach';
import { useModal } from './useModal';
import './ReachMatrix.css';

interface ReachView {
  open: boolean;
  port: number;
  protocol: Protocol;
  /** Only the pods of this namespace, both ways ('' for all). */
  namespace: string;
  set: (v: Partial<Omit<ReachView, 'set'>>) => void;
}

/** The view's own state: whether it is open, and the port and protocol asked about. */
export const useReachView = create<ReachView>((set) => ({ open: false, port: 80, protocol: 'TCP', namespace: '', set: (v) => set(v) }));

/**
 * At most this many pods a side are drawn (a cell is a button: 200 pods would be 40,000); past
 * it the view says so and a namespace narrows it.
 */
export const MAX_SIDE = 60;

const SYMBOL = { allowed: '✓', denied: '✗', unenforced: '!' } as const;
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** The header's button that opens the matrix. */
export function ReachButton() {
  const t = useT();
  const set = useReachView((s) => s.set);
  return (
    <button type="button" className="btn" data-command="reach" aria-haspopup="dialog" onClick={() => set({ open: true })}>
      {t('reach.open')}
    </button>
  );
}

export function ReachMatrix() {
  const t = useT();
  const { open, port, protocol, namespace, set } = useReachView();
  const cluster = useStore((s) => s.cluster);
  const [matrix, setMatrix] = useState<Matrix | undefined>();
  const { dialog, returnFocus } = useModal(open, '[data-command="reach"]');
  useEffect(() => {
    // Asked for only while open: once per build, port and protocol (the worker keeps it).
    if (!open) return;
    let live = true;
    reachOnScreen(port, protocol, (m) => {
      if (live) setMatrix(m);
    });
    return () => {
      live = false;
    };
  }, [open, port, protocol, cluster]);
  const trace = (from: string, to: { id: string; ip: string }) => {
    const { setRequest, dispatch } = useStore.getState();
    set({ open: false });
    setRequest(
      { from: `pod/${from}`, to: `${to.ip}:${port}`, protocol: protocol === 'TCP' ? undefined : protocol === 'UDP' ? 'udp' : 'sctp', connect: undefined, pick: undefined, portForward: undefined, forwards: undefined },
      () => dispatch({ type: 'play' }),
    );
  };
  const current = matrix && matrix.port === port && matrix.protocol === protocol ? matrix : undefined;
  const namespaces = current ? [...new Set(current.pods.map((p) => p.id.split('/')[0]))] : [];
  const shown = current ? current.pods.map((p, i) => ({ ...p, i })).filter((p) => !namespace || p.id.startsWith(`${namespace}/`)) : [];
  const side = shown.slice(0, MAX_SIDE);
  return (
    <dialog ref={dialog} className="reach-dialog" aria-labelledby="reach-title" data-testid="reach-dialog" onClose={() => {
      set({ open: false });
      returnFocus();
    }}>
      <h2 id="reach-title">{t('reach.title')}</h2>
      <p className="reach-intro">{t('reach.intro')}</p>
      <div className="reach-controls">
        <label>
          {t('reach.port')}{' '}
          <input type="number" min={1} max={65535} value={port} data-testid="reach-port" onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= 65535) set({ port: n });
          }} />
        </label>
        <label>
          {t('reach.protocol')}{' '}
          <select value={protocol} data-testid="reach-protocol" onChange={(e) => set({ protocol: e.target.value as Protocol })}>
            {PROTOCOLS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>
          {t('reach.namespace')}{' '}
          <select value={namespace} data-testid="reach-namespace" onChange={(e) => set({ namespace: e.target.value })}>
            <option value="">{t('reach.allNamespaces')}</option>
            {[...new Set([...namespaces, ...(namespace ? [namespace] : [])])].map((ns) => <option key={ns} value={ns}>{ns}</option>)}
          </select>
        </label>
      </div>
      {current && (
        <p className={`reach-enforcement ${current.enforced ? 'is-enforced' : 'is-not-enforced'}`} role="status" data-testid="reach-enforcement">
          {t(current.enforced ? 'reach.enforced' : 'reach.notEnforced', { cni: current.cni === 'calico' ? 'Calico' : 'flannel' })}
        </p>
      )}
      {current && shown.length > side.length && <p className="reach-cut" role="note">{t('reach.cut', { shown: side.length, total: shown.length })}</p>}
      {!current ? <p className="muted">{t('reach.computing')}</p> : shown.length < 2 ? <p className="muted">{t('reach.empty')}</p> : (
        <div className="reach-scroll">
          <table className="reach-table" data-testid="reach-table">
            <caption className="reach-caption">{t('reach.caption', { port: current.port, protocol: current.protocol })}</caption>
            <thead>
              <tr>
                <th scope="col" className="reach-corner">{t('reach.corner')}</th>
                {side.map((p) => <th key={p.id} scope="col" className="reach-col"><span>{p.id}</span></th>)}
              </tr>
            </thead>
            <tbody>
              {side.map((from, r) => (
                <tr key={from.id}>
                  <th scope="row" className="reach-row">{from.id}</th>
                  {side.map((to, c) => ({ to, c, cell: current.cells[from.i][to.i] })).map(({ to, c, cell }) => (
                    <td key={to.id}>
                      {cell === null ? <span className="reach-self" aria-hidden="true">·</span> : (
                        <button
                          type="button"
                          className={`reach-cell reach-${cell}`}
                          data-row={r}
                          data-col={c}
                          data-from={from.id}
                          data-to={to.id}
                          data-verdict={cell}
                          aria-label={t(`reach.cell.${cell}`, { from: from.id, to: to.id, port: current.port, protocol: current.protocol })}
                          title={t(`reach.cell.${cell}`, { from: from.id, to: to.id, port: current.port, protocol: current.protocol })}
                          onClick={() => trace(from.id, to)}
                          onKeyDown={move}
                        >
                          {SYMBOL[cell]}
                        </button>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ul className="reach-legend" aria-label={t('reach.legend')}>
        <li><span className="reach-cell reach-allowed" aria-hidden="true">{SYMBOL.allowed}</span> {t('reach.legend.allowed')}</li>
        <li><span className="reach-cell reach-denied" aria-hidden="true">{SYMBOL.denied}</span> {t('reach.legend.denied')}</li>
        <li><span className="reach-cell reach-unenforced" aria-hidden="true">{SYMBOL.unenforced}</span> {t('reach.legend.unenforced')}</li>
      </ul>
      <form method="dialog" className="reach-actions">
        <button className="btn btn-primary" type="submit">{t('reach.close')}</button>
      </form>
    </dialog>
  );
}

/** Arrow keys move to the neighbouring cell, over the diagonal. */
function move(e: KeyboardEvent<HTMLButtonElement>) {
  const step = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
  if (!step) return;
  e.preventDefault();
  const table = e.currentTarget.closest('table');
  let r = Number(e.currentTarget.dataset.row);
  let c = Number(e.currentTarget.dataset.col);
  for (let i = 0; i < 2; i++) {
    r += step[0];
    c += step[1];
    const next = table?.querySelector<HTMLButtonElement>(`button[data-row="${r}"][data-col="${c}"]`);
    if (next) {
      next.focus();
      return;
    }
  }
}
