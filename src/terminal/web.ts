/**
 * What a server in the simulated cluster answers an HTTP GET with: the stock pages of the
 * images the articles use (nginx's welcome page, httpd's "It works!", Tomcat's 404 for an empty
 * webapps), nginx's own error pages for an ingress controller, Go's answer when plain HTTP
 * reaches an HTTPS port (the API server, the kubelet), and for any other image the JSON the
 * kernel lab's pods answer (src/engine/lab/programs.ts): who answered and whom it saw.
 */
import type { Cluster } from '../engine/model';
import type { Trace } from '../engine/trace/types';

export interface Response {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const HTTPD_WORKS = '<html><body><h1>It works!</h1></body></html>\n';

/** The last release of each nginx line the tags name (nginx.org/en/CHANGES). */
const NGINX_RELEASES: Record<string, string> = { '1.24': '1.24.0', '1.25': '1.25.5', '1.26': '1.26.3', '1.27': '1.27.4', latest: '1.27.4' };

function nginxVersion(image: string): string {
  const tag = /:([^/@]+)$/.exec(image)?.[1] ?? 'latest';
  const line = /^(\d+\.\d+)(\.\d+)?/.exec(tag);
  if (line?.[2]) return line[0];
  return NGINX_RELEASES[line?.[1] ?? 'latest'] ?? NGINX_RELEASES.latest;
}

function httpDate(now: Date): string {
  return now.toUTCString();
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

function nginxPage(status: number, reason: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function tomcat404(version: string): string {
  return `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat/${version}</h3></body></html>`;
}

function page(image: string, now: Date, extra: { pod: string; namespace: string; node: string; port: number; host: string; from: string }): Response {
  const repo = image.replace(/[:@].*$/, '').split('/').at(-1) ?? '';
  const date: [string, string] = ['Date', httpDate(now)];
  if (repo === 'nginx' || repo === 'controller') {
    const v = nginxVersion(image);
    return {
      status: 200, reason: 'OK', body: NGINX_WELCOME,
      headers: [['Server', `nginx/${v}`], date, ['Content-Type', 'text/html'], ['Content-Length', String(bytes(NGINX_WELCOME))], ['Last-Modified', 'Wed, 05 Feb 2025 11:06:32 GMT'], ['Connection', 'keep-alive'], ['ETag', '"67a34638-267"'], ['Accept-Ranges', 'bytes']],
    };
  }
  if (repo === 'httpd') {
    return {
      status: 200, reason: 'OK', body: HTTPD_WORKS,
      headers: [date, ['Server', 'Apache/2.4.62 (Unix)'], ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', String(bytes(HTTPD_WORKS))], ['Content-Type', 'text/html']],
    };
  }
  if (repo === 'tomcat') {
    const tag = /:([^/@]+)$/.exec(image)?.[1] ?? '';
    const body = tomcat404(/^\d+\.\d+\.\d+/.test(tag) ? tag : tag.startsWith('9') ? '9.0.98' : '11.0.2');
    return { status: 404, reason: '', headers: [['Content-Type', 'text/html;charset=utf-8'], ['Content-Language', 'en'], ['Content-Length', String(bytes(body))], date], body };
  }
  const body = `${JSON.stringify(extra)}\n`;
  return { status: 200, reason: 'OK', headers: [['content-type', 'application/json'], date, ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5'], ['Content-Length', String(bytes(body))]], body };
}

/** The answer to a trace that reached a server, or undefined when no server answered. */
export function responseOf(cluster: Cluster, trace: Trace, now: Date): Response | undefined {
  if (trace.outcome === 'http_error' && trace.httpStatus) {
    const reason = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' }[trace.httpStatus] ?? 'Error';
    const body = nginxPage(trace.httpStatus, reason);
    return { status: trace.httpStatus, reason, headers: [['Date', httpDate(now)], ['Content-Type', 'text/html'], ['Content-Length', String(bytes(body))], ['Connection', 'keep-alive']], body };
  }
  if (trace.outcome !== 'served' || !trace.servedBy) return undefined;
  const by = trace.servedBy;
  if ('process' in by) {
    // Go's net/http answers plain HTTP on a TLS port with 400 and this line.
    const body = 'Client sent an HTTP request to an HTTPS server.\n';
    return { status: 400, reason: 'Bad Request', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']], body };
  }
  if ('external' in by) return page('nginx:1.26', now, { pod: '-', namespace: '-', node: '-', port: 80, host: by.external, from: trace.sourceIpSeen ?? '' });
  const pod = cluster.pods.find((p) => p.namespace === by.namespace && p.name === by.pod);
  const image = pod ? imageFor(pod.images, by.port) : '';
  return page(image, now, { pod: by.pod, namespace: by.namespace, node: by.node, port: by.port, host: by.ip, from: trace.sourceIpSeen ?? '' });
}

/** The container answering on a port: the one whose image serves there by default, else the first. */
function imageFor(images: string[], port: number): string {
  const defaults: [RegExp, number][] = [[/(^|\/)nginx[:@]|(^|\/)nginx$|httpd/, 80], [/tomcat/, 8080]];
  return images.find((i) => defaults.some(([re, p]) => re.test(i) && p === port)) ?? images[0] ?? '';
}
