import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { decodeSession, encodeSession, fromBase64Url, LinkError, linkFor, sessionParam, toBase64Url, type SharedSession } from './link';

const session: SharedSession = {
  yaml: `${nodePortLesson.yaml}# 中文注释 survives the trip\n`,
  requests: [{ from: 'external', to: 'http://192.168.255.102:31101/', pick: 2, seed: 7 }],
  lesson: { id: 'nodeport', step: 1 },
  hop: 12,
};

const problem = async (value: string) => {
  try {
    await decodeSession(value);
    return 'decoded';
  } catch (e) {
    return e instanceof LinkError ? e.problem : String(e);
  }
};

describe('share links', () => {
  it('give back exactly what was put in, much shorter than the text', async () => {
    const encoded = await encodeSession(session);
    expect(encoded).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    expect(encoded.length).toBeLessThan(session.yaml.length);
    expect(await decodeSession(encoded)).toEqual(session);
  });

  it('leave out a hop of 0 and fields that were not given', async () => {
    const plain = await decodeSession(await encodeSession({ yaml: 'a: 1\n', requests: [{ from: 'node/node01', to: '10.96.0.1:443' }], hop: 0 }));
    expect(plain).toEqual({ yaml: 'a: 1\n', requests: [{ from: 'node/node01', to: '10.96.0.1:443' }] });
  });

  it('carry the port-forwards left running, and drop malformed ones', async () => {
    const forward = { on: 'node/master01' as const, target: 'pod/tomcat', ports: ['8080:8080'], addresses: ['0.0.0.0'], command: 'kubectl port-forward pod/tomcat 8080:8080 --address 0.0.0.0' };
    const request = { from: 'node/node01' as const, to: '10.0.0.30:8080', forwards: [forward] };
    expect((await decodeSession(await encodeSession({ yaml: 'a: 1\n', requests: [request] }))).requests[0].forwards).toEqual([forward]);
    const bad = { ...request, forwards: [forward, { on: 'laptop', target: 'pod/x', ports: ['1'] }, { on: 'external', target: 'pod/x', ports: [] }, null, { on: 'external', target: 'pod/x', ports: [8080] }] };
    expect((await decodeSession(await encodeSession({ yaml: 'a: 1\n', requests: [bad as never] }))).requests[0].forwards).toEqual([forward]);
  });

  it('carry a UDP or SCTP probe\'s protocol, and drop one that is not', async () => {
    const udp = { from: 'pod/x/a' as const, to: '10.244.1.2:53', protocol: 'udp' as const };
    expect((await decodeSession(await encodeSession({ yaml: 'a: 1\n', requests: [udp] }))).requests[0]).toEqual(udp);
    const bad = { ...udp, protocol: 'icmp' };
    expect((await decodeSession(await encodeSession({ yaml: 'a: 1\n', requests: [bad as never] }))).requests[0]).toEqual({ from: 'pod/x/a', to: '10.244.1.2:53' });
  });

  it('sit in the fragment, beside other parameters, with embed in the query', async () => {
    const encoded = await encodeSession(session);
    const link = linkFor('https://school.example/course/podpath/index.html?embed=1#s=old', encoded);
    expect(link).toBe(`https://school.example/course/podpath/index.html#s=${encoded}`);
    const embed = linkFor('https://school.example/course/podpath/', encoded, { embed: true });
    expect(embed).toBe(`https://school.example/course/podpath/?embed=1#s=${encoded}`);
    expect(linkFor('https://school.example/p/?embed=1&lesson=nodeport&step=3', encoded)).toBe(`https://school.example/p/#s=${encoded}`);
    expect(sessionParam(new URL(embed).hash)).toBe(encoded);
    expect(sessionParam('#x=1&s=1.abc')).toBe('1.abc');
    expect(sessionParam('')).toBeUndefined();
  });

  it('say why they cannot be read', async () => {
    const encoded = await encodeSession(session);
    // Cut short, as a chat program may do.
    expect(await problem(encoded.slice(0, encoded.length - 40))).toBe('format');
    expect(await problem('1.!!!')).toBe('format');
    expect(await problem('hello')).toBe('format');
    expect(await problem(`9.${encoded.slice(2)}`)).toBe('version');
    // Valid compression of something that is not a session.
    const stranger = (await encodeSession({ yaml: 'x', requests: [{ from: 'external', to: 'x' }] })).slice(2);
    const notJson = toBase64Url(new Uint8Array(await new Response(new Blob(['not json']).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()));
    expect(await problem(`1.${notJson}`)).toBe('format');
    const wrongShape = toBase64Url(new Uint8Array(await new Response(new Blob([JSON.stringify({ y: 1, r: [] })]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()));
    expect(await problem(`1.${wrongShape}`)).toBe('content');
    const badSource = toBase64Url(new Uint8Array(await new Response(new Blob([JSON.stringify({ y: '', r: [{ from: 'mars', to: 'x' }] })]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()));
    expect(await problem(`1.${badSource}`)).toBe('content');
    expect(await problem(`1.${stranger}`)).toBe('decoded');
  });

  it('refuse to inflate without end', async () => {
    const zeros = new Uint8Array(9 * 1024 * 1024);
    const bomb = toBase64Url(new Uint8Array(await new Response(new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()));
    expect(bomb.length).toBeLessThan(20_000);
    expect(await problem(`1.${bomb}`)).toBe('tooLarge');
  });

  it('write base64url without padding, and read it back', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe, 0x00, 0x3e]);
    expect(toBase64Url(bytes)).toBe('-__-AD4');
    expect([...fromBase64Url('-__-AD4')]).toEqual([...bytes]);
  });
});
