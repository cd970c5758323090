/** The cluster diagram: React Flow renders the layout; the packet moves on its own layer. */
import { Background, Controls, ReactFlow, useNodesState, type Edge, type OnSelectionChangeParams } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo } from 'react';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { ElementActions } from './ElementActions';
import { objectOfElement } from './elementObject';
import { FitOnResize } from './FitOnResize';
import { FollowPacket } from './FollowPacket';
import { layoutCluster, type DiagramNode, type DiagramNodeData } from './layout';
import { nodeTypes } from './nodes';
import { PacketLayer } from './PacketLayer';
import { FitOnNewDocument } from '../share/ui/FitOnNewDocument';
import { VethEdge } from './VethEdge';

const edgeTypes = { veth: VethEdge };

function describe(t: ReturnType<typeof useT>, d: DiagramNodeData): string {
  switch (d.kind) {
    case 'external': return `${t('canvas.outside')} ${d.name} ${d.ip}`;
    case 'lan': return t('canvas.lan', { cidr: d.cidr });
    case 'service': return `${t('canvas.service', { name: d.service.name })}: ${t(d.proxyMode === 'ipvs' ? 'canvas.serviceVirtualIpvs' : 'canvas.serviceVirtual')}`;
    case 'ingress': return `${t('canvas.ingress', { name: d.ingress.name })}: ${t('canvas.ingressVirtual')}`;
    case 'node': return `${d.name} ${d.ip} ${t(d.controlPlane ? 'canvas.controlPlane' : 'canvas.worker')}`;
    case 'device': return `${d.owner} ${d.device} ${d.address}`;
    case 'netfilter': return `${d.node} netfilter, ${t('canvas.netfilterRules', { count: d.natRules })}`;
    case 'routes': return `${d.node} ${t('canvas.routes')}`;
    case 'pod': return `${t('canvas.pod')} ${d.pod.name} ${d.pod.ip ?? t('canvas.pending')}`;
    case 'podEth0': return `${d.pod.name} eth0 ${d.pod.ip ?? ''}`;
  }
}

/** Selecting an element opens its what-ifs and puts its YAML object in focus. */
function useSelection() {
  return useCallback(({ nodes }: OnSelectionChangeParams) => {
    const s = useStore.getState();
    const id = nodes[0]?.id ?? null;
    if (id === s.selectedElement) return;
    s.selectElement(id);
    const focus = id ? objectOfElement(s.cluster, id) : undefined;
    if (focus) s.setFocus({ ...focus, source: 'canvas' });
    else if (s.focus?.source === 'canvas') s.setFocus(null);
  }, []);
}

export function Canvas({ presenter = false }: { presenter?: boolean }) {
  const t = useT();
  const cluster = useStore((s) => s.cluster);
  const theme = useStore((s) => s.theme);
  const follow = useStore((s) => s.follow);
  const onSelectionChange = useSelection();
  const diagram = useMemo(() => layoutCluster(cluster, (d) => describe(t, d)), [cluster, t]);
  const [nodes, setNodes, onNodesChange] = useNodesState<DiagramNode>(diagram.nodes);
  useEffect(() => {
    setNodes(diagram.nodes);
  }, [diagram, setNodes]);
  useEffect(() => {
    // A signal for tests and the benchmark: the picture now shows this build. React Flow's own
    // follow-up update (after it measures the nodes) makes new objects, and is not a new build.
    if (nodes !== diagram.nodes) return;
    const root = document.documentElement;
    root.dataset.pictureVersion = String(Number(root.dataset.pictureVersion ?? 0) + 1);
    performance.mark('podpath:picture-updated');
  }, [nodes, diagram]);
  const edges: Edge[] = diagram.edges;

  return (
    <div className={`canvas${follow ? ' is-following' : ''}`} data-testid="canvas" role="region" aria-label={t('canvas.aria')}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onSelectionChange={onSelectionChange}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={theme}
        fitView
        fitViewOptions={{ padding: 0.06 }}
        minZoom={0.2}
        maxZoom={2.5}
        nodesDraggable={false}
        // Space, arrows and Delete belong to the player and the editor, not to canvas gestures.
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomActivationKeyCode={null}
        nodesConnectable={false}
        // A large cluster does not fit the view: boxes off screen are not in the page (fewer to style, lay out and layer each frame).
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: false }}
      >
        {/* No dot grid in presenter mode: plainer, and nothing to repaint while the view follows. */}
        {!presenter && <Background gap={24} size={1} />}
        {!presenter && <Controls showInteractive={false} />}
        <PacketLayer anchors={diagram.anchors} />
        <FitOnNewDocument />
        <FollowPacket anchors={diagram.anchors} zoom={presenter ? 1.5 : 1.2} />
        <FitOnResize />
        {!presenter && <ElementActions />}
      </ReactFlow>
    </div>
  );
}
