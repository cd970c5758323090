/** The objects of a file opened, counted in the worker: a List by its items, broken documents not at all. */
import { describe, expect, it } from 'vitest';
import { createEngineHandler } from './handler';
import type { CountedReply } from './protocol';

describe('counting a file\'s objects in the worker', () => {
  it('counts documents, and a List by its items', () => {
    const h = createEngineHandler();
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: c\n';
    expect(h.handle({ type: 'count', seq: 1, text: `${list}---\n${pod}` })).toEqual<CountedReply>({ type: 'counted', seq: 1, objects: 3 });
    expect(h.handle({ type: 'count', seq: 2, text: 'a: [\n' })).toEqual<CountedReply>({ type: 'counted', seq: 2, objects: 0 });
  });
});
