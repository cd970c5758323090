import { expect, openApp, test } from './fixtures';

test('a request from a pod by Service name: the DNS query to kube-dns, CoreDNS\'s answer, then the connection', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('request-from').selectOption('pod/default/my-nginx-deploment-55f596c87c-bzw22');
  await page.getByTestId('request-to').fill('http://my-nginx-deploment:8001/');
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  const hops = page.getByTestId('hop-list');
  await expect(hops).toContainText('resolver: look up my-nginx-deploment');
  await hops.getByRole('button', { name: /CoreDNS answers my-nginx-deploment\.default\.svc\.cluster\.local: 10\.108\.229\.67/ }).click();
  // The answer is made in a CoreDNS pod on the control plane, and the canvas lights it up.
  await expect(page.locator('[data-element^="pod/kube-system/coredns-5dd5756b68-"].is-current')).toBeVisible();
  await expect(page.getByTestId('inspector')).toContainText('A? my-nginx-deploment.default.svc.cluster.local → 10.108.229.67');
  await expect(hops).toContainText('curl in my-nginx-deploment-55f596c87c-bzw22 sends SYN');
  // The choice survives a reload, like the rest of the request.
  await page.reload();
  await expect(page.getByTestId('request-from')).toHaveValue('pod/default/my-nginx-deploment-55f596c87c-bzw22');
});

test('a request from a node goes through the node\'s nat OUTPUT chain', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('request-from').selectOption('node/master01');
  await page.getByTestId('request-to').fill('10.108.229.67:8001');
  await page.getByRole('button', { name: 'Trace' }).click();
  await expect(page.getByTestId('outcome')).toHaveAttribute('data-outcome', 'served');
  await expect(page.getByTestId('hop-list')).toContainText('nat OUTPUT → KUBE-SERVICES');
});
