/**
 * Issue 19, item 1, in the real app: article 003's `kubectl port-forward … --address 0.0.0.0`
 * typed on master01 keeps running; node01's `curl 10.0.0.30:8080` goes through it to tomcat's
 * 404, the canvas plays kubectl → API server → kubelet → the pod, and `kill %1` stops it. Also
 * the lesson's step that plays the same request. The screen is read through the terminal's
 * test hook, as in terminal.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, terminalScreen, test, typeInTerminal, openTerminal } from './fixtures';

const POD = 'deployment-tomcat-6f8bd9bbc5-9tdsh';
const FORWARD = `kubectl port-forward ${POD} 8080:8080 --address 0.0.0.0`;

const screen = terminalScreen;

const type = typeInTerminal;

async function pickLesson(page: Page, id: string) {
  await page.getByRole('button', { name: 'Lessons' }).click();
  const picker = page.getByTestId('lesson-picker');
  await expect(picker).toBeVisible();
  await picker.locator(`[data-lesson="${id}"]`).click();
  await expect(picker).toBeHidden();
  await expect(page.getByTestId('lesson-panel')).toHaveAttribute('data-lesson', id);
}

test('a port-forward typed on master01 keeps running: node01 reaches tomcat through it, kill %1 stops it', async ({ page }) => {
  await openApp(page);
  await pickLesson(page, 'port-forward');
  await openTerminal(page);
  await page.getByTestId('terminal-place').selectOption('node/master01');
  await type(page, FORWARD);
  await expect.poll(() => screen(page)).toContain(`root@master01:~# ${FORWARD}\nForwarding from 0.0.0.0:8080 -> 8080`);

  await page.getByTestId('terminal-place').selectOption('node/node01');
  await type(page, 'curl -s 10.0.0.30:8080 | grep -c "HTTP Status 404"');
  await expect.poll(() => screen(page)).toContain('root@node01:~# curl -s 10.0.0.30:8080 | grep -c "HTTP Status 404"\n1');
  // kubectl's line belongs to master01's terminal: a note says so here.
  await expect.poll(() => screen(page)).toContain('kubectl port-forward on master01 printed: Handling connection for 8080');
  await expect(page.getByTestId('request-to')).toHaveValue('http://10.0.0.30:8080/');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');

  await page.getByTestId('terminal-place').selectOption('node/master01');
  await type(page, 'jobs');
  await expect.poll(() => screen(page)).toContain(`root@master01:~# jobs\n[1]+  Running                 ${FORWARD} &`);
  await type(page, 'kill %1');
  await expect.poll(() => screen(page)).toContain(`root@master01:~# kill %1\n[1]+  Terminated              ${FORWARD}`);

  await page.getByTestId('terminal-place').selectOption('node/node01');
  await type(page, 'curl 10.0.0.30:8080');
  await expect.poll(() => screen(page)).toContain('curl: (7) Failed to connect to 10.0.0.30 port 8080 after 0 ms: Connection refused');
  await page.screenshot({ path: 'test-results/portforward-running.png' });
});

test('the lesson\'s article step: node01 → kubectl on master01 → API server → kubelet → tomcat', async ({ page }) => {
  await openApp(page);
  await pickLesson(page, 'port-forward');
  await page.getByTestId('lesson-panel').getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('lesson-step')).toHaveText('Step 2 of 5');
  await expect(page.getByTestId('lesson-command')).toContainText('curl 10.0.0.30:8080');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.getByTestId('outcome')).toContainText('kubectl port-forward on master01');
});
