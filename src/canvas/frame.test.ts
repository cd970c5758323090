import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { absoluteBoxes, regionOf } from './frame';
import { layoutCluster } from './layout';

const boxes = absoluteBoxes(layoutCluster(buildCluster(nodePortLesson.yaml)).nodes);
const node01 = boxes.get('node/node01')!;
const cbr0 = boxes.get('node/node01/cbr0')!;

describe('framing the hop', () => {
  it('frames the upper half of a node for eth0, netfilter and the routes, and no more', () => {
    for (const el of ['node/node01/eth0', 'node/node01/netfilter', 'node/node01/routes']) {
      const r = regionOf(boxes, el)!;
      expect(r.id).toBe('node/node01#upper');
      expect(r).toMatchObject({ x: node01.x, y: node01.y, w: node01.w, h: cbr0.y - 40 - node01.y });
      const own = boxes.get(el)!;
      expect(own.y + own.h).toBeLessThanOrEqual(r.y + r.h);
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
    expect(regionOf(boxes, 'node/node01')?.id).toBe('node/node01');
    expect(regionOf(boxes, 'lan')).toBeUndefined();
    expect(regionOf(boxes, 'veth/default/x')).toBeUndefined();
  });
});
