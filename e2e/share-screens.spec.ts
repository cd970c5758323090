/**
 * Screenshots of the share area's views in both languages and both themes, for a person to
 * look at: SCREENS=/some/dir npx playwright test e2e/share-screens.spec.ts. Skipped otherwise.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { DUMP_PATH } from './share-helpers';

const dir = process.env.SCREENS;
test.skip(!dir, 'set SCREENS=<folder> to take the screenshots');

const variants = [['en', 'light'], ['zh-CN', 'dark'], ['zh-CN', 'light'], ['en', 'dark']] as const;

async function setLook(page: Page, lang: string, theme: string) {
  await page.evaluate(([l, t]) => {
    localStorage.setItem('podpath.lang', l);
    localStorage.setItem('podpath.theme', t);
  }, [lang, theme]);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
}

for (const [lang, theme] of variants) {
  test(`share views, ${lang}, ${theme}`, async ({ page }) => {
    test.setTimeout(180_000);
    const shot = (name: string, clip?: { x: number; y: number; width: number; height: number }) => page.screenshot({ path: `${dir}/${name}-${lang}-${theme}.png`, clip });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openApp(page);
    await setLook(page, lang, theme);
    await page.waitForTimeout(500);
    await shot('app');
    await page.locator('[data-command="export"]').click();
    await shot('export-menu', { x: 960, y: 0, width: 960, height: 460 });
    await page.keyboard.press('Escape');
    await page.locator('[data-command="share"]').click();
    await expect(page.getByTestId('share-link')).toHaveValue(/#s=/);
    await shot('share-dialog');
    await page.keyboard.press('Escape');
    // A broken link, then a good one with Undo.
    await page.evaluate(() => (location.hash = 's=1.broken'));
    await expect(page.getByTestId('notice')).toBeVisible();
    await shot('notice-broken', { x: 0, y: 0, width: 1920, height: 200 });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('[data-command="open"]').click()]);
    await chooser.setFiles(DUMP_PATH);
    await expect(page.locator('[data-element="node/k8s-master"]')).toBeVisible();
    await page.waitForTimeout(600);
    await shot('dump');
    await page.getByTestId('hop-list').getByRole('button').nth(8).click();
    await page.waitForTimeout(600);
    await shot('dump-hop');
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['a: 1\n'], 'x.yaml'));
      return dt;
    });
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await shot('drop-zone');
    await page.dispatchEvent('main', 'dragleave', { dataTransfer: transfer });
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.waitForTimeout(300);
    await shot('header-1600', { x: 0, y: 0, width: 1600, height: 130 });
    // The embed player, in a course page's iframe.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('button', { name: lang === 'en' ? 'Undo' : '撤销' }).click();
    await page.locator('[data-command="share"]').click();
    await expect(page.getByTestId('embed-snippet')).toHaveValue(/iframe/);
    const snippet = await page.getByTestId('embed-snippet').inputValue();
    await page.setContent(`<!doctype html><body style="margin:24px;font-family:sans-serif;background:#fff"><h2>Lesson 3 · Services</h2><p>Press play below.</p>${snippet}</body>`);
    await expect(page.frameLocator('iframe').getByTestId('embed')).toBeVisible();
    await page.frameLocator('iframe').getByTestId('player').getByRole('button').nth(3).click();
    await page.frameLocator('iframe').getByTestId('player').getByRole('button').nth(3).click();
    await page.waitForTimeout(800);
    await shot('embed', { x: 0, y: 0, width: 1100, height: 760 });
  });
}
