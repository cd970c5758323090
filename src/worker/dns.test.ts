/**
 * A lesson step's DNS question through the worker's contract: answered on the build held, the
 * way the request's client asks (a pod walks its search list), none for a build no longer held.
 */
import { describe, expect, it } from 'vitest';
import { clusterIpLesson } from '../lessons/clusterip';
import { requestAt, yamlAt } from '../lessons/steps';
import { createEngineClient } from './client';
import { createEngineHandler } from './handler';
import type { DnsReply } from './protocol';
import { localTransport } from './transports';

const step = clusterIpLesson.steps!.findIndex((s) => s.lookup?.name === 'httpd-svc.default');
const text = yamlAt(clusterIpLesson, step).yaml;
const request = requestAt(clusterIpLesson, step);

describe('the DNS answer in the worker', () => {
  it('walks the pod resolver\'s search list on the build held', () => {
    const h = createEngineHandler();
    h.handle({ type: 'build', seq: 1, text, applyOverShown: false, request });
    const a = h.handle({ type: 'dns', seq: 2, build: 1, request, question: { name: 'httpd-svc.default' } }) as DnsReply;
    expect([a.type, a.seq, a.build, a.dns.rcode, a.dns.answer.map((r) => `${r.type} ${r.data}`)]).toEqual(['dnsAnswer', 2, 1, 'NOERROR', ['A 10.68.132.230']]);
    expect(a.dns.tries?.map((t) => `${t.name} ${t.rcode}`)).toEqual(['httpd-svc.default.default.svc.cluster.local NXDOMAIN', 'httpd-svc.default.svc.cluster.local NOERROR']);
    expect(h.handle({ type: 'dns', seq: 3, build: 9, request, question: { name: 'httpd-svc' } })).toBeUndefined();
  });

  it('answers through the client, a fully qualified question from outside', () => {
    const client = createEngineClient(localTransport());
    let build = 0;
    client.build(() => ({ text, applyOverShown: false, request }), (r) => {
      build = r.seq;
    });
    const got: DnsReply[] = [];
    client.dns(build, { from: 'external', to: 'http://x/' }, { name: 'nope.default.svc.cluster.local', type: 'A' }, (r) => got.push(r));
    expect(got.map((r) => [r.build, r.dns.question, r.dns.rcode])).toEqual([[build, 'nope.default.svc.cluster.local', 'NXDOMAIN']]);
  });
});
