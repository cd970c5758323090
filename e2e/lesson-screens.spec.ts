/**
 * Every step of every lesson as a screenshot, at the three sizes projectors use (1024×768,
 * 1280×720, 1920×1080), in English (light) and Simplified Chinese (dark), with the step's answer
 * shown and the packet at the hop the step is about: a person plays the lessons from these and
 * looks for what is unreadable, cut, overlapping or untranslated. One page per lesson, language
 * and size, opened at that size as a new visitor sees it (below 1500 px the editor starts as a
 * closed drawer). Files: <lesson>-<step>-<width>x<height>-<lang>.png.
 * SCREENS=/some/dir npx playwright test e2e/lesson-screens.spec.ts (-g 'lesson ipvs,' for one). Skipped otherwise.
 */
import { lessons } from '../src/lessons';
import { playLesson } from '../src/lessons/play';
import { expect, test } from './fixtures';
import { keyHop, openLesson, presetLangTheme, seekHop, settle } from './stage-helpers';

const dir = process.env.SCREENS;
test.skip(!dir, 'set SCREENS=<folder> to take the screenshots');

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark']] as const) {
  for (const lesson of lessons) {
    for (const size of SIZES) {
      test(`lesson ${lesson.id}, ${size.width}×${size.height}, ${lang}`, async ({ page }) => {
        test.setTimeout(180_000);
        const played = playLesson(lesson);
        await presetLangTheme(page, lang, theme);
        await page.setViewportSize(size);
        await page.goto('./');
        await expect(page.locator('.react-flow__node').first()).toBeVisible();
        await openLesson(page, lesson, played[0].trace.hops.length);
        for (let i = 0; i < played.length; i++) {
          if (i > 0) {
            const version = await page.evaluate(() => Number(document.documentElement.dataset.pictureVersion ?? 0));
            await page.locator('body').press('PageDown');
            await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-step', String(i + 1));
            await expect.poll(() => page.evaluate(() => Number(document.documentElement.dataset.pictureVersion ?? 0))).toBeGreaterThan(version);
            await expect(page.getByTestId('hop-list').locator('li.hop')).toHaveCount(played[i].trace.hops.length);
            await settle(page);
          }
          if (played[i].step.challenge) {
            await page.locator('body').press('a');
            await expect(page.getByTestId('lesson-answer')).toBeVisible();
          }
          await seekHop(page, keyHop(played[i]));
          await page.screenshot({ path: `${dir}/${lesson.id}-${i + 1}-${size.width}x${size.height}-${lang}.png` });
        }
      });
    }
  }
}
