/**
 * The cluster diagram as a plain SVG: rectangles, lines and text, no HTML inside
 * (foreignObject), so that slide programs and vector editors open it and a canvas can draw it
 * for PNG and video frames. It is drawn from the same layout the screen uses (canvas/layout.ts)
 * with the same texts, colours and highlights, fitted into a projector frame with a caption.
 */
import type { Diagram, DiagramNode, DiagramNodeData } from '../../canvas/layout';
import { ACCENTS, type Palette } from './palette';
import { esc, estimate, fit, type Measure } from './text';
import { kickerKey, serviceNoteKey, servicePortLine } from '../../canvas/modeText';

type T = (key: string, params?: Record<string, string | number>) => string;

/** What the picture highlights: the current hop's element, the path so far, the acting Services. */
export interface View {
  current?: string;
  visited: Set<string>;
  /** `Service/ns/name` and `Ingress/ns/name` objects that shaped the current hop. */
  acting: Set<string>;
  /** The packet and its label, at the current element (omit for a handout picture). */
  packet?: { label: string; reply: boolean };
  caption?: { title: string; subtitle: string };
}

export interface Placement {
  scale: number;
  dx: number;
  dy: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Absolute boxes: a child's position is relative to its parent node's. */
export function absoluteBoxes(diagram: Diagram): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const n of diagram.nodes) {
    const parent = n.parentId ? boxes.get(n.parentId) : undefined;
    boxes.set(n.id, { x: (parent?.x ?? 0) + n.position.x, y: (parent?.y ?? 0) + n.position.y, w: n.width ?? 0, h: n.height ?? 0 });
  }
  return boxes;
}

/** Where the diagram goes in a frame of `width`×`height` below a caption band. */
export function placement(diagram: Diagram, width: number, height: number, caption: boolean): Placement {
  const boxes = [...absoluteBoxes(diagram).values()];
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const maxX = Math.max(...boxes.map((b) => b.x + b.w));
  const maxY = Math.max(...boxes.map((b) => b.y + b.h));
  const pad = Math.round(height * 0.03);
  const top = caption ? Math.round(height * 0.1) : 0;
  const scale = Math.min((width - 2 * pad) / (maxX - minX), (height - top - 2 * pad) / (maxY - minY));
  return {
    scale,
    dx: (width - (maxX - minX) * scale) / 2 - minX * scale,
    dy: top + pad + (height - top - 2 * pad - (maxY - minY) * scale) / 2 - minY * scale,
  };
}

interface Line {
  text: string;
  size: number;
  weight?: number;
  mono?: boolean;
  color?: string;
  italic?: boolean;
}

