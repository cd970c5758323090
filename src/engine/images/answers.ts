/**
 * What a program answers an HTTP GET with: the stock pages of the images the articles and
 * lessons use, the ingress-nginx controller's own error pages, and, for an image we do not
 * know, the JSON the kernel lab's server answers (src/engine/lab/programs.ts): who answered
 * and whom it saw. Time is injected: the Date header (and agnhost's NOW) come from `now`.
 */
import type { Program } from './programs';

export interface HttpAnswer {
  status: number;
  /** The reason phrase; Tomcat (since 8.5) sends none: `HTTP/1.1 404 `. */
  reason: string;
  headers: [string, string][];
  body: string;
}

/** What the server knows about the request and itself. */
export interface HttpRequestSeen {
  path: string;
  /** The pod's hostname: spec.hostname, else its name; a hostNetwork pod has its node's. */
  hostname: string;
  pod: string;
  namespace: string;
  node: string;
  port: number;
  /** The local address the connection arrived at, and the client's address as seen. */
  host: string;
  from: string;
  now?: Date;
}

/** nginxinc/docker-nginx: the image's /usr/share/nginx/html/index.html. */
export const NGINX_WELCOME = `<!DOCTYPE html>
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

/** docker-library/httpd: htdocs/index.html as the Apache tarball ships it. */
export const HTTPD_WORKS = '<html><body><h1>It works!</h1></body></html>\n';

/** The last release of each nginx line the tags name (nginx.org/en/CHANGES). */
const NGINX_RELEASES: Record<string, string> = { '1.24': '1.24.0', '1.25': '1.25.5', '1.26': '1.26.3', '1.27': '1.27.4', latest: '1.27.4' };

export function nginxVersion(image: string): string {
  const tag = /:([^/@]+)$/.exec(image)?.[1] ?? 'latest';
  const line = /^(\d+\.\d+)(\.\d+)?/.exec(tag);
  if (line?.[2]) return line[0];
  return NGINX_RELEASES[line?.[1] ?? 'latest'] ?? NGINX_RELEASES.latest;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * nginx's built-in error page (src/http/ngx_http_special_response.c): the tail names
 * `nginx/VERSION`, or bare `nginx` with `server_tokens off` (ingress-nginx's default).
 */
export function nginxErrorPage(status: number, reason: string, version?: string): string {
  return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${version ? `nginx/${version}` : 'nginx'}</center>\r\n</body>\r\n</html>\r\n`;
}

/** Tomcat's ErrorReportValve page for a 404 (the official image's webapps/ is empty: no ROOT). */
export function tomcat404(version: string): string {
  return `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat/${version}</h3></body></html>`;
}

/** Apache httpd 2.4's 404 (modules/http/http_protocol.c, get_canned_error_string). */
const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

/** busybox networking/httpd.c send_headers(): the page of an error status. */
const BUSYBOX_404 = '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n';

