/** The export commands: the current state of the store, made into a file and downloaded. */
import { layoutCluster } from '../../canvas/layout';
import { renderSave } from '../../engine';
import { translate } from '../../i18n';
import { useStore, whenNodeTables, type AppState } from '../../store';
import { download } from '../files';
import { currentNode } from './node';
import { findLesson, lessonOf } from '../lessonRef';
import { handoutHtml, handoutMarkdown } from './handout';
import { LIGHT, pagePalette } from './palette';
import { svgToPng } from './raster';
import { canvasMeasure } from './text';
import { diagramSvg } from './svg';
import { recordTrace, VIDEO_SIZE } from './video';
import { viewAt } from './view';

/** A projector: 1920×1080; `scale` 2 gives 3840×2160. */
export const PICTURE_SIZE = { width: 1920, height: 1080 };

const tr = (s: AppState) => (key: string, params?: Record<string, string | number>) => translate(s.lang, key, params);

function baseName(s: AppState): string {
  return `podpath-${lessonOf(s)?.id ?? 'trace'}`;
}

const hopTag = (s: AppState) => `hop-${String(s.player.step + 1).padStart(2, '0')}`;

/** The diagram at the current hop, as on screen, with a caption. */
export function currentSvg(s: AppState = useStore.getState()): string {
  const t = tr(s);
  const palette = pagePalette();
  return diagramSvg(layoutCluster(s.cluster), viewAt(s.cluster, s.trace, s.player.step, t), PICTURE_SIZE.width, PICTURE_SIZE.height, palette, t, canvasMeasure(palette.sans, palette.mono)).svg;
}

export function exportSvg(): void {
  const s = useStore.getState();
  download(currentSvg(s), `${baseName(s)}-${hopTag(s)}.svg`, 'image/svg+xml');
}

export async function exportPng(scale: 1 | 2): Promise<void> {
  const s = useStore.getState();
  try {
    const png = await svgToPng(currentSvg(s), PICTURE_SIZE.width, PICTURE_SIZE.height, scale);
    download(png, `${baseName(s)}-${hopTag(s)}${scale === 2 ? '@2x' : ''}.png`);
  } catch (e) {
    failed(e);
  }
}

function handoutInput(s: AppState) {
  const ref = lessonOf(s);
  const lesson = findLesson(ref?.id);
  const title = lesson ? (s.lang === 'zh-CN' ? lesson.title.zh : lesson.title.en) : translate(s.lang, 'handout.untitled');
  return { title, cluster: s.cluster, trace: s.trace, yaml: s.text, lang: s.lang };
}

export function exportHandout(kind: 'md' | 'html'): void {
  const s = useStore.getState();
  const t = tr(s);
  if (kind === 'md') {
    download(handoutMarkdown(handoutInput(s), t), `${baseName(s)}-handout.md`, 'text/markdown;charset=utf-8');
    return;
  }
  // The whole path, walked: every element the packet passes is marked, none is current; printed on white.
  const visited = new Set(s.trace.hops.map((h) => h.element));
  const picture = diagramSvg(layoutCluster(s.cluster), { visited, acting: new Set() }, 1600, 900, LIGHT, t, canvasMeasure(LIGHT.sans, LIGHT.mono)).svg;
  download(handoutHtml(handoutInput(s), t, picture), `${baseName(s)}-handout.html`, 'text/html;charset=utf-8');
}

export { currentNode };

export function exportIptables(node = currentNode(useStore.getState())): void {
  // A large build's tables may still be coming from the worker: the file waits for them.
  if (node === undefined) return;
  whenNodeTables(node, () => {
    const s = useStore.getState();
    const dp = s.cluster.nodeDataplanes.find((d) => d.node === node);
    if (!dp) return;
    // The date the inspector shows too, so that the file is the text seen on screen.
    download(renderSave(dp.tables, { date: new Date(Date.UTC(2026, 0, 1)) }), `iptables-save-${dp.node}.txt`);
  });
}

let recording: AbortController | undefined;

export function isRecording(): boolean {
  return recording !== undefined;
}

export function cancelRecording(): void {
  recording?.abort();
}

export async function exportVideo(): Promise<void> {
  if (recording) return;
  const s = useStore.getState();
  const t = tr(s);
  recording = new AbortController();
  const progress = (fraction: number) =>
    useStore.getState().showNotice({ key: 'share.notice.recording', params: { percent: Math.round(fraction * 100) }, tone: 'progress', progress: fraction, action: 'cancel' });
  progress(0);
  try {
    const palette = pagePalette();
    const blob = await recordTrace({
      diagram: layoutCluster(s.cluster), cluster: s.cluster, trace: s.trace, palette, measure: canvasMeasure(palette.sans, palette.mono), t,
      speed: s.player.speed, onProgress: progress, signal: recording.signal,
    });
    useStore.getState().showNotice(undefined);
    download(blob, `${baseName(s)}-${VIDEO_SIZE.width}x${VIDEO_SIZE.height}.webm`, 'video/webm');
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') useStore.getState().showNotice({ key: 'share.notice.cancelled', tone: 'info' });
    else failed(e);
  } finally {
    recording = undefined;
  }
}

function failed(e: unknown): void {
  const s = useStore.getState();
  const reason = e instanceof Error && e.message === 'unsupported' ? translate(s.lang, 'share.video.unsupported') : String(e instanceof Error ? e.message : e);
  s.showNotice({ key: 'share.notice.exportFailed', params: { reason }, tone: 'error' });
}
