/** The box that says how many pods (on a node) or Services the condensed canvas leaves out (condense.ts). */
import type { NodeProps, Node } from '@xyflow/react';
import { memo } from 'react';
import { useT } from '../i18n/useT';
import './more.css';

export type MoreData = { kind: 'more'; what: 'pods' | 'services'; count: number };

export const MoreNode = memo(function MoreNode({ data }: NodeProps<Node<MoreData>>) {
  const t = useT();
  return <div className="dn-more" data-testid="canvas-more">{t(data.what === 'pods' ? 'canvas.morePods' : 'canvas.moreServices', { count: data.count })}</div>;
});
