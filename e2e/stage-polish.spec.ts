/**
 * The rest of the classroom stage (issue 13), in the built app: the hop list keeps the current
 * hop in view (a restored link at hop 10, the last hop, a 1024×768 window); dialogs give focus
 * back to the control that opened them; lesson cards name their articles; pod names are whole
 * on the canvas; the outside host's terminal shows the way to root (sudo) after iptables'
 * refusal; a lesson says when the cluster was changed since its step and offers Reset step.
 * SHOTS=/some/dir writes screenshots at 1024×768 and 1280×720 in both languages.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

const shots = process.env.SHOTS;
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
] as const;

async function setLang(page: Page, lang: 'en' | 'zh-CN') {
  await page.getByTestId('lang').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** The terminal's text, trailing blanks dropped. */
const screen = async (page: Page) => (await page.evaluate(() => window.__podpathTerminal?.text() ?? '')).split('\n').map((l) => l.trimEnd()).join('\n');

async function typeLine(page: Page, line: string) {
  const toggle = page.getByTestId('terminal-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(page.locator('[data-testid="terminal"] .xterm')).toBeVisible();
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Where the current hop row is, against the part of the list not under its sticky heads. */
function currentRow(page: Page) {
  return page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('.panel.hops')!;
    const row = list.querySelector<HTMLElement>('.hop.is-current')!;
    const head = list.querySelector('.hop-head')!.getBoundingClientRect();
    const b = list.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return { index: Number(row.dataset.index), top: r.top, bottom: r.bottom, viewTop: Math.max(b.top, head.bottom), viewBottom: b.bottom, scrollTop: list.scrollTop, docScroll: document.scrollingElement!.scrollTop };
  });
}

async function expectCurrentInView(page: Page, index: number) {
  await expect.poll(async () => {
    const r = await currentRow(page);
    // Whole where it fits; a row taller than the little list (1024×768: a long chain name on
    // four lines) starts at the top of it.
    const fits = r.bottom - r.top <= r.viewBottom - r.viewTop - 12;
    const shown = r.top >= r.viewTop - 0.5 && (fits ? r.bottom <= r.viewBottom + 0.5 : r.top <= r.viewTop + 8);
    return r.index === index && shown && r.docScroll === 0;
  }, { message: `hop ${index + 1} in view` }).toBe(true);
}

test('the hop list keeps the current hop in view: End, stepping back, and a link restored at hop 10 (1024×768)', async ({ page, browser, baseURL }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page);
  const total = Number((await page.getByTestId('player-position').textContent())!.match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThan(12);
  await page.locator('body').press('End');
  await expectCurrentInView(page, total - 1);
  expect((await currentRow(page)).scrollTop).toBeGreaterThan(0);
  for (let i = 0; i < 3; i++) await page.locator('body').press('ArrowLeft');
  await expectCurrentInView(page, total - 4);
  await page.locator('body').press('Home');
  await expectCurrentInView(page, 0);

  // Hop 10, shared: the link opens there, and hop 10 (not 8–9) is the row in sight.
  for (let i = 0; i < 9; i++) await page.locator('body').press('ArrowRight');
  await expect(page.getByTestId('player-position')).toContainText(`Hop 10 of ${total}`);
  await page.locator('[data-command="share"]').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#s=1\./);
  const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 }, reducedMotion: 'reduce' });
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('player-position')).toContainText(`Hop 10 of ${total}`);
  await expectCurrentInView(other, 9);
  expect((await currentRow(other)).scrollTop).toBeGreaterThan(0);
  if (shots) await other.screenshot({ path: `${shots}/hops-restored-1024.png` });
  await context.close();
});

test('dialogs give focus back to the control that opened them: Escape and the Close button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const share = page.locator('.app-header [data-command="share"]');
  const lessons = page.locator('.app-header [data-command="lessonPicker"]');
  const history = page.locator('.app-header [data-command="history"]');

  await share.click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(share).toBeFocused();
  await share.click();
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('share-dialog')).toBeHidden();
  await expect(share).toBeFocused();

  await lessons.click();
  await expect(page.getByTestId('lesson-picker')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('lesson-picker')).toBeHidden();
  await expect(lessons).toBeFocused();
  await lessons.click();
  await page.getByTestId('lesson-picker').getByRole('button', { name: 'Close' }).click();
  await expect(lessons).toBeFocused();
  // A lesson chosen closes the picker too: focus is back on Lessons, not on the page.
  await lessons.click();
  await page.getByTestId('lesson-picker').locator('[data-lesson="clusterip"]').click();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', 'clusterip');
  await expect(lessons).toBeFocused();

  // Opened by its key, with nothing focused: the header button for the same command takes it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('l');
  await expect(page.getByTestId('lesson-picker')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(lessons).toBeFocused();

  if (await history.isVisible()) {
    await history.click();
    await expect(page.getByTestId('history-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(history).toBeFocused();
  }
});

test('lesson cards name the articles they replay, in English and Chinese', async ({ page }) => {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openApp(page);
    await page.keyboard.press('l');
    const picker = page.getByTestId('lesson-picker');
    await expect(picker.locator('[data-lesson="clusterip"] .lesson-card-meta')).toHaveText(/^From “How to reach a pod” · 5 steps/);
    await expect(picker.locator('[data-lesson="nodeport"] .lesson-card-meta')).toContainText('From “Pod networking in k8s (3)” and “K8s basics 19: the Service, a layer-4 proxy”');
    await expect(picker).not.toContainText(/articles \d{3}/);
    if (shots) await page.screenshot({ path: `${shots}/lessons-en-${size.width}.png` });
    await page.keyboard.press('Escape');
    await setLang(page, 'zh-CN');
    await page.keyboard.press('l');
    await expect(picker.locator('[data-lesson="clusterip"] .lesson-card-meta')).toHaveText(/^出自《第6篇如何访问pod》 · 5 个步骤/);
    await expect(picker.locator('[data-lesson="hostport"] .lesson-card-meta')).toContainText('出自《K8s进阶之外部访问Pod的几种方式》');
    if (shots) await page.screenshot({ path: `${shots}/lessons-zh-${size.width}.png` });
    await page.keyboard.press('Escape');
    await setLang(page, 'en');
  }
});

