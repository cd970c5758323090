/**
 * Monaco's own words in the page's language (src/editor/monacoMessages.ts): its find widget and
 * its context menu come from Monaco's message table, loaded before Monaco in Chinese.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openFind(page: Page) {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'kind: Service' }).first().click();
  await page.keyboard.press('Control+f');
  const find = page.locator('.monaco-editor .find-widget');
  await expect(find).toBeVisible();
  return find;
}

test('in Chinese, Monaco speaks Chinese: its find widget and its context menu', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('podpath.lang', 'zh-CN'));
  const find = await openFind(page);
  await expect(find.locator('textarea').first()).toHaveAttribute('placeholder', '查找');
  await expect(find.locator('[aria-label^="区分大小写"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'kind: Service' }).first().click({ button: 'right' });
  const menu = page.locator('.monaco-menu');
  await expect(menu).toBeVisible();
  await expect(menu).toContainText('剪切');
  await expect(menu).toContainText('复制');
  await expect(menu).not.toContainText('Copy');
});

test('in English, Monaco keeps its own English', async ({ page }) => {
  const find = await openFind(page);
  await expect(find.locator('textarea').first()).toHaveAttribute('placeholder', 'Find');
  await expect(find.locator('[aria-label^="Match Case"]')).toHaveCount(1);
});
