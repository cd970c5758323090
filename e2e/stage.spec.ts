/**
 * The classroom stage (issue 13), measured from the DOM at the sizes projectors use, in English
 * and Chinese, light and dark, in every lesson: the canvas holds at least half of the window, the
 * page never scrolls (with the terminal open too), the text in the canvas boxes in view is large
 * enough to read (font size × zoom, median) on each lesson's first hop and on the hop its first
 * step is about, and the player bar's parts do not overlap. One test per size opens each lesson
 * in turn from the picker (L), as a lecturer does, and measures it in both languages and both
 * themes, rather than loading the page once per lesson, language and theme. Also: Space and the
 * arrows drive the player after a click on a button or a checkbox, and presenter mode carries
 * the lesson.
 * SCREENS=/some/dir also writes a screenshot of the default lesson at each size, the terminal shut and open.
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

type Lang = 'en' | 'zh-CN';
type Theme = 'light' | 'dark';
interface Combo {
  lang: Lang;
  theme: Theme;
}
const comboName = (c: Combo) => `${c.lang} ${c.theme}`;

/**
 * Puts the page in a language and theme from the header's selects (what differs only), then gives
 * the focus back to the page (the player's keys, L for the picker).
 */
async function setCombo(page: Page, from: Combo, to: Combo) {
  if (from.lang === to.lang && from.theme === to.theme) return;
  const size = () => page.getByTestId('canvas').evaluate((el) => `${el.clientWidth}×${el.clientHeight}`);
  const before = await size();
  if (from.lang !== to.lang) {
    await page.getByTestId('lang').selectOption(to.lang);
    await expect(page.locator('html')).toHaveAttribute('lang', to.lang);
  }
  if (from.theme !== to.theme) {
    await page.locator('.app-header select:has(option[value="dark"])').selectOption(to.theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', to.theme);
  }
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
 * One test per size opens every lesson in turn from the picker (L), as a lecturer does, and
 * measures it in English and Chinese, light and dark, switching language and theme in place
 * between the measures (the picture's layout and framing depend on neither; the panels' words,
 * and so the bars' heights, on the language): one lesson load for the four. Each size's page
 * opens in another language and theme.
 */
const STARTS: Combo[] = [{ lang: 'en', theme: 'light' }, { lang: 'zh-CN', theme: 'dark' }, { lang: 'en', theme: 'dark' }];
SIZES.forEach((size, i) => {
  test(`every lesson on the stage at ${size.width}×${size.height}, in English and Chinese, light and dark`, async ({ page }) => {
    test.setTimeout(480_000);
    const start = STARTS[i];
    await open(page, start.lang, size.width, size.height, start.theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', start.theme);
    // The four combinations in an order that changes one thing at a time, walked forth and back.
    const other = (c: Combo, k: keyof Combo): Combo => (k === 'lang' ? { ...c, lang: c.lang === 'en' ? 'zh-CN' : 'en' } : { ...c, theme: c.theme === 'light' ? 'dark' : 'light' });
    const walk = [start, other(start, 'theme'), other(other(start, 'theme'), 'lang'), other(start, 'lang')];
    let at = start;
    const rows = new Map<string, Row[]>(walk.map((c) => [comboName(c), []]));
    const problems: string[] = [];
    for (const { lesson, hops, key } of FIRST_STEPS) {
      await openLesson(page, lesson, hops);
      const r = new Map<string, Partial<Row>>(walk.map((c) => [comboName(c), { id: lesson.id, keyHop: key }]));
      // Each combination in turn from where the page is; the player bar's parts are checked on the spot.
      const visit = async (what: 'first' | 'key' | 'terminal') => {
        const order = comboName(at) === comboName(walk[0]) ? walk : [...walk].reverse();
        for (const c of order) {
          await setCombo(page, at, c);
          at = c;
          if (what !== 'terminal') for (const p of await barProblems(page)) problems.push(`${comboName(c)} ${lesson.id}, ${what === 'first' ? 'hop 1' : `hop ${key + 1}`}: ${p}`);
          r.get(comboName(c))![what] = await measure(page);
        }
      };
      if (dir && lesson === lessons[0]) await page.screenshot({ path: `${dir}/stage-${size.width}x${size.height}-${comboName(at).replace(' ', '-')}.png` });
      await visit('first');
      await seekHop(page, key);
      await visit('key');
      // The terminal open: the page still does not scroll, and its buttons are inside it.
      await page.getByTestId('terminal-toggle').click();
      await expect(page.getByTestId('terminal')).toBeVisible();
      await visit('terminal');
      const panel = (await page.locator('.terminal-panel').boundingBox())!;
      const toggle = (await page.getByTestId('terminal-toggle').boundingBox())!;
      if (toggle.x + toggle.width > panel.x + panel.width + 1) problems.push(`${comboName(at)} ${lesson.id}: the terminal's Hide button sticks out of its panel`);
      if (dir && lesson === lessons[0]) await page.screenshot({ path: `${dir}/stage-terminal-${size.width}x${size.height}-${comboName(at).replace(' ', '-')}.png` });
      await page.getByTestId('terminal-toggle').click();
      await expect(page.getByTestId('terminal')).toHaveCount(0);
      for (const [name, partial] of r) {
        const row = partial as Row;
        rows.get(name)!.push(row);
        if (row.first.share < 0.5) problems.push(`${name} ${lesson.id}: the canvas is ${(row.first.share * 100).toFixed(1)}% of the window`);
        for (const [when, m] of [['hop 1', row.first], [`hop ${key + 1}`, row.key], ['terminal open', row.terminal]] as const) {
          if (when !== 'terminal open' && m.median < size.text) problems.push(`${name} ${lesson.id}, ${when}: median text ${m.median.toFixed(1)} px < ${size.text}`);
          if (m.overflowX !== 0 || m.overflowY !== 0) problems.push(`${name} ${lesson.id}, ${when}: the page scrolls (${m.overflowX}×${m.overflowY} px too big)`);
        }
      }
    }
    // The numbers, the worst lesson of each combination first.
    for (const [name, list] of rows) {
      const worst = (pick: (r: Row) => number) => list.reduce((x, y) => (pick(y) < pick(x) ? y : x));
      const share = worst((r) => r.first.share);
      const hop1 = worst((r) => r.first.median);
      const atKey = worst((r) => r.key.median);
      const scroll = Math.max(...list.flatMap((r) => [r.first, r.key, r.terminal].flatMap((m) => [m.overflowX, m.overflowY])));
      console.log(
        `${size.width}×${size.height} ${name}, ${list.length} lessons: canvas ≥ ${(share.first.share * 100).toFixed(1)}% (${share.id}); ` +
          `median text on hop 1 ≥ ${hop1.first.median.toFixed(1)} px (${hop1.id}), on the step's hop ≥ ${atKey.key.median.toFixed(1)} px (${atKey.id}, hop ${atKey.keyHop + 1}); ` +
          `page overflow ${scroll} px\n` +
          list.map((r) => `  ${r.id}: ${(r.first.share * 100).toFixed(1)}%, hop 1 ${r.first.median.toFixed(1)} px, hop ${r.keyHop + 1} ${r.key.median.toFixed(1)} px`).join('\n'),
      );
    }
    expect(problems).toEqual([]);
  });
});

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
