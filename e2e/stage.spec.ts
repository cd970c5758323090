/**
 * The classroom stage (issue 13), measured from the DOM at the sizes projectors use, in English
 * and Chinese: the canvas holds at least half of the window, the page never scrolls (with the
 * terminal open too), the text in the canvas boxes in view is large enough to read (font size ×
 * zoom, median), the player bar's parts do not overlap, Space and the arrows drive the player
 * after a click on a button or a checkbox, and presenter mode carries the lesson.
 * SCREENS=/some/dir also writes a screenshot of each size and language.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SIZES = [
  { width: 1024, height: 768, text: 12 },
  { width: 1280, height: 720, text: 14 },
  { width: 1920, height: 1080, text: 16 },
] as const;
const dir = process.env.SCREENS;

async function open(page: Page, lang: string, width: number, height: number) {
  await page.addInitScript((l) => {
    if (!sessionStorage.getItem('stage')) {
      localStorage.setItem('podpath.lang', l);
      sessionStorage.setItem('stage', '1');
    }
  }, lang);
  await page.setViewportSize({ width, height });
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.getByTestId('player-position')).toContainText(/\d/);
  await settle(page);
}

/** Waits until the canvas's view has stopped moving (it is framed once per change, by cuts). */
async function settle(page: Page) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const now = await page.locator('.canvas .react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
    if (now === last) return;
    last = now;
  }
}

function measure(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.canvas .react-flow')!;
    const r = canvas.getBoundingClientRect();
    const zoom = new DOMMatrixReadOnly(getComputedStyle(canvas.querySelector('.react-flow__viewport')!).transform).a;
    const sizes: number[] = [];
    for (const el of canvas.querySelectorAll('.react-flow__node *')) {
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.right < r.left || b.left > r.right || b.bottom < r.top || b.top > r.bottom) continue;
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * zoom);
    }
    sizes.sort((a, b) => a - b);
    const doc = document.scrollingElement!;
    return {
      share: (r.width * r.height) / (innerWidth * innerHeight),
      median: sizes[sizes.length >> 1] ?? 0,
      texts: sizes.length,
      overflowX: doc.scrollWidth - innerWidth,
      overflowY: doc.scrollHeight - innerHeight,
    };
  });
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const lang of ['en', 'zh-CN']) {
  for (const size of SIZES) {
    test(`the stage at ${size.width}×${size.height}, ${lang}`, async ({ page }) => {
      await open(page, lang, size.width, size.height);
      const m = await measure(page);
      console.log(`${lang} ${size.width}×${size.height}: canvas ${(m.share * 100).toFixed(1)}% of the window, median text ${m.median.toFixed(1)} px over ${m.texts} texts`);
      expect(m.share).toBeGreaterThanOrEqual(0.5);
      expect(m.median).toBeGreaterThanOrEqual(size.text);
      expect([m.overflowX, m.overflowY]).toEqual([0, 0]);
      // "Hop N of M" and the speed do not overlap; the player bar's parts stay inside it.
      const pos = (await page.getByTestId('player-position').boundingBox())!;
      const speed = (await page.locator('.player-speed').boundingBox())!;
      expect(overlap(pos, speed)).toBe(false);
      const bar = (await page.getByTestId('player').boundingBox())!;
      const views = (await page.locator('.player-views').boundingBox())!;
      expect(views.x + views.width).toBeLessThanOrEqual(bar.x + bar.width + 1);
      if (dir) await page.screenshot({ path: `${dir}/stage-${size.width}x${size.height}-${lang}.png` });
      // A few hops on, inside a node: still readable, the packet beside the box, not on its text.
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await settle(page);
      const inNode = await measure(page);
      console.log(`${lang} ${size.width}×${size.height}, hop 5: median text ${inNode.median.toFixed(1)} px`);
      expect(inNode.median).toBeGreaterThanOrEqual(size.text);
      if (dir) await page.screenshot({ path: `${dir}/stage-hop5-${size.width}x${size.height}-${lang}.png` });
      // The terminal open: the page still does not scroll, and its buttons are inside it.
      await page.getByTestId('terminal-toggle').click();
      await expect(page.getByTestId('terminal')).toBeVisible();
      const withTerminal = await measure(page);
      expect([withTerminal.overflowX, withTerminal.overflowY]).toEqual([0, 0]);
      const panel = (await page.locator('.terminal-panel').boundingBox())!;
      const toggle = (await page.getByTestId('terminal-toggle').boundingBox())!;
      expect(toggle.x + toggle.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
      if (dir) await page.screenshot({ path: `${dir}/stage-terminal-${size.width}x${size.height}-${lang}.png` });
    });
  }
}

test('Space and the arrows drive the player after a click on a button or a checkbox', async ({ page }) => {
  await open(page, 'en', 1280, 720);
  const position = page.getByTestId('player-position');
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  await page.keyboard.press('ArrowRight');
  await expect(position).toContainText('Hop 2 of');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  await page.keyboard.press(' ');
  await expect(position).toContainText('playing');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '2');
  await page.keyboard.press(' ');
  await expect(position).not.toContainText('playing');
  // The challenge checkbox: Space does not un-tick it, and the answer stays hidden.
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Previous step' }).click();
  const box = page.getByTestId('challenge-mode');
  await box.check();
  await page.keyboard.press(' ');
  await expect(box).toBeChecked();
  await expect(page.getByTestId('lesson-answer')).toHaveCount(0);
  await expect(position).toContainText('playing');
});

test('presenter mode carries the lesson: step, text, question, A shows the answer', async ({ page }) => {
  await open(page, 'zh-CN', 1280, 720);
  await page.locator('body').press('p');
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expect(page.getByTestId('presenter-step')).toHaveText('步骤 1/4');
  await expect(page.getByTestId('presenter-question')).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('presenter-step')).toHaveText('步骤 2/4');
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  await page.keyboard.press('a');
  if (await page.getByTestId('presenter-question').count()) await expect(page.getByTestId('presenter-answer')).toBeVisible();
  // The canvas keeps its height from hop to hop (the caption has a fixed height).
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('ArrowRight');
    expect((await page.getByTestId('canvas').boundingBox())!.height).toBeCloseTo(canvas.height, 0);
  }
  if (dir) await page.screenshot({ path: `${dir}/stage-presenter-1280x720-zh-CN.png` });
});

test('Escape and Shift+Tab leave the terminal; React Flow speaks Chinese', async ({ page }) => {
  await open(page, 'zh-CN', 1280, 720);
  await expect(page.locator('.react-flow__controls-zoomin')).toHaveAttribute('aria-label', '放大');
  await expect(page.locator('.react-flow__controls')).toHaveAttribute('aria-label', '画布控制');
  await expect(page.locator('.react-flow__edge').first()).toHaveAttribute('aria-label', /^从 .* 到 .* 的连线$/);
  await page.getByTestId('terminal-toggle').click();
  const input = page.locator('.xterm textarea');
  await expect(input).toHaveAttribute('aria-label', /终端输入/);
  await input.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('terminal-toggle')).toBeFocused();
  await input.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('terminal-toggle')).toBeFocused();
});
