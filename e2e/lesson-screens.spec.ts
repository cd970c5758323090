/**
 * Every step of every lesson as a screenshot, with its answer shown and the packet at the hop
 * that decides the step, in English and Simplified Chinese: a person plays the lessons from
 * these. SCREENS=/some/dir npx playwright test e2e/lesson-screens.spec.ts. Skipped otherwise.
 */
import { lessons } from '../src/lessons';
import { playLesson } from '../src/lessons/play';
import { expect, openApp, test } from './fixtures';

const dir = process.env.SCREENS;
test.skip(!dir, 'set SCREENS=<folder> to take the screenshots');

for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark']] as const) {
  for (const lesson of lessons) {
    test(`lesson ${lesson.id}, ${lang}`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.addInitScript(([l, th]) => {
        localStorage.setItem('podpath.lang', l);
        localStorage.setItem('podpath.theme', th);
      }, [lang, theme]);
      await page.setViewportSize({ width: 1920, height: 1080 });
      await openApp(page);
      await page.keyboard.press('l');
      await page.getByTestId('lesson-picker').locator(`[data-lesson="${lesson.id}"]`).click();
      const steps = playLesson(lesson).length;
      for (let i = 0; i < steps; i++) {
        await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', lesson.id);
        const answer = page.getByTestId('lesson-challenge').locator('button').last();
        if (await page.getByTestId('lesson-challenge').count()) await answer.click();
        // The hop with a NAT or a verdict, if any: the one the narration is usually about.
        const key = page.getByTestId('hop-list').locator('.hop-button', { hasText: /DNAT|REJECT|DROP|IPVS|SNAT|MASQUERADE|404|503/ }).first();
        if (await key.count()) await key.click();
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${dir}/${lesson.id}-${i + 1}-${lang}.png` });
        if (i < steps - 1) await page.keyboard.press('PageDown');
      }
    });
  }
}
