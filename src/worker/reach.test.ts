/**
 * The NetworkPolicy matrix through the worker's contract: asked of a build the worker holds,
 * derived once per build, port and protocol (the same object again), none for a build no longer
 * held; and through the client, each answer to its own asker.
 */
import { describe, expect, it } from 'vitest';
import { allowFrontend, calicoInstall, denyIngress, netpolPods } from '../lessons/netpolyaml';
import { createEngineClient } from './client';
import { createEngineHandler } from './handler';
import type { ReachedReply } from './protocol';
import { localTransport } from './transports';

const text = netpolPods + calicoInstall + denyIngress + allowFrontend;
const request = { from: 'pod/frontend/web', to: 'http://10.96.0.100/' } as const;
const cellOf = (r: ReachedReply, from: string, to: string) => {
  const ids = r.matrix.pods.map((p) => p.id);
  return r.matrix.cells[ids.indexOf(from)][ids.indexOf(to)];
};

describe('the matrix in the worker', () => {
  it('is computed on the build held, once per port and protocol', () => {
    const h = createEngineHandler();
    h.handle({ type: 'build', seq: 1, text, applyOverShown: false, request });
    const a = h.handle({ type: 'reach', seq: 2, build: 1, port: 80, protocol: 'TCP' }) as ReachedReply;
    expect([a.type, a.seq, a.build, a.matrix.enforced]).toEqual(['reached', 2, 1, true]);
    expect([cellOf(a, 'frontend/web', 'backend/api'), cellOf(a, 'default/debug', 'backend/api')]).toEqual(['allowed', 'denied']);
    const again = h.handle({ type: 'reach', seq: 3, build: 1, port: 80, protocol: 'TCP' }) as ReachedReply;
    expect(again.matrix).toBe(a.matrix);
    const udp = h.handle({ type: 'reach', seq: 4, build: 1, port: 80, protocol: 'UDP' }) as ReachedReply;
    expect(udp.matrix).not.toBe(a.matrix);
    expect(udp.matrix.protocol).toBe('UDP');
    expect(h.handle({ type: 'reach', seq: 5, build: 9, port: 80, protocol: 'TCP' })).toBeUndefined();
  });

  it('answers through the client', () => {
    const client = createEngineClient(localTransport());
    let build = 0;
    client.build(() => ({ text, applyOverShown: false, request }), (r) => {
      build = r.seq;
    });
    const got: ReachedReply[] = [];
    client.reach(build, 81, 'SCTP', (r) => got.push(r));
    expect(got.map((r) => [r.build, r.matrix.port, r.matrix.protocol])).toEqual([[build, 81, 'SCTP']]);
  });
});
