import { describe, expect, it } from 'vitest';
import { matchesSelector } from '../fields';
import type { PodInfo } from '../model';
import { PodIndex } from './podindex';

const pod = (namespace: string, name: string, labels: Record<string, string>): PodInfo => ({
  namespace, name, labels, phase: 'Running', ready: true, dnsPolicy: 'ClusterFirst', hostPorts: [], ports: [], images: [], listening: [],
});

const pods = [
  pod('default', 'a', { app: 'web', tier: 'front' }),
  pod('shop', 'b', { app: 'web', tier: 'front' }),
  pod('default', 'c', { app: 'web' }),
  pod('default', 'd', { app: 'db', tier: 'front' }),
  pod('default', 'e', { app: 'web', tier: 'front', extra: '1' }),
  pod('default', 'f', { constructor: 'x' }),
];

describe('selecting pods through the label index', () => {
  it.each([
    ['default', { app: 'web' }],
    ['default', { app: 'web', tier: 'front' }],
    ['default', { tier: 'front', app: 'web' }],
    ['shop', { app: 'web' }],
    ['default', { app: 'none' }],
    ['nowhere', { app: 'web' }],
    ['default', { constructor: 'x' }],
    ['default', { toString: 'x' }],
    ['default', {}],
  ])('in %s, %j: the pods a scan of every pod finds, in the same order', (namespace, selector: Record<string, string>) => {
    const scanned = pods.filter((p) => p.namespace === namespace && matchesSelector(selector, p.labels));
    expect(new PodIndex(pods).select(namespace, selector).map((p) => p.name)).toEqual(scanned.map((p) => p.name));
  });
});
