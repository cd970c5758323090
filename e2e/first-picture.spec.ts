/**
 * The first picture (src/worker/firstPictureKey.ts) and the stages the page is drawn in
 * (src/app/firstFrame.ts): a fresh page draws the default lesson from what index.html carries,
 * before the engine's worker has even loaded, and only then; the side panels and the editor follow.
 */
import type { Page, Route } from '@playwright/test';
import { expect, replaceLine, test } from './fixtures';
import { nodePortLesson } from '../src/lessons/nodeport';

/** Holds the engine worker's script until release() is called: nothing the engine computes can reach the page meanwhile. */
async function holdWorker(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route(/engine\.worker-[^/]*\.js$/, (route) => (released ? route.continue() : void held.push(route)));
  return {
    requested: () => held.length,
    release: async () => {
      released = true;
      for (const r of held.splice(0)) await r.continue();
    },
  };
}

test('a fresh page draws the default lesson before the engine worker has loaded, and edits are built once it has', async ({ page }) => {
  const worker = await holdWorker(page);
  await page.goto('./');
  // The whole picture of the lesson, traced: from index.html, not from the worker.
  for (const id of ['external/client', 'node/master01', 'node/node01', 'node/node02', 'svc/default/my-nginx-deploment']) {
    await expect(page.locator(`[data-element="${id}"]`)).toBeVisible();
  }
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(2);
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.locator('html')).toHaveAttribute('data-picture-version', '1');
  // The rest of the page and the editor come without the worker too.
  await expect(page.getByTestId('hop-list')).toContainText('DNAT to 10.244.2.2:80');
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  expect(worker.requested()).toBeLessThanOrEqual(1);
  await worker.release();
  await replaceLine(page, 'nodePort: 31101', 'nodePort: 31102');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
  await expect(page.locator('html')).toHaveAttribute('data-picture-version', '2');
});

test('a saved document other than the lesson waits for the worker: the lesson is never shown in its place', async ({ page }) => {
  const saved = nodePortLesson.yaml.replace('nodePort: 31101', 'nodePort: 31102');
  expect(saved).not.toBe(nodePortLesson.yaml);
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) localStorage.setItem('podpath.yaml', text);
    sessionStorage.setItem('seeded', '1');
  }, saved);
  const worker = await holdWorker(page);
  await page.goto('./');
  await expect(page.getByTestId('canvas')).toHaveAttribute('aria-busy', 'true');
  await page.waitForTimeout(500);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
  await worker.release();
  await expect(page.locator('[data-element="svc/default/my-nginx-deploment"]')).toBeVisible();
  // The saved text's picture: its NodePort is 31102, so the lesson's request to :31101 is refused.
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
  await expect(page.locator('html')).toHaveAttribute('data-picture-version', '1');
});

test('the picture and the plain editor come first, then the side panels and the header tools, then Monaco; in Chinese too', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('podpath.lang', 'zh-CN');
    const seen: Record<string, number> = {};
    const tick = () => {
      const at = (name: string, selector: string) => {
        if (seen[name] === undefined && document.querySelector(selector)) seen[name] = performance.now();
      };
      at('picture', '.react-flow__node');
      at('panels', '.lesson-panel');
      at('tools', '.header-tools');
      at('editor', 'html[data-editor-ready="true"] [data-testid="plain-editor"] textarea');
      at('monaco', 'html[data-monaco-ready="true"]');
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      if (Object.keys(seen).length < 5) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const worker = await holdWorker(page);
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
  expect(Object.keys(seen).sort()).toEqual(['editor', 'monaco', 'panels', 'picture', 'tools']);
  expect(seen.picture).toBeLessThan(seen.panels);
  expect(seen.editor).toBeLessThan(seen.panels);
  expect(seen.panels).toBeLessThanOrEqual(seen.monaco);
  expect(seen.tools).toBeLessThanOrEqual(seen.monaco);
  await expect(page.getByTestId('plain-editor')).toHaveCount(0);
  await expect(page.locator('.brand')).toContainText('看清一个请求如何穿过 Kubernetes 集群');
  await expect(page.getByTestId('lesson-panel')).toContainText('下一个步骤');
  await worker.release();
});

test("the first view is the stage's framing of the first hop, not the whole cluster cut to it later", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.addInitScript(() => {
    const views: { at: number; zoom: number }[] = [];
    (window as unknown as { __views: typeof views }).__views = views;
    const tick = () => {
      const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
      const box = document.querySelector('.react-flow__node');
      if (viewport && box && getComputedStyle(box).visibility !== 'hidden') {
        const zoom = Number(/scale\(([\d.]+)\)/.exec(viewport.style.transform)?.[1] ?? NaN);
        if (views.at(-1)?.zoom !== zoom) views.push({ at: performance.now(), zoom });
      }
      if (performance.now() < 2500) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto('./');
  await page.waitForFunction(() => performance.now() > 2600);
  const views = await page.evaluate(() => (window as unknown as { __views: { at: number; zoom: number }[] }).__views);
  // React Flow draws its boxes once at its own first transform (scale 1) before the stage has a
  // size to frame for; from the framing on, the zoom stays (the hop is on the outside host: its part).
  const framed = views.filter((v) => v.zoom !== 1);
  expect(framed.length).toBeGreaterThan(0);
  const last = framed.at(-1)!.zoom;
  expect(last).toBeGreaterThan(1.2);
  for (const v of framed) expect(Math.abs(v.zoom - last) / last).toBeLessThan(0.01);
  expect(framed[0].at - views[0].at).toBeLessThan(200);
});
