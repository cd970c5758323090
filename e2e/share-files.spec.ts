import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { expect, openApp, test } from './fixtures';
import { downloaded, DUMP_PATH, savedText } from './share-helpers';

const dump = readFileSync(DUMP_PATH, 'utf8');

async function openWithPicker(page: Page, path: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open' }).click()]);
  await chooser.setFiles(path);
}

test('a real kubectl get -o yaml List loads with its pods, nodes and IPs on the canvas', async ({ page }) => {
  await openApp(page);
  await openWithPicker(page, DUMP_PATH);
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Opened kubeadm-3node.yaml. Objects in it: 30. The request now goes from external to http://192.168.56.11:30080/.');
  for (const [node, ip] of [['k8s-master', '192.168.56.10'], ['k8s-worker1', '192.168.56.11'], ['k8s-worker2', '192.168.56.12']]) {
    await expect(page.locator(`[data-element="node/${node}"]`)).toContainText(node);
    await expect(page.locator(`[data-element="node/${node}/eth0"]`)).toContainText(ip);
  }
  await expect(page.locator('[data-element="lan"]')).toContainText('Node LAN 192.168.56.0/24');
  await expect(page.locator('[data-element="external/client"]')).toContainText('192.168.56.1');
  // Every pod of the dump, with its own address; none made again by its Deployment.
  const items = (parse(dump) as { items: { kind: string; metadata: { name: string; namespace: string }; status: { podIP: string } }[] }).items;
  const pods = items.filter((i) => i.kind === 'Pod').map((p) => [p.metadata.namespace, p.metadata.name, p.status.podIP]);
  expect(pods).toHaveLength(14);
  for (const [ns, name, ip] of pods) await expect(page.locator(`.dn-pod[data-element="pod/${ns}/${name}"]`)).toContainText(ip);
  await expect(page.locator('.dn-pod')).toHaveCount(14);
  await expect(page.locator('[data-element="svc/default/nginx"]')).toContainText('10.102.14.201:80/TCP · nodePort 30080');
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.getByTestId('outcome')).toContainText(/Served by nginx-7854ff8877-(hx5rz \(10\.244\.1\.4|wlq9p \(10\.244\.2\.7):80\)/);
  await expect(page.getByTestId('hop-list')).toContainText(/DNAT to 10\.244\.(1\.4|2\.7):80/);
  await expect(page.getByTestId('diagnostics')).toContainText('Read as a snapshot of a running cluster: its 14 pods keep their nodes and addresses');
  await expect(page.getByTestId('diagnostics')).toContainText('No Node objects: the nodes k8s-master, k8s-worker1, k8s-worker2 are read from the pods\' nodeName and hostIP.');
  // Undo brings the lesson back.
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('[data-element="node/node01"]')).toBeVisible();
  await expect(page.getByTestId('request-to')).toHaveValue('http://192.168.255.102:31101/');
});

test('a file dropped on the page opens; Save downloads the manifests (Ctrl+S in the editor too)', async ({ page }) => {
  await openApp(page);
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dropped\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n';
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.yaml', { type: 'application/yaml' }));
    return dt;
  }, yaml);
  await page.dispatchEvent('[data-testid="yaml-editor"]', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-zone')).toContainText('Drop a YAML or JSON file to open it');
  await page.dispatchEvent('[data-testid="yaml-editor"]', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('[data-testid="yaml-editor"]', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-zone')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText('Opened dropped.yaml. Objects in it: 1.');
  await expect(page.locator('.dn-pod[data-element="pod/default/dropped"]')).toBeVisible();
  expect(await savedText(page)).toBe(yaml);

  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save' }).click()]);
  expect(saved.suggestedFilename()).toBe('dropped.yaml');
  expect((await downloaded(saved)).toString('utf8')).toBe(yaml);
  await page.getByTestId('yaml-editor').locator('.view-line', { hasText: 'name: dropped' }).click();
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect((await downloaded(again)).toString('utf8')).toBe(yaml);
});

test('a file that is not text is refused, and nothing changes', async ({ page }) => {
  await openApp(page);
  const before = await savedText(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open' }).click()]);
  await chooser.setFiles({ name: 'photo.yaml', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0xff, 0xfe]) });
  await expect(page.getByTestId('notice')).toHaveText(/Cannot open photo\.yaml: it is not a text file\. Your manifests are unchanged\./);
  expect(await savedText(page)).toBe(before);
  await expect(page.locator('[data-element="node/node01"]')).toBeVisible();
});
