/**
 * The virtual band: Services and Ingresses are not places a packet passes through, but rules
 * that act on it elsewhere (kube-proxy's on every node, the ingress controller's in its pod).
 * A box lights up while a hop that its object shaped is current.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import type { DiagramNode } from './layout';
import { useLinked } from './marks';
import { serviceNoteKey, servicePortLine } from './modeText';

type Props = NodeProps<DiagramNode>;

function useActing(object: string): boolean {
  return useStore((s) => !!s.trace.hops[s.player.step]?.provenance.some((p) => p.object === object));
}

/** A badge on an object whose latest edit the API server refused: the box shows what still runs. */
export function KeptBadge({ object }: { object: string }) {
  const t = useT();
  const kept = useStore((s) => s.cluster.kept.includes(object));
  if (!kept) return null;
  return <span className="dn-badge dn-kept" title={t('canvas.keptTitle')}>{t('canvas.kept')}</span>;
}

export const ServiceNode = memo(function ServiceNode({ id, data }: Props) {
  const t = useT();
  const object = data.kind === 'service' ? `Service/${data.service.namespace}/${data.service.name}` : '';
  const acting = useActing(object);
  const linked = useLinked(id);
  if (data.kind !== 'service') return null;
  const svc = data.service;
  const virtual = serviceNoteKey(svc, data.proxyMode);
  return (
    <div className={`dn dn-service${acting ? ' is-current' : ''}${svc.system ? ' is-system' : ''}${linked}`} data-element={id}>
      <div className="dn-title">{t('canvas.service', { name: svc.name })} <span className="dn-badge">{svc.type}</span><KeptBadge object={object} /></div>
      {svc.ports.map((p) => (
        <div className="dn-mono" key={`${p.port}/${p.protocol}`}>
          {servicePortLine(svc, p)}
        </div>
      ))}
      {svc.type === 'LoadBalancer' && (
        <div className="dn-mono">
          {svc.loadBalancerIPs.length > 0
            ? t('canvas.lbAddress', { ips: svc.loadBalancerIPs.join(', '), node: svc.announcedBy ?? '—' })
            : t('canvas.lbPending')}
        </div>
      )}
      {svc.externalIPs.length > 0 && <div className="dn-mono">externalIPs {svc.externalIPs.join(', ')}</div>}
      {svc.type === 'ExternalName' && <div className="dn-mono">CNAME → {svc.externalName}</div>}
      <div className="dn-note" title={t(virtual)}>{t(virtual)}</div>
    </div>
  );
});

export const IngressNode = memo(function IngressNode({ id, data }: Props) {
  const t = useT();
  const object = data.kind === 'ingress' ? `Ingress/${data.ingress.namespace}/${data.ingress.name}` : '';
  const acting = useActing(object);
  const linked = useLinked(id);
  if (data.kind !== 'ingress') return null;
  const ing = data.ingress;
  const backend = (b: { service: string; port: number | string }) => `${b.service}:${b.port}`;
  return (
    <div className={`dn dn-ingress${acting ? ' is-current' : ''}${linked}`} data-element={id}>
      <div className="dn-title">{t('canvas.ingress', { name: ing.name })} <span className="dn-badge">{ing.className ?? 'Ingress'}</span><KeptBadge object={object} /></div>
      {ing.rules.flatMap((rule) =>
        rule.paths.map((p) => (
          <div className="dn-mono" key={`${rule.host}${p.path}${p.pathType}`} title={`${rule.host || '*'}${p.path} ${p.pathType} → ${backend(p.backend)}`}>
            {rule.host || '*'}{p.path} → {backend(p.backend)}
          </div>
        )),
      )}
      {ing.defaultBackend && <div className="dn-mono">{t('canvas.ingressDefault', { backend: backend(ing.defaultBackend) })}</div>}
      <div className="dn-note" title={t('canvas.ingressVirtual')}>{t('canvas.ingressVirtual')}</div>
    </div>
  );
});