test('pod names are whole on the canvas: at most two lines, inside the pod box with its kicker and address', async ({ page }) => {
  for (const size of SIZES) {
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.setViewportSize(size);
      await openApp(page);
      await setLang(page, lang);
      const pods = page.locator('.react-flow__node .dn-pod');
      await expect(pods.first()).toBeVisible();
      const boxes = await pods.evaluateAll((els) =>
        els.map((el) => {
          const name = el.querySelector<HTMLElement>('.dn-pod-name')!;
          const box = el.getBoundingClientRect();
          const zoom = box.height / (el as HTMLElement).offsetHeight;
          const lines = Math.round(name.getBoundingClientRect().height / zoom / parseFloat(getComputedStyle(name).lineHeight));
          const inside = [...el.querySelectorAll('.dn-kicker, .dn-pod-name, .dn-pod-addr')].every((c) => {
            const r = c.getBoundingClientRect();
            return r.bottom <= box.bottom + 0.5 && r.right <= box.right + 0.5;
          });
          return { text: name.textContent, title: el.getAttribute('title'), whole: name.scrollHeight <= name.clientHeight + 1 && name.scrollWidth <= name.clientWidth + 1, lines, inside, ellipsis: getComputedStyle(name).textOverflow };
        }),
      );
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) {
        expect(b, b.text!).toMatchObject({ whole: true, inside: true, title: b.text });
        expect(b.lines, b.text!).toBeLessThanOrEqual(2);
        expect(b.ellipsis).not.toBe('ellipsis');
      }
      // The default lesson's pods: a Deployment's names, which did not fit on one line.
      expect(boxes.map((b) => b.text)).toContain('my-nginx-deploment-55f596c87c-bzw22');
      expect(boxes.find((b) => b.text === 'my-nginx-deploment-55f596c87c-bzw22')!.lines).toBe(2);
      if (shots) {
        await page.locator('.react-flow__node-pod').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/pods-${lang}-${size.width}.png` });
      }
    }
  }
});

test('the terminal shows the way to root: Permission denied, then the hint; sudo and sudo -i work', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await typeLine(page, 'iptables-save');
  await expect.poll(() => screen(page)).toContain(`user@client:~$ iptables-save
iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)

# podpath: iptables needs root. Run it with sudo: sudo iptables-save (or sudo -i for a root shell; exit leaves it).`);
  await typeLine(page, 'sudo -i');
  await expect.poll(() => screen(page)).toMatch(/user@client:~\$ sudo -i\nroot@client:~#$/);
  await typeLine(page, 'iptables -L INPUT');
  await expect.poll(() => screen(page)).toContain(`root@client:~# iptables -L INPUT
Chain INPUT (policy ACCEPT)
target     prot opt source               destination
# podpath: client is not a node of the cluster: kube-proxy writes no rules here.`);
  await typeLine(page, 'exit');
  await expect.poll(() => screen(page)).toMatch(/root@client:~# exit\nlogout\nuser@client:~\$$/);
  if (shots) await page.screenshot({ path: `${shots}/terminal-en-1280.png` });

  await setLang(page, 'zh-CN');
  await page.setViewportSize({ width: 1024, height: 768 });
  await typeLine(page, 'iptables -t nat -S');
  await expect.poll(() => screen(page)).toContain(`iptables v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)

# podpath: iptables 需要 root 权限。用 sudo 运行：sudo iptables -t nat -S`);
  if (shots) await page.screenshot({ path: `${shots}/terminal-zh-1024.png` });
});

test('a lesson says when the cluster was changed since its step, and Reset step puts the step back', async ({ page }) => {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await openApp(page);
    const panel = page.getByTestId('lesson-panel');
    const note = page.getByTestId('lesson-changed');
    await page.locator('body').press('PageDown');
    await expect(panel).toHaveAttribute('data-step', '2');
    await expect(note).toHaveCount(0);
    await typeLine(page, 'kubectl scale deployment my-nginx-deploment --replicas=4');
    await expect(note).toHaveText('The cluster was changed since this step: its text and question describe the cluster the step loaded, not the one on screen.Reset step');
    await expect(note).toHaveAttribute('data-change', 'yaml');
    await typeLine(page, 'curl 10.108.229.67:8001');
    await expect(note).toHaveAttribute('data-change', 'both');
    if (shots) await page.screenshot({ path: `${shots}/changed-en-${size.width}.png` });
    await setLang(page, 'zh-CN');
    await expect(note).toContainText('这一步之后集群和请求都已被修改');
    await expect(note.getByRole('button')).toHaveText('重置本步骤');
    if (shots) await page.screenshot({ path: `${shots}/changed-zh-${size.width}.png` });
    await note.getByRole('button').click();
    await expect(note).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-step', '2');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('podpath.yaml') ?? '')).toContain('replicas: 2');
    await setLang(page, 'en');
    await page.evaluate(() => localStorage.clear());
  }
});
