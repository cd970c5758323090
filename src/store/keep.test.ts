/**
 * Nothing the user had is lost: documents replaced from outside the editor stay restorable
 * after a reload, large texts are stored where they fit, and a save that fails says so.
 * Each test "reloads" by evaluating the store again over the same storage (testing.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lessonById } from '../lessons';
import { nodePortLesson } from '../lessons/nodeport';
import { HISTORY_MAX } from './history';
import { MapBigStore, MemoryStorage, reload } from './testing';

const edited = nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3');
const linked = nodePortLesson.yaml.replace('replicas: 2', 'replicas: 4');
const toNode03 = { from: 'external' as const, to: 'http://192.168.255.103:31101/' };
/** Ten megabytes that build: the lesson and a large comment (the 10 MB paste of the probe). */
const tenMegabytes = `${nodePortLesson.yaml}\n${`# ${'x'.repeat(98)}\n`.repeat(100_000)}`;

// Each reload evaluates the store's modules again, engine and lessons included: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a link replacing the document', () => {
  it('keeps what it replaced across a reload, and restoring it keeps the link in turn', async () => {
    const storage = new MemoryStorage();
    let page = await reload(storage);
    page.state().setText(edited);
    page.state().replaceDocument({ yaml: linked, request: toNode03 }, { why: { kind: 'link' }, notice: { key: 'share.notice.opened', tone: 'info', action: 'undo' } });
    await page.settled();

    page = await reload(storage);
    expect(page.state().text).toBe(linked);
    const [entry] = page.state().history;
    expect(entry).toMatchObject({ why: { kind: 'link' }, request: nodePortLesson.request, size: edited.length });
    expect(await page.state().restoreVersion(entry.id)).toBe(true);
    expect(page.state().text).toBe(edited);
    expect(page.state().request).toEqual(nodePortLesson.request);
    expect(page.state().cluster.pods.filter((p) => p.name.startsWith('my-nginx-deploment-'))).toHaveLength(3);
    expect(page.state().history.map((e) => [e.why.kind, e.size])).toEqual([['restore', linked.length]]);
    // Undo, from the notice, goes back to the link's document.
    expect(page.state().notice).toMatchObject({ key: 'history.restored', action: 'undo' });
    page.state().undoReplace();
    expect(page.state().text).toBe(linked);
    await page.settled();

    page = await reload(storage);
    expect(page.state().text).toBe(linked);
    expect(page.state().history.map((e) => e.size)).toEqual([edited.length]);
  });

  it('keeps a document once however often it is replaced, and at most the last ' + HISTORY_MAX, async () => {
    const page = await reload(new MemoryStorage());
    for (let i = 0; i < 3; i++) {
      page.state().replaceDocument({ yaml: edited, request: toNode03 }, { why: { kind: 'link' } });
      page.state().replaceDocument({ yaml: linked, request: toNode03 }, { why: { kind: 'link' } });
    }
    expect(page.state().history.map((e) => e.size)).toEqual([edited.length, linked.length, nodePortLesson.yaml.length]);
    for (let i = 0; i < HISTORY_MAX + 5; i++) page.state().replaceDocument({ yaml: `${linked}# ${i}\n`, request: toNode03 }, { why: { kind: 'file', name: `${i}.yaml` } });
    expect(page.state().history).toHaveLength(HISTORY_MAX);
  });
});

describe('a lesson replacing edited YAML', () => {
  it('keeps it as the draft across a reload; Restore my YAML brings it back from the history', async () => {
    const storage = new MemoryStorage();
    let page = await reload(storage);
    page.state().setText(edited);
    page.state().loadLesson('headless');
    // Lessons other than the default are fetched first (lessons/load.ts).
    await page.lessons();
    expect(page.state().draft).toBeDefined();
    await page.settled();

    page = await reload(storage);
    expect(page.state().text).toBe(lessonById('headless')!.yaml);
    expect(page.state().draft?.lesson).toEqual(nodePortLesson.title);
    expect(page.state().history[0]).toMatchObject({ id: page.state().draft!.id, why: { kind: 'lesson', lesson: { id: 'headless', step: 0 } } });
    page.state().restoreDraft();
    expect(page.state().text).toBe(edited);
    expect(page.state().draft).toBeUndefined();
    // The lesson's text it replaced is kept in turn.
    expect(page.state().history[0]).toMatchObject({ why: { kind: 'restore' }, size: lessonById('headless')!.yaml.length });
  });

  it('reads a saved position in another lesson once the lessons are fetched, and drops one naming no step', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.lesson', JSON.stringify({ id: 'headless', step: 1 }));
    let page = await reload(storage);
    // Until the lessons come the panel has no steps to show, and no step is pretended.
    expect(page.state().lesson).toMatchObject({ id: 'headless', step: 1 });
    await page.lessons();
    expect(page.state().lesson).toMatchObject({ id: 'headless', step: 1 });
    storage.setItem('podpath.lesson', JSON.stringify({ id: 'headless', step: 99 }));
    page = await reload(storage);
    await page.lessons();
    expect(page.state().lesson).toMatchObject({ id: 'nodeport', step: 0 });
    storage.setItem('podpath.lesson', JSON.stringify({ id: 'no-such-lesson', step: 0 }));
    page = await reload(storage);
    await page.lessons();
    expect(page.state().lesson).toMatchObject({ id: 'nodeport', step: 0 });
  });

  it('takes over a draft saved by Podpath before the history', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.draft', JSON.stringify({ text: edited, request: nodePortLesson.request, lesson: nodePortLesson.title }));
    const page = await reload(storage);
    expect(page.state().draft?.lesson).toEqual(nodePortLesson.title);
    expect(page.state().history[0]).toMatchObject({ id: page.state().draft!.id, why: { kind: 'lesson' }, size: edited.length });
    page.state().restoreDraft();
    expect(page.state().text).toBe(edited);
  });
});

