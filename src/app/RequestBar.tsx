import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { Message, TraceRequest } from '../engine';
import { useMessage, useT } from '../i18n/useT';
import { isCurlLine, parseCurlLine, toCurlLine } from '../player/curl';
import type { TargetGroup } from '../player/targets';
import { useTargets } from './useTargets';
import { useStore } from '../store';
import { Icon } from './Icon';
import { capped } from './capped';
import { RequestTabs } from './RequestTabs';

const GROUPS: TargetGroup[] = ['dns', 'clusterIP', 'nodePort', 'loadBalancer', 'ingress', 'pod', 'hostPort', 'outside'];

/**
 * The request builder: where from, where to (a target from the cluster, a URL, IP:port, or a
 * whole curl line), how the endpoint is chosen; the outcome; the requests kept side by side.
 */
export function RequestBar() {
  const t = useT();
  const m = useMessage();
  const request = useStore((s) => s.request);
  const trace = useStore((s) => s.trace);
  const cluster = useStore((s) => s.cluster);
  const setRequest = useStore((s) => s.setRequest);
  const shown = toCurlLine(request);
  const [to, setTo] = useState(shown);
  const [error, setError] = useState<Message | undefined>();
  useEffect(() => {
    setTo(shown);
    setError(undefined);
  }, [shown]);
  // The target lists (every pod and Service of a large cluster) follow a new build in a render of
  // their own, after the picture's, and a large cluster's are made a part per task (useTargets):
  // they are not what the user watches while typing.
  const listed = useDeferredValue(cluster);
  const targets = useTargets(listed, request.from);
  const submit = () => {
    // A target typed here is curl's: TCP, whatever protocol the matrix chose before.
    if (!isCurlLine(to)) return setRequest({ to: to.trim(), connect: undefined, protocol: undefined });
    const parsed = parseCurlLine(to);
    if ('error' in parsed) return setError(parsed.error);
    setRequest({ to: parsed.to, connect: parsed.connect, protocol: undefined });
  };
  const candidates = trace.candidates;
  // Where the window is narrow the form folds behind one button (styles.css), so the canvas keeps its room.
  const [open, setOpen] = useState(false);
  return (
    <form className={`request-bar${open ? ' is-open' : ''}`} aria-label={t('request.title')} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <div className="request-top">
        <RequestTabs />
        <output className={`outcome outcome-${trace.outcome}`} data-testid="outcome" data-outcome={trace.outcome}>
          <strong>{t(`outcome.label.${trace.outcome}`)}</strong> {m(trace.outcomeMessage)}
        </output>
        <button type="button" className="btn btn-small request-more" aria-expanded={open} data-testid="request-more" onClick={() => setOpen(!open)}>
          {t('request.more')}
        </button>
      </div>
      {/* flannel with NetworkPolicies: served, though a policy would have cut it (netpol/traceNote.ts). */}
      {trace.policyNote && <p className="policy-note" role="note" data-testid="policy-note">{m(trace.policyNote)}</p>}
      <label>
        {t('request.from')}
        <SourceSelect value={request.from} onChange={(from) => setRequest({ from, pick: undefined })} />
      </label>
      <label className="grow">
        {t('request.toCurl')}
        <input data-testid="request-to" value={to} onChange={(e) => setTo(e.target.value)} spellCheck={false} aria-invalid={!!error} aria-describedby={error ? 'request-error' : undefined} />
      </label>
      <label>
        {t('request.targets')}
        <select data-testid="request-target" value="" onChange={(e) => e.target.value && setRequest({ to: e.target.value, connect: undefined })}>
          <option value="">{t('request.targetsPick', { count: targets.length })}</option>
          {GROUPS.map((g) => {
            const all = targets.filter((x) => x.group === g);
            const { shown: items, more } = capped(all);
            return items.length === 0 ? null : (
              <optgroup key={g} label={t(`request.group.${g}`)}>
                {items.map((x) => <option key={x.to} value={x.to}>{`${x.to.replace(/^http:\/\//, '')}  ${x.what}`}</option>)}
                {more > 0 && <option disabled value="">{t('request.moreNotListed', { count: more })}</option>}
              </optgroup>
            );
          })}
        </select>
      </label>
      <label>
        {t('request.endpoint')}
        <select data-testid="request-pick" value={request.pick ?? 0} onChange={(e) => setRequest({ pick: Number(e.target.value) || undefined })}>
          <option value={0}>{t('request.endpointRandom', { seed: request.seed ?? 1 })}</option>
          {candidates.map((c, i) => (
            <option key={c.chain} value={i + 1}>{t('request.endpointPick', { n: i + 1, pod: c.pod ?? `${c.ip}:${c.port}` })}</option>
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
      {error && <p className="request-error" id="request-error" role="alert">{m(error)}</p>}
    </form>
  );
}

function SourceSelect({ value, onChange }: { value: TraceRequest['from']; onChange: (from: TraceRequest['from']) => void }) {
  const t = useT();
  // As the target lists: a new build's pods reach this list in a render after the picture's.
  const cluster = useDeferredValue(useStore((s) => s.cluster));
  const client = cluster.externals[0];
  const { nodes, pods } = cluster;
  const known = value === 'external' || nodes.some((n) => value === `node/${n.name}`) || pods.some((p) => value === `pod/${p.namespace}/${p.name}`);
  const listed = useMemo(() => capped(pods.filter((p) => p.ip), (p) => value === `pod/${p.namespace}/${p.name}`), [pods, value]);
  return (
    <select data-testid="request-from" value={value} onChange={(e) => onChange(e.target.value as TraceRequest['from'])}>
      <option value="external">{t('request.fromExternal', { ip: client?.ip ?? '' })}</option>
      <optgroup label={t('request.fromNodes')}>
        {nodes.map((n) => <option key={n.name} value={`node/${n.name}`}>{t('request.fromNode', { name: n.name, ip: n.ip })}</option>)}
      </optgroup>
      <optgroup label={t('request.fromPods')}>
        {listed.shown.map((p) => (
          <option key={`${p.namespace}/${p.name}`} value={`pod/${p.namespace}/${p.name}`}>{t('request.fromPod', { name: p.name, ip: p.ip ?? '' })}</option>
        ))}
        {listed.more > 0 && <option disabled value="">{t('request.moreNotListed', { count: listed.more })}</option>}
      </optgroup>
      {/* A source that no longer exists (a pod renamed by an edit) stays visible until changed. */}
      {!known && <option value={value}>{value}</option>}
    </select>
  );
}
