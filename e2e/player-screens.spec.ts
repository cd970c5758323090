/**
 * Screenshots of the player's views (the DNAT hop with the inspector, the node tables, the
 * what-if bar, the command list, presenter mode, a lesson step) in both languages and both
 * themes, for a person to look at: SCREENS=/some/dir npx playwright test e2e/player-screens.spec.ts.
 * Skipped otherwise.
 */
import { expect, openApp, test } from './fixtures';
import { hop } from './player';

const dir = process.env.SCREENS;
test.skip(!dir, 'set SCREENS=<folder> to take the screenshots');

for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark'], ['zh-CN', 'light'], ['en', 'dark']] as const) {
  test(`player views, ${lang}, ${theme}`, async ({ page }) => {
    test.setTimeout(180_000);
    const shot = (name: string) => page.screenshot({ path: `${dir}/${name}-${lang}-${theme}.png` });
    await page.addInitScript(([l, th]) => {
      if (!sessionStorage.getItem('look')) {
        localStorage.setItem('podpath.lang', l);
        localStorage.setItem('podpath.theme', th);
        sessionStorage.setItem('look', '1');
      }
    }, [lang, theme]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page);
    await hop(page, 'DNAT').click();
    await page.waitForTimeout(700);
    await shot('player-dnat');
    await page.getByTestId('node-tables').locator('summary').click();
    await page.waitForTimeout(300);
    await shot('player-tables');
    await page.locator('.dn-pod[data-element^="pod/default/my-nginx"]').first().click();
    await expect(page.getByTestId('element-actions')).toBeVisible();
    await shot('player-whatif');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('palette')).toBeVisible();
    await shot('player-palette');
    await page.keyboard.press('Escape');
    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(1200);
    await shot('player-presenter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('l');
    await page.getByTestId('lesson-picker').locator('[data-lesson="clusterip"]').click();
    await page.getByTestId('lesson-panel').getByRole('button', { name: lang === 'en' ? 'Next step' : '下一个步骤' }).click();
    await page.waitForTimeout(800);
    await shot('lesson-clusterip');
  });
}