describe('the embed player', () => {
  it('writes nothing: no history, no draft taken over, no text', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.draft', JSON.stringify({ text: edited, request: nodePortLesson.request, lesson: nodePortLesson.title }));
    const before = JSON.stringify([...storage.data]);
    vi.stubGlobal('location', { search: '?embed=1', hash: '' });
    const page = await reload(storage, new MapBigStore());
    page.state().replaceDocument({ yaml: linked, request: toNode03 }, { why: { kind: 'link' } });
    page.state().setText(edited);
    await page.settled();
    expect(page.state().history).toEqual([]);
    expect(page.state().saveStatus).toEqual({ state: 'failed', problem: 'readOnly' });
    expect(JSON.stringify([...storage.data])).toBe(before);
  });
});

describe('large documents', () => {
  it('a 10 MB paste is stored in IndexedDB and survives a reload', async () => {
    const storage = new MemoryStorage();
    const big = new MapBigStore();
    let page = await reload(storage, big);
    page.state().setText(tenMegabytes);
    expect(page.state().saveStatus).toEqual({ state: 'saving' });
    await page.settled();
    expect(page.state().saveStatus).toEqual({ state: 'saved' });
    page.state().rebuild();
    await page.settled();

    let release = () => {};
    big.gate = new Promise((resolve) => (release = resolve));
    page = await reload(storage, big);
    // It starts at once on what localStorage holds, then fills in.
    expect(page.state().textLoading).toEqual({ size: tenMegabytes.length });
    expect(page.state().text).toBe(nodePortLesson.yaml);
    page.state().setText('typed over the stand-in');
    expect(page.state().text).toBe(nodePortLesson.yaml);
    release();
    await page.loaded();
    expect(page.state().textLoading).toBeUndefined();
    expect(page.state().text).toBe(tenMegabytes);
    expect(page.state().cluster.pods.filter((p) => p.name.startsWith('my-nginx-deploment-'))).toHaveLength(2);
  });

  it('a 10 MB paste that nothing can hold is refused, and the editor says why', async () => {
    const page = await reload(new MemoryStorage(), null);
    page.state().setText(tenMegabytes);
    expect(page.state().saveStatus).toEqual({ state: 'failed', problem: 'tooLarge' });
    // The text stays in the editor; a small one is saved again.
    expect(page.state().text).toBe(tenMegabytes);
    page.state().setText(edited);
    expect(page.state().saveStatus).toEqual({ state: 'saved' });
  });

  it('a 7 MB link is saved, and what it replaced is in the history after a reload', async () => {
    const storage = new MemoryStorage();
    const big = new MapBigStore();
    let page = await reload(storage, big);
    page.state().setText(edited);
    const seven = tenMegabytes.slice(0, 7_000_000);
    page.state().replaceDocument({ yaml: seven, request: toNode03 }, { why: { kind: 'link' } });
    await page.settled();
    expect(page.state().saveStatus).toEqual({ state: 'saved' });

    page = await reload(storage, big);
    await page.loaded();
    expect(page.state().text).toBe(seven);
    expect(page.state().history[0].size).toBe(edited.length);
  });

  it('a large document replaced by a link while it is still loading is kept in the history', async () => {
    const storage = new MemoryStorage();
    const big = new MapBigStore();
    let page = await reload(storage, big);
    page.state().setText(tenMegabytes);
    await page.settled();

    let release = () => {};
    big.gate = new Promise((resolve) => (release = resolve));
    page = await reload(storage, big);
    expect(page.state().textLoading).toBeDefined();
    page.state().replaceDocument({ yaml: linked, request: toNode03 }, { why: { kind: 'link' } });
    release();
    await page.loaded();
    await page.settled();
    expect(page.state().text).toBe(linked);
    expect(page.state().history[0]).toMatchObject({ why: { kind: 'link' }, size: tenMegabytes.length });
    expect(await page.state().restoreVersion(page.state().history[0].id)).toBe(true);
    expect(page.state().text).toBe(tenMegabytes);
  });
});
