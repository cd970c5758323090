/** The cluster diagram: React Flow renders the layout; the packet moves on its own layer. */
import { useStage } from '../app/firstFrame';
import { Background, Controls, ReactFlow, useNodesState, type AriaLabelConfig, type Edge, type OnSelectionChangeParams } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { emptyCluster } from '../store/safe';
import { isLarge } from '../worker/pack';
import { ElementActions } from './ElementActions';
import { objectOfElement } from './elementObject';
import { FitOnResize } from './FitOnResize';
import { FrameHop } from './FrameHop';
import { absoluteBoxes } from './frame';
import { FollowPacket } from './FollowPacket';
import { layoutCluster, type DiagramNode, type DiagramNodeData } from './layout';
import { nodeTypes } from './nodes';
import { PacketLayer } from './PacketLayer';
import { keepMeasured } from './stable';
import { condense, CONDENSE_PODS, MORE_H, moreBoxes, touchedKey } from './condense';
import { MoreNode } from './MoreNode';
import { PolicyMark } from './PolicyMark';
import { FitOnNewDocument } from '../share/ui/FitOnNewDocument';
import { VethEdge } from './VethEdge';
import { kickerKey, serviceNoteKey } from './modeText';

const edgeTypes = { veth: VethEdge };
const allNodeTypes = { ...nodeTypes, more: MoreNode };
/** Above this many boxes, only those in view are in the page. */
const LARGE = 120;

function describe(t: ReturnType<typeof useT>, d: DiagramNodeData): string {
  switch (d.kind) {
    case 'external': return `${t('canvas.outside')} ${d.name} ${d.ip}`;
    case 'lan': return t('canvas.lan', { cidr: d.cidr });
    case 'service': return `${t('canvas.service', { name: d.service.name })}: ${t(serviceNoteKey(d.service, d.proxyMode))}`;
    case 'ingress': return `${t('canvas.ingress', { name: d.ingress.name })}: ${t('canvas.ingressVirtual')}`;
    case 'node': return `${d.name} ${d.ip} ${t(d.controlPlane ? 'canvas.controlPlane' : 'canvas.worker')}`;
    case 'device': return `${d.owner} ${d.device} ${d.address}`;
    case 'netfilter': return `${d.node} netfilter, ${t(kickerKey(d.proxyMode))}, ${d.natRules === undefined ? t('canvas.netfilterRulesPending') : t('canvas.netfilterRules', { count: d.natRules })}`;
    case 'routes': return `${d.node} ${t('canvas.routes')}`;
    case 'pod': return `${t('canvas.pod')} ${d.pod.name} ${d.pod.ip ?? t('canvas.pending')}`;
    case 'podEth0': return `${d.pod.name} eth0 ${d.pod.ip ?? ''}`;
  }
}

