/**
 * A cluster of 20 nodes, 200 Services and 2,000 pods (bench/clusters.ts), as a user who pastes
 * one sees it: drawn condensed (the pods the request touches and a few more per node, a box
 * saying how many are not drawn), the nodes' rule counts filled in once the worker has sent
 * the tables it makes after the picture, and a command typed in the terminal meanwhile run on
 * the tables, not on nothing.
 */
import { generatedSize } from '../bench/clusters';
import { expect, openTerminal, terminalScreen, test, typeInTerminal } from './fixtures';

test('a 2,000-pod cluster: condensed picture, its tables after it, the terminal waits for them', async ({ page }) => {
  test.setTimeout(180_000);
  const size = generatedSize({ label: '2k', nodes: 20, deployments: 200, replicas: 10 });
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('podpath.yaml', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, size.text);
  await page.goto('./');
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 90_000 });
  // The whole picture in view (boxes out of view are not in the page).
  await page.locator('.react-flow__controls-fitview').click();
  const more = page.getByTestId('canvas-more');
  await expect(more.first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('large.png') });
  // Each node's box says how many of its pods are not drawn; the Services band, how many Services.
  const counts = await more.allTextContents();
  expect(counts.length).toBeGreaterThan(2);
  for (const text of counts) expect(text).toMatch(/^\+\d+ more (pods on this node|Services), not drawn$/);
  // 202 Services (kubernetes and kube-dns among them): six drawn, as the request touches none.
  expect(counts).toContain('+196 more Services, not drawn');
  // A worker holds about 105 pods: four and the request's are drawn.
  const pods = counts.map((t) => Number(/^\+(\d+) more pods/.exec(t)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
  expect(Math.min(...pods)).toBeGreaterThan(90);
  // Fewer than 400 boxes in the page even with the whole picture in view.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(400);
  // Right after the picture, before the tables are all in: the line waits for them.
  await openTerminal(page);
  await page.getByTestId('terminal-place').selectOption('node/worker-001');
  await typeInTerminal(page, 'iptables-save -t nat | grep -c KUBE-SVC');
  // The rule counts come with the tables, after the picture (the whole picture in view again: the terminal's opening re-framed it).
  await page.locator('.react-flow__controls-fitview').click();
  await expect(page.locator('.dn-netfilter').first()).toContainText(/\d+ nat rules/, { timeout: 90_000 });
  // The node's tables, whole: a KUBE-SVC rule or chain for each of the 200 Services' ports.
  await expect.poll(async () => Number(/grep -c KUBE-SVC\n(\d+)\n/.exec(await terminalScreen(page))?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(200);
});
