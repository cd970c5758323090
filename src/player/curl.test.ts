import { describe, expect, it } from 'vitest';
import { isCurlLine, parseCurlLine, toCurlLine } from './curl';

describe('a typed curl line', () => {
  it.each([
    ['curl 192.168.255.102:31101', { to: 'http://192.168.255.102:31101/' }],
    ['curl -sS -v http://192.168.255.102:31101/index.html', { to: 'http://192.168.255.102:31101/index.html' }],
    ['curl my-nginx-deploment.default.svc.cluster.local:8001', { to: 'http://my-nginx-deploment.default.svc.cluster.local:8001/' }],
    ["curl -H 'Host: a.example.com' http://192.168.255.102/api", { to: 'http://a.example.com:80/api', connect: '192.168.255.102:80' }],
    ['curl --connect-to a.example.com:80:192.168.255.103:30080 http://a.example.com/', { to: 'http://a.example.com:80/', connect: '192.168.255.103:30080' }],
    ['curl --resolve a.example.com:80:192.168.255.103 http://a.example.com/', { to: 'http://a.example.com:80/', connect: '192.168.255.103' }],
    ['curl -m 3 -o /dev/null -w "%{http_code}" 10.108.229.67:8001', { to: 'http://10.108.229.67:8001/' }],
  ])('%s', (line, expected) => {
    expect(parseCurlLine(line)).toEqual(expected);
  });
  it('answers as curl does when the line is wrong', () => {
    expect(parseCurlLine('curl')).toEqual({ error: { key: 'request.curlError', params: { text: 'curl: no URL specified!' } } });
    expect(parseCurlLine('curl --frobnicate x')).toEqual({ error: { key: 'request.curlError', params: { text: 'curl: option --frobnicate: is unknown' } } });
    expect(parseCurlLine('curl -H')).toEqual({ error: { key: 'request.curlError', params: { text: 'curl: option -H: requires parameter' } } });
    expect(parseCurlLine('curl http://a:99999/')).toEqual({ error: { key: 'request.curlError', params: { text: 'curl: (3) URL using bad/illegal format or missing URL' } } });
    expect(parseCurlLine('wget x')).toEqual({ error: { key: 'request.curlNotCurl' } });
  });
  it('tells a curl line from a plain target', () => {
    expect(isCurlLine('  curl x')).toBe(true);
    expect(isCurlLine('curly.example.com:80')).toBe(false);
  });
});

describe('the request as a curl line', () => {
  it('is the URL alone, or curl --connect-to when it connects elsewhere; it parses back', () => {
    expect(toCurlLine({ to: 'http://192.168.255.102:31101/' })).toBe('http://192.168.255.102:31101/');
    const line = toCurlLine({ to: 'http://a.example.com:80/api', connect: '192.168.255.103:30080' });
    expect(line).toBe('curl --connect-to a.example.com:80:192.168.255.103:30080 http://a.example.com:80/api');
    expect(parseCurlLine(line)).toEqual({ to: 'http://a.example.com:80/api', connect: '192.168.255.103:30080' });
    expect(parseCurlLine(toCurlLine({ to: 'http://a.example.com/', connect: '192.168.255.103' }))).toEqual({ to: 'http://a.example.com:80/', connect: '192.168.255.103:80' });
  });
});
