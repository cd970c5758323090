/** The stages the page is drawn in (firstFrame.ts): in order, never back, and never stuck on a tab that paints no frame. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Module = typeof import('./firstFrame');

/** The module as a page loads it: with frames (requestAnimationFrame), fresh. */
async function page(): Promise<{ m: Module; frame: () => void }> {
  let frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.resetModules();
  const m = await import('./firstFrame');
  const frame = () => {
    const now = frames;
    frames = [];
    for (const f of now) f(0);
  };
  return { m, frame };
}

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
};

describe('the page drawn in stages', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts at the first frame where frames are painted, and at the end where none are (Node, the CLI)', async () => {
    const { m } = await page();
    expect(await settled(m.whenStage(1))).toBe(false);
    vi.unstubAllGlobals();
    vi.resetModules();
    const node = await import('./firstFrame');
    expect(await settled(node.whenStage(3))).toBe(true);
  });

  it('moves on in order and never back', async () => {
    const { m } = await page();
    const two = m.whenStage(2);
    m.reachStage(1);
    expect(await settled(two)).toBe(false);
    m.reachStage(2);
    expect(await settled(two)).toBe(true);
    m.reachStage(1);
    expect(await settled(m.whenStage(2))).toBe(true);
  });

  it('runs what follows a paint in the task after the frame, once', async () => {
    const { m, frame } = await page();
    const ran: string[] = [];
    m.afterPaint(() => ran.push('after'));
    await vi.advanceTimersByTimeAsync(500);
    expect(ran).toEqual([]);
    frame();
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(ran).toEqual(['after']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ran).toEqual(['after']);
  });

  it('does not wait forever for a frame a hidden tab never paints', async () => {
    const { m } = await page();
    const ran: string[] = [];
    m.afterPaint(() => ran.push('after'));
    await vi.advanceTimersByTimeAsync(999);
    expect(ran).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ran).toEqual(['after']);
  });

  it('settles when the editor is in, or a while after its turn came when it never comes', async () => {
    const { m } = await page();
    const early = m.whenSettled();
    m.reachStage(2);
    expect(await settled(early)).toBe(false);
    m.reachStage(3);
    expect(await settled(early)).toBe(true);

    const again = await page();
    const late = again.m.whenSettled();
    again.m.reachStage(2);
    await vi.advanceTimersByTimeAsync(4999);
    expect(await settled(late)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(late)).toBe(true);
  });
});
