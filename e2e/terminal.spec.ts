/**
 * The terminal panel in the real app: typed commands answer with the real tools' text, curl
 * animates the canvas, kubectl scale edits the YAML (and undo in the editor brings it back),
 * history and Tab work. The screen is read from xterm's buffer through the page's test hook.
 */
import { expect, openApp, terminalScreen, test, typeInTerminal, openTerminal } from './fixtures';

const screen = terminalScreen;

const type = typeInTerminal;

test('the terminal starts closed and remembers being opened; kubectl get pods prints kubectl\'s table', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('terminal-toggle')).toHaveAttribute('aria-expanded', 'false');
  await openTerminal(page);
  await page.reload();
  await expect(page.getByTestId('terminal-toggle')).toHaveAttribute('aria-expanded', 'true');
  await type(page, 'kubectl get pods -o wide');
  await expect.poll(() => screen(page)).toContain(`user@client:~$ kubectl get pods -o wide
NAME                                  READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
my-nginx-deploment-55f596c87c-bzw22   1/1     Running   0          5m    10.244.1.2   node01   <none>           <none>
my-nginx-deploment-55f596c87c-lpgt8   1/1     Running   0          5m    10.244.2.2   node02   <none>           <none>
user@client:~$`);
  await type(page, 'kubeclt get pods');
  await expect.poll(() => screen(page)).toContain('bash: kubeclt: command not found');
});

test('curl from the terminal traces the request and animates it on the canvas', async ({ page }) => {
  await openApp(page);
  await type(page, 'curl -s 192.168.255.103:31101 | head -4');
  await expect.poll(() => screen(page)).toContain('<title>Welcome to nginx!</title>');
  await expect(page.getByTestId('request-to')).toHaveValue('http://192.168.255.103:31101/');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  // The player runs: the packet moves along the path.
  await expect(page.locator('[data-testid="player-pos"], .player-pos').first()).not.toHaveText(/^\D*1\s*\/|^1 /, { timeout: 5000 });
  await page.screenshot({ path: 'test-results/terminal-curl.png' });
});

test('kubectl scale changes the editor text and the picture; undo in the editor restores both', async ({ page }) => {
  await openApp(page);
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(2);
  await type(page, 'kubectl scale deployment my-nginx-deploment --replicas=3');
  await expect.poll(() => screen(page)).toContain('deployment.apps/my-nginx-deploment scaled');
  await expect(page.getByTestId('yaml-editor')).toContainText('replicas: 3');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(3);
  await page.getByTestId('yaml-editor').locator('.view-line').first().click();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('yaml-editor')).toContainText('replicas: 2');
  await expect(page.locator('.dn-pod[data-element^="pod/default/"]')).toHaveCount(2);
});

test('history with the arrow keys, Tab completes commands and pod names', async ({ page }) => {
  await openApp(page);
  await type(page, 'hostname');
  await expect.poll(() => screen(page)).toContain('user@client:~$ hostname\nclient');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screen(page)).split('\nclient').length).toBe(3);
  await page.keyboard.type('kube');
  await page.keyboard.press('Tab');
  await page.keyboard.type('exec -it my-nginx-deploment-55f596c87c-b');
  await page.keyboard.press('Tab');
  await page.keyboard.type('-- /bin/bash');
  await page.keyboard.press('Enter');
  await expect.poll(() => screen(page)).toContain('user@client:~$ kubectl exec -it my-nginx-deploment-55f596c87c-bzw22 -- /bin/bash\nroot@my-nginx-deploment-55f596c87c-bzw22:/#');
  await expect(page.getByTestId('terminal-place')).toHaveValue('pod/default/my-nginx-deploment-55f596c87c-bzw22');
  await type(page, 'exit');
  await expect.poll(() => screen(page)).toContain('root@my-nginx-deploment-55f596c87c-bzw22:/# exit\nexit\nuser@client:~$');
});

test('the place picker opens a root shell on a node: iptables-save there', async ({ page }) => {
  await openApp(page);
  await openTerminal(page);
  await page.getByTestId('terminal-place').selectOption('node/node01');
  await type(page, 'iptables -t nat -L KUBE-NODEPORTS -n');
  await expect.poll(() => screen(page)).toContain(`root@node01:~# iptables -t nat -L KUBE-NODEPORTS -n
Chain KUBE-NODEPORTS (1 references)
target     prot opt source               destination
KUBE-EXT-O34RRTA663ZXJZ3Q  tcp  --  0.0.0.0/0            0.0.0.0/0            /* default/my-nginx-deploment */ tcp dpt:31101`);
});

for (const lang of ['en', 'zh-CN'] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot: ${lang}, ${theme}`, async ({ page }) => {
      await page.addInitScript(([l, t]) => {
        localStorage.setItem('podpath.lang', l);
        localStorage.setItem('podpath.theme', t);
      }, [lang, theme]);
      await openApp(page);
      await type(page, 'kubectl get svc');
      await type(page, 'curl -s 192.168.255.102:31101 | grep title');
      await expect.poll(() => screen(page)).toContain('<title>Welcome to nginx!</title>\nuser@client:~$');
      await page.screenshot({ path: `test-results/terminal-${lang}-${theme}.png` });
    });
  }
}
