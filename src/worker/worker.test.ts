/**
 * The worker's message contract, in Node: the handler as a function of messages, the client's
 * sequence numbers and stale builds, and the guard (an engine that throws keeps the picture).
 */
import { describe, expect, it, vi } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { createEngineClient, type Transport } from './client';
import { createEngineHandler } from './handler';
import type { BuiltReply, EngineReply, EngineRequest } from './protocol';

vi.mock('../engine', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../engine')>();
  return {
    ...engine,
    buildCluster: (...args: Parameters<typeof engine.buildCluster>) => {
      if (args[0].includes('# engine-throws-here')) throw new TypeError('x is undefined');
      return engine.buildCluster(...args);
    },
  };
});

const request = nodePortLesson.request;
const REFUSED = nodePortLesson.yaml.replace('nodePort: 31101', 'nodePort: 80');
const BROKEN = `${nodePortLesson.yaml}\n---\nkind: [unclosed\n`;
const nodePort = (r: EngineReply | undefined) => (r as BuiltReply).cluster?.services.find((s) => s.name === 'my-nginx-deploment')?.ports[0].nodePort;

describe('the engine handler', () => {
  it('applies an edit over the build on screen, and a replaced document afresh', () => {
    const h = createEngineHandler();
    const first = h.handle({ type: 'build', seq: 1, text: nodePortLesson.yaml, applyOverShown: false, request }) as BuiltReply;
    expect(first).toMatchObject({ seq: 1, stale: false, acceptedWhole: true });
    expect(first.trace?.outcome).toBe('served');
    const edit = h.handle({ type: 'build', seq: 2, text: REFUSED, shown: 1, applyOverShown: true, request }) as BuiltReply;
    expect(nodePort(edit)).toBe(31101);
    expect(edit.cluster?.kept).toEqual(['Service/default/my-nginx-deploment']);
    expect(edit.acceptedWhole).toBe(false);
    const fresh = h.handle({ type: 'build', seq: 3, text: REFUSED, shown: 2, applyOverShown: false, request }) as BuiltReply;
    expect(nodePort(fresh)).toBeUndefined();
    expect(fresh.trace?.outcome).toBe('refused');
    // Only the build on screen and the newest are held.
    expect(h.held().sort()).toEqual([2, 3]);
  });

  it('keeps the picture on a syntax error or an engine that throws: no cluster, stale, the reason', () => {
    const h = createEngineHandler();
    h.handle({ type: 'build', seq: 1, text: nodePortLesson.yaml, applyOverShown: false, request });
    const syntax = h.handle({ type: 'build', seq: 2, text: BROKEN, shown: 1, applyOverShown: true, request }) as BuiltReply;
    expect(syntax.cluster).toBeUndefined();
    expect(syntax.stale).toBe(true);
    expect(syntax.diagnostics.some((d) => d.code === 'yaml-syntax')).toBe(true);
    const thrown = h.handle({ type: 'build', seq: 3, text: `${nodePortLesson.yaml}\n# engine-throws-here\n`, shown: 1, applyOverShown: true, request }) as BuiltReply;
    expect(thrown).toMatchObject({ stale: true, crash: 'TypeError: x is undefined' });
    expect(thrown.diagnostics[0].code).toBe('podpath-crash');
    // The build on screen is still there to trace on.
    expect(h.held()).toEqual([1]);
    expect(h.handle({ type: 'trace', seq: 4, build: 1, request })).toMatchObject({ type: 'traced', build: 1, trace: { outcome: 'served' } });
    expect(h.handle({ type: 'trace', seq: 5, build: 2, request })).toBeUndefined();
  });

  it('starts on the first fallback that builds when the saved text does not, and says so', () => {
    const h = createEngineHandler();
    const r = h.handle({ type: 'start', seq: 1, text: BROKEN, fallbacks: [null, nodePortLesson.yaml, ''], request }) as BuiltReply;
    expect(r.stale).toBe(true);
    expect(nodePort(r)).toBe(31101);
    expect(r.diagnostics.some((d) => d.code === 'yaml-syntax')).toBe(true);
    // And applies the saved text over the last text accepted whole.
    const again = createEngineHandler().handle({ type: 'start', seq: 1, text: REFUSED, accepted: nodePortLesson.yaml, fallbacks: [], request }) as BuiltReply;
    expect(nodePort(again)).toBe(31101);
    expect(again.stale).toBe(false);
  });

  it('reports what the build cost, for the debounce', () => {
    let t = 0;
    const h = createEngineHandler(() => (t += 40));
    expect((h.handle({ type: 'build', seq: 1, text: '', applyOverShown: false, request }) as BuiltReply).ms).toBe(40);
  });
});

/** A transport whose replies the test sends when it likes. */
function manual() {
  const posted: EngineRequest[] = [];
  let receive: (r: EngineReply) => void = () => undefined;
  const transport: Transport = { post: (m) => posted.push(m), listen: (r) => (receive = r) };
  const reply = (seq: number) => receive({ type: 'built', seq, diagnostics: [], stale: false, acceptedWhole: true, ms: 1 });
  return { transport, posted, reply };
}

describe('the engine client', () => {
  it('runs one build at a time and drops a build a newer text made stale', () => {
    const { transport, posted, reply } = manual();
    const client = createEngineClient(transport);
    const done: string[] = [];
    const args = (text: string) => () => ({ text, applyOverShown: true, request });
    client.build(args('a'), () => done.push('a'));
    client.build(args('b'), () => done.push('b'));
    client.build(args('c'), () => done.push('c'));
    // b was replaced by c before it was ever sent.
    expect(posted.map((m) => (m.type === 'build' ? m.text : m.type))).toEqual(['a']);
    expect(client.busy()).toBe(true);
    reply(posted[0].seq);
    // a's answer is stale: c is sent instead of showing it.
    expect(done).toEqual([]);
    expect(posted.map((m) => (m.type === 'build' ? m.text : m.type))).toEqual(['a', 'c']);
    reply(999);
    expect(done).toEqual([]);
    reply(posted[1].seq);
    expect(done).toEqual(['c']);
    expect(client.busy()).toBe(false);
  });

  it('decides what a build sends when it is sent, with its own sequence number', () => {
    const { transport, posted, reply } = manual();
    const client = createEngineClient(transport);
    let shown = 1;
    client.build(() => ({ text: 'a', shown, applyOverShown: true, request }), () => undefined);
    client.build((seq) => ({ text: `b${seq}`, shown, applyOverShown: true, request }), () => undefined);
    shown = 7;
    reply(posted[0].seq);
    expect(posted[1]).toMatchObject({ type: 'build', seq: posted[0].seq + 1, text: `b${posted[0].seq + 1}`, shown: 7 });
  });

  it('sends traces at once and answers each by its number', () => {
    const posted: EngineRequest[] = [];
    const h = createEngineHandler();
    let receive: (r: EngineReply) => void = () => undefined;
    const client = createEngineClient({ post: (m) => { posted.push(m); const r = h.handle(m); if (r) receive(r); }, listen: (r) => (receive = r) });
    let built: BuiltReply | undefined;
    client.build(() => ({ text: nodePortLesson.yaml, applyOverShown: false, request }), (r) => (built = r));
    const outcomes: string[] = [];
    client.trace(built!.seq, { ...request, to: 'http://192.168.255.101:31999/' }, (r) => outcomes.push(r.trace.outcome));
    client.trace(built!.seq, request, (r) => outcomes.push(r.trace.outcome));
    expect(outcomes).toEqual(['refused', 'served']);
  });
});
