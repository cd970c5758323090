import type { Page } from '@playwright/test';
import { expect, openApp, replaceLine, test } from './fixtures';
import { guardedContext, savedText } from './share-helpers';

const editor = (page: Page) => page.getByTestId('yaml-editor');
const position = (page: Page) => page.getByTestId('player-position');

/** Opens the Share dialog and returns the link and the embed snippet it shows. */
async function shareLinks(page: Page): Promise<{ link: string; snippet: string }> {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('share-link')).toHaveValue(/#s=1\./);
  const link = await dialog.getByTestId('share-link').inputValue();
  const snippet = await dialog.getByTestId('embed-snippet').inputValue();
  await expect(dialog.getByTestId('share-length')).toHaveText(`${link.length.toLocaleString('en')} characters.`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return { link, snippet };
}

test('a link made in one browser restores the same YAML, request and hop in a fresh one', async ({ page, browser, baseURL }) => {
  await openApp(page);
  await replaceLine(page, 'replicas: 2', 'replicas: 3');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(3);
  await page.getByTestId('request-to').fill('http://192.168.255.103:31101/');
  await page.getByRole('button', { name: 'Trace' }).click();
  await page.getByTestId('request-pick').selectOption('3');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  const outcome = await page.getByTestId('outcome').textContent();
  for (let i = 0; i < 7; i++) await page.locator('body').press('ArrowRight');
  await expect(position(page)).toContainText(/^Hop 8 of \d+ · paused/);
  const hops = (await position(page).textContent())!.match(/of (\d+)/)![1];
  const { link } = await shareLinks(page);
  const text = await savedText(page);

  const other = await guardedContext(browser, baseURL!);
  await other.page.goto(link);
  await expect(other.page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await expect(other.page.getByTestId('notice')).toContainText('Opened a shared link: the manifests, the request and the hop on screen are restored.');
  expect(await savedText(other.page)).toBe(text);
  await expect(editor(other.page)).toContainText('replicas: 3');
  await expect(other.page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(3);
  await expect(other.page.getByTestId('request-to')).toHaveValue('http://192.168.255.103:31101/');
  await expect(other.page.getByTestId('request-pick')).toHaveValue('3');
  await expect(other.page.getByTestId('outcome')).toHaveText(outcome!);
  await expect(position(other.page)).toContainText(`Hop 8 of ${hops} · paused`);
  // The link is read once: the address bar no longer holds it, so a reload keeps later edits.
  expect(other.page.url()).not.toContain('#s=');
  await other.page.reload();
  await expect(editor(other.page)).toContainText('replicas: 3');
  await expect(position(other.page)).toContainText(`Hop 8 of ${hops}`);
  await other.close();
});

test("a link of a lesson's step says so, and Undo gives back what it replaced", async ({ page, browser, baseURL }) => {
  await openApp(page);
  // The lesson's second step: the same YAML, the request to node02's node port.
  await page.getByTestId('request-to').fill('http://192.168.255.103:31101/');
  await page.getByRole('button', { name: 'Trace' }).click();
  const { link } = await shareLinks(page);

  const other = await guardedContext(browser, baseURL!);
  await other.page.goto('./');
  await expect(other.page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await replaceLine(other.page, 'replicas: 2', 'replicas: 5');
  await expect(other.page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(5);
  await other.page.goto(link);
  const notice = other.page.getByTestId('notice');
  await expect(notice).toContainText('Opened a shared link from the lesson "NodePort: from outside to a pod on another node", step 2');
  await expect(other.page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(2);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(notice).toContainText('Your previous manifests are back.');
  await expect(other.page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(5);
  await expect(editor(other.page)).toContainText('replicas: 5');
  await other.close();
});

test('a corrupt link shows why and keeps what the user had', async ({ page, context }) => {
  await openApp(page);
  await replaceLine(page, 'replicas: 2', 'replicas: 4');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(4);
  const { link } = await shareLinks(page);
  const before = await savedText(page);

  // Cut short, as a chat program would, and opened in a new tab of the same browser.
  const tab = await context.newPage();
  await tab.goto(link.slice(0, link.length - 30));
  const notice = tab.getByTestId('notice');
  await expect(notice).toHaveAttribute('data-key', 'share.notice.broken');
  await expect(notice).toHaveText(/This link could not be opened: it is incomplete or damaged \(a chat program may have cut it short\)\. Your own manifests are unchanged\./);
  await expect(tab.getByRole('alert').filter({ hasText: 'could not be opened' })).toBeVisible();
  await expect(tab.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await expect(editor(tab)).toContainText('replicas: 4');
  await expect(tab.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(4);
  expect(await savedText(tab)).toBe(before);

  // A link pasted into the address bar of the open app (only the fragment changes).
  await page.evaluate(() => (location.hash = 's=1.not*base64'));
  await expect(page.getByTestId('notice')).toHaveAttribute('data-key', 'share.notice.broken');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(4);
  // From a newer Podpath.
  await page.evaluate((l) => (location.hash = `s=9.${l.split('#s=1.')[1]}`), link);
  await expect(page.getByTestId('notice')).toContainText('it was made by a newer version of Podpath.');
  expect(await savedText(page)).toBe(before);
  await tab.close();
});

test('the embed mode shows only the player, in an iframe, and writes nothing to the browser', async ({ page }) => {
  await openApp(page);
  await page.locator('body').press('ArrowRight');
  const { snippet } = await shareLinks(page);
  expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1#s=1\.[A-Za-z0-9_-]+" title="Podpath player" width="960" height="600" .*loading="lazy".*><\/iframe>$/);
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

  await page.setContent(`<!doctype html><body style="margin:0"><h1>Course page</h1>${snippet}</body>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('embed')).toBeVisible();
  await expect(frame.getByTestId('player')).toBeVisible();
  await expect(frame.locator('[data-element="node/node01"]')).toBeVisible();
  await expect(frame.getByTestId('player-position')).toContainText('Hop 2 of 48');
  // Nothing to edit: no editor, no request form, no inspector, no share tools.
  for (const id of ['yaml-editor', 'request-to', 'inspector', 'share-tools', 'hop-list']) await expect(frame.getByTestId(id)).toHaveCount(0);
  await expect(frame.locator('.editor-pane')).toHaveCount(0);
  // The lesson's steps, and the player, work.
  await expect(frame.getByTestId('embed-steps')).toContainText('Step 1 of 4');
  await frame.getByRole('button', { name: 'Next step' }).click();
  await expect(frame.getByTestId('embed-steps')).toContainText('Step 2 of 4');
  await expect(frame.getByTestId('embed-steps')).toContainText('try node02');
  await frame.getByRole('button', { name: 'Step forward' }).click();
  await expect(frame.getByTestId('narration')).toContainText('route lookup');
  await expect(frame.getByRole('link', { name: 'Open in Podpath ↗' })).toHaveAttribute('href', /\/#s=1\./);

  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()))).toBe(stored);
});

test('the last hop and speed are remembered across a reload; a reset goes back to the lesson, with Undo', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Speed').selectOption('2');
  for (let i = 0; i < 4; i++) await page.locator('body').press('ArrowRight');
  await expect(position(page)).toContainText('Hop 5 of 48');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true', { timeout: 30_000 });
  await expect(position(page)).toContainText('Hop 5 of 48 · paused');
  await expect(page.getByLabel('Speed')).toHaveValue('2');
  await replaceLine(page, 'replicas: 2', 'replicas: 3');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(3);
  // A reset (here the changed-step note's) puts the lesson's step back, first hop included; the edited text is kept as a draft.
  await expect(page.getByTestId('lesson-changed')).toHaveAttribute('data-change', 'yaml');
  await page.getByTestId('lesson-changed').getByRole('button', { name: 'Reset step' }).click();
  await expect(editor(page)).toContainText('replicas: 2');
  await expect(position(page)).toContainText('Hop 1 of 48 · ready');
  await page.getByRole('button', { name: 'Restore my YAML' }).click();
  await expect(editor(page)).toContainText('replicas: 3');
});

test('a short lesson link opens a built-in lesson at a step, in the app and in the embed player', async ({ page }) => {
  await page.goto('./?lesson=nodeport&step=2');
  await expect(page.getByTestId('notice')).toContainText('Opened the lesson "NodePort: from outside to a pod on another node" at step 2.');
  await expect(page.getByTestId('request-to')).toHaveValue('http://192.168.255.103:31101/');
  expect(new URL(page.url()).search).toBe('');
  await page.goto('./?embed=1&lesson=nodeport&step=4');
  await expect(page.getByTestId('embed-steps')).toContainText('Step 4 of 4');
  await expect(page.getByTestId('embed-steps')).toContainText('Break it: point targetPort at 8080');
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(page.getByTestId('player-position')).toContainText('finished');
  await page.goto('./?lesson=nope');
  await expect(page.getByTestId('notice')).toContainText('There is no lesson "nope" in this version of Podpath');
});
