/**
 * Every lesson, played in the real app: picked in the lesson picker, walked step by step with
 * the panel's controls, and each step's expectation checked on the page: the outcome banner,
 * the serving pod, the hop list, the pods on the canvas, the DNS answer, the challenge.
 */
import type { Page } from '@playwright/test';
import { translate } from '../src/i18n';
import { lessons } from '../src/lessons';
import { playLesson, recordText, servedName } from '../src/lessons/play';
import { expect, openApp, test } from './fixtures';

const en = (m: { key: string; params?: Record<string, string | number> }) => translate('en', m.key, m.params);

async function pick(page: Page, id: string) {
  await page.getByRole('button', { name: 'Lessons' }).click();
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toBeVisible();
  await picker.locator(`[data-lesson="${id}"]`).click();
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', id);
}

for (const lesson of lessons) {
  test(`lesson ${lesson.id} plays to its end in the app`, async ({ page }) => {
    const played = playLesson(lesson);
    await openApp(page);
    await pick(page, lesson.id);
    const panel = page.getByTestId('lesson-panel');
    await expect(page.getByTestId('lesson-title')).toHaveText(lesson.title.en);
    for (const [i, p] of played.entries()) {
      const expectation = p.step.expect!;
      await expect(page.getByTestId('lesson-step')).toHaveText(`Step ${i + 1} of ${played.length}`);
      await expect(page.getByTestId('lesson-text')).toHaveText(p.step.text.en);
      // The trace on the page is the one the engine computes for the step.
      const outcome = page.getByTestId('outcome');
      await expect(outcome).toHaveAttribute('data-outcome', expectation.outcome!);
      await expect(outcome).toContainText(en(p.trace.outcomeMessage));
      if (expectation.servedBy) {
        await expect(outcome).toContainText(expectation.servedBy);
        await expect(outcome).toContainText(servedName(p.trace)!);
      }
      // Each expected hop, in the hop list, as the engine titles it.
      const hopList = page.getByTestId('hop-list');
      let from = 0;
      for (const key of expectation.hops ?? []) {
        const at = p.trace.hops.findIndex((h, n) => n >= from && h.title.key === key);
        from = at + 1;
        await expect(hopList.locator('li').nth(at)).toContainText(en(p.trace.hops[at].title));
      }
      await expect(hopList.locator('li')).toHaveCount(p.trace.hops.length);
      // The pods the step names are on the canvas.
      for (const pod of expectation.pods ?? []) {
        if (pod.name.endsWith('-')) continue;
        const box = page.locator(`.dn-pod[data-element="pod/default/${pod.name}"]`);
        await expect(box).toBeVisible();
        if (pod.ip) await expect(box).toContainText(pod.ip);
      }
      for (const name of expectation.gone ?? []) await expect(page.locator(`[data-element="pod/default/${name}"]`)).toHaveCount(0);
      if (expectation.dns) {
        const dns = page.getByTestId('lesson-dns');
        await expect(dns).toHaveAttribute('data-rcode', expectation.dns.rcode);
        for (const record of p.dns!.answer) await expect(dns).toContainText(`${record.type}\t${record.data}`);
        expect(p.dns!.answer.map(recordText)).toEqual(expectation.dns.answer);
      }
      // A challenge: the question first, the answer on demand.
      if (p.step.challenge) {
        const challenge = page.getByTestId('lesson-challenge');
        await expect(challenge).toContainText(p.step.challenge.question.en);
        await expect(page.getByTestId('lesson-answer')).toHaveCount(0);
        await challenge.getByRole('button', { name: 'Show answer' }).click();
        await expect(page.getByTestId('lesson-answer')).toContainText(p.step.challenge.answer.en);
      } else {
        await expect(page.getByTestId('lesson-challenge')).toHaveCount(0);
      }
      const next = panel.getByRole('button', { name: 'Next step' });
      if (i < played.length - 1) await next.click();
      else await expect(next).toBeDisabled();
    }
    // And back: the first step again, with its own request.
    for (let i = played.length - 1; i > 0; i--) await panel.getByRole('button', { name: 'Previous step' }).click();
    await expect(page.getByTestId('lesson-step')).toHaveText(`Step 1 of ${played.length}`);
    await expect(page.getByTestId('request-to')).toHaveValue(played[0].request.to);
    await expect(page.getByTestId('outcome')).toContainText(en(played[0].trace.outcomeMessage));
  });
}

test('the picker lists every lesson with its articles and steps; Escape closes it', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('l');
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toBeVisible();
  await expect(picker.locator('.lesson-card')).toHaveCount(lessons.length);
  await expect(picker.locator('[data-lesson="nodeport"]')).toHaveAttribute('aria-current', 'true');
  await expect(picker.locator('[data-lesson="clusterip"]')).toContainText('From “How to reach a pod” · 5 steps');
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();
});

