/**
 * A NetworkPolicy on flannel (issue 17): the request is still served, and the app says plainly,
 * under the outcome, which policy would have cut it had anything enforced it; in Chinese too.
 * SHOTS=/some/dir writes a screenshot of each language.
 */
import type { Page } from '@playwright/test';
import { nodePortLesson } from '../src/lessons/nodeport';
import { expect, test } from './fixtures';

const yaml = `${nodePortLesson.yaml}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n`;

async function open(page: Page, lang: string) {
  await page.addInitScript(([text, l]) => {
    if (!sessionStorage.getItem('netpol')) {
      localStorage.setItem('podpath.yaml', text);
      localStorage.setItem('podpath.lang', l);
      sessionStorage.setItem('netpol', '1');
    }
  }, [yaml, lang]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

test('flannel with a default-deny policy: served, and the note names the policy', async ({ page }) => {
  await open(page, 'en');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  const note = page.getByTestId('policy-note');
  await expect(note).toContainText('NetworkPolicy default/deny-all selects default/my-nginx-deploment-');
  await expect(note).toContainText('for ingress and no rule allows this connection to port 80: enforced, it would be dropped. flannel enforces no NetworkPolicy, so it went through.');
  // The canvas itself says so, whatever the request.
  await expect(page.getByTestId('policy-mark')).toHaveText('NetworkPolicies: 1, not enforced (flannel)');
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/netpol-en.png` });
});

test('the note in Chinese', async ({ page }) => {
  await open(page, 'zh-CN');
  const note = page.getByTestId('policy-note');
  await expect(note).toContainText('NetworkPolicy default/deny-all 为 ingress 选中了 default/my-nginx-deploment-');
  await expect(note).toContainText('flannel 不执行任何 NetworkPolicy，所以它通过了。');
  await expect(page.getByTestId('policy-mark')).toHaveText('NetworkPolicy：1 条，未生效（flannel）');
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/netpol-zh.png` });
});
