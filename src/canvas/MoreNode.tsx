/** The box that says how many pods (on a node) or Services the condensed canvas leaves out (condense.ts). */
import type { NodeProps, Node } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n/useT';
import './more.css';

export type MoreData = { kind: 'more'; what: 'pods' | 'services' | 'nodes'; count: number; pods?: number };

export const MoreNode = memo(function MoreNode({ data }: NodeProps<Node<MoreData>>) {
  const t = useT();
  const key = data.what === 'pods' ? 'canvas.morePods' : data.what === 'nodes' ? 'canvas.moreNodes' : 'canvas.moreServices';
  return <div className="dn-more" data-testid="canvas-more">{t(key, { count: data.count, pods: data.pods ?? 0 })}</div>;
});
