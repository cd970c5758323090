/**
 * The first picture, made when the app is built (vite.config.ts puts it into index.html): the
 * engine's own answer to the start message a fresh page sends (no saved document, the default
 * lesson and its request), computed by the same handler the worker runs. Build-time only:
 * the page reads it through firstPictureKey.ts.
 */
import { defaultLesson } from '../lessons/load';
import { FIRST_PICTURE_ID, startKey, type FirstPicture, type StartArgs } from './firstPictureKey';
import { createEngineHandler } from './handler';
import type { BuiltReply, StartMessage } from './protocol';

/** The start a fresh page sends (store.ts startUp: nothing saved, the default lesson). */
export function freshStart(): Omit<StartMessage, 'type' | 'seq'> & StartArgs {
  return { text: defaultLesson.yaml, accepted: null, fallbacks: [null, defaultLesson.yaml, ''], request: defaultLesson.request };
}

export function makeFirstPicture(): FirstPicture {
  const start = freshStart();
  const t0 = performance.now();
  const reply = createEngineHandler(() => performance.now()).handle({ type: 'start', seq: 1, ...start }) as BuiltReply;
  // What the build cost here stands for what it costs in the browser (the editor's debounce follows it).
  return { key: startKey(start), reply: { ...reply, ms: Math.round(performance.now() - t0) } };
}

/**
 * The first picture as the `<script type="application/json">` element index.html carries. The
 * JSON is escaped so that no text in it (a lesson's YAML, a rule's comment) can end the
 * element: `<` is written \u003c, and the line separators JavaScript once refused as well.
 */
export function firstPictureElement(first: FirstPicture = makeFirstPicture()): string {
  const json = JSON.stringify(first).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script type="application/json" id="${FIRST_PICTURE_ID}">${json}</script>`;
}
