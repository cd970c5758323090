/**
 * What the export menu shows about a video before any of the recorder is loaded (its length,
 * whether this browser records WebM): the recorder itself (video.ts) is a chunk of its own.
 */
import { stepDuration } from '../../player/machine';

export const VIDEO_SIZE = { width: 1920, height: 1080 };
export const INTRO_MS = 800;
export const OUTRO_MS = 1500;

/** How long the video of a trace lasts at a player speed. */
export function videoLength(hops: number, speed: number): number {
  return INTRO_MS + Math.max(0, hops - 1) * stepDuration(speed) + OUTRO_MS;
}

/** The WebM type this browser records, VP9 first; undefined when it records none. */
export function webmType(): string | undefined {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return undefined;
  return ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
}
