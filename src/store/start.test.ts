/**
 * The store can't brick: whatever the engine does with the saved text (even throw), the app
 * starts on the last text that built, shows the problem, and keeps the text as it was.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { CRASH_CODE } from './safe';
import { MemoryStorage, reload } from './testing';

// The engine should never throw; these tests make it throw where they say, to see the store survive it.
vi.mock('../engine', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../engine')>();
  return {
    ...engine,
    buildCluster: (...args: Parameters<typeof engine.buildCluster>) => {
      if (args[0].includes('# engine-throws-here')) throw new TypeError("Cannot read properties of undefined (reading 'base')");
      // The engine catching a failure of its own: an empty cluster that says so.
      if (args[0].includes('# engine-fails-quietly')) {
        const empty = engine.buildCluster('');
        return { ...empty, nodes: [], pods: [], diagnostics: [{ severity: 'error', code: 'internal-error', message: 'Podpath could not build this cluster, a bug in Podpath: x is undefined', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }] };
      }
      return engine.buildCluster(...args);
    },
    traceRequest: (...args: Parameters<typeof engine.traceRequest>) => {
      if (args[1].to.includes('trace-throws-here')) throw new RangeError('no such hop');
      return engine.traceRequest(...args);
    },
  };
});
vi.mock('../terminal', async (importOriginal) => {
  const terminal = await importOriginal<typeof import('../terminal')>();
  return { ...terminal, runCommand: (...args: Parameters<typeof terminal.runCommand>) => (args[1] === 'crash' ? (null as never as { x: string }).x : terminal.runCommand(...args)) };
});

const BOMB = '\n# engine-throws-here\n';
const replicas = (n: number) => nodePortLesson.yaml.replace('replicas: 2', `replicas: ${n}`);
const userPods = (s: { cluster: { pods: { namespace: string; system?: boolean }[] } }) => s.cluster.pods.filter((p) => p.namespace === 'default' && !p.system).length;

/** The Node of the probe: an address that is not an IP made the engine throw at every start. */
const BAD_NODE = `apiVersion: v1
kind: Node
metadata:
  name: node02
status:
  addresses:
  - type: InternalIP
    address: 192.168.255.102x
---
`;

// Each reload evaluates the store's modules again, engine and lessons included: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('start-up', () => {
  it('starts on the last text that built when the engine throws on the saved one, and keeps the text', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', replicas(3) + BOMB);
    storage.setItem('podpath.lastGood', replicas(4));
    const { state } = await reload(storage);
    expect(state().text).toBe(replicas(3) + BOMB);
    expect(userPods(state())).toBe(4);
    expect(state().stale).toBe(true);
    expect(state().diagnostics.map((d) => d.code)).toEqual([CRASH_CODE]);
    expect(state().diagnostics[0].params?.reason).toMatch(/TypeError: Cannot read properties of undefined/);
    expect(state().notice?.key).toBe('store.notice.startCrashed');
    expect(state().trace.outcome).toBe('served');
    // Nothing was overwritten: the next start finds the same text, and the same last good one.
    expect(storage.getItem('podpath.yaml')).toBe(replicas(3) + BOMB);
    expect(storage.getItem('podpath.lastGood')).toBe(replicas(4));
  });

  it('falls back to the default lesson when there is no last good text', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', BOMB);
    const { state } = await reload(storage);
    expect(state().text).toBe(BOMB);
    expect(userPods(state())).toBe(2);
    expect(state().stale).toBe(true);
  });

  it('survives the probe: a Node whose address is not an IP', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', BAD_NODE + nodePortLesson.yaml);
    storage.setItem('podpath.lastGood', nodePortLesson.yaml);
    const { state } = await reload(storage);
    expect(state().text).toBe(BAD_NODE + nodePortLesson.yaml);
    // Whether the engine refuses the address (a diagnostic) or throws (the crash), there is a picture and a reason.
    expect(state().cluster.nodes.length).toBeGreaterThan(0);
    expect(state().diagnostics.some((d) => d.code === CRASH_CODE || d.message.includes('192.168.255.102x'))).toBe(true);
    expect(storage.getItem('podpath.yaml')).toBe(BAD_NODE + nodePortLesson.yaml);
  });
});

describe('rebuild and retrace', () => {
  it('keep the picture when the engine throws on an edit, and the edit is saved all the same', async () => {
    const storage = new MemoryStorage();
    const { state } = await reload(storage);
    state().setText(replicas(3));
    state().rebuild();
    expect(userPods(state())).toBe(3);
    const cluster = state().cluster;
    state().setText(replicas(5) + BOMB);
    expect(() => state().rebuild()).not.toThrow();
    expect(state().cluster).toBe(cluster);
    expect(state().stale).toBe(true);
    expect(state().diagnostics[0].code).toBe(CRASH_CODE);
    expect(storage.getItem('podpath.yaml')).toBe(replicas(5) + BOMB);
    expect(storage.getItem('podpath.lastGood')).toBe(replicas(3));
    // Fixing the text brings the picture back.
    state().setText(replicas(5));
    state().rebuild();
    expect([userPods(state()), state().stale]).toEqual([5, false]);
  });

  it('treat the empty cluster of a failure the engine caught itself as a failure, not as a picture', async () => {
    const storage = new MemoryStorage();
    const { state } = await reload(storage);
    state().setText(replicas(3));
    state().rebuild();
    state().setText(`${replicas(4)}\n# engine-fails-quietly\n`);
    state().rebuild();
    expect([userPods(state()), state().stale, state().diagnostics[0].code]).toEqual([3, true, 'internal-error']);
    expect(storage.getItem('podpath.lastGood')).toBe(replicas(3));
    // And at start-up.
    const again = await reload(storage);
    expect([userPods(again.state()), again.state().stale, again.state().text]).toEqual([3, true, `${replicas(4)}\n# engine-fails-quietly\n`]);
  });

  it('turn a trace that throws into the outcome "error", for the active request and the others', async () => {
    const { state } = await reload(new MemoryStorage());
    state().addRequest();
    expect(() => state().setRequest({ to: 'http://trace-throws-here/' })).not.toThrow();
    expect(state().trace).toMatchObject({ outcome: 'error', hops: [], outcomeMessage: { key: 'outcome.error', params: { error: 'RangeError: no such hop' } } });
    const { selectRequestTraces } = await import('./playerSelectors');
    state().selectRequest(0);
    expect(selectRequestTraces(state()).map((t) => t.outcome)).toEqual(['served', 'error']);
  });

  it('a terminal command that throws fails as a command', async () => {
    const { state } = await reload(new MemoryStorage());
    const { result, notices } = await state().runLine('crash');
    expect(result.exitCode).toBe(1);
    expect(notices[0].key).toBe('store.terminalCrashed');
  });
});
