/**
 * Every test gets a page whose requests may only go to localhost; anything else is aborted,
 * recorded, and fails the test at teardown. Console errors fail the test too.
 */
import { test as base, expect, type Page } from '@playwright/test';

// file: is the one-file copy opened from a disk (e2e/share-offline.spec.ts): it never leaves the machine either.
const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|file:)/;

export const test = base.extend<{ offsite: string[]; pageErrors: string[] }>({
  offsite: [
    async ({ context }, use) => {
      const offsite: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (LOCAL.test(url)) return route.continue();
        offsite.push(url);
        return route.abort();
      });
      await use(offsite);
      expect(offsite, 'requests that left localhost').toEqual([]);
    },
    { auto: true },
  ],
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      await use(errors);
      expect(errors, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the app and waits until the editor and the canvas are both up. */
export async function openApp(page: Page) {
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
}

/**
 * Puts the cursor on the editor line holding `line`, selects its text, and puts `replacement`
 * in its place as one edit (as a paste or an input method does). Typed key by key, each
 * intermediate text would be built (the rebuild waits only as long as the last build took),
 * and the picture a test expects to be kept would be one of those.
 */
export async function replaceLine(page: Page, line: string, replacement: string) {
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: line }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText(replacement);
}

/** The terminal's screen as text, trailing blanks of each line dropped (they are not visible). */
export const terminalScreen = async (page: Page) => (await page.evaluate(() => window.__podpathTerminal?.text() ?? '')).split('\n').map((l) => l.trimEnd()).join('\n');

/** Opens the terminal panel (it starts closed: the canvas has the stage until someone asks for a shell). */
export async function openTerminal(page: Page) {
  const toggle = page.getByTestId('terminal-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

/** Types a line into the terminal and presses Enter. */
export async function typeInTerminal(page: Page, line: string) {
  await openTerminal(page);
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