/** Go's time.Time.String() without the monotonic reading: `2026-01-08 12:05:00 +0000 UTC`. */
function goTime(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

const dateHeader = (now?: Date): [string, string][] => (now ? [['Date', now.toUTCString()]] : []);

/** Go's net/http for a handler that writes plain text (content sniffed as text/plain). */
function goText(status: number, reason: string, body: string, now?: Date): HttpAnswer {
  return { status, reason, headers: [...dateHeader(now), ['Content-Length', String(bytes(body))], ['Content-Type', 'text/plain; charset=utf-8']], body };
}

/** The answer of a program to GET `req.path`. */
export function answerOf(program: Program | undefined, req: HttpRequestSeen): HttpAnswer {
  const { now } = req;
  const path = req.path.split('?')[0] || '/';
  const image = program?.image ?? '';
  switch (program?.kind) {
    case 'nginx': {
      const v = nginxVersion(image);
      // default.conf: location / { root /usr/share/nginx/html; index index.html index.htm; }
      if (path === '/' || path === '/index.html') {
        return {
          status: 200, reason: 'OK', body: NGINX_WELCOME,
          headers: [['Server', `nginx/${v}`], ...dateHeader(now), ['Content-Type', 'text/html'], ['Content-Length', String(bytes(NGINX_WELCOME))], ['Last-Modified', 'Wed, 05 Feb 2025 11:06:32 GMT'], ['Connection', 'keep-alive'], ['ETag', '"67a34638-267"'], ['Accept-Ranges', 'bytes']],
        };
      }
      const body = nginxErrorPage(404, 'Not Found', v);
      return { status: 404, reason: 'Not Found', body, headers: [['Server', `nginx/${v}`], ...dateHeader(now), ['Content-Type', 'text/html'], ['Content-Length', String(bytes(body))], ['Connection', 'keep-alive']] };
    }
    case 'httpd': {
      if (path === '/' || path === '/index.html') {
        return {
          status: 200, reason: 'OK', body: HTTPD_WORKS,
          headers: [...dateHeader(now), ['Server', 'Apache/2.4.62 (Unix)'], ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', String(bytes(HTTPD_WORKS))], ['Content-Type', 'text/html']],
        };
      }
      return { status: 404, reason: 'Not Found', body: HTTPD_404, headers: [...dateHeader(now), ['Server', 'Apache/2.4.62 (Unix)'], ['Content-Length', String(bytes(HTTPD_404))], ['Content-Type', 'text/html; charset=iso-8859-1']] };
    }
    case 'tomcat': {
      // Every path is a 404: the image keeps the stock webapps in webapps.dist (docker-library/tomcat).
      const tag = /:([^/@]+)$/.exec(image)?.[1] ?? '';
      const body = tomcat404(/^\d+\.\d+\.\d+/.test(tag) ? tag.replace(/-.*$/, '') : tag.startsWith('9') ? '9.0.98' : tag.startsWith('10') ? '10.1.34' : '11.0.2');
      return { status: 404, reason: '', headers: [['Content-Type', 'text/html;charset=utf-8'], ['Content-Language', 'en'], ['Content-Length', String(bytes(body))], ...dateHeader(now)], body };
    }
    case 'agnhost-netexec': {
      // netexec.go: /hostname and /hostName print os.Hostname(), /clientip the RemoteAddr,
      // /healthz an empty 200 once ready; "/" and every other path print `NOW: <time.Now()>`.
      if (path === '/hostname' || path === '/hostName') return goText(200, 'OK', req.hostname, now);
      if (path === '/clientip') return goText(200, 'OK', `${req.from}`, now);
      if (path === '/healthz') return { status: 200, reason: 'OK', headers: [...dateHeader(now), ['Content-Length', '0']], body: '' };
      return goText(200, 'OK', `NOW: ${goTime(now ?? new Date(Date.UTC(2026, 0, 8, 12, 5)))}`, now);
    }
    case 'serve-hostname':
      // serve_hostname.go: every path answers `fmt.Fprintf(w, "%s", hostname)`.
      return goText(200, 'OK', req.hostname, now);
    case 'busybox-httpd': {
      if ((path === '/' || path === '/index.html') && program?.index !== undefined) {
        return { status: 200, reason: 'OK', headers: [['Content-type', 'text/html'], ...dateHeader(now), ['Connection', 'close'], ['Content-Length', String(bytes(program.index))]], body: program.index };
      }
      return { status: 404, reason: 'Not Found', headers: [['Content-type', 'text/html'], ...dateHeader(now), ['Connection', 'close']], body: BUSYBOX_404 };
    }
    case 'ingress-nginx': {
      // Nothing matched on the controller's own server: its default backend answers 404.
      const body = nginxErrorPage(404, 'Not Found');
      return { status: 404, reason: 'Not Found', headers: [...dateHeader(now), ['Content-Type', 'text/html'], ['Content-Length', String(bytes(body))], ['Connection', 'keep-alive']], body };
    }
    default: {
      const body = `${JSON.stringify({ pod: req.pod, namespace: req.namespace, node: req.node, port: req.port, host: req.host, from: req.from })}\n`;
      return { status: 200, reason: 'OK', headers: [['content-type', 'application/json'], ...dateHeader(now), ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5'], ['Content-Length', String(bytes(body))]], body };
    }
  }
}

/**
 * The status line as it comes over the wire: `HTTP/1.1 404 ` for Tomcat, which sends no reason
 * phrase but keeps the space before it (Http11OutputBuffer.sendStatus: "The reason phrase is
 * optional but the space before it is not").
 */
export function statusLine(answer: HttpAnswer): string {
  return `HTTP/1.1 ${answer.status} ${answer.reason}`;
}

/** The first bytes of the body, as a trace shows them: up to `max` bytes of UTF-8, never half a character. */
export function firstBytes(body: string, max = 100): string {
  let out = '';
  let size = 0;
  for (const ch of body) {
    size += new TextEncoder().encode(ch).length;
    if (size > max) break;
    out += ch;
  }
  return out;
}
