import { useEffect, useState } from 'react';
import { useMessage, useT } from '../i18n/useT';
import { Icon } from './Icon';
import { useStore } from '../store';
import type { TraceRequest } from '../engine';

/** Where the request goes and how the endpoint is chosen; the outcome of the trace. */
export function RequestBar() {
  const t = useT();
  const m = useMessage();
  const request = useStore((s) => s.request);
  const trace = useStore((s) => s.trace);
  const client = useStore((s) => s.cluster.externals[0]);
  const nodes = useStore((s) => s.cluster.nodes);
  const pods = useStore((s) => s.cluster.pods);
  const setRequest = useStore((s) => s.setRequest);
  const [to, setTo] = useState(request.to);
  useEffect(() => {
    setTo(request.to);
  }, [request.to]);
  const candidates = trace.candidates;
  return (
    <form
      className="request-bar"
      aria-label={t('request.title')}
      onSubmit={(e) => {
        e.preventDefault();
        setRequest({ to });
      }}
    >
      <label>
        {t('request.from')}
        <select data-testid="request-from" value={request.from} onChange={(e) => setRequest({ from: e.target.value as TraceRequest['from'], pick: undefined })}>
          <option value="external">{t('request.fromExternal', { ip: client?.ip ?? '' })}</option>
          <optgroup label={t('request.fromNodes')}>
            {nodes.map((n) => (
              <option key={n.name} value={`node/${n.name}`}>{t('request.fromNode', { name: n.name, ip: n.ip })}</option>
            ))}
          </optgroup>
          <optgroup label={t('request.fromPods')}>
            {pods.filter((p) => p.ip).map((p) => (
              <option key={`${p.namespace}/${p.name}`} value={`pod/${p.namespace}/${p.name}`}>{t('request.fromPod', { name: p.name, ip: p.ip ?? '' })}</option>
            ))}
          </optgroup>
          {/* A source that no longer exists (a pod renamed by an edit) stays visible until changed. */}
          {request.from !== 'external' && ![...nodes.map((n) => `node/${n.name}`), ...pods.map((p) => `pod/${p.namespace}/${p.name}`)].includes(request.from) && (
            <option value={request.from}>{request.from}</option>
          )}
        </select>
      </label>
      <label className="grow">
        {t('request.to')}
        <input data-testid="request-to" value={to} onChange={(e) => setTo(e.target.value)} spellCheck={false} />
      </label>
      <label>
        {t('request.endpoint')}
        <select
          data-testid="request-pick"
          value={request.pick ?? 0}
          onChange={(e) => setRequest({ pick: Number(e.target.value) || undefined })}
        >
          <option value={0}>{t('request.endpointRandom', { seed: request.seed ?? 1 })}</option>
          {candidates.map((c, i) => (
            <option key={c.chain} value={i + 1}>
              {t('request.endpointPick', { n: i + 1, pod: c.pod ?? `${c.ip}:${c.port}` })}
            </option>
          ))}
          {request.pick !== undefined && request.pick > candidates.length && (
            <option value={request.pick}>{t('request.endpointPick', { n: request.pick, pod: '—' })}</option>
          )}
        </select>
      </label>
      <button type="button" className="btn" onClick={() => setRequest({ seed: (request.seed ?? 1) + 1, pick: undefined })}>
        <Icon name="shuffle" /> {t('request.reseed')}
      </button>
      <button type="submit" className="btn btn-primary">{t('request.trace')}</button>
      <output className={`outcome outcome-${trace.outcome}`} data-testid="outcome" data-outcome={trace.outcome}>
        <strong>{t(`outcome.label.${trace.outcome}`)}</strong> {m(trace.outcomeMessage)}
      </output>
    </form>
  );
}