class Svg {
  readonly parts: string[] = [];
  constructor(readonly p: Palette, readonly measure: Measure) {}
  width(line: Line): number {
    return this.measure(line.text, { size: line.size, bold: (line.weight ?? 400) >= 600, mono: line.mono });
  }
  fit(line: Line, max: number): Line {
    return { ...line, text: fit(line.text, max, { size: line.size, bold: (line.weight ?? 400) >= 600, mono: line.mono }, this.measure) };
  }
  rect(b: Box, fill: string, stroke: string, opts: { width?: number; dash?: string; radius?: number; opacity?: number } = {}) {
    this.parts.push(`<rect x="${r(b.x)}" y="${r(b.y)}" width="${r(b.w)}" height="${r(b.h)}" rx="${opts.radius ?? 8}" fill="${fill}" stroke="${stroke}" stroke-width="${opts.width ?? 1.5}"${opts.dash ? ` stroke-dasharray="${opts.dash}"` : ''}${opts.opacity !== undefined ? ` opacity="${opts.opacity}"` : ''}/>`);
  }
  text(x: number, y: number, line: Line, anchor: 'start' | 'middle' | 'end' = 'start') {
    const family = line.mono ? this.p.mono : this.p.sans;
    this.parts.push(`<text x="${r(x)}" y="${r(y)}" font-family="${esc(family)}" font-size="${line.size}"${line.weight ? ` font-weight="${line.weight}"` : ''}${line.italic ? ' font-style="italic"' : ''} fill="${line.color ?? this.p.ink}" text-anchor="${anchor}">${esc(line.text)}</text>`);
  }
  path(d: string, stroke: string, width: number, dash?: string) {
    this.parts.push(`<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
  }
  /** A stack of lines from the top of a box, each cut to the box's width; lines past its bottom are not drawn. */
  lines(b: Box, lines: Line[], align: 'start' | 'middle' = 'start', padX = 8, top = 6) {
    let y = b.y + top;
    for (const line of lines) {
      y += line.size * (line.mono ? 1.32 : 1.25);
      if (y - line.size * 0.25 > b.y + b.h - 2) return;
      this.text(align === 'middle' ? b.x + b.w / 2 : b.x + padX, y - line.size * 0.25, this.fit(line, b.w - 2 * padX), align);
    }
  }
  /** A title with a pill after it (a Service's type, a node's role), the title cut to leave room. */
  titled(x: number, y: number, max: number, title: Line, badge: string) {
    const room = max - this.width({ text: badge, size: 10 }) - 18;
    const cut = this.fit(title, room);
    this.text(x, y, cut);
    this.badge(x + this.width(cut) + 6, y, badge);
  }
  badge(x: number, y: number, text: string) {
    const w = this.width({ text, size: 10 }) + 12;
    this.parts.push(`<rect x="${r(x)}" y="${r(y - 10)}" width="${r(w)}" height="13" rx="6.5" fill="${this.p.bg}" stroke="${this.p.line}"/>`);
    this.text(x + 6, y, { text, size: 10 });
    return w;
  }
}

const r = (n: number) => Math.round(n * 10) / 10;

/** The diagram in a frame; also returns where it was placed, for drawing a packet over it. */
export function diagramSvg(diagram: Diagram, view: View, width: number, height: number, p: Palette, t: T, measure: Measure = estimate): { svg: string; place: Placement } {
  const place = placement(diagram, width, height, !!view.caption);
  const boxes = absoluteBoxes(diagram);
  const out = new Svg(p, measure);
  const mark = (id: string) => (id === view.current ? 'current' : view.visited.has(id) ? 'visited' : '');
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const drawNode = (n: DiagramNode) => drawBox(out, n.data as DiagramNodeData, boxes.get(n.id)!, mark(n.id), view, t);

  const virtual = (n: DiagramNode) => n.type === 'service' || n.type === 'ingress';
  const parents = diagram.nodes.filter((n) => !n.parentId && !virtual(n));
  const children = diagram.nodes.filter((n) => n.parentId);
  // The outside host, the LAN and the nodes; then the wires and links; then the Service band
  // over the wires (a slide reads better so) and what the nodes hold.
  parents.forEach(drawNode);
  for (const e of diagram.edges) {
    const a = boxes.get(e.source);
    const b = boxes.get(e.target);
    if (!a || !b || !byId.has(e.source)) continue;
    const current = e.id === view.current;
    if (e.type === 'veth') {
      const [x1, y1, x2, y2] = [a.x + a.w / 2, a.y, b.x + b.w / 2, b.y + b.h];
      out.path(`M${r(x1)} ${r(y1)}L${r(x2)} ${r(y2)}`, current ? p.current : ACCENTS.pod, current ? 4 : 2.5, '6 3');
      continue;
    }
    if (e.sourceHandle === 'right') {
      out.path(`M${r(a.x + a.w)} ${r(a.y + a.h / 2)}L${r(b.x)} ${r(b.y + b.h / 2)}`, p.edge, 1);
      continue;
    }
    const [x1, y1, x2, y2] = [a.x + a.w / 2, a.y + a.h, b.x + b.w / 2, b.y];
    if (e.type === 'straight') out.path(`M${r(x1)} ${r(y1)}L${r(x2)} ${r(y2)}`, ACCENTS.wire, 2);
    else {
      const mid = (y1 + y2) / 2;
      out.path(`M${r(x1)} ${r(y1)}V${r(mid)}H${r(x2)}V${r(y2)}`, p.edge, 1);
    }
  }
  diagram.nodes.filter(virtual).forEach(drawNode);
  children.forEach(drawNode);
  // The host-side veth names, on their edges.
  for (const e of diagram.edges.filter((x) => x.type === 'veth')) {
    const a = boxes.get(e.source)!;
    const b = boxes.get(e.target)!;
    const name = String((e.data as { veth?: string } | undefined)?.veth ?? '');
    if (!name) continue;
    const [x, y] = [(a.x + a.w / 2 + b.x + b.w / 2) / 2, (a.y + b.y + b.h) / 2];
    const w = out.width({ text: name, size: 10, mono: true }) + 8;
    out.rect({ x: x - w / 2, y: y - 7, w, h: 14 }, p.panel, e.id === view.current ? p.current : p.line, { width: 1, radius: 4 });
    out.text(x, y + 3.5, { text: name, size: 10, mono: true }, 'middle');
  }
  if (view.packet && view.current && diagram.anchors[view.current]) {
    const a = diagram.anchors[view.current];
    out.parts.push(packetSvg(a.x, a.y, view.packet.label, view.packet.reply, p, measure));
  }

  const head: string[] = [];
  if (view.caption) {
    const pad = Math.round(height * 0.03);
    const title = fit(view.caption.title, width - 2 * pad, { size: r(height * 0.028), bold: true }, measure);
    const subtitle = fit(view.caption.subtitle, width - 2 * pad, { size: r(height * 0.019) }, measure);
    head.push(`<text x="${pad}" y="${r(height * 0.05)}" font-family="${esc(p.sans)}" font-size="${r(height * 0.028)}" font-weight="650" fill="${p.ink}">${esc(title)}</text>`);
    head.push(`<text x="${pad}" y="${r(height * 0.085)}" font-family="${esc(p.sans)}" font-size="${r(height * 0.019)}" fill="${p.muted}">${esc(subtitle)}</text>`);
  }
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${esc(view.caption?.title ?? 'Podpath')}</title>`,
    `<rect width="${width}" height="${height}" fill="${p.panel}"/>`,
    ...head,
    `<g transform="translate(${r(place.dx)} ${r(place.dy)}) scale(${Math.round(place.scale * 10000) / 10000})">`,
    ...out.parts,
    '</g>',
    '</svg>',
  ].join('\n');
  return { svg, place };
}

/** The packet as on screen: a ringed dot and a dark label with its addresses. */
export function packetSvg(x: number, y: number, label: string, reply: boolean, p: Palette, measure: Measure = estimate): string {
  const fill = reply ? p.reply : p.packet;
  const w = measure(label, { size: 11, mono: true, bold: true }) + 12;
  return [
    `<circle cx="${r(x)}" cy="${r(y)}" r="13" fill="${fill}" opacity="0.45"/>`,
    `<circle cx="${r(x)}" cy="${r(y)}" r="11" fill="${fill}" stroke="#ffffff" stroke-width="3"/>`,
    `<rect x="${r(x + 16)}" y="${r(y - 38)}" width="${r(w)}" height="18" rx="4" fill="${reply ? p.reply : p.ink}" opacity="0.92"/>`,
    `<text x="${r(x + 22)}" y="${r(y - 25)}" font-family="${esc(p.mono)}" font-size="11" font-weight="600" fill="${reply ? '#04241a' : p.panel}">${esc(label)}</text>`,
  ].join('');
}

function drawBox(out: Svg, d: DiagramNodeData, b: Box, mark: string, view: View, t: T): void {
  const p = out.p;
  const stroke = (accent: string) => (mark === 'current' ? p.current : mark === 'visited' ? p.visited : accent);
  const glow = () => mark === 'current' && out.rect({ x: b.x - 3, y: b.y - 3, w: b.w + 6, h: b.h + 6 }, 'none', p.current, { width: 4, radius: 10, opacity: 0.45 });
  const kicker = (text: string, color = p.muted): Line => ({ text: text.toUpperCase(), size: 10.5, color });
  switch (d.kind) {
    case 'external':
      glow();
      out.rect(b, p.panel, stroke(ACCENTS.external));
      out.lines(b, [kicker(t('canvas.outside')), { text: d.name, size: 12, weight: 650 }, { text: d.ip, size: 11, mono: true }], 'middle');
      return;
    case 'lan':
      out.rect(b, p.bg, stroke(p.line));
      out.text(b.x + b.w / 2, b.y + b.h / 2 + 4, { text: t('canvas.lan', { cidr: d.cidr }), size: 12, weight: 600, color: p.muted }, 'middle');
      return;
    case 'service':
    case 'ingress': {
      const object = d.kind === 'service' ? `Service/${d.service.namespace}/${d.service.name}` : `Ingress/${d.ingress.namespace}/${d.ingress.name}`;
      const acting = view.acting.has(object);
      if (acting) out.rect({ x: b.x - 3, y: b.y - 3, w: b.w + 6, h: b.h + 6 }, 'none', p.current, { width: 4, radius: 10, opacity: 0.45 });
      const system = d.kind === 'service' && d.service.system;
      out.rect(b, p.svcBg, acting ? p.current : d.kind === 'service' ? ACCENTS.service : ACCENTS.ingress, { dash: system ? '2 3' : '5 4', opacity: system && !acting ? 0.72 : undefined });
      const title = d.kind === 'service' ? t('canvas.service', { name: d.service.name }) : t('canvas.ingress', { name: d.ingress.name });
      out.titled(b.x + 8, b.y + 18, b.w - 16, { text: title, size: 12, weight: 650 }, d.kind === 'service' ? d.service.type : d.ingress.className ?? 'Ingress');
      out.lines({ ...b, y: b.y + 17 }, [...boxLines(d, t).map((text) => ({ text, size: 11, mono: true })), { text: t(d.kind === 'service' ? serviceNoteKey(d.service, d.proxyMode) : 'canvas.ingressVirtual'), size: 10.5, italic: true, color: p.muted }]);
      return;
    }
    case 'node': {
      glow();
      out.rect(b, p.nodeBg, stroke(ACCENTS.node));
      out.path(`M${r(b.x)} ${r(b.y + 28)}H${r(b.x + b.w)}`, p.line, 1);
      const cidr: Line = { text: `podCIDR ${d.podCIDR}`, size: 11, mono: true, color: p.muted };
      out.titled(b.x + 10, b.y + 19, b.w - 30 - out.width(cidr), { text: d.name, size: 12, weight: 650 }, t(d.controlPlane ? 'canvas.controlPlane' : 'canvas.worker'));
      out.text(b.x + b.w - 10, b.y + 19, cidr, 'end');
      return;
    }
    case 'device': {
      glow();
      // The tunnel devices: flannel's and Calico's VXLAN, Calico's IPIP.
      const tunnel = d.device === 'flannel.1' || d.device === 'vxlan.calico' ? ' VXLAN' : d.device === 'tunl0' ? ' IPIP' : '';
      const accent = d.device === 'cbr0' ? ACCENTS.cbr0 : tunnel ? ACCENTS.flannel : p.line;
      out.rect(b, p.panel, stroke(accent), { dash: tunnel ? '5 4' : undefined });
      const extra = d.device === 'cbr0' ? ` ${t('canvas.bridge').toUpperCase()}` : tunnel;
      out.lines(b, [{ text: `${d.device}${extra}`, size: 12, weight: 650 }, { text: d.address, size: 11, mono: true }], 'middle', 6, 2);
      return;
    }
    case 'netfilter':
      glow();
      out.rect(b, p.nfBg, stroke(ACCENTS.netfilter));
      out.lines(b, [{ text: 'netfilter', size: 12, weight: 650 }, { text: t(kickerKey(d.proxyMode)), size: 10.5, color: p.muted }, { text: d.natRules === undefined ? t('canvas.netfilterRulesPending') : t('canvas.netfilterRules', { count: d.natRules }), size: 11, mono: true }]);
      return;
    case 'routes':
      glow();
      out.rect(b, p.rtBg, stroke(ACCENTS.routes));
      out.lines(b, [{ text: t('canvas.routes'), size: 12, weight: 650 }, ...d.routes.map((text) => ({ text, size: 10, mono: true }))]);
      return;
    case 'pod': {
      glow();
      const pod = d.pod;
      const accent = pod.hostNetwork ? ACCENTS.cbr0 : ACCENTS.pod;
      const dim = pod.system && mark !== 'current' ? 0.72 : !pod.node ? 0.75 : undefined;
      out.rect(b, p.podBg, stroke(accent), { width: pod.hostNetwork ? 3 : 1.5, dash: !pod.node ? '5 4' : pod.system && mark !== 'current' ? '2 3' : undefined, opacity: dim });
      const notes = [t('canvas.pod'), ...(pod.node ? [] : [t('canvas.pending')]), ...(pod.hostNetwork ? [t('canvas.hostNetwork')] : [])].join(' · ');
      const notReady = pod.phase === 'Running' && !pod.ready ? ` · ${pod.status ?? t('canvas.notReady')}` : '';
      out.lines(b, [
        { ...kicker(notes + notReady), color: notReady ? p.bad : p.muted },
        { text: pod.name, size: 12, weight: 650 },
        { text: `${pod.ip ?? '—'} ${pod.ports.map((x) => `:${x.containerPort}`).join(' ')}`, size: 11, mono: true },
      ]);
      return;
    }
    case 'podEth0':
      glow();
      out.rect(b, p.panel, stroke(ACCENTS.pod), { radius: 12 });
      out.text(b.x + b.w / 2, b.y + b.h / 2 + 3.5, { text: 'eth0', size: 10.5, mono: true }, 'middle');
      return;
  }
}

/** The Service's or Ingress's own lines, as the canvas writes them (canvas/virtualNodes.tsx). */
function boxLines(d: DiagramNodeData, t: T): string[] {
  if (d.kind === 'service') {
    const svc = d.service;
    const lines = svc.ports.map((x) => servicePortLine(svc, x));
    if (svc.type === 'LoadBalancer') lines.push(svc.loadBalancerIPs.length > 0 ? t('canvas.lbAddress', { ips: svc.loadBalancerIPs.join(', '), node: svc.announcedBy ?? '—' }) : t('canvas.lbPending'));
    if (svc.externalIPs.length > 0) lines.push(`externalIPs ${svc.externalIPs.join(', ')}`);
    if (svc.type === 'ExternalName') lines.push(`CNAME → ${svc.externalName}`);
    return lines;
  }
  if (d.kind === 'ingress') {
    const ing = d.ingress;
    const lines = ing.rules.flatMap((rule) => rule.paths.map((x) => `${rule.host || '*'}${x.path} → ${x.backend.service}:${x.backend.port}`));
    if (ing.defaultBackend) lines.push(t('canvas.ingressDefault', { backend: `${ing.defaultBackend.service}:${ing.defaultBackend.port}` }));
    return lines;
  }
  return [];
}
