/**
 * The reachability matrix (issue 17): opened from the header, pods × pods for a port and
 * protocol, each cell a symbol and a colour; a click on a denied cell traces that connection
 * and it is dropped at felix's chain, a click on an allowed one is served. On flannel the
 * header says nothing enforces the policies. Keyboard: arrows move between cells, Enter traces.
 * SHOTS=/some/dir writes screenshots of the matrix and of the denied trace.
 */
import type { Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { CALICO, modelYaml } from '../src/engine/netpol/testdata';
import { allowFrontend, calicoInstall, denyIngress, netpolPods } from '../src/lessons/netpolyaml';
import { expect, test } from './fixtures';

async function open(page: Page, yaml: string, lang = 'en') {
  await page.addInitScript(([text, l]) => {
    if (!sessionStorage.getItem('matrix')) {
      localStorage.setItem('podpath.yaml', text);
      localStorage.setItem('podpath.lang', l);
      sessionStorage.setItem('matrix', '1');
    }
  }, [yaml, lang]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

const cell = (page: Page, from: string, to: string) => page.locator(`.reach-cell[data-from="${from}"][data-to="${to}"]`);

test('on Calico: a denied cell traces a dropped connection, an allowed one a served one', async ({ page }) => {
  await open(page, netpolPods + calicoInstall + denyIngress + allowFrontend);
  await page.getByRole('button', { name: 'Reachability' }).click();
  const dialog = page.getByTestId('reach-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('reach-enforcement')).toHaveText('NetworkPolicy is enforced on this cluster: Calico\'s felix drops what no policy allows.');
  const denied = cell(page, 'default/debug', 'backend/api');
  await expect(denied).toHaveAttribute('data-verdict', 'denied');
  await expect(denied).toHaveText('✗');
  await expect(denied).toHaveAccessibleName('default/debug to backend/api, TCP 80: denied by NetworkPolicy. Trace it.');
  await expect(cell(page, 'frontend/web', 'backend/api')).toHaveText('✓');
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/matrix-calico.png` });
  await denied.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'dropped');
  await expect(page.getByTestId('hop-list')).toContainText('filter FORWARD: DROP, no NetworkPolicy rule lets it into backend/api');
  await expect(page.getByTestId('outcome')).toContainText('Dropped by NetworkPolicy on its way into backend/api');
  // The hop where felix decided: the inspector names the policies that select api and allow none of it.
  await page.getByTestId('hop-list').getByText('filter FORWARD: DROP, no NetworkPolicy rule lets it into backend/api').click();
  await expect(page.getByTestId('policy-verdicts')).toHaveText('Ingress of backend/api (cali-tw-cali5f8cfd333f3): selected for ingress by NetworkPolicy backend/allow-from-frontend, backend/default-deny-ingress, and no rule allows this packet: "Drop if no policies passed packet".');
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/matrix-denied-trace.png` });

  await page.getByRole('button', { name: 'Reachability' }).click();
  await cell(page, 'frontend/web', 'backend/api').click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.getByTestId('hop-list')).toContainText('filter FORWARD: ACCEPT, NetworkPolicy backend/allow-from-frontend lets it into backend/api');
});

