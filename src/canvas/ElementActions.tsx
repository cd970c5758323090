/**
 * The action bar of the selected canvas element: the what-if commands whose records name this
 * element (the registry's records, the same the command list shows). It does not scale with
 * the zoom, so it stays readable on a crowded canvas. The what-ifs are made when a box is
 * selected (once per build), not on every store update.
 */
import { NodeToolbar, Position } from '@xyflow/react';
import { useMemo } from 'react';
import { CommandButton } from '../commands/CommandButton';
import { whatIfsFor } from '../commands/whatifCommands';
import { useT } from '../i18n/useT';
import { useStore } from '../store';

export function ElementActions() {
  const selected = useStore((s) => s.selectedElement);
  if (!selected) return null;
  return <Actions selected={selected} />;
}

function Actions({ selected }: { selected: string }) {
  const t = useT();
  const cluster = useStore((s) => s.cluster);
  const commands = useMemo(() => whatIfsFor(cluster, selected), [cluster, selected]);
  if (commands.length === 0) return null;
  return (
    <NodeToolbar nodeId={selected} isVisible position={Position.Top} offset={6}>
      <div className="element-actions nokey" role="toolbar" aria-label={t('whatif.title', { element: selected })} data-testid="element-actions">
        <span className="element-actions-title">{t('whatif.short')}</span>
        {commands.map((c) => (
          <CommandButton key={c.id} command={c} className="btn btn-small" showLabel />
        ))}
      </div>
    </NodeToolbar>
  );
}
