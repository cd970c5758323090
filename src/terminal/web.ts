/**
 * What a server in the simulated cluster answers an HTTP GET with: the stock pages of the
 * images the articles use (nginx's welcome page, httpd's "It works!", Tomcat's 404 for an empty
 * webapps), nginx's own error pages for an ingress controller, Go's answer when plain HTTP
 * reaches an HTTPS port (the API server, the kubelet), and for any other image the JSON the
 * kernel lab's pods answer (src/engine/lab/programs.ts): who answered and whom it saw.
 */
import { answerOf, nginxErrorPage, podAnswer, programOf, type HttpAnswer } from '../engine/images';
import type { Cluster } from '../engine/model';
import type { Trace } from '../engine/trace/types';

export type Response = HttpAnswer;

function httpDate(now: Date): string {
  return now.toUTCString();
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** The answer to a trace that reached a server, or undefined when no server answered. */
export function responseOf(cluster: Cluster, trace: Trace, now: Date): Response | undefined {
  if (trace.outcome === 'http_error' && trace.httpStatus) {
    const reason = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' }[trace.httpStatus] ?? 'Error';
    const body = nginxErrorPage(trace.httpStatus, reason);
    return { status: trace.httpStatus, reason, headers: [['Date', httpDate(now)], ['Content-Type', 'text/html'], ['Content-Length', String(bytes(body))], ['Connection', 'keep-alive']], body };
  }
  if (trace.outcome !== 'served' || !trace.servedBy) return undefined;
  const by = trace.servedBy;
  if ('process' in by) {
    // Go's net/http answers plain HTTP on a TLS port with 400 and this line.
    const body = 'Client sent an HTTP request to an HTTPS server.\n';
    return { status: 400, reason: 'Bad Request', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']], body };
  }
  const path = trace.hops.find((h) => h.before.http)?.before.http?.path ?? '/';
  const from = trace.sourceIpSeen ?? '';
  if ('external' in by) return answerOf(programOf({ image: 'nginx:1.26' }), { path, hostname: '-', pod: '-', namespace: '-', node: '-', port: 80, host: by.external, from, now });
  // The engine's image model (src/engine/images): the trace's status line comes from the same answer.
  const pod = cluster.pods.find((p) => p.namespace === by.namespace && p.name === by.pod);
  if (pod) return podAnswer(pod, by.port, path, from, now);
  return answerOf(undefined, { path, hostname: by.pod, pod: by.pod, namespace: by.namespace, node: by.node, port: by.port, host: by.ip, from, now });
}
