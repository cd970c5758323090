import { beforeAll, describe, expect, it } from 'vitest';
import { layoutCluster } from '../../canvas/layout';
import { buildCluster, traceRequest } from '../../engine';
import { loadLang, translate } from '../../i18n';
import { nodePortLesson } from '../../lessons/nodeport';
import { handoutHtml, handoutMarkdown } from './handout';
import { LIGHT } from './palette';
import { absoluteBoxes, diagramSvg, placement } from './svg';
import { estimate, fit } from './text';
import { viewAt } from './view';

const cluster = buildCluster(nodePortLesson.yaml);
const trace = traceRequest(cluster, nodePortLesson.request);
const diagram = layoutCluster(cluster);
const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
beforeAll(() => loadLang('zh-CN'));
const zh = (key: string, params?: Record<string, string | number>) => translate('zh-CN', key, params);
const dnatStep = trace.hops.findIndex((h) => h.title.key === 'hop.chainDnat.title');

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('the diagram as SVG', () => {
  const { svg, place } = diagramSvg(diagram, viewAt(cluster, trace, dnatStep, en), 1920, 1080, LIGHT, en);

  it('is one plain SVG of the projector size: rectangles, paths and text, no HTML inside', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080" viewBox="0 0 1920 1080">')).toBe(true);
    expect(svg).not.toContain('foreignObject');
    expect(svg.match(/<g /g)?.length).toBe(svg.match(/<\/g>/g)?.length);
    // Every text is escaped: no stray markup inside a text element.
    for (const t of texts(svg)) expect(t).not.toMatch(/[<>]/);
  });

  it('names every node, device and pod the screen shows, with its addresses', () => {
    const all = texts(svg).join('\n');
    for (const name of ['master01', 'node01', 'node02', 'client', '192.168.255.1', 'Node LAN 192.168.255.0/24', 'podCIDR 10.244.2.0/24', 'cbr0 BRIDGE', 'veth82facca7']) {
      expect(all).toContain(name);
    }
    expect(all).toMatch(/my-nginx-deplo[^\n]*/);
    expect(all).toContain('10.244.2.2 :80');
    expect(all).toContain('10.108.229.67:8001/TCP · nodePort 31101 → targetPo…');
  });

  it('marks the current hop and draws the packet with its addresses after the DNAT', () => {
    expect(texts(svg)[0]).toBe(`Hop ${dnatStep + 1} of ${trace.hops.length}: nat KUBE-SEP-KDCPXYTLRMIIBTDL: DNAT to 10.244.2.2:80`);
    expect(svg).toContain('192.168.255.1:50471 → 10.244.2.2:80');
    expect(svg).toContain(`stroke="${LIGHT.current}" stroke-width="4"`);
  });

  it('fits the whole diagram inside the frame, below the caption', () => {
    const boxes = [...absoluteBoxes(diagram).values()];
    for (const b of boxes) {
      expect(b.x * place.scale + place.dx).toBeGreaterThanOrEqual(0);
      expect((b.x + b.w) * place.scale + place.dx).toBeLessThanOrEqual(1920.01);
      expect(b.y * place.scale + place.dy).toBeGreaterThanOrEqual(108 - 0.01);
      expect((b.y + b.h) * place.scale + place.dy).toBeLessThanOrEqual(1080.01);
    }
    expect(placement(diagram, 3840, 2160, true).scale).toBeCloseTo(place.scale * 2, 2);
  });

  it('says which mode kube-proxy runs in, on the node boxes and the Service\'s', () => {
    expect(texts(svg)).toContain('kube-proxy, iptables mode');
    const mode = (m: string) => {
      const c = buildCluster(`${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${m}\n`);
      return texts(diagramSvg(layoutCluster(c), viewAt(c, traceRequest(c, nodePortLesson.request), 0, en), 1920, 1080, LIGHT, en).svg);
    };
    const nft = mode('nftables');
    expect(nft).toContain('kube-proxy, nftables mode');
    expect(nft.some((t) => t.startsWith('virtual: an nftables map'))).toBe(true);
    expect(mode('userspace').some((t) => t.startsWith('kube-proxy, userspace'))).toBe(true);
  });

  it('is in the language of the app', () => {
    const chinese = texts(diagramSvg(diagram, viewAt(cluster, trace, 0, zh), 1920, 1080, LIGHT, zh).svg).join('\n');
    expect(chinese).toContain('节点网络 192.168.255.0/24');
    expect(chinese).toContain('第 1 跳，共 48 跳：curl 发出 SYN');
  });
});

describe('cutting a line to a width', () => {
  it('keeps what fits and ends with an ellipsis', () => {
    expect(fit('short', 100, { size: 12 })).toBe('short');
    const cut = fit('10.244.2.0/24 via 192.168.255.103 dev eth0', 120, { size: 10, mono: true });
    expect(cut.endsWith('…')).toBe(true);
    expect(estimate(cut, { size: 10, mono: true })).toBeLessThanOrEqual(120);
    expect(estimate('中文', { size: 10 })).toBe(20);
  });
});

describe('the handout', () => {
  const input = { title: nodePortLesson.title.en, cluster, trace, yaml: nodePortLesson.yaml, lang: 'en' };

  it('in Markdown: the request, every hop, the packet where it changed, the rule that matched and why, the YAML', () => {
    const md = handoutMarkdown(input, en);
    expect(md.startsWith('# Podpath handout: NodePort: from outside to a pod on another node\n')).toBe(true);
    expect(md).toContain('- To: `http://192.168.255.102:31101/`');
    expect(md).toContain('- Outcome: **served: Served by my-nginx-deploment-');
    expect(md.match(/^#### \d+\. /gm)).toHaveLength(trace.hops.length);
    expect(md).toContain(`#### ${dnatStep + 1}. nat KUBE-SEP-KDCPXYTLRMIIBTDL: DNAT to 10.244.2.2:80`);
    expect(md).toContain('| L3 | destination IP | 192.168.255.102 | **10.244.2.2** |');
    expect(md).toContain('    -A KUBE-SEP-KDCPXYTLRMIIBTDL -p tcp -m comment --comment "default/my-nginx-deploment" -m tcp -j DNAT --to-destination 10.244.2.2:80');
    expect(md).toContain('- **10.244.2.2:80 my-nginx-deploment-');
    expect(md).toMatch(/Packet unchanged: `192\.168\.255\.1:50471 → 192\.168\.255\.102:31101 \(SYN\)`/);
    expect(md).toContain('Written in the YAML: Service/default/my-nginx-deploment, line');
    expect(md).toContain('```yaml\n# An nginx Deployment');
  });

  it('in HTML: one page, escaped, with the picture, in Chinese when the app is', () => {
    const html = handoutHtml({ ...input, title: nodePortLesson.title.zh, lang: 'zh-CN' }, zh, '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<title>Podpath 讲义：NodePort：从集群外访问另一节点上的 Pod</title>');
    expect(html).toContain('<figure><svg role="img" xmlns=');
    expect(html.match(/<section class="hop"/g)).toHaveLength(trace.hops.length);
    expect(html).toContain('--comment &quot;default/my-nginx-deploment&quot;');
    expect(html).toContain('<tr class="changed"><td>L3</td><td>目的 IP</td>');
    expect(html).not.toMatch(/<script/i);
  });
});
