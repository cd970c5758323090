/**
 * The canvas's node components. Each subscribes only to whether it is the current hop's
 * element or on the path walked so far, so a step re-renders two or three nodes, not all.
 */
import { Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { Icon } from '../app/Icon';
import { useT } from '../i18n/useT';
import { selectPathElements, useStore } from '../store';
import { tableSummary } from '../worker/pack';
import { linkedMark } from './marks';
import type { DiagramNode, HandleId } from './layout';
import { IngressNode, ServiceNode } from './virtualNodes';
import { kickerKey } from './modeText';

function useMark(id: string): string {
  // One subscription per box, a string, so a step wakes each box once and re-renders only those whose mark changed.
  return useStore((s) => (s.trace.hops[s.player.step]?.element === id ? ' is-current' : selectPathElements(s).has(id) ? ' is-visited' : '') + linkedMark(s, id));
}

/** What each handle id is: whether edges leave or end there, and on which side. */
const HANDLES: Record<HandleId, { type: 'source' | 'target'; position: Position }> = {
  t: { type: 'target', position: Position.Top },
  b: { type: 'source', position: Position.Bottom },
  up: { type: 'source', position: Position.Top },
  down: { type: 'target', position: Position.Bottom },
  right: { type: 'source', position: Position.Right },
  left: { type: 'target', position: Position.Left },
};

/**
 * The points the box's edges are drawn to: only those its edges use (layout.ts), as the plain
 * elements React Flow measures, not its Handle components. Nothing is connected by hand here,
 * and each Handle subscribed to React Flow's store: on a lesson's 160 of them, a seventh of the
 * first picture's time, and a selector run for every one on every pan and zoom. React Flow
 * finds them by these classes and attributes (@xyflow/system getHandleBounds: `.source` and
 * `.target` under the node, data-handleid, data-handlepos), as it finds its own.
 */
function Handles({ ids }: { ids: readonly HandleId[] | undefined }) {
  if (!ids) return null;
  return (
    <>
      {ids.map((id) => (
        <div key={id} className={`react-flow__handle react-flow__handle-${HANDLES[id].position} nodrag nopan ${HANDLES[id].type}`} data-handleid={id} data-handlepos={HANDLES[id].position} />
      ))}
    </>
  );
}

type Props = NodeProps<DiagramNode>;

export const ExternalNode = memo(function ExternalNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'external') return null;
  return (
    <div className={`dn dn-external${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      <div className="dn-kicker">{t('canvas.outside')}</div>
      <div className="dn-title"><Icon name="host" size={14} /> {data.name}</div>
      <div className="dn-mono">{data.ip}</div>
    </div>
  );
});

export const LanNode = memo(function LanNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'lan') return null;
  return (
    <div className={`dn dn-lan${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      {t('canvas.lan', { cidr: data.cidr })}
    </div>
  );
});

export const K8sNode = memo(function K8sNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'node') return null;
  return (
    <div className={`dn dn-node${mark}`} data-element={id}>
      <div className="dn-node-head">
        <span className="dn-title"><Icon name="server" size={14} /> {data.name}</span>
        <span className="dn-badge">{t(data.controlPlane ? 'canvas.controlPlane' : 'canvas.worker')}</span>
        <span className="dn-mono dn-right">podCIDR {data.podCIDR}</span>
      </div>
    </div>
  );
});

export const DeviceNode = memo(function DeviceNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'device') return null;
  return (
    <div className={`dn dn-device dn-${data.device.replace('.', '')}${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      <span className="dn-title">{data.device}</span>
      {data.device === 'cbr0' && <span className="dn-kicker"> {t('canvas.bridge')}</span>}
      {data.device === 'flannel.1' && <span className="dn-kicker"> VXLAN</span>}
      <div className="dn-mono">{data.address}</div>
    </div>
  );
});

/** kube-proxy's nftables table on a node: its chains and set and map elements, as a string (one subscription per box), '' elsewhere or while pending. */
function useNftCounts(node: string, on: boolean): { chains: number; elements: number } | undefined {
  const counts = useStore((s) => {
    const dp = on ? s.cluster.nodeDataplanes.find((d) => d.node === node) : undefined;
    const nft = dp && tableSummary(dp).nft;
    return nft ? `${nft.chains} ${nft.elements}` : '';
  });
  if (!counts) return undefined;
  const [chains, elements] = counts.split(' ').map(Number);
  return { chains, elements };
}

export const NetfilterNode = memo(function NetfilterNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  const nftMode = data.kind === 'netfilter' && data.proxyMode === 'nftables';
  const nft = useNftCounts(data.kind === 'netfilter' ? data.node : '', nftMode);
  if (data.kind !== 'netfilter') return null;
  const natRules = data.natRules === undefined ? t('canvas.netfilterRulesPending') : t('canvas.netfilterRules', { count: data.natRules });
  return (
    <div className={`dn dn-netfilter${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      <div className="dn-title">netfilter</div>
      <div className="dn-kicker">{t(kickerKey(data.proxyMode))}</div>
      {/* nftables mode: kube-proxy's own table first; the nat rules are then the kubelet's, flanneld's and portmap's. */}
      {nftMode && !nft && <div className="dn-mono" data-testid="nft-counts">{t('canvas.nftCountsPending')}</div>}
      {nft && (
        <div data-testid="nft-counts" title={t('canvas.nftCountsTitle', nft)}>
          <div className="dn-mono">{t('canvas.nftChains', { count: nft.chains })}</div>
          <div className="dn-mono">{t('canvas.nftElements', { count: nft.elements })}</div>
        </div>
      )}
      <div className="dn-mono">{natRules}</div>
      {data.proxyMode === 'ipvs' && <div className="dn-mono">{t('canvas.virtualServers', { count: data.virtualServers })}</div>}
    </div>
  );
});

