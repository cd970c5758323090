/**
 * The first picture index.html carries (firstPicture.ts, firstPictureKey.ts): the engine's own
 * answer to a fresh page's start, taken only for that start, and the client showing it without
 * waiting for the worker, which still builds the text and holds it under the same number.
 */
import { describe, expect, it } from 'vitest';
import { defaultLesson } from '../lessons/load';
import { createEngineClient } from './client';
import { FIRST_PICTURE_ID, firstPictureFor, startKey } from './firstPictureKey';
import { firstPictureElement, freshStart, makeFirstPicture } from './firstPicture';
import { createEngineHandler } from './handler';
import type { BuiltReply, EngineReply, EngineRequest } from './protocol';

const withoutCost = (r: BuiltReply) => ({ ...r, ms: 0 });
/** The JSON an element's text holds, as the browser gives it back (the element's textContent). */
const elementJson = (html: string) => html.replace(/^<script type="application\/json" id="[^"]+">/, '').replace(/<\/script>$/, '');

describe('the first picture', () => {
  const first = makeFirstPicture();

  it("is the worker's own answer to a fresh page's start of the default lesson", () => {
    const start = freshStart();
    expect(start).toMatchObject({ text: defaultLesson.yaml, accepted: null, request: defaultLesson.request });
    const worker = createEngineHandler().handle({ type: 'start', seq: 1, ...start }) as BuiltReply;
    expect(withoutCost(first.reply)).toEqual(withoutCost(worker));
    expect(first.reply).toMatchObject({ type: 'built', stale: false, acceptedWhole: false });
    expect(first.reply.trace?.outcome).toBe('served');
    expect(first.reply.cluster?.pods.length).toBeGreaterThan(0);
  });

  it('is taken for that start only: another text, accepted text or request waits for the worker', () => {
    const json = elementJson(firstPictureElement(first));
    const start = { text: defaultLesson.yaml, accepted: null, request: defaultLesson.request };
    expect(firstPictureFor(json, start)).toEqual(first.reply);
    // An accepted text equal to the text is none (the handler builds no `previous` for it).
    expect(firstPictureFor(json, { ...start, accepted: defaultLesson.yaml })).toEqual(first.reply);
    expect(firstPictureFor(json, { ...start, text: `${defaultLesson.yaml}\n# edited` })).toBeUndefined();
    expect(firstPictureFor(json, { ...start, accepted: 'kind: Pod' })).toBeUndefined();
    expect(firstPictureFor(json, { ...start, request: { ...start.request, to: 'http://10.96.0.10:53/' } })).toBeUndefined();
    expect(firstPictureFor(undefined, start)).toBeUndefined();
    expect(firstPictureFor('{"key":', start)).toBeUndefined();
    expect(firstPictureFor(JSON.stringify({ key: startKey(start), reply: { type: 'traced' } }), start)).toBeUndefined();
    expect(firstPictureFor(JSON.stringify({ key: startKey(start), reply: { ...first.reply, cluster: undefined } }), start)).toBeUndefined();
  });

  it('is written so that no text in it can end its element', () => {
    const evil = { key: 'k', reply: { ...first.reply, diagnostics: [{ message: '</script><script>alert(1)</script>\u2028' }] } } as unknown as typeof first;
    const html = firstPictureElement(evil);
    expect(html.startsWith(`<script type="application/json" id="${FIRST_PICTURE_ID}">`)).toBe(true);
    expect(html.match(/<\/script>/gi)).toEqual(['</script>']);
    expect(html).not.toContain('\u2028');
    expect(JSON.parse(elementJson(html))).toEqual(evil);
  });
});

describe('the engine client with a known first answer', () => {
  it("shows it at once, drops the worker's own answer, and builds over the build the worker holds", () => {
    const handler = createEngineHandler();
    const posted: EngineRequest[] = [];
    const queue: EngineRequest[] = [];
    let receive: (r: EngineReply) => void = () => undefined;
    // A worker that has not started yet: messages wait until flush().
    const client = createEngineClient({ post: (m) => (posted.push(m), queue.push(m)), listen: (r) => (receive = r) });
    const flush = () => {
      for (const m of queue.splice(0)) {
        const r = handler.handle(m);
        if (r) receive(r);
      }
    };
    const first = makeFirstPicture();
    const shown: BuiltReply[] = [];
    const seq = client.start({ ...freshStart() }, (r) => shown.push(r), first.reply);
    expect(shown).toEqual([{ ...first.reply, seq }]);
    expect(client.busy()).toBe(false);
    expect(posted.map((m) => m.type)).toEqual(['start']);
    // An edit while the worker is still loading: sent at once, after the start it builds over.
    const edited = defaultLesson.yaml.replace('nodePort: 31101', 'nodePort: 80');
    const builds: BuiltReply[] = [];
    client.build(() => ({ text: edited, shown: seq, applyOverShown: true, request: defaultLesson.request }), (r) => builds.push(r));
    flush();
    // The worker's answer to the start was not shown again; the edit was applied over its build.
    expect(shown).toHaveLength(1);
    expect(builds).toHaveLength(1);
    expect(builds[0].cluster?.kept).toEqual(['Service/default/my-nginx-deploment']);
    expect(handler.held()).toEqual([seq, builds[0].seq]);
  });
});
