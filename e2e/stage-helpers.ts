/**
 * What the stage specs share (e2e/stage.spec.ts, e2e/lesson-screens.spec.ts): opening a lesson
 * from the picker and waiting until its trace is on screen and the view framed, measuring the
 * stage from the DOM, and the hop a step is about.
 */
import type { Page } from '@playwright/test';
import type { Lesson } from '../src/lessons';
import type { PlayedStep } from '../src/lessons/play';
import { expect } from './fixtures';

/** Waits until the canvas's view has stopped moving (it is framed once per change, by cuts). */
export async function settle(page: Page) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const now = await page.locator('.canvas .react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
    if (now === last) return;
    last = now;
  }
}

export interface StageMeasure {
  /** The canvas's area over the window's. */
  share: number;
  /** The median rendered size of the text in the canvas boxes in view: font size × zoom, px. */
  median: number;
  /** How many texts that median is over. */
  texts: number;
  /** How far the document is larger than the window (0 when it does not scroll). */
  overflowX: number;
  overflowY: number;
}

/** The stage as the DOM has it now. */
export function measure(page: Page): Promise<StageMeasure> {
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

/** Sets the language and theme before the app's first load (not again after, so a test can change them). */
export async function presetLangTheme(page: Page, lang: string, theme: 'light' | 'dark') {
  await page.addInitScript(([l, th]) => {
    if (!sessionStorage.getItem('stage')) {
      localStorage.setItem('podpath.lang', l);
      localStorage.setItem('podpath.theme', th);
      sessionStorage.setItem('stage', '1');
    }
  }, [lang, theme] as const);
}

/**
 * Opens a lesson as a user does, from the picker (L), and waits until its first step's trace is
 * on screen (the hop list holds its hops, the first current) and the view is framed.
 */
export async function openLesson(page: Page, lesson: Lesson, hops: number) {
  const version = await page.evaluate(() => Number(document.documentElement.dataset.pictureVersion ?? 0));
  await page.keyboard.press('l');
  await page.getByTestId('lesson-picker').locator(`[data-lesson="${lesson.id}"]`).click();
  await expect(page.getByTestId('lesson-picker')).toBeHidden();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', lesson.id);
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', '1');
  await expect.poll(() => page.evaluate(() => Number(document.documentElement.dataset.pictureVersion ?? 0))).toBeGreaterThan(version);
  await expect(page.getByTestId('hop-list').locator('li.hop')).toHaveCount(hops);
  await expect(page.locator('li.hop.is-current')).toHaveAttribute('data-index', '0');
  await settle(page);
}

/** Seeks the player to a hop by its row in the hop list, and waits until the view is framed there. */
export async function seekHop(page: Page, index: number) {
  await page.locator(`li.hop[data-index="${index}"] .hop-button`).click();
  await expect(page.locator('li.hop.is-current')).toHaveAttribute('data-index', String(index));
  await settle(page);
}

/** Where a hop is a NAT or a verdict: what the narration of a step is usually about. */
const DECISIVE = /^hop\.(chainDnat|ipvs\w*|chainMasq\w*|masq|refuse\w*|drop\w*|reject\w*|deliver\w*|dnsAnswer|dnsNoAddressIn|ingressMatch|pf\w+)\.title$/;

/**
 * The hop a step is about: the last of the hops its expectation names (matched in order), else
 * the request's first NAT or verdict, else the request's last hop.
 */
export function keyHop(played: PlayedStep): number {
  const hops = played.trace.hops;
  let at = -1;
  for (const key of played.step.expect?.hops ?? []) {
    const i = hops.findIndex((h, j) => j > at && h.title.key === key);
    if (i < 0) break;
    at = i;
  }
  if (at >= 0) return at;
  const end = played.trace.replyStart > 0 ? played.trace.replyStart : hops.length;
  const decisive = hops.findIndex((h, i) => i < end && DECISIVE.test(h.title.key));
  return decisive >= 0 ? decisive : end - 1;
}