export const RoutesNode = memo(function RoutesNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'routes') return null;
  return (
    <div className={`dn dn-routes${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      <div className="dn-title">{t('canvas.routes')}</div>
      <div className="dn-routes-lines">
        {data.routes.map((r) => (
          <div key={r} className="dn-mono">{r}</div>
        ))}
      </div>
    </div>
  );
});

/** Past this many characters a pod's name is set a size smaller, to stay within two lines. */
const POD_NAME_LONG = 40;
/** Past this many characters a pod's address and ports are set a size smaller, to stay whole on their line. */
const POD_ADDR_LONG = 22;

export const PodNode = memo(function PodNode({ id, data }: Props) {
  const t = useT();
  const mark = useMark(id);
  if (data.kind !== 'pod') return null;
  const pod = data.pod;
  // Each port once (CoreDNS's 53 is open on UDP and TCP): the address line stays whole.
  const ports = [...new Set(pod.ports.map((p) => `:${p.containerPort}`))].join(' ');
  const addr = `${pod.ip ?? '—'} ${ports}`;
  const notReady = pod.phase === 'Running' && !pod.ready;
  return (
    <>
      <div className={`dn dn-pod${mark}${pod.node ? '' : ' is-pending'}${pod.system ? ' is-system' : ''}${pod.hostNetwork ? ' is-hostnet' : ''}`} data-element={id} title={pod.name}>
        <Handles ids={data.handles} />
        <div className="dn-kicker">
          {t('canvas.pod')}
          {pod.hostNetwork ? ` · ${t('canvas.hostNetwork')}` : ''}
          {data.kept && <span className="dn-badge dn-kept" title={t('canvas.keptTitle')}>{t('canvas.kept')}</span>}
        </div>
        {/* The whole name, on two lines where it needs them (a Deployment's pods: prefix, hash, suffix). */}
        <div className={`dn-title dn-pod-name${pod.name.length > POD_NAME_LONG ? ' is-long' : ''}`}>{pod.name}</div>
        <div className={`dn-mono dn-pod-addr${addr.length > POD_ADDR_LONG ? ' is-long' : ''}`}>{addr}</div>
      </div>
      {/* Its status, when it is not plainly running (Pending, CrashLoopBackOff, not ready): the
          point of the lessons that show it, whole, on a tag hung from the box's bottom edge; in
          the kicker it was cut to "POD · HOSTNETWORK ·…" (issue 13). */}
      {!pod.node && <div className="dn-pod-status is-pending">{t('canvas.pending')}</div>}
      {pod.node && notReady && (
        <div className="dn-pod-status dn-notready" title={pod.notReady ? t(pod.notReady.key, pod.notReady.params) : undefined}>
          {pod.status ?? t('canvas.notReady')}
        </div>
      )}
    </>
  );
});

export const PodEth0Node = memo(function PodEth0Node({ id, data }: Props) {
  const mark = useMark(id);
  if (data.kind !== 'podEth0') return null;
  return (
    <div className={`dn dn-podeth0${mark}`} data-element={id}>
      <Handles ids={data.handles} />
      eth0
    </div>
  );
});

export const nodeTypes = {
  external: ExternalNode,
  lan: LanNode,
  service: ServiceNode,
  ingress: IngressNode,
  k8snode: K8sNode,
  device: DeviceNode,
  netfilter: NetfilterNode,
  routes: RoutesNode,
  pod: PodNode,
  podEth0: PodEth0Node,
};
