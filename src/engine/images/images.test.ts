/**
 * Issue 19 item 2: the application answers as its image does. Each request is a lesson's own
 * (its YAML, its addresses); the trace carries the status line and the first bytes the program
 * sends back.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import { traceRequest } from '../trace/trace';
import { clusterIpLesson } from '../../lessons/clusterip';
import { ingressLesson } from '../../lessons/ingress';
import { loadBalancerLesson } from '../../lessons/loadbalancer';
import { nodePortLesson } from '../../lessons/nodeport';
import { answerOf, nginxErrorPage, programOf, statusLine } from '.';

const served = (yaml: string, request: Parameters<typeof traceRequest>[1]) => {
  const t = traceRequest(buildCluster(yaml), request);
  return { outcome: t.outcome, httpStatus: t.httpStatus, response: t.response, servedBy: t.servedBy && 'pod' in t.servedBy ? t.servedBy.pod : undefined };
};

describe('what the images answer', () => {
  it('nginx (seed 000): the welcome page at /, nginx\'s own 404 page elsewhere', () => {
    expect(served(nodePortLesson.yaml, { from: 'external', to: 'http://192.168.255.102:31101/', pick: 2 })).toEqual({
      outcome: 'served', httpStatus: 200, servedBy: 'my-nginx-deploment-55f596c87c-lpgt8',
      response: { statusLine: 'HTTP/1.1 200 OK', firstBytes: '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light da' },
    });
    expect(served(nodePortLesson.yaml, { from: 'external', to: 'http://192.168.255.102:31101/nope', pick: 2 }).response).toEqual({
      statusLine: 'HTTP/1.1 404 Not Found',
      firstBytes: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n',
    });
  });

  it('nginx\'s error page names its version; the ingress controller\'s does not (server_tokens off)', () => {
    expect(answerOf(programOf({ image: 'nginx:1.26' }), { path: '/nope', hostname: 'n', pod: 'n', namespace: 'default', node: 'node01', port: 80, host: '', from: '' }).body)
      .toBe(nginxErrorPage(404, 'Not Found', '1.26.3'));
    expect(nginxErrorPage(404, 'Not Found', '1.26.3')).toContain('<hr><center>nginx/1.26.3</center>\r\n');
    expect(nginxErrorPage(503, 'Service Temporarily Unavailable')).toContain('<hr><center>nginx</center>\r\n');
  });

  it('httpd (seed 001): "It works!", the whole body', () => {
    expect(served(clusterIpLesson.yaml, { from: 'node/node01', to: '10.68.132.230:8080', pick: 1 })).toMatchObject({
      outcome: 'served', httpStatus: 200, response: { statusLine: 'HTTP/1.1 200 OK', firstBytes: '<html><body><h1>It works!</h1></body></html>\n' },
    });
  });

  it('serve_hostname (the LoadBalancer lesson): the pod\'s hostname, its name', () => {
    const r = served(loadBalancerLesson.yaml, { from: 'external', to: 'http://192.168.255.102:30931/', pick: 1 });
    expect(r.response).toEqual({ statusLine: 'HTTP/1.1 200 OK', firstBytes: r.servedBy });
    expect(r.servedBy).toBe('myapp-7c9fb676f5-wrkgc');
  });

  it('the ingress-nginx controller (seed 004): its own 404 when no rule matches, server_tokens off', () => {
    const t = traceRequest(buildCluster(ingressLesson.yaml), { from: 'external', to: 'http://www.cherry.com/', connect: '192.168.255.102' });
    expect([t.outcome, t.httpStatus, t.response]).toEqual(['http_error', 404, {
      statusLine: 'HTTP/1.1 404 Not Found',
      firstBytes: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n',
    }]);
  });

  it('a backend behind the ingress answers for itself (seed 004\'s nginx apps)', () => {
    const t = traceRequest(buildCluster(ingressLesson.yaml), { from: 'external', to: 'http://apps.cherry.com/', pick: 1 });
    expect([t.outcome, t.httpStatus, t.response?.statusLine]).toEqual(['served', 200, 'HTTP/1.1 200 OK']);
  });

  it('agnhost netexec: its hostname at /hostname, NOW at /, the client at /clientip (netexec.go)', () => {
    const agnhost = programOf({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.39', args: ['netexec', '--http-port=8080', '--udp-port=8081'] });
    const seen = { hostname: 'netserver-0', pod: 'netserver-0', namespace: 'default', node: 'node01', port: 8080, host: '10.244.1.2', from: '10.244.2.3:41000', now: new Date(Date.UTC(2026, 0, 8, 12, 5)) };
    expect(answerOf(agnhost, { ...seen, path: '/hostname' })).toEqual({
      status: 200, reason: 'OK', body: 'netserver-0',
      headers: [['Date', 'Thu, 08 Jan 2026 12:05:00 GMT'], ['Content-Length', '11'], ['Content-Type', 'text/plain; charset=utf-8']],
    });
    expect(answerOf(agnhost, { ...seen, path: '/' }).body).toBe('NOW: 2026-01-08 12:05:00 +0000 UTC');
    expect(answerOf(agnhost, { ...seen, path: '/clientip' }).body).toBe('10.244.2.3:41000');
  });

  it('busybox httpd: the index page its shell wrote, else busybox\'s own 404', () => {
    const withIndex = programOf({ image: 'busybox', command: ['sh', '-c', 'mkdir /www && echo "hello from busybox" > /www/index.html && httpd -f -p 8080 -h /www'] });
    expect(withIndex.binds).toEqual([{ port: 8080, protocol: 'TCP', address: '0.0.0.0', fatal: true }]);
    const seen = { path: '/', hostname: 'bb', pod: 'bb', namespace: 'default', node: 'node01', port: 8080, host: '10.244.1.2', from: '10.244.2.3' };
    expect(answerOf(withIndex, seen).body).toBe('hello from busybox\n');
    const bare = programOf({ image: 'busybox:1.36', command: ['httpd', '-f'] });
    expect(bare.binds.map((b) => b.port)).toEqual([80]);
    const notFound = answerOf(bare, seen);
    expect([statusLine(notFound), notFound.body]).toEqual(['HTTP/1.1 404 Not Found', '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n']);
  });

  it('an image it does not know answers as the kernel lab\'s server: who answered, whom it saw', () => {
    const app = programOf({ image: 'example.com/app:1', ports: [{ containerPort: 9000 }] });
    expect(app.binds).toEqual([{ port: 9000, protocol: 'TCP', address: '0.0.0.0', fatal: true }]);
    const a = answerOf(app, { path: '/', hostname: 'a', pod: 'a', namespace: 'default', node: 'node01', port: 9000, host: '10.244.1.2', from: '10.244.2.3' });
    expect([statusLine(a), a.body]).toEqual(['HTTP/1.1 200 OK', '{"pod":"a","namespace":"default","node":"node01","port":9000,"host":"10.244.1.2","from":"10.244.2.3"}\n']);
  });

  it('tomcat sends no reason phrase, but keeps the space before it', () => {
    const a = answerOf(programOf({ image: 'tomcat:9.0' }), { path: '/', hostname: 't', pod: 't', namespace: 'default', node: 'node01', port: 8080, host: '', from: '' });
    expect([statusLine(a), a.body.endsWith('<h3>Apache Tomcat/9.0.98</h3></body></html>')]).toEqual(['HTTP/1.1 404 ', true]);
  });
});
