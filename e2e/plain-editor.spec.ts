/**
 * The plain editor of the first frame (src/editor/PlainEditor.tsx) and Monaco taking over from
 * it (editor/handover.ts): the text is typed in before Monaco is in, and nothing typed is lost,
 * neither the text, nor the caret, nor the undo steps, nor a composition under way.
 */
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import { nodePortLesson } from '../src/lessons/nodeport';

/** Holds Monaco's chunk until release() is called. */
async function holdMonaco(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route(/\/YamlEditor-[^/]*\.js$/, (route) => (released ? route.continue() : void held.push(route)));
  return {
    requested: () => held.length,
    release: async () => {
      released = true;
      for (const r of held.splice(0)) await r.continue();
    },
  };
}

const area = (page: Page) => page.getByTestId('plain-editor').locator('textarea');
const monacoText = async (page: Page) => ((await page.getByTestId('yaml-editor').locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');

/** Selects `from`..`to` (offsets) in the plain editor, focused. */
async function select(page: Page, from: number, to = from) {
  await area(page).evaluate((a: HTMLTextAreaElement, [s, e]) => {
    a.focus();
    a.setSelectionRange(s, e);
  }, [from, to]);
}

test('the text is typed in before Monaco is in; Monaco takes the text, the caret and the undo steps', async ({ page }) => {
  const monaco = await holdMonaco(page);
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('data-editor-ready', 'true');
  await expect(area(page)).toHaveValue(nodePortLesson.yaml);
  await expect(area(page)).toHaveAttribute('aria-label', 'Kubernetes manifests editor');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect.poll(() => monaco.requested()).toBe(1);
  await expect(page.locator('html')).not.toHaveAttribute('data-monaco-ready', 'true');

  // Typed over the selected port, key by key: the picture follows.
  const at = nodePortLesson.yaml.indexOf('31101');
  await select(page, at, at + 5);
  await page.keyboard.type('31102');
  await expect(area(page)).toHaveValue(nodePortLesson.yaml.replace('nodePort: 31101', 'nodePort: 31102'));
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
  // A new line and a comment: two more undo steps.
  await page.keyboard.press('Enter');
  await page.keyboard.type('# typed before Monaco');

  await monaco.release();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await expect(page.getByTestId('plain-editor')).toHaveCount(0);
  // The caret and the focus came along: the next keys go on where the last ones ended.
  await page.keyboard.type('!');
  await expect.poll(() => monacoText(page)).toContain('nodePort: 31102# typed before Monaco!');
  // Undo: Monaco's own key, then the plain editor's steps, newest first.
  await page.keyboard.press('Control+z');
  await expect.poll(() => monacoText(page)).not.toContain('Monaco!');
  expect(await monacoText(page)).toContain('nodePort: 31102# typed before Monaco');
  await page.keyboard.press('Control+z');
  await expect.poll(() => monacoText(page)).not.toContain('# typed before Monaco');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(() => monacoText(page)).toContain('nodePort: 31101');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('podpath.yaml'))).toBe(nodePortLesson.yaml);
  // Redo gives the edit back.
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
});

test('Monaco waits for a composition under way in the plain editor, then takes what it made', async ({ page }) => {
  const monaco = await holdMonaco(page);
  await page.goto('./');
  await expect(area(page)).toHaveValue(nodePortLesson.yaml);
  const endOfFirstLine = nodePortLesson.yaml.indexOf('\n');
  await select(page, endOfFirstLine);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
  await expect(area(page)).toHaveValue(/zhong\napiVersion/);

  await monaco.release();
  // Monaco is made, and waits: the half-typed word is the user's.
  await expect(page.getByTestId('yaml-editor')).toBeAttached();
  await page.waitForTimeout(500);
  await expect(page.locator('html')).not.toHaveAttribute('data-monaco-ready', 'true');
  await expect(page.getByTestId('plain-editor')).toBeVisible();

  await cdp.send('Input.insertText', { text: '，中文' });
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await expect(page.getByTestId('plain-editor')).toHaveCount(0);
  const firstLine = nodePortLesson.yaml.slice(0, endOfFirstLine);
  await expect.poll(() => monacoText(page)).toContain(`${firstLine}，中文apiVersion`);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('podpath.yaml'))).toBe(nodePortLesson.yaml.replace(firstLine, `${firstLine}，中文`));
});

test("Monaco's chunk that fails to load leaves the plain editor, and the text is still edited and built", async ({ page, pageErrors }) => {
  await page.route(/\/YamlEditor-[^/]*\.js$/, (route) => route.abort());
  await page.goto('./');
  await expect(page.getByTestId('lesson-panel')).toBeVisible();
  // The chunk was asked for, and failed: what this test provokes, reported in the console.
  await expect.poll(() => pageErrors.length).toBeGreaterThan(0);
  await page.waitForTimeout(500);
  pageErrors.length = 0;
  await expect(page.getByTestId('plain-editor')).toBeVisible();
  const at = nodePortLesson.yaml.indexOf('31101');
  await select(page, at, at + 5);
  await page.keyboard.type('31102');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
  await expect(page.locator('html')).not.toHaveAttribute('data-monaco-ready', 'true');
});

test('in Chinese; Tab indents by two spaces; a paste too large for the editor becomes a document of its own', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('podpath.lang', 'zh-CN'));
  const monaco = await holdMonaco(page);
  await page.goto('./');
  await expect(area(page)).toHaveAttribute('aria-label', 'Kubernetes 资源清单编辑器');
  const at = nodePortLesson.yaml.indexOf('\n') + 1;
  await select(page, at);
  await page.keyboard.press('Tab');
  await expect(area(page)).toHaveValue(`${nodePortLesson.yaml.slice(0, at)}  ${nodePortLesson.yaml.slice(at)}`);
  // The focus stayed in the editor.
  await expect(area(page)).toBeFocused();

  const big = `${nodePortLesson.yaml}\n${`# ${'x'.repeat(98)}\n`.repeat(42_000)}`;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), big);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('large-text')).toBeVisible();
  await expect(page.getByTestId('large-text')).toContainText('4.2 MB');
  await monaco.release();
});

test('a hostile saved text is shown as text in the plain editor and handed to Monaco as it is', async ({ page }) => {
  const hostile = `# </textarea><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\u2028\u202e} }}{{ $(reboot)\n${nodePortLesson.yaml}`;
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) localStorage.setItem('podpath.yaml', text);
    sessionStorage.setItem('seeded', '1');
  }, hostile);
  const monaco = await holdMonaco(page);
  await page.goto('./');
  await expect(area(page)).toHaveValue(hostile);
  await expect(page.getByTestId('plain-editor').locator('img, script')).toHaveCount(0);
  await monaco.release();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await expect.poll(() => monacoText(page)).toContain('# </textarea><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => localStorage.getItem('podpath.yaml'))).toBe(hostile);
});
