/**
 * How long the editor waits after a change before asking for a build. The first change after
 * a pause (`sinceLastChangeMs` over PAUSE_MS) builds at once: an edit made alone, the usual
 * one in class, shows its picture as soon as the worker has built it. Within a burst of
 * typing, it waits what the last build cost, up to 250 ms: a lesson builds in a few
 * milliseconds, so its picture still follows each key; a large document is not rebuilt at
 * every keystroke. (The worker runs one build at a time and drops a build a newer text made
 * stale, so this only saves work, it never blocks typing.)
 */
export function rebuildDelay(lastBuildMs: number, sinceLastChangeMs: number): number {
  if (sinceLastChangeMs > PAUSE_MS) return 0;
  return Math.min(250, Math.max(0, Math.round(lastBuildMs)));
}
const PAUSE_MS = 500;
