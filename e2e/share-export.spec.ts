import { expect, openApp, test } from './fixtures';
import { downloaded, exportVia } from './share-helpers';

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('PNG downloads are decodable pictures of the canvas at 1920×1080 and 3840×2160', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('hop-list').getByRole('button', { name: /DNAT to 10\.244\.2\.2:80/ }).click();
  const step = (await page.getByTestId('player-position').textContent())!.match(/Hop (\d+)/)![1];
  for (const [command, width, height, suffix] of [['export.png', 1920, 1080, ''], ['export.png2x', 3840, 2160, '@2x']] as const) {
    const download = await exportVia(page, command);
    expect(download.suggestedFilename()).toBe(`podpath-nodeport-hop-${step.padStart(2, '0')}${suffix}.png`);
    const bytes = await downloaded(download);
    expect(pngSize(bytes)).toEqual({ width, height });
    // Decoded by the browser: the picture has the canvas's colours, not one flat fill.
    const seen = await page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const colours = new Set<number>();
      let amber = 0;
      for (let i = 0; i < data.length; i += 4 * 97) {
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        // The current hop's highlight and the packet (#f59e0b).
        if (Math.abs(data[i] - 0xf5) < 12 && Math.abs(data[i + 1] - 0x9e) < 12 && data[i + 2] < 40) amber++;
      }
      return { width: bitmap.width, height: bitmap.height, colours: colours.size, amber };
    }, bytes.toString('base64'));
    expect(seen.width).toBe(width);
    expect(seen.colours).toBeGreaterThan(50);
    expect(seen.amber).toBeGreaterThan(0);
  }
});

test('the SVG download parses, names the nodes and pods, and renders as an image', async ({ page }) => {
  await openApp(page);
  const download = await exportVia(page, 'export.svg');
  expect(download.suggestedFilename()).toBe('podpath-nodeport-hop-01.svg');
  const svg = (await downloaded(download)).toString('utf8');
  const parsed = await page.evaluate(async (text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      size: [doc.documentElement.getAttribute('width'), doc.documentElement.getAttribute('height')],
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent ?? ''),
      html: doc.querySelectorAll('foreignObject').length,
      image: [img.naturalWidth, img.naturalHeight],
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.size).toEqual(['1920', '1080']);
  expect(parsed.html).toBe(0);
  expect(parsed.image).toEqual([1920, 1080]);
  for (const name of ['master01', 'node01', 'node02', 'client', 'Node LAN 192.168.255.0/24', 'Hop 1 of 48: curl sends SYN']) expect(parsed.texts).toContain(name);
  const pods = await page.locator('.dn-pod .dn-title').allTextContents();
  for (const pod of pods) expect(parsed.texts.some((t) => t === pod || (t.endsWith('…') && pod.startsWith(t.slice(0, -1))))).toBe(true);
});

test('the WebM of the animation plays in a video element, with its duration', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByLabel('Speed').selectOption('4');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.locator('[data-command="export.video"]')).toHaveText('Animation, WebM video (about 13 s)');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.locator('[data-command="export.video"]').click()]);
  await expect(page.getByTestId('notice')).toHaveAttribute('data-key', 'share.notice.downloaded');
  expect(download.suggestedFilename()).toBe('podpath-nodeport-1920x1080.webm');
  const bytes = await downloaded(download);
  expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  const video = await page.evaluate(async (b64) => {
    const v = document.createElement('video');
    v.muted = true;
    v.src = URL.createObjectURL(await (await fetch(`data:video/webm;base64,${b64}`)).blob());
    document.body.append(v);
    await new Promise((resolve, reject) => {
      v.onloadedmetadata = resolve;
      v.onerror = () => reject(new Error(`video error ${v.error?.code}`));
    });
    const duration = v.duration;
    await v.play();
    // Playing: the time moves on (a busy machine may take a while to decode the first frames).
    await new Promise<void>((resolve) => {
      const check = () => (v.currentTime > 0.5 ? resolve() : setTimeout(check, 50));
      check();
      setTimeout(resolve, 15_000);
    });
    return { duration, width: v.videoWidth, height: v.videoHeight, readyState: v.readyState, time: v.currentTime };
  }, bytes.toString('base64'));
  expect(video.width).toBe(1920);
  expect(video.height).toBe(1080);
  // 0.8 s first hop + 45 hops × 225 ms + 1.5 s last, recorded in real time.
  expect(video.duration).toBeGreaterThan(11);
  expect(video.duration).toBeLessThan(16);
  expect(video.readyState).toBeGreaterThanOrEqual(2);
  expect(video.time).toBeGreaterThan(0.5);
});

test('handouts in Markdown and HTML, in the language on screen; the node’s iptables-save', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('hop-list').getByRole('button', { name: /DNAT to 10\.244\.2\.2:80/ }).click();
  const md = (await downloaded(await exportVia(page, 'export.handoutMd'))).toString('utf8');
  expect(md).toContain('# Podpath handout: NodePort: from outside to a pod on another node');
  expect(md).toContain('nat KUBE-SEP-KDCPXYTLRMIIBTDL: DNAT to 10.244.2.2:80');
  expect(md).toContain('| L3 | destination IP | 192.168.255.102 | **10.244.2.2** |');
  const tables = await exportVia(page, 'export.iptables');
  expect(tables.suggestedFilename()).toBe('iptables-save-node01.txt');
  const save = (await downloaded(tables)).toString('utf8');
  expect(save).toMatch(/^# Generated by iptables-save v1\.8\.\d+ on /);
  expect(save).toContain('-A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80');
  await page.locator('body').click({ position: { x: 5, y: 890 } });
  await page.getByTestId('lang').selectOption('zh-CN');
  await page.getByRole('button', { name: '导出' }).click();
  const [html] = await Promise.all([page.waitForEvent('download'), page.locator('[data-command="export.handoutHtml"]').click()]);
  const text = (await downloaded(html)).toString('utf8');
  expect(text).toContain('<html lang="zh-CN">');
  expect(text).toContain('Podpath 讲义：NodePort：从集群外访问另一节点上的 Pod');
  expect(text).toContain('逐跳说明');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'text/html');
    return { hops: doc.querySelectorAll('section.hop').length, svg: doc.querySelectorAll('figure svg text').length, scripts: doc.querySelectorAll('script').length };
  }, text);
  expect(parsed.hops).toBe(48);
  expect(parsed.svg).toBeGreaterThan(30);
  expect(parsed.scripts).toBe(0);
});