test('a presenter\'s clicker walks the steps (PageDown, PageUp), and A shows the answer', async ({ page }) => {
  await openApp(page);
  await pick(page, 'delete-pod');
  await page.locator('body').press('PageDown');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 2 of 3');
  await expect(page.locator('.dn-pod[data-element="pod/default/my-nginx-97d78f8-7q99b"]')).toContainText('10.244.1.4');
  await page.locator('body').press('a');
  await expect(page.getByTestId('lesson-answer')).toContainText('10.244.1.4, not 10.244.1.2');
  await page.locator('body').press('PageUp');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 1 of 3');
  await expect(page.locator('.dn-pod[data-element="pod/default/my-nginx-97d78f8-bwsqg"]')).toBeVisible();
});

test('loading a lesson keeps the user\'s edited YAML, and one click restores it', async ({ page }) => {
  await openApp(page);
  const editor = page.getByTestId('yaml-editor');
  await editor.locator('.view-line', { hasText: 'replicas: 2' }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('replicas: 3');
  await expect(page.locator('.dn-pod[data-element^="pod/default/my-nginx-deploment-"]')).toHaveCount(3);
  await pick(page, 'headless');
  await expect(editor).toContainText('name: headless-service');
  const draft = page.getByTestId('lesson-draft');
  await expect(draft).toContainText('Your edited YAML was kept');
  // It survives a reload.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', 'headless');
  await draft.getByRole('button', { name: 'Restore my YAML' }).click();
  await expect(draft).toHaveCount(0);
  await expect(editor).toContainText('replicas: 3');
  await expect(page.locator('.dn-pod[data-element^="pod/default/my-nginx-deploment-"]')).toHaveCount(3);
  // Stepping on from the restored text keeps it again, rather than losing it.
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('lesson-draft')).toBeVisible();
  await page.getByTestId('lesson-draft').getByRole('button', { name: 'Discard it' }).click();
  await expect(page.getByTestId('lesson-draft')).toHaveCount(0);
});

test('an unedited lesson step is replaced without keeping a draft; reset puts the step back', async ({ page }) => {
  await openApp(page);
  await pick(page, 'hostport');
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('lesson-draft')).toHaveCount(0);
  await page.getByTestId('request-to').fill('http://192.168.255.102:8080/');
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'refused');
  // The step's words describe its own request: the panel says the request changed, and offers the reset.
  await expect(page.getByTestId('lesson-changed')).toHaveAttribute('data-change', 'request');
  await page.getByTestId('lesson-changed').getByRole('button', { name: 'Reset step' }).click();
  await expect(page.getByTestId('lesson-changed')).toHaveCount(0);
  await expect(page.getByTestId('request-to')).toHaveValue('192.168.255.103:8080');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
});

test('challenge mode hides the outcome and the hops until the answer is shown', async ({ page }) => {
  await openApp(page);
  await pick(page, 'headless');
  await expect(page.locator('html')).toHaveAttribute('data-challenge', 'closed');
  await page.getByTestId('challenge-mode').check();
  await expect(page.locator('html')).toHaveAttribute('data-challenge', 'open');
  await expect(page.getByTestId('outcome')).toHaveCSS('filter', 'blur(6px)');
  await expect(page.getByTestId('hop-list')).toHaveCSS('filter', 'blur(6px)');
  await page.getByRole('button', { name: 'Show answer' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-challenge', 'closed');
  await expect(page.getByTestId('outcome')).toHaveCSS('filter', 'none');
  // The next step with a challenge asks again.
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-challenge', 'open');
});

test('in Chinese: the picker, the narration, the challenge and the controls', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByRole('button', { name: '课程' }).click();
  const externalName = lessons.find((l) => l.id === 'externalname')!;
  await page.getByTestId('lesson-picker').locator('[data-lesson="externalname"]').click();
  await expect(page.getByTestId('lesson-title')).toHaveText(externalName.title.zh);
  await expect(page.getByTestId('lesson-step')).toHaveText('步骤 1/4');
  await expect(page.getByTestId('lesson-text')).toHaveText(externalName.steps![0].text.zh);
  await page.getByRole('button', { name: '显示答案' }).click();
  await expect(page.getByTestId('lesson-answer')).toContainText(externalName.steps![0].challenge!.answer.zh);
  await page.getByRole('button', { name: '下一个步骤' }).click();
  await expect(page.getByTestId('lesson-dns')).toContainText('CNAME\tnginx-svc.test.svc.cluster.local.');
});

test('the lesson and its step survive a reload', async ({ page }) => {
  await openApp(page);
  await pick(page, 'ingress');
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 2 of 4');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-monaco-ready', 'true');
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 2 of 4');
  await expect(page.getByTestId('outcome')).toContainText('deployment-apps-v2-');
});