function flowLabels(t: ReturnType<typeof useT>): Partial<AriaLabelConfig> {
  return {
    'node.a11yDescription.default': t('flow.nodeHelp'),
    'node.a11yDescription.keyboardDisabled': t('flow.nodeHelp'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) => t('flow.nodeMoved', { direction, x, y }),
    'edge.a11yDescription.default': t('flow.edgeHelp'),
    'controls.ariaLabel': t('flow.controls'),
    'controls.zoomIn.ariaLabel': t('flow.zoomIn'),
    'controls.zoomOut.ariaLabel': t('flow.zoomOut'),
    'controls.fitView.ariaLabel': t('flow.fitView'),
    'controls.interactive.ariaLabel': t('flow.interactive'),
  };
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

const NO_PICTURE: ReturnType<typeof layoutCluster> = { ...layoutCluster(emptyCluster()), nodes: [], edges: [] };

export function Canvas({ presenter = false }: { presenter?: boolean }) {
  const t = useT();
  const live = useStore((s) => s.cluster);
  // A large build is drawn in a render of its own, after the one that took it from the worker:
  // two tasks of a tenth of a second rather than one of a quarter (a lesson's is drawn at once).
  const deferred = useDeferredValue(live);
  const cluster = isLarge(live) ? deferred : live;
  const theme = useStore((s) => s.theme);
  const follow = useStore((s) => s.follow);
  const onSelectionChange = useSelection();
  // Until the engine (a Web Worker) answers for the saved document, the stage stays empty: no
  // box of a cluster that is not built yet, and no picture version for tests to take as one. (A
  // fresh page's lesson is answered at once, from index.html: worker/firstPictureKey.ts.)
  const booting = useStore((s) => s.booting);
  // The dot grid, the zoom controls and the boxes' menus come after the first frame (app/firstFrame.ts).
  const drawn = useStage() >= 1;
  // A large build's tables come after it: the rule counts are laid out again when they are in.
  const tablesVersion = useStore((s) => s.tablesVersion);
  // A large cluster is drawn condensed (condense.ts): the pods and Services the request
  // touches and a few more, laid out again only when what it touches changes.
  const trace = useStore((s) => s.trace);
  const latestTrace = useRef(trace);
  latestTrace.current = trace;
  // (A lesson is drawn whole: a new request is not a new picture.)
  const touchedNow = useMemo(() => (cluster.pods.length >= CONDENSE_PODS ? touchedKey(trace) : ''), [cluster, trace]);
  const diagram = useMemo(() => {
    if (booting) return NO_PICTURE;
    const condensed = condense(cluster, latestTrace.current);
    const laid = layoutCluster(condensed.cluster, (d) => describe(t, d));
    const more = moreBoxes(condensed, laid.nodes);
    if (more.length === 0) return laid;
    const extra: DiagramNode[] = more.map((m) => ({
      id: m.id, type: 'more', position: { x: m.x, y: m.y }, width: m.w, height: MORE_H, style: { width: m.w, height: MORE_H },
      data: { kind: 'more', what: m.what, count: m.count, pods: m.pods } as unknown as DiagramNode['data'],
      ...(m.parentId ? { parentId: m.parentId, extent: 'parent' as const } : {}),
      draggable: false, selectable: false, connectable: false, focusable: false,
    }));
    return { ...laid, nodes: [...laid.nodes, ...extra] };
    // tablesVersion: a large build's tables come after it and change the rule counts in place.
  }, [booting, cluster, t, tablesVersion, touchedNow]);
  const [nodes, setNodes, onNodesChange] = useNodesState<DiagramNode>(diagram.nodes);
  // The boxes as React Flow holds them (measured), and the array that shows the newest build
  // (stable.ts: boxes of the same type and size are not drawn again to be measured).
  const current = useRef(nodes);
  current.current = nodes;
  const shown = useRef<DiagramNode[] | null>(null);
  useEffect(() => {
    // Mounted with this build's boxes (useNodesState's first value): React Flow holds them
    // already, and handing them over again would make it adopt every box a second time.
    if (current.current === diagram.nodes) {
      shown.current = diagram.nodes;
      return;
    }
    const next = keepMeasured(current.current, diagram.nodes);
    shown.current = next;
    setNodes(next);
  }, [diagram, setNodes]);
  useEffect(() => {
    // A signal for tests and the benchmark: the picture now shows this build. React Flow's own
    // follow-up update (after it measures the nodes) makes new objects, and is not a new build.
    if (nodes !== shown.current || diagram === NO_PICTURE) return;
    const root = document.documentElement;
    root.dataset.pictureVersion = String(Number(root.dataset.pictureVersion ?? 0) + 1);
    performance.mark('podpath:picture-updated');
  }, [nodes, diagram]);
  // React Flow's own words (its controls, the boxes' and links' descriptions) from the catalogue.
  const edges: Edge[] = useMemo(() => diagram.edges.map((e) => ({ ...e, ariaLabel: t('flow.edge', { source: e.source, target: e.target }) })), [diagram, t]);
  const ariaLabelConfig = useMemo(() => flowLabels(t), [t]);
  // Following centres the current box itself (the packet stands on its edge).
  const centres = useMemo(() => {
    const out: Record<string, { x: number; y: number }> = {};
    for (const [id, b] of absoluteBoxes(diagram.nodes)) out[id] = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
    return out;
  }, [diagram]);

  // React Flow fits the view to the nodes it mounts with: it mounts with the first build's.
  if (diagram === NO_PICTURE) return <div className="canvas" data-testid="canvas" role="region" aria-label={t('canvas.aria')} aria-busy="true" />;
  return (
    <div className={`canvas${follow ? ' is-following' : ''}`} data-testid="canvas" role="region" aria-label={t('canvas.aria')}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onSelectionChange={onSelectionChange}
        nodeTypes={allNodeTypes}
        edgeTypes={edgeTypes}
        colorMode={theme}
        ariaLabelConfig={ariaLabelConfig}
        // No fit of its own (no fitView): FrameHop makes the first view (the whole cluster, or the hop's part).
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
        // A small one is all in the page, so the boxes around the framed hop are there to find.
        onlyRenderVisibleElements={diagram.nodes.length > LARGE}
        proOptions={{ hideAttribution: false }}
      >
        {/* No dot grid in presenter mode: plainer, and nothing to repaint while the view follows. */}
        {!presenter && drawn && <Background gap={24} size={1} />}
        {!presenter && drawn && <Controls showInteractive={false} />}
        <PacketLayer anchors={diagram.anchors} />
        <FitOnNewDocument />
        <FollowPacket anchors={centres} zoom={presenter ? 1.5 : 1.2} />
        <FitOnResize />
        <FrameHop nodes={diagram.nodes} />
        <PolicyMark />
        {!presenter && drawn && <ElementActions />}
      </ReactFlow>
    </div>
  );
}
