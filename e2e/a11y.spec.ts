/**
 * An automated accessibility check (axe-core, Deque's engine, injected from node_modules: no
 * network) of each view, in both languages and both themes: no serious or critical violation.
 * And the controls can be reached with Tab alone.
 */
import type { Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { expect, openApp, test } from './fixtures';
import { hop } from './player';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    // Monaco's own DOM (a third-party editor with its own accessibility mode) is left to Monaco.
    const result = await axe.run({ exclude: [['.monaco-editor']] }, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 12).map((n) => n.target.join(' ')).join(', ')})`);
}

for (const [lang, theme] of [['en', 'light'], ['zh-CN', 'dark']] as const) {
  test(`no serious accessibility violations (${lang}, ${theme}): main view, inspector tables, command list, presenter`, async ({ page }) => {
    await page.addInitScript(([l, th]) => {
      localStorage.setItem('podpath.lang', l);
      localStorage.setItem('podpath.theme', th);
    }, [lang, theme]);
    await openApp(page);
    await hop(page, 'KUBE-SEP').click();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('node-tables').locator('summary').click();
    // The stage frames the KUBE-SEP hop's part of the node, where the pod may be out of the
    // canvas: the whole cluster in view first, so the click lands on the pod.
    await page.locator('.react-flow__controls-fitview').click();
    await page.locator('.dn-pod[data-element^="pod/default/my-nginx"]').first().click();
    await expect(page.getByTestId('element-actions')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('palette')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.keyboard.press('p');
    await expect(page.getByTestId('presenter')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('every player control is reached with Tab and has a name', async ({ page }) => {
  await openApp(page);
  const names: string[] = [];
  // One step in, so that every control of the player is enabled (disabled ones take no focus).
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByTestId('request-to').focus();
  // Tab on, through the canvas's elements, until the focus has passed the player's last control.
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el?.closest('[data-testid="player"]')) return { inPlayer: false, name: '' };
      return { inPlayer: true, name: el.getAttribute('aria-label') ?? (el.closest('label')?.textContent ?? '').trim() };
    });
    if (at.inPlayer) names.push(at.name);
    else if (names.length > 0) break;
  }
  for (const n of ['Back to start', 'Step back', 'Play', 'Step forward', 'Jump to end', 'Hop', 'Hide the editor', 'Follow the packet', 'Presenter mode', 'Commands and what-ifs']) {
    expect(names).toContain(n);
  }
  expect(names.some((n) => n.startsWith('Speed'))).toBe(true);
});
