/**
 * The classroom stage (issue 13), measured from the DOM at the sizes projectors use, in English
 * and Chinese, light and dark, in every lesson: the canvas holds at least half of the window, the
 * page never scrolls (with the terminal open too), the text in the canvas boxes in view is large
 * enough to read (font size × zoom, median) on each lesson's first hop and on the hop its first
 * step is about, and the player bar's parts do not overlap. One test per size, language and
 * theme opens each lesson in turn from the picker (L), as a lecturer does, rather than loading
 * the page once per lesson. Also: Space and the arrows drive the player after a click on a button
 * or a checkbox, and presenter mode carries the lesson.
 * SCREENS=/some/dir also writes a screenshot of the default lesson at each size, language and theme.
 */
import type { Page } from '@playwright/test';
import { lessons } from '../src/lessons';
import { playLesson } from '../src/lessons/play';
import { expect, test } from './fixtures';
import { keyHop, measure, openLesson, presetLangTheme, seekHop, settle, type StageMeasure } from './stage-helpers';

const SIZES = [
  { width: 1024, height: 768, text: 12 },
  { width: 1280, height: 720, text: 14 },
  { width: 1920, height: 1080, text: 16 },
] as const;
const dir = process.env.SCREENS;

async function open(page: Page, lang: string, width: number, height: number, theme: 'light' | 'dark' = 'light') {
  await presetLangTheme(page, lang, theme);
  await page.setViewportSize({ width, height });
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.getByTestId('player-position')).toContainText(/\d/);
  await settle(page);
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Each lesson's first step, played by the engine here: how many hops its trace has, and the hop it is about. */
const FIRST_STEPS = lessons.map((lesson) => {
  const first = playLesson(lesson)[0];
  return { lesson, hops: first.trace.hops.length, key: keyHop(first) };
});

/** What the player bar and the terminal's strip must hold: "Hop N of M" clear of the speed, the buttons inside their bars. */
async function barProblems(page: Page): Promise<string[]> {
  const out: string[] = [];
  const pos = (await page.getByTestId('player-position').boundingBox())!;
  const speed = (await page.locator('.player-speed').boundingBox())!;
  if (overlap(pos, speed)) out.push('"Hop N of M" overlaps the speed');
  const bar = (await page.getByTestId('player').boundingBox())!;
  const views = (await page.locator('.player-views').boundingBox())!;
  if (views.x + views.width > bar.x + bar.width + 1) out.push('the view buttons stick out of the player bar');
  return out;
}

const LANGS = ['en', 'zh-CN'] as const;
type Lang = (typeof LANGS)[number];

/** Switches the language from its select, then gives the focus back to the page (the player's keys, L for the picker). */
async function setLang(page: Page, lang: Lang) {
  const size = () => page.getByTestId('canvas').evaluate((el) => `${el.clientWidth}×${el.clientHeight}`);
  const before = await size();
  await page.getByTestId('lang').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // Longer words in a bar can change the canvas's size, and the view is framed again for it.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  if ((await size()) !== before) await settle(page);
}

interface Row {
  id: string;
  keyHop: number;
  first: StageMeasure;
  key: StageMeasure;
  terminal: StageMeasure;
}

/**
 * One test per size and theme opens every lesson in turn from the picker and measures it in both
 * languages, switching the language in place (the picture's layout and framing do not depend on
 * it; the panels' words, and so the bars' heights, do): half the lesson loads of a test per
 * language. The light test opens the page in English, the dark one in Chinese.
 */
