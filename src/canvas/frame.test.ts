import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { calicoInstallation } from '../engine/testdata/calico';
import { hostNetworkLesson } from '../lessons/hostnetwork';
import { nodePortLesson } from '../lessons/nodeport';
import { absoluteBoxes, boundsOf, frameFor, labelOffset, READABLE_ZOOM, regionOf } from './frame';
import { layoutCluster } from './layout';

const boxes = absoluteBoxes(layoutCluster(buildCluster(nodePortLesson.yaml)).nodes);
const node01 = boxes.get('node/node01')!;
const cbr0 = boxes.get('node/node01/cbr0')!;

describe('framing the hop', () => {
  it('frames the upper half of a node for the node itself, eth0, netfilter and the routes, with the room above the node', () => {
    for (const el of ['node/node01', 'node/node01/eth0', 'node/node01/netfilter', 'node/node01/routes']) {
      const r = regionOf(boxes, el)!;
      expect(r.id).toBe('node/node01#upper');
      // 40 px above the node: the packet's label on the node's top edge (a process on the node) is in the frame.
      expect(r).toEqual({ id: 'node/node01#upper', x: node01.x, y: node01.y - 40, w: node01.w, h: cbr0.y - 40 - node01.y + 40 });
      const own = boxes.get(el)!;
      if (el !== 'node/node01') expect(own.y + own.h).toBeLessThanOrEqual(r.y + r.h);
    }
  });

  it('frames the lower half for cbr0 and the pods, with room for the label above cbr0', () => {
    const pod = [...boxes.keys()].find((k) => k.startsWith('pod/default/my-nginx') && boxes.get(k)!.parent === 'node/node01')!;
    for (const el of ['node/node01/cbr0', pod, `${pod}/eth0`]) {
      const r = regionOf(boxes, el)!;
      expect(r.id).toBe('node/node01#lower');
      expect(r.y).toBe(cbr0.y - 40);
      expect(r.y + r.h).toBe(node01.y + node01.h);
    }
  });

  it('frames a box outside the nodes whole, and keeps the frame on the LAN', () => {
    expect(regionOf(boxes, 'external/client')).toMatchObject({ id: 'external/client', ...boxes.get('external/client') });
    expect(regionOf(boxes, 'lan')).toBeUndefined();
    expect(regionOf(boxes, 'veth/default/x')).toBeUndefined();
  });

  it('frames a lower half of three rows of pods a row at a time: cbr0 with the first row, then each row with its eth0 and label', () => {
    // The hostNetwork lesson: ten replicas, five on each worker, in three rows.
    const hn = absoluteBoxes(layoutCluster(buildCluster(hostNetworkLesson.yaml)).nodes);
    const node = hn.get('node/node01')!;
    const bridge = hn.get('node/node01/cbr0')!;
    const pods = [...hn].filter(([k, b]) => b.parent === 'node/node01' && k.startsWith('pod/') && !k.endsWith('/eth0'));
    const rows = [...new Set(pods.map(([, b]) => b.y))].sort((a, b) => a - b);
    expect(rows).toHaveLength(3);
    expect(regionOf(hn, 'node/node01/cbr0')).toMatchObject({ id: 'node/node01#lower0', y: bridge.y - 40 });
    for (const [id, b] of pods) {
      const row = rows.indexOf(b.y);
      const r = regionOf(hn, id)!;
      expect(r.id).toBe(`node/node01#lower${row}`);
      // The pod, with its label's room above it, is in its frame; the frames are no taller than two rows.
      expect(r.y).toBeLessThanOrEqual(b.y - 16 - 40);
      expect(r.y + r.h).toBeGreaterThanOrEqual(b.y + b.h);
      expect(r.h).toBeLessThanOrEqual(300);
      if (row === rows.length - 1) expect(r.y + r.h).toBe(node.y + node.h);
    }
  });

  it('splits a Calico node (no bridge) above its first row of pods', () => {
    const cb = absoluteBoxes(layoutCluster(buildCluster(`${nodePortLesson.yaml}\n${calicoInstallation('IPIP')}`)).nodes);
    expect(cb.get('node/node01/cbr0')).toBeUndefined();
    const routes = cb.get('node/node01/routes')!;
    const pod = [...cb].find(([k, b]) => b.parent === 'node/node01' && k.startsWith('pod/default/my-nginx') && !k.endsWith('/eth0'))!;
    expect(regionOf(cb, 'node/node01/routes')!.id).toBe('node/node01#upper');
    const lower = regionOf(cb, pod[0])!;
    expect(lower.id).toBe('node/node01#lower');
    expect(lower.y).toBeGreaterThanOrEqual(routes.y + routes.h);
    expect(lower.y).toBeLessThanOrEqual(pod[1].y - 16 - 40);
  });
});

describe("the packet's label", () => {
  const view = { tx: 0, zoom: 2, canvasWidth: 800 };
  it('starts right of the packet where it fits', () => {
    expect(labelOffset(100, 200, view)).toBe(18);
  });
  it('moves left just enough to end 6 px inside the canvas, and never past its left side', () => {
    // At x 300 (600 px on screen) a 200 px label (400 on screen) would end at 1036 px: 242 px too far right.
    const off = labelOffset(300, 200, view);
    expect((300 + off + 200) * 2).toBeCloseTo(794);
    // Wider than the canvas: it starts at the canvas's left side (6 px in).
    expect((10 + labelOffset(10, 500, view)) * 2).toBeCloseTo(6);
  });
});

describe('the frame for a canvas size', () => {
  const whole = boundsOf(boxes);

  it('is the whole cluster when it reads at READABLE_ZOOM with the padding, else the hop part', () => {
    // Just wide and tall enough for the whole at the readable zoom, 6% padding on each side.
    const w = Math.ceil(whole.w * 1.12 * READABLE_ZOOM);
    const h = Math.ceil(whole.h * 1.12 * READABLE_ZOOM);
    expect(frameFor(boxes, whole, 'external/client', w, h)).toEqual({ id: 'whole' });
    expect(frameFor(boxes, whole, 'external/client', w - 2, h)?.id).toBe('external/client');
  });

  it('frames a small box with room around it (600×380 at least), centred on it', () => {
    const client = boxes.get('external/client')!;
    const f = frameFor(boxes, whole, 'external/client', 1000, 560);
    expect(f).toEqual({ id: 'external/client', bounds: { x: client.x + client.w / 2 - 300, y: client.y + client.h / 2 - 190, width: 600, height: 380 } });
  });

  it('frames half a node as regionOf gives it when it is larger than the least half frame, and keeps the frame on the LAN', () => {
    const upper = regionOf(boxes, 'node/node01/netfilter')!;
    const f = frameFor(boxes, whole, 'node/node01/netfilter', 1000, 560);
    expect(f).toEqual({ id: 'node/node01#upper', bounds: { x: upper.x + upper.w / 2 - Math.max(upper.w, 480) / 2, y: upper.y + upper.h / 2 - Math.max(upper.h, 300) / 2, width: Math.max(upper.w, 480), height: Math.max(upper.h, 300) } });
    expect(frameFor(boxes, whole, 'lan', 1000, 560)).toBeUndefined();
  });
});
