/**
 * The store with the engine in a (fake) Web Worker: nothing is built on the main thread at
 * start-up, the first picture arrives with the worker's answer, a build made stale by a newer
 * text is dropped, and a failed build keeps the last picture.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { generatedSize } from '../../bench/clusters';
import { MemoryStorage, reload } from './testing';
import { createEngineHandler } from '../worker/handler';
import type { EngineRequest } from '../worker/protocol';

const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../engine', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../engine')>();
  return { ...engine, buildCluster: (...args: Parameters<typeof engine.buildCluster>) => (built.count++, engine.buildCluster(...args)) };
});

/** A Worker whose messages wait until the test answers them with the real handler. */
class FakeWorker {
  static last: FakeWorker | undefined;
  inbox: EngineRequest[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: unknown = null;
  private handler = createEngineHandler();
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(m: EngineRequest) {
    this.inbox.push(structuredClone(m));
  }
  /** Runs one piece of the worker's background work (a large build's tables), as its pump does between messages. */
  pump() {
    const reply = this.handler.background();
    if (reply) this.onmessage?.({ data: structuredClone(reply) });
    return reply;
  }
  /** Answers the oldest message. */
  answer() {
    const m = this.inbox.shift()!;
    const reply = this.handler.handle(m);
    if (reply) this.onmessage?.({ data: structuredClone(reply) });
    return m;
  }
}

const userPods = (s: { cluster: { pods: { namespace: string }[] } }) => s.cluster.pods.filter((p) => p.namespace === 'default').length;

afterEach(() => {
  vi.unstubAllGlobals();
});

async function start(text: string) {
  const storage = new MemoryStorage();
  storage.setItem('podpath.yaml', text);
  vi.stubGlobal('Worker', FakeWorker);
  const page = await reload(storage);
  // The worker is made once its module has loaded.
  await vi.waitFor(() => expect(FakeWorker.last?.inbox.length).toBeGreaterThan(0));
  return { ...page, worker: FakeWorker.last! };
}

describe('the store with the engine in a worker', () => {
  it('builds nothing on the main thread at start-up: the picture follows the worker', async () => {
    built.count = 0;
    const { state, worker } = await start(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3'));
    expect(state().booting).toBe(true);
    expect(userPods(state())).toBe(0);
    expect(built.count).toBe(0);
    expect(worker.inbox[0]).toMatchObject({ type: 'start', text: expect.stringContaining('replicas: 3') });
    worker.answer();
    expect(state().booting).toBe(false);
    expect(userPods(state())).toBe(3);
    expect(state().trace.outcome).toBe('served');
  });

  it('plays a curl typed in the terminal once its trace arrives, not the old trace before it', async () => {
    const { state, worker } = await start(nodePortLesson.yaml);
    worker.answer();
    expect(state().trace.request.to).toBe(nodePortLesson.request.to);
    // The line runs in the worker, on the build on screen.
    const ran = state().runLine('curl 10.108.229.67:8001');
    expect(worker.inbox.map((m) => m.type)).toEqual(['exec']);
    worker.answer();
    // From the outside host a ClusterIP answers nothing: curl's timeout, as on a real host.
    expect((await ran).result.exitCode).toBe(28);
    // Asked for, not answered yet: the player has not started on the old path.
    expect(worker.inbox.map((m) => m.type)).toEqual(['trace']);
    expect(state().player.status).not.toBe('playing');
    worker.answer();
    expect(state().trace.request.to).toBe('http://10.108.229.67:8001/');
    expect(state().player.status).toBe('playing');
  });

  it('drops a build a newer text made stale, and keeps the picture on a syntax error', async () => {
    const { state, worker } = await start(nodePortLesson.yaml);
    worker.answer();
    state().setText(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3'));
    state().rebuild();
    state().setText(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 4'));
    state().rebuild();
    state().setText(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 5'));
    state().rebuild();
    // One build in flight (3 replicas); 4 was replaced by 5 before it was sent.
    expect(worker.inbox.map((m) => m.type === 'build' && m.text.match(/replicas: (\d)/)?.[1])).toEqual(['3']);
    worker.answer();
    // 3's answer is stale: not shown; 5 went instead.
    expect(userPods(state())).toBe(2);
    expect(worker.inbox.map((m) => m.type === 'build' && m.text.match(/replicas: (\d)/)?.[1])).toEqual(['5']);
    worker.answer();
    expect(userPods(state())).toBe(5);
    expect(state().building).toBe(false);
    state().setText(`${state().text}\nkind: [oops\n`);
    state().rebuild();
    worker.answer();
    expect(state().stale).toBe(true);
    expect(userPods(state())).toBe(5);
    expect(state().diagnostics.some((d) => d.code === 'yaml-syntax')).toBe(true);
  });

  it('shows a large build at once: the tables of the nodes its trace crosses follow it, any other node\'s come when asked', async () => {
    const large = generatedSize({ label: '400 pods', nodes: 4, deployments: 40, replicas: 10 }).text;
    const { state, worker } = await start(large);
    const store = await import('./store');
    worker.answer();
    expect(state().booting).toBe(false);
    expect(state().cluster.nodeDataplanes.every((d) => d.tables.length === 0)).toBe(true);
    const version = state().tablesVersion;
    const sent: string[] = [];
    for (let r = worker.pump(); r; r = worker.pump()) sent.push(r.node);
    const crossed = [...new Set(state().trace.hops.map((h) => /^node\/([^/]+)/.exec(h.element)?.[1]).filter((n): n is string => !!n))];
    expect(sent).toEqual(crossed);
    expect(state().tablesVersion).toBe(version + sent.length);
    const other = state().cluster.nodes.map((n) => n.name).find((n) => !sent.includes(n))!;
    expect(state().cluster.nodeDataplanes.find((d) => d.node === other)!.tables).toEqual([]);
    // Asked for (the inspector, an export): sent, and whoever waited goes on.
    const ran: string[] = [];
    store.whenNodeTables(other, () => ran.push(other));
    store.whenNodeTables(other, () => ran.push('again'));
    expect(worker.inbox.map((m) => m.type === 'tables' && m.node)).toEqual([other]);
    expect(ran).toEqual([]);
    worker.answer();
    expect(ran).toEqual([other, 'again']);
    expect(state().cluster.nodeDataplanes.find((d) => d.node === other)!.tables.some((t) => t.name === 'nat' && t.rules.length > 0)).toBe(true);
    store.whenNodeTables(other, () => ran.push('at once'));
    expect(ran).toEqual([other, 'again', 'at once']);
    // The terminal runs in the worker: iptables-save on a node whose tables never came to the page.
    const last = state().cluster.nodes.map((n) => n.name).find((n) => !sent.includes(n) && n !== other)!;
    state().setShell({ kind: 'node', name: last, parent: { kind: 'external' } });
    const line = state().runLine('iptables-save -t nat');
    worker.answer();
    expect((await line).result.output).toContain('-A KUBE-SERVICES');
    expect(state().cluster.nodeDataplanes.find((d) => d.node === last)!.tables).toEqual([]);
  });

  it('keeps the steps taken while a switched request is traced: the new path starts where they lead', async () => {
    const { state, worker } = await start(nodePortLesson.yaml);
    worker.answer();
    const before = state().trace.hops.map((h) => h.element);
    state().setRequest({ to: 'http://192.168.255.101:31101/', pick: 2 });
    for (let i = 0; i < 3; i++) state().dispatch({ type: 'stepForward' });
    expect(worker.inbox.map((m) => m.type)).toEqual(['trace']);
    worker.answer();
    expect(state().trace.request.to).toBe('http://192.168.255.101:31101/');
    expect(state().trace.hops.map((h) => h.element)).not.toEqual(before);
    expect(state().player.step).toBe(3);
    // No step taken: the new path starts at its first hop.
    state().setRequest({ to: nodePortLesson.request.to, pick: undefined });
    worker.answer();
    expect(state().player.step).toBe(0);
  });
});
