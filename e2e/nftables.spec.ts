/**
 * kube-proxy's nftables mode in the app (issue 18): the node's box says so, the node's tables
 * open on `nft list ruleset` with the lines the trace used marked, the walk names the nftables
 * chains, and the terminal's `nft list ruleset` prints the table. SHOTS=/some/dir writes a
 * screenshot of the tables view in each language at 1280×720.
 */
import type { Page } from '@playwright/test';
import { nodePortLesson } from '../src/lessons/nodeport';
import { expect, terminalScreen, test, typeInTerminal, openTerminal } from './fixtures';

const yaml = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n`;

async function open(page: Page, lang: string) {
  await page.addInitScript(([text, l]) => {
    if (!sessionStorage.getItem('nft')) {
      localStorage.setItem('podpath.yaml', text);
      localStorage.setItem('podpath.lang', l);
      sessionStorage.setItem('nft', '1');
    }
  }, [yaml, lang]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
}

/** The hop where node01's endpoint chain DNATs to the pod on node02, and the node's tables opened there. */
async function openTables(page: Page, dnat: RegExp) {
  await page.getByTestId('hop-list').locator('.hop-button', { hasText: dnat }).first().click();
  // The lesson's narration folded: the inspector gets the column's height for the tables.
  await page.locator('.lesson-fold[aria-expanded="true"]').click();
  await page.getByTestId('node-tables').locator('summary').click();
  await page.getByTestId('node-tables').locator('.view-tabs').scrollIntoViewIfNeeded();
}

test('the node\'s box, the walk and the tables in nftables mode; nft list ruleset in the terminal', async ({ page }) => {
  await open(page, 'en');
  await expect(page.locator('[data-element="node/node01/netfilter"]')).toContainText('kube-proxy, nftables mode');
  await expect(page.locator('[data-element="node/node01/netfilter"] [data-testid="nft-counts"]')).toHaveText('31 nft chains10 set/map elements');
  await expect(page.locator('[data-element="svc/default/my-nginx-deploment"]')).toContainText('virtual: an nftables map element on every node');
  await openTables(page, /DNAT to 10\.244\.2\.2:80/);
  await expect(page.getByTestId('nf-walk').locator('.nf-chain')).toContainText(['nftables filter-prerouting-pre-dnat', 'nftables nat-prerouting', 'nftables services']);
  // kube-proxy's nat-prerouting runs before the iptables nat PREROUTING of the same priority and
  // DNATs: the iptables chain is not consulted (src/engine/trace/nft.ts).
  await expect(page.getByTestId('nf-walk').locator('.nf-chain', { hasText: 'nat PREROUTING' })).toHaveCount(0);
  // kube-proxy's own view comes first in this mode.
  await expect(page.getByRole('tab', { name: 'nft list ruleset' })).toHaveAttribute('aria-selected', 'true');
  const view = page.getByTestId('view-nft');
  await expect(view.locator('div').first()).toHaveText('table ip kube-proxy {');
  const used = view.locator('.is-used');
  await expect(used.filter({ hasText: 'meta l4proto tcp dnat to 10.244.2.2:80' })).toHaveCount(1);
  await expect(used.filter({ hasText: 'tcp . 31101 : goto external-HGDPUAUO-default/my-nginx-deploment/tcp/' })).toHaveCount(1);
  // The other endpoint's DNAT was not used; a marked line names the Service behind it.
  await expect(view.locator('div', { hasText: 'meta l4proto tcp dnat to 10.244.1.2:80' })).not.toHaveClass(/is-used/);
  await expect(used.filter({ hasText: 'dnat to 10.244.2.2:80' }).locator('button')).toHaveAttribute('title', /Service\/default\/my-nginx-deploment/);
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/nft-tables-en.png` });

  await openTerminal(page);
  await page.getByTestId('terminal-place').selectOption('node/node01');
  await typeInTerminal(page, 'nft list ruleset | head -3');
  await expect.poll(() => terminalScreen(page)).toContain('root@node01:~# nft list ruleset | head -3\ntable ip kube-proxy {\n        comment "rules for kube-proxy"\n        set cluster-ips {');
  await typeInTerminal(page, 'nft list chain ip kube-proxy nope');
  await expect.poll(() => terminalScreen(page)).toContain('Error: No such file or directory\nlist chain ip kube-proxy nope\n                         ^^^^');
});

test('the tables view and the node\'s box in Chinese', async ({ page }) => {
  await open(page, 'zh-CN');
  await expect(page.locator('[data-element="node/node01/netfilter"]')).toContainText('kube-proxy，nftables 模式');
  await expect(page.locator('[data-element="node/node01/netfilter"] [data-testid="nft-counts"]')).toHaveText('31 条 nft 链10 个集合/映射元素');
  await openTables(page, /DNAT 到 10\.244\.2\.2:80/);
  await expect(page.getByTestId('view-nft').locator('.is-used').filter({ hasText: 'meta l4proto tcp dnat to 10.244.2.2:80' })).toHaveCount(1);
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/nft-tables-zh.png` });
  // Enlarged for the room: the same marked lines over most of the screen, in larger type; Escape gives the column back.
  await page.getByTestId('tables-enlarge').click();
  const large = page.getByTestId('tables-large');
  await expect(large.getByRole('heading')).toHaveText('node01 的各张表');
  const line = page.getByTestId('large-view-nft').locator('.is-used').filter({ hasText: 'meta l4proto tcp dnat to 10.244.2.2:80' });
  await expect(line).toHaveCount(1);
  expect(await line.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(16);
  await page.keyboard.press('Escape');
  await expect(large).not.toBeVisible();
  await expect(page.getByTestId('tables-enlarge')).toBeFocused();
});

test('userspace mode: the node\'s box says it is kube-proxy\'s userspace proxy, removed in v1.26', async ({ page }) => {
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('userspace')) {
      localStorage.setItem('podpath.yaml', text);
      sessionStorage.setItem('userspace', '1');
    }
  }, yaml.replace('mode: nftables', 'mode: userspace'));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  const box = page.locator('[data-element="node/node01/netfilter"]');
  await expect(box.locator('.dn-kicker')).toHaveText('kube-proxy, userspace proxy (removed in v1.26)');
  await expect(box.getByTestId('nft-counts')).toHaveCount(0);
  await expect(page.locator('[data-element="svc/default/my-nginx-deploment"] .dn-note')).toHaveText('virtual: redirected to kube-proxy on every node');
});