test('from the keyboard: arrows move between cells, Enter traces; UDP changes the verdicts', async ({ page }) => {
  await open(page, netpolPods + calicoInstall + denyIngress + allowFrontend);
  await page.getByRole('button', { name: 'Reachability' }).click();
  await page.getByTestId('reach-protocol').selectOption('UDP');
  await expect(page.getByTestId('reach-table').locator('caption')).toHaveText('Connections to UDP port 80 of each pod');
  // allow-from-frontend has no ports: it opens every protocol from frontend.
  await expect(cell(page, 'frontend/web', 'backend/api')).toHaveAttribute('data-verdict', 'allowed');
  await cell(page, 'frontend/web', 'backend/api').focus();
  await page.keyboard.press('ArrowUp');
  await expect(cell(page, 'default/debug', 'backend/api')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reach-dialog')).toBeHidden();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'dropped');
  await expect(page.getByTestId('hop-list')).toContainText('debug sends a UDP datagram');
  await expect(page.getByTestId('request-tabs')).toContainText('debug → 10.244.91.193:80 UDP');
  // Focus is back on the button that opened the matrix.
  await expect(page.getByRole('button', { name: 'Reachability' })).toBeFocused();
});

test('on flannel the header says nothing enforces the policies, in Chinese too', async ({ page }) => {
  await open(page, netpolPods + denyIngress + allowFrontend, 'zh-CN');
  await page.getByRole('button', { name: '可达性' }).click();
  await expect(page.getByTestId('reach-enforcement')).toHaveText('本集群不执行 NetworkPolicy：flannel 没有策略控制器，所以所有连接都会通过。标为 ! 的格子是策略本该阻断的连接。');
  const c = cell(page, 'default/debug', 'backend/api');
  await expect(c).toHaveAttribute('data-verdict', 'unenforced');
  await expect(c).toHaveText('!');
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/matrix-flannel-zh.png` });
  await c.click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.getByTestId('policy-note')).toContainText('flannel 不执行任何 NetworkPolicy，所以它通过了。');
});

test('axe finds no serious violation in the matrix, light and dark', async ({ page }) => {
  await open(page, netpolPods + calicoInstall + denyIngress + allowFrontend);
  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme.toLowerCase());
    await page.getByRole('button', { name: 'Reachability' }).click();
    await expect(cell(page, 'default/debug', 'backend/api')).toBeVisible();
    await page.addScriptTag({ content: createRequire(import.meta.url)('axe-core').source as string });
    const serious = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const r = await axe.run('[data-testid="reach-dialog"]', { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(serious, theme).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('reach-dialog')).toBeHidden();
  }
});

test('past 60 pods a side the view says so, and a namespace narrows it', async ({ page }) => {
  const pods = ['x', 'y'].flatMap((ns) => Array.from({ length: 35 }, (_, i) => `${ns}/p${i}`));
  await open(page, modelYaml(pods, [80], ['TCP'], [CALICO]));
  await page.getByRole('button', { name: 'Reachability' }).click();
  // 70 pods and CoreDNS's two.
  await expect(page.getByRole('note')).toHaveText('The first 60 of 72 pods are shown: choose a namespace to see the others.');
  await expect(page.getByTestId('reach-table').locator('tbody tr')).toHaveCount(60);
  await page.getByTestId('reach-namespace').selectOption('y');
  await expect(page.getByTestId('reach-table').locator('tbody tr')).toHaveCount(35);
  await expect(page.getByRole('note')).toHaveCount(0);
  await expect(cell(page, 'y/p0', 'y/p1')).toHaveAttribute('data-verdict', 'allowed');
});

test('in Chinese: the denied trace\'s hop, its verdict and the outcome', async ({ page }) => {
  await open(page, netpolPods + calicoInstall + denyIngress + allowFrontend, 'zh-CN');
  await page.getByRole('button', { name: '可达性' }).click();
  await expect(page.getByTestId('reach-enforcement')).toHaveText('本集群执行 NetworkPolicy：Calico 的 felix 会丢弃没有策略放行的流量。');
  await cell(page, 'default/debug', 'backend/api').click();
  await expect(page.getByTestId('outcome')).toContainText('在进入 backend/api 时被 NetworkPolicy 丢弃：backend/allow-from-frontend, backend/default-deny-ingress 为 ingress 选中了它');
  await page.getByTestId('hop-list').getByText('filter FORWARD：DROP，没有 NetworkPolicy 规则允许它进入 backend/api').click();
  await expect(page.getByTestId('policy-verdicts')).toHaveText('backend/api 的 ingress（cali-tw-cali5f8cfd333f3）：NetworkPolicy backend/allow-from-frontend, backend/default-deny-ingress 为 ingress 选中了它，且没有规则允许这个包：“Drop if no policies passed packet”。');
});