for (const theme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    test(`every lesson on the stage at ${size.width}×${size.height}, English and Chinese, ${theme}`, async ({ page }) => {
      test.setTimeout(420_000);
      const [a, b]: Lang[] = theme === 'light' ? ['en', 'zh-CN'] : ['zh-CN', 'en'];
      await open(page, a, size.width, size.height, theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const rows: Record<Lang, Row[]> = { en: [], 'zh-CN': [] };
      const problems: string[] = [];
      for (const { lesson, hops, key } of FIRST_STEPS) {
        await openLesson(page, lesson, hops);
        const r: Record<Lang, Partial<Row>> = { en: { id: lesson.id, keyHop: key }, 'zh-CN': { id: lesson.id, keyHop: key } };
        // The picture and the bars as they are now, in `lang`: the player bar's parts are checked on the spot.
        const take = async (lang: Lang, when: string) => {
          for (const p of await barProblems(page)) problems.push(`${lang} ${lesson.id}, ${when}: ${p}`);
          return measure(page);
        };
        // Hop 1 in the page's language, then in the other; the hop the step is about in that one, then back.
        r[a].first = await take(a, 'hop 1');
        if (dir && lesson === lessons[0]) await page.screenshot({ path: `${dir}/stage-${size.width}x${size.height}-${a}-${theme}.png` });
        await setLang(page, b);
        r[b].first = await take(b, 'hop 1');
        await seekHop(page, key);
        r[b].key = await take(b, `hop ${key + 1}`);
        await setLang(page, a);
        r[a].key = await take(a, `hop ${key + 1}`);
        // The terminal open, in both languages: the page still does not scroll, and its buttons are inside it.
        await page.getByTestId('terminal-toggle').click();
        await expect(page.getByTestId('terminal')).toBeVisible();
        r[a].terminal = await measure(page);
        await setLang(page, b);
        r[b].terminal = await measure(page);
        const panel = (await page.locator('.terminal-panel').boundingBox())!;
        const toggle = (await page.getByTestId('terminal-toggle').boundingBox())!;
        if (toggle.x + toggle.width > panel.x + panel.width + 1) problems.push(`${b} ${lesson.id}: the terminal's Hide button sticks out of its panel`);
        if (dir && lesson === lessons[0]) await page.screenshot({ path: `${dir}/stage-terminal-${size.width}x${size.height}-${b}-${theme}.png` });
        await page.getByTestId('terminal-toggle').click();
        await expect(page.getByTestId('terminal')).toHaveCount(0);
        await setLang(page, a);
        for (const lang of LANGS) {
          const row = r[lang] as Row;
          rows[lang].push(row);
          if (row.first.share < 0.5) problems.push(`${lang} ${lesson.id}: the canvas is ${(row.first.share * 100).toFixed(1)}% of the window`);
          for (const [when, m] of [['hop 1', row.first], [`hop ${key + 1}`, row.key], ['terminal open', row.terminal]] as const) {
            if (when !== 'terminal open' && m.median < size.text) problems.push(`${lang} ${lesson.id}, ${when}: median text ${m.median.toFixed(1)} px < ${size.text}`);
            if (m.overflowX !== 0 || m.overflowY !== 0) problems.push(`${lang} ${lesson.id}, ${when}: the page scrolls (${m.overflowX}×${m.overflowY} px too big)`);
          }
        }
      }
      for (const lang of LANGS) {
        const list = rows[lang];
        const worst = (pick: (r: Row) => number) => list.reduce((x, y) => (pick(y) < pick(x) ? y : x));
        const share = worst((r) => r.first.share);
        const hop1 = worst((r) => r.first.median);
        const atKey = worst((r) => r.key.median);
        const scroll = Math.max(...list.flatMap((r) => [r.first, r.key, r.terminal].flatMap((m) => [m.overflowX, m.overflowY])));
        console.log(
          `${size.width}×${size.height} ${lang} ${theme}, ${list.length} lessons: canvas ≥ ${(share.first.share * 100).toFixed(1)}% (${share.id}); ` +
            `median text on hop 1 ≥ ${hop1.first.median.toFixed(1)} px (${hop1.id}), on the step's hop ≥ ${atKey.key.median.toFixed(1)} px (${atKey.id}, hop ${atKey.keyHop + 1}); ` +
            `page overflow ${scroll} px\n` +
            list.map((r) => `  ${r.id}: ${(r.first.share * 100).toFixed(1)}%, hop 1 ${r.first.median.toFixed(1)} px, hop ${r.keyHop + 1} ${r.key.median.toFixed(1)} px`).join('\n'),
        );
      }
      expect(problems).toEqual([]);
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

test('Escape and Shift+Tab leave the terminal; its hint follows the language; React Flow speaks Chinese', async ({ page }) => {
  await open(page, 'zh-CN', 1280, 720);
  await expect(page.locator('.react-flow__controls-zoomin')).toHaveAttribute('aria-label', '放大');
  await expect(page.locator('.react-flow__controls')).toHaveAttribute('aria-label', '画布控制');
  await expect(page.locator('.react-flow__edge').first()).toHaveAttribute('aria-label', /^从 .* 到 .* 的连线$/);
  await page.getByTestId('terminal-toggle').click();
  const input = page.locator('.xterm textarea');
  await expect(input).toHaveAttribute('aria-label', /终端输入/);
  // The hint follows the language, also when it is switched with the terminal open.
  const hint = page.getByTestId('terminal-hint');
  await expect(hint).toHaveText('试试：kubectl get pods -o wide · curl 192.168.255.102:31101 · Tab 补全，↑ ↓ 翻历史');
  await page.getByTestId('lang').selectOption('en');
  await expect(hint).toHaveText('Try: kubectl get pods -o wide · curl 192.168.255.102:31101 · Tab completes, ↑ ↓ recall');
  await expect(input).toHaveAttribute('aria-label', /Terminal input/);
  await page.getByTestId('lang').selectOption('zh-CN');
  await expect(hint).toContainText('试试');
  await input.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('terminal-toggle')).toBeFocused();
  await input.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('terminal-toggle')).toBeFocused();
});
