/**
 * The player, the inspector, provenance both ways, the requests side by side and the command
 * registry, driven as a person would, with the keyboard and the mouse, on the built app.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { nodePortWithServices } from '../src/inspector/testdata';
import { editorLines, hop, hopRow, position } from './player';

test('stepping forward and back lands on the right hop and the right element', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(position(page)).toContainText('Hop 2 of 48 · paused');
  await expect(hopRow(page, 2).getByRole('button')).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('[data-element="external/client"]')).toHaveClass(/is-current/);
  // Two more: across the LAN, then node01's eth0.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText('Hop 4 of 48');
  await expect(page.locator('[data-element="node/node01/eth0"]')).toHaveClass(/is-current/);
  await expect(page.locator('[data-element="external/client"]')).toHaveClass(/is-visited/);
  await expect(page.getByTestId('narration')).toContainText('Hop 4 of 48, node01: arrives on eth0');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-element="lan"]')).toHaveClass(/is-current/);
  await expect(page.locator('[data-element="node/node01/eth0"]')).not.toHaveClass(/is-current|is-visited/);
  // The veth of the pod that served, then End and Home.
  await hop(page, 'veth pair into the pod').click();
  await expect(page.locator('.react-flow__edge-path.edge-veth.is-current')).toHaveCount(1);
  await expect(page.locator('.veth-label.is-current')).toHaveText('vethbef74e81');
  await page.keyboard.press('End');
  await expect(position(page)).toContainText('Hop 48 of 48 · finished');
  await expect(hopRow(page, 48)).toHaveClass(/is-reply/);
  await expect(hopRow(page, 48)).toBeInViewport(); // the event list turned its page
  await expect(hopRow(page, 1)).not.toBeInViewport();
  await page.keyboard.press('Home');
  await expect(position(page)).toContainText('Hop 1 of 48 · ready');
  await expect(hopRow(page, 1)).toBeInViewport();
});

test('the inspector shows the DNAT: the changed destination, the walk, the rules and the object behind them', async ({ page }) => {
  await openApp(page);
  await hop(page, 'DNAT to 10.244.2.2:80').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.locator('tr.is-changed[data-field="dst"] mark')).toHaveText('10.244.2.2');
  await expect(inspector.locator('tr.is-changed[data-field="dport"] mark')).toHaveText('80');
  await expect(inspector.locator('tr[data-field="dst"] td').first()).toHaveText('192.168.255.102');
  await expect(inspector.locator('tbody th[scope="rowgroup"]')).toHaveText(['L2 Ethernet', 'L3 IP', 'L4 TCP/UDP', 'L7 application']);
  const walk = page.getByTestId('nf-walk');
  await expect(walk.locator('.nf-chain')).toHaveText(['nat PREROUTING', 'nat KUBE-SERVICES', 'nat KUBE-NODEPORTS', 'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-MARK-MASQ', 'nat KUBE-EXT-O34RRTA663ZXJZ3Q', 'nat KUBE-SVC-O34RRTA663ZXJZ3Q', 'nat KUBE-SEP-KDCPXYTLRMIIBTDL']);
  await expect(walk.locator('li.is-current .nf-chain')).toHaveText('nat KUBE-SEP-KDCPXYTLRMIIBTDL');
  // A step of the walk seeks to its hop: KUBE-NODEPORTS, with its rule's match on 31101.
  await walk.locator('.nf-step', { has: page.locator('.nf-chain', { hasText: /^nat KUBE-NODEPORTS$/ }) }).click();
  await expect(position(page)).toContainText('Hop 7 of 48');
  await expect(page.getByTestId('rules').locator('li.is-matched .why .held')).toContainText(['destination port is 31101']);
  // The rule was written for the Service: its line (nodePort) lights up in the editor.
  await page.getByTestId('rules').getByRole('button', { name: 'written for Service/default/my-nginx-deploment (line 34)' }).click();
  await expect.poll(() => editorLines(page, 'podpath-focus-bar')).toEqual([34]);
});

test('a long chain folds the rules that did not match; opened, they keep their places in the chain', async ({ page }) => {
  await page.addInitScript((yaml) => localStorage.setItem('podpath.yaml', yaml), nodePortWithServices(6));
  await openApp(page);
  await hop(page, 'nat KUBE-SERVICES → KUBE-NODEPORTS').click();
  const rules = page.getByTestId('rules');
  // kube-dns's three ports, kubernetes, my-nginx-deploment and other-0…5: eleven ClusterIP rules tested, then the node-port rule.
  await expect(rules.getByTestId('rules-fold').locator('summary')).toHaveText('Rules 1–11 did not match (11 rules)');
  await expect(rules.locator(':scope > li.is-matched')).toHaveAttribute('value', '12');
  await expect(rules.locator(':scope > li.is-matched .rule-text')).toContainText('-j KUBE-NODEPORTS');
  await expect(rules.locator('li.is-unmatched')).toHaveCount(0); // made only when opened
  await rules.getByTestId('rules-fold').locator('summary').click();
  const folded = rules.getByTestId('rules-fold').locator('li.is-unmatched');
  await expect(folded).toHaveCount(11);
  await expect(folded.first()).toHaveAttribute('value', '1');
  await expect(folded.last()).toHaveAttribute('value', '11');
  await expect(folded.locator('.rule-text').filter({ hasText: '"default/other-5 cluster IP"' })).toHaveCount(1);
  await expect(folded.locator('.rule-text').filter({ hasText: '"kube-system/kube-dns:dns-tcp cluster IP"' })).toHaveCount(1);
  // The next hop starts with the fold closed again.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await expect(rules.getByTestId('rules-fold').locator('li.is-unmatched')).toHaveCount(0);
});

test('a hop lights its YAML lines; the cursor in an object lights its pods, rules and hops', async ({ page }) => {
  await openApp(page);
  await hop(page, 'nat KUBE-NODEPORTS → KUBE-EXT').click();
  await expect.poll(() => editorLines(page, 'podpath-highlight-bar')).toEqual([34]);
  await hop(page, 'accepted on :80').click();
  await expect.poll(() => editorLines(page, 'podpath-highlight-bar')).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  // The cursor in the Service: its box, its endpoint pods and every node's netfilter are linked.
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'clusterIP: 10.108.229.67' }).click();
  await expect(page.locator('[data-element="svc/default/my-nginx-deploment"]')).toHaveClass(/is-linked/);
  await expect(page.locator('.dn-pod.is-linked')).toHaveCount(2);
  await expect(page.locator('.dn-netfilter.is-linked')).toHaveCount(3);
  await expect(page.locator('.hop.is-linked .hop-title')).toHaveText([/KUBE-NODEPORTS/, /KUBE-EXT/, /KUBE-EXT/, /KUBE-SVC/, /KUBE-SEP/]);
  // The Deployment instead: its two pods, no Service box.
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'image: nginx:1.26' }).click();
  await expect(page.locator('.dn-pod.is-linked')).toHaveCount(2);
  await expect(page.locator('[data-element="svc/default/my-nginx-deploment"]')).not.toHaveClass(/is-linked/);
});

test('the node tables: iptables-save, ip route and ip addr with what the trace used', async ({ page }) => {
  await openApp(page);
  await hop(page, 'DNAT to 10.244.2.2:80').click();
  await page.getByText('Tables of node01').click();
  const used = page.getByTestId('view-iptables').locator('.is-used');
  await expect(used).toContainText(['-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80']);
  await page.getByRole('tab', { name: 'ip route' }).click();
  await expect(page.getByTestId('view-route').locator('.is-used')).toHaveText(['10.244.2.0/24 via 192.168.255.103 dev eth0 ', '192.168.255.0/24 dev eth0 proto kernel scope link src 192.168.255.102 ']);
  await page.getByRole('tab', { name: 'ip addr' }).click();
  await expect(page.getByTestId('view-addr').locator('.is-used').first()).toContainText(': eth0: <BROADCAST,MULTICAST,UP,LOWER_UP>');
  // Another node from the picker: node02's cbr0 and the pod's veth were crossed.
  await page.getByTestId('node-pick').selectOption('node02');
  await expect(page.getByTestId('view-addr').locator('.is-used')).toContainText([/: cbr0:/, /: vethbef74e81@if2:/]);
});

test('what-ifs from the canvas and from the command list edit the YAML, and undo brings it back', async ({ page }) => {
  await openApp(page);
  // The stage frames the first hop (the outside host): the whole cluster first, to reach the pods.
  await page.getByRole('button', { name: 'Show the whole cluster' }).click();
  const pods = page.locator('.dn-pod[data-element^="pod/default/my-nginx"]');
  await pods.first().click();
  const actions = page.getByTestId('element-actions');
  await actions.getByRole('button', { name: 'Scale Deployment my-nginx-deploment from 2 to 3' }).click();
  await expect(pods).toHaveCount(3);
  await expect(page.getByTestId('yaml-editor')).toContainText('replicas: 3');
  // The edit is the editor's own: Ctrl+Z takes it back.
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'kind: Service' }).click();
  await page.keyboard.press('Control+z');
  await expect(pods).toHaveCount(2);
  await expect(page.getByTestId('yaml-editor')).toContainText('replicas: 2');

  // The Service box: externalTrafficPolicy Local keeps the client's address.
  await page.locator('[data-element="svc/default/my-nginx-deploment"]').click();
  await actions.getByRole('button', { name: 'Set externalTrafficPolicy of my-nginx-deploment to Local' }).click();
  await expect(page.getByTestId('outcome')).toContainText('the pod saw the request come from 192.168.255.1.');
  await expect(page.getByTestId('yaml-editor')).toContainText('externalTrafficPolicy: Local');

  // The command list, from the keyboard: kube-proxy to IPVS.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type('ipvs');
  await expect(palette.getByRole('option')).toHaveText([/Switch kube-proxy to ipvs mode/]);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('hop-list')).toContainText('IPVS TCP 192.168.255.102:31101 (rr) → 10.244.1.2:80');
  await expect(page.locator('[data-element="node/node01/netfilter"]')).toContainText('kube-proxy, IPVS mode');
  // The IPVS table of node01, the virtual server and the real server taken.
  await hop(page, 'IPVS TCP').click();
  await page.getByText('Tables of node01').click();
  await page.getByRole('tab', { name: 'ipvsadm -Ln' }).click();
  await expect(page.getByTestId('view-ipvsadm').locator('.is-used')).toHaveText(['TCP  192.168.255.102:31101 rr', /^ {2}-> 10\.244\.1\.2:80 +Masq/]);

  // Not ready, from the list: no endpoint is left.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('readiness');
  await page.keyboard.press('Enter');
  await expect(page.locator('.dn-notready')).toHaveCount(2);
  await expect(page.getByTestId('outcome')).not.toHaveAttribute('data-outcome', 'served');
});

test('deleting a pod from the canvas: the replacement has a new name and address, and the next trace follows', async ({ page }) => {
  await openApp(page);
  await expect(hop(page, 'DNAT to 10.244.2.2:80')).toBeVisible();
  await page.locator('[data-element="pod/default/my-nginx-deploment-55f596c87c-lpgt8"]').click();
  await page.getByTestId('element-actions').getByRole('button', { name: 'Delete pod my-nginx-deploment-55f596c87c-lpgt8 (its controller makes a new one)' }).click();
  // The text records it, as kubectl delete in the terminal does; the ReplicaSet makes a new pod.
  await expect(page.getByTestId('yaml-editor')).toContainText('podpath.dev/deleted-pods: my-nginx-deploment-55f596c87c-lpgt8');
  await expect(page.locator('[data-element="pod/default/my-nginx-deploment-55f596c87c-lpgt8"]')).toHaveCount(0);
  const replacement = page.locator('[data-element="pod/default/my-nginx-deploment-55f596c87c-gsb2t"]');
  await expect(replacement).toContainText('10.244.2.3');
  // The Service stays; its endpoints follow: the trace reaches the new address.
  await expect(page.getByTestId('hop-list')).not.toContainText('10.244.2.2:80');
  await page.getByTestId('request-pick').selectOption({ label: 'pin #2: my-nginx-deploment-55f596c87c-gsb2t' });
  await expect(hop(page, 'DNAT to 10.244.2.3:80')).toBeVisible();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
});

test('requests side by side: each its own color and number, kept and replayed', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Keep this request and add another' }).click();
  await page.getByTestId('request-target').selectOption('http://192.168.255.101:31101/');
  const tabs = page.getByTestId('request-tabs').locator('.request-tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(tabs.nth(1)).toContainText('outside → 192.168.255.101:31101');
  // Different colors, and the other request waits as a numbered marker where it ended.
  const colors = await tabs.evaluateAll((els) => els.map((e) => getComputedStyle(e.querySelector('.req-dot')!).backgroundColor));
  expect(new Set(colors).size).toBe(2);
  await expect(page.getByTestId('request-marker-1')).toBeVisible();
  // A typed curl line with a Host header connects to the address and names the host.
  await page.getByTestId('request-to').fill("curl -sv -H 'Host: web.example' http://192.168.255.103:31101/");
  await page.getByTestId('request-to').press('Enter');
  await expect(page.getByTestId('request-to')).toHaveValue('curl --connect-to web.example:31101:192.168.255.103:31101 http://web.example:31101/');
  await expect(page.getByTestId('hop-list')).toContainText('curl sends SYN to web.example');
  // Number keys replay each one.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('1');
  await expect(tabs.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('request-to')).toHaveValue('http://192.168.255.102:31101/');
  await page.keyboard.press('Space');
  await expect(position(page)).toContainText('playing');
  await page.keyboard.press('2');
  await expect(page.getByTestId('request-to')).toHaveValue(/web\.example/);
  await expect(position(page)).toContainText('Hop 1 of');
  // A bad curl line says what curl says, and keeps the request.
  await page.getByTestId('request-to').fill('curl --frobnicate http://x/');
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.locator('#request-error[role="alert"]')).toHaveText('curl: option --frobnicate: is unknown');
  await expect(page.getByTestId('request-to')).toHaveAttribute('aria-invalid', 'true');
});

test('the scrubber and the speed', async ({ page }) => {
  await openApp(page);
  const scrubber = page.getByRole('slider', { name: 'Hop' });
  await scrubber.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText('Hop 3 of 48');
  await expect(scrubber).toHaveAttribute('aria-valuetext', 'Hop 3 of 48');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('+');
  await expect(page.getByLabel('Speed')).toHaveValue('2');
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  await expect(page.getByLabel('Speed')).toHaveValue('0.5');
});

test('presenter mode works from the keyboard alone, and follows the packet', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page);
  await page.getByRole('button', { name: 'Keep this request and add another' }).click();
  await page.getByTestId('request-target').selectOption('http://192.168.255.103:31101/');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expect(page.getByTestId('yaml-editor')).toBeHidden();
  await expect(page.getByTestId('inspector')).toBeHidden();
  const caption = page.locator('.narration-caption');
  await expect(caption).toHaveCSS('font-size', '26px');
  await page.keyboard.press('1');
  await expect(page.getByTestId('presenter').locator('li.is-active')).toContainText('192.168.255.102:31101');
  // The request's trace comes from the engine's worker: step once it is on screen (steps taken
  // on the previous request's trace are dropped when the new path loads).
  await expect(caption).toContainText('to 192.168.255.102:31101.');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(caption).toContainText('Hop 4 of 48, node01: arrives on eth0');
  // Following: the current element is near the centre, larger than the whole-cluster view.
  await expect.poll(() => centredScale(page, 'node/node01/eth0')).toEqual({ centred: true, zoomed: true });
  await page.keyboard.press('ArrowLeft');
  await expect(caption).toContainText('Hop 3 of 48');
  await page.keyboard.press('End');
  await expect(caption).toContainText('Hop 48 of 48');
  await expect(caption).toContainText('Served by my-nginx-deploment-55f596c87c-lpgt8');
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('presenter-position')).toContainText('playing');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('presenter-position')).toContainText('paused');
  await page.keyboard.press('2');
  await expect(page.getByTestId('presenter').locator('li.is-active')).toContainText('192.168.255.103:31101');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presenter')).toBeHidden();
  await expect(page.getByTestId('yaml-editor')).toBeVisible();
});

test('reduced motion: the packet jumps to each hop instead of gliding', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openApp(page);
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  // Two frames later it is already on node01's eth0 box (on its top edge, beside its text: issue 13).
  // Both measured in that one frame: the stage may reframe the hop's node a moment later, moving both.
  const [p, b] = await page.evaluate(() => new Promise<DOMRect[]>((r) => requestAnimationFrame(() => requestAnimationFrame(() => {
    r(['[data-testid="packet"] .packet-body', '[data-element="node/node01/eth0"]'].map((q) => document.querySelector(q)!.getBoundingClientRect().toJSON() as DOMRect));
  }))));
  expect(p.x + p.width / 2).toBeGreaterThan(b.x);
  expect(p.x + p.width / 2).toBeLessThan(b.x + b.width);
  expect(Math.abs(p.y + p.height / 2 - b.y)).toBeLessThan(4);
});

/** Whether an element sits at the centre of the canvas, drawn larger than in the whole-cluster view. */
async function centredScale(page: Page, id: string) {
  const canvas = (await page.getByTestId('canvas').boundingBox())!;
  const el = (await page.locator(`[data-element="${id}"]`).boundingBox())!;
  const scale = await page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrix(getComputedStyle(v).transform).a);
  const dx = Math.abs(el.x + el.width / 2 - (canvas.x + canvas.width / 2));
  const dy = Math.abs(el.y + el.height / 2 - (canvas.y + canvas.height / 2));
  return { centred: dx < 20 && dy < 20, zoomed: scale >= 1.45 };
}
