/**
 * The packet's trip as a WebM for slides: each hop's picture (the SVG export, with its
 * caption) drawn on a canvas, the packet gliding between hops as the player moves it
 * (player/clock.ts), recorded by MediaRecorder from the canvas's stream. Recording runs in
 * real time, so a 40-hop trace at 2× takes about 20 s; the Duration is then written into the
 * file (webm.ts) so that players and slide programs know its length.
 */
import type { Diagram } from '../../canvas/layout';
import type { Cluster, Trace } from '../../engine';
import { ease } from '../../player/clock';
import { stepDuration } from '../../player/machine';
import type { Palette } from './palette';
import { svgImage } from './raster';
import { diagramSvg, type Placement } from './svg';
import type { Measure } from './text';
import { viewAt } from './view';
import { withDuration } from './webm';

import { INTRO_MS, VIDEO_SIZE, videoLength, webmType } from './videoSpec';

export { VIDEO_SIZE, videoLength, webmType };

type T = (key: string, params?: Record<string, string | number>) => string;

export interface Recording {
  diagram: Diagram;
  cluster: Cluster;
  trace: Trace;
  palette: Palette;
  measure: Measure;
  t: T;
  speed: number;
  onProgress: (fraction: number) => void;
  signal: AbortSignal;
}

function drawPacket(ctx: CanvasRenderingContext2D, place: Placement, x: number, y: number, label: string, reply: boolean, p: Palette) {
  ctx.save();
  ctx.setTransform(place.scale, 0, 0, place.scale, place.dx, place.dy);
  const fill = reply ? p.reply : p.packet;
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.arc(x, y, 13, 0, 2 * Math.PI);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  ctx.arc(x, y, 11, 0, 2 * Math.PI);
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.font = `600 11px ${p.mono}`;
  const w = ctx.measureText(label).width + 12;
  ctx.globalAlpha = 0.92;
  ctx.fillStyle = reply ? p.reply : p.ink;
  ctx.beginPath();
  ctx.roundRect(x + 16, y - 38, w, 18, 4);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.fillStyle = reply ? '#04241a' : p.panel;
  ctx.fillText(label, x + 22, y - 25);
  ctx.restore();
}

export async function recordTrace(r: Recording): Promise<Blob> {
  const type = webmType();
  if (!type) throw new Error('unsupported');
  const { width, height } = VIDEO_SIZE;
  const hops = r.trace.hops;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const frame = (step: number) => diagramSvg(r.diagram, viewAt(r.cluster, r.trace, step, r.t, { packet: false }), width, height, r.palette, r.t, r.measure);
  // Each hop's picture is decoded one hop ahead, so a frame never waits for it.
  const images = new Map<number, Promise<HTMLImageElement>>();
  const image = (step: number) => {
    if (!images.has(step) && step < hops.length) images.set(step, svgImage(frame(step).svg));
    return images.get(step)!;
  };
  const place = frame(0).place;
  const duration = stepDuration(r.speed);
  const glide = Math.min(duration * 0.6, 520);
  const total = videoLength(hops.length, r.speed);

  let shown = -1;
  let current = await image(0);
  void image(1);
  const draw = async (elapsed: number) => {
    const step = Math.min(hops.length - 1, Math.max(0, Math.floor((elapsed - INTRO_MS) / duration) + 1));
    if (step !== shown) {
      current = await image(step);
      void image(step + 1);
      images.delete(step - 1);
      shown = step;
    }
    ctx.drawImage(current, 0, 0, width, height);
    const hop = hops[step];
    const to = r.diagram.anchors[hop.element];
    const from = r.diagram.anchors[hops[Math.max(0, step - 1)].element] ?? to;
    if (!to) return;
    const since = step === 0 ? glide : elapsed - INTRO_MS - (step - 1) * duration;
    const k = ease(Math.min(1, Math.max(0, since / glide)));
    drawPacket(ctx, place, from.x + (to.x - from.x) * k, from.y + (to.y - from.y) * k, `${hop.after.src}:${hop.after.sport} → ${hop.after.dst}:${hop.after.dport}`, hop.phase === 'reply', r.palette);
  };

  await draw(0);
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: type, videoBitsPerSecond: 8_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data);
  const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
  recorder.start(500);
  const started = performance.now();
  // A hidden tab gets no animation frames: the recording pauses with it, and the time it
  // was hidden does not count.
  let hiddenAt: number | undefined;
  let hidden = 0;
  const visibility = () => {
    if (document.hidden && recorder.state === 'recording') {
      hiddenAt = performance.now();
      recorder.pause();
    } else if (!document.hidden && hiddenAt !== undefined) {
      hidden += performance.now() - hiddenAt;
      hiddenAt = undefined;
      if (recorder.state === 'paused') recorder.resume();
    }
  };
  document.addEventListener('visibilitychange', visibility);
  const elapsed = () => performance.now() - started - hidden;
  await new Promise<void>((resolve, reject) => {
    const tick = async () => {
      if (r.signal.aborted) return reject(new DOMException('cancelled', 'AbortError'));
      if (hiddenAt === undefined) {
        const at = elapsed();
        await draw(Math.min(at, total));
        r.onProgress(Math.min(1, at / total));
        if (at >= total) return resolve();
      }
      requestAnimationFrame(() => void tick());
    };
    void tick();
  }).finally(() => {
    document.removeEventListener('visibilitychange', visibility);
    if (recorder.state !== 'inactive') recorder.stop();
  });
  await stopped;
  const recorded = elapsed();
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  return new Blob([withDuration(bytes, recorded) as BlobPart], { type: 'video/webm' });
}
