import { describe, expect, it } from 'vitest';
import { keepMeasured } from './stable';
import type { DiagramNode } from './layout';

const box = (id: string, x: number, cidr = '10.244.1.0/24', width = 168): DiagramNode => ({ id, type: 'lan', position: { x, y: 0 }, width, height: 78, data: { kind: 'lan', cidr } });
const measured = (nodes: DiagramNode[]) => nodes.map((n) => ({ ...n, measured: { width: n.width, height: n.height } }));

describe('keepMeasured', () => {
  it('carries the measurements of a box laid out with the same type and size, whatever its content or place', () => {
    const shown = measured([box('a', 0), box('b', 200), box('c', 400)]);
    const next = [box('a', 0, '10.244.9.0/24'), box('b', 240), box('c', 400, '10.244.1.0/24', 300), box('d', 600)];
    const out = keepMeasured(shown, next);
    expect(out.map((n) => n.measured)).toEqual([{ width: 168, height: 78 }, { width: 168, height: 78 }, undefined, undefined]);
    // The new content and place are what is shown.
    expect(out[0].data).toEqual({ kind: 'lan', cidr: '10.244.9.0/24' });
    expect(out[1].position).toEqual({ x: 240, y: 0 });
  });

  it('carries nothing React Flow has not measured yet, nor across a change of type', () => {
    expect(keepMeasured([box('a', 0)], [box('a', 0)])[0].measured).toBeUndefined();
    const pod = { ...box('a', 0), type: 'pod' };
    expect(keepMeasured(measured([box('a', 0)]), [pod])[0].measured).toBeUndefined();
  });

  it('returns a new array even when nothing changed (a new build is still a new picture)', () => {
    const shown = measured([box('a', 0)]);
    expect(keepMeasured(shown, shown)).not.toBe(shown);
  });
});

describe('keepMeasured and the handles', () => {
  it('measures a box again when its edges use other handles: their bounds are measured with it', () => {
    const withHandles = (handles: DiagramNode['data']['handles']) => ({ ...box('a', 0), data: { kind: 'lan' as const, cidr: '10.244.1.0/24', handles } });
    const shown = measured([withHandles(['t', 'b'])]);
    expect(keepMeasured(shown, [withHandles(['t', 'b'])])[0].measured).toEqual({ width: 168, height: 78 });
    expect(keepMeasured(shown, [withHandles(['t', 'b', 'right'])])[0].measured).toBeUndefined();
    expect(keepMeasured(shown, [withHandles(undefined)])[0].measured).toBeUndefined();
  });
});
