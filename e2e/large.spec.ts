/**
 * A cluster of 20 nodes, 200 Services and 2,000 pods (bench/clusters.ts), as a user who pastes
 * one sees it: drawn condensed (the pods the request touches and a few more per node, a box
 * saying how many are not drawn), the nodes' rule counts filled in once the worker has sent
 * the tables of the node the request crosses once the worker has sent them, and a command
 * typed in the terminal run in the worker on a node whose tables never came to the page.
 */
import { generatedSize } from '../bench/clusters';
import { buildCluster } from '../src/engine';
import { expect, openTerminal, terminalScreen, test, typeInTerminal } from './fixtures';

test('a 2,000-pod cluster: condensed picture, its tables after it, iptables-save in the terminal', async ({ page }) => {
  test.setTimeout(180_000);
  const size = generatedSize({ label: '2k', nodes: 20, deployments: 200, replicas: 10 });
  // A request the cluster serves: a NodePort Service at worker-001's address.
  const cluster = buildCluster(size.text);
  const svc = cluster.services.find((s) => s.type === 'NodePort')!;
  const request = { from: 'external', to: `http://${cluster.nodes.find((n) => n.name === 'worker-001')!.ip}:${svc.ports[0].nodePort}/` };
  await page.addInitScript(([text, req]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('podpath.yaml', text);
      localStorage.setItem('podpath.request', req);
      sessionStorage.setItem('seeded', '1');
    }
  }, [size.text, JSON.stringify(request)]);
  await page.goto('./');
  // Too large for the plain editor of the first frame (a text area lays it all out at once): Monaco's place waits.
  await expect(page.locator('.editor-loading')).toContainText('Loading editor…');
  await expect(page.getByTestId('plain-editor')).toHaveCount(0);
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 90_000 });
  // The trace is in and the stage has framed its first hop: from now on the view stays where it is put.
  await expect(page.getByTestId('player-position')).toContainText(/of \d+/, { timeout: 90_000 });
  await page.waitForTimeout(1500);
  // The whole picture in view (boxes out of view are not in the page).
  await page.locator('.react-flow__controls-fitview').click();
  const more = page.getByTestId('canvas-more');
  await expect(more.first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('large.png') });
  // Each node's box says how many of its pods are not drawn; the Services band, how many Services.
  const counts = await more.allTextContents();
  expect(counts.length).toBeGreaterThan(2);
  for (const text of counts) expect(text).toMatch(/^\+\d+ more (pods on this node|Services), not drawn$/);
  // 202 Services (kubernetes and kube-dns among them): those the request touches and six more drawn.
  const services = counts.map((t) => /^\+(\d+) more Services, not drawn$/.exec(t)?.[1]).filter(Boolean);
  expect(services.length).toBe(1);
  expect(Number(services[0])).toBeGreaterThanOrEqual(194);
  expect(Number(services[0])).toBeLessThanOrEqual(196);
  // A worker holds about 105 pods: four and the request's are drawn.
  const pods = counts.map((t) => Number(/^\+(\d+) more pods/.exec(t)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
  expect(Math.min(...pods)).toBeGreaterThan(90);
  // Fewer than 400 boxes in the page even with the whole picture in view.
  expect(await page.locator('.react-flow__node').count()).toBeLessThan(400);
  // On worker-003, whose tables the page never got: the terminal runs in the engine's worker.
  await openTerminal(page);
  await page.getByTestId('terminal-place').selectOption('node/worker-003');
  await typeInTerminal(page, 'iptables-save -t nat | grep -c KUBE-SVC');
  // The rule count of the node the request crosses comes with its tables, after the picture
  // (another node's is counted when it is opened: its tables stay in the worker until asked for).
  await page.getByTestId('hop-list').locator('.hop-button', { hasText: /DNAT/ }).first().click();
  await expect(page.locator('[data-element="node/worker-001/netfilter"]')).toContainText(/\d+ nat rules/, { timeout: 90_000 });
  // The node's tables, whole: a KUBE-SVC rule or chain for each of the 200 Services' ports.
  await expect.poll(async () => Number(/grep -c KUBE-SVC\n(\d+)\n/.exec(await terminalScreen(page))?.[1] ?? 0), { timeout: 60_000 }).toBeGreaterThan(200);
});
