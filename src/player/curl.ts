/**
 * A typed `curl` line for the request builder: the URL becomes the request's target, and the
 * options that change where curl connects (`--connect-to`, `--resolve`, a `Host:` header
 * with an address in the URL) become `connect`. Words are split as the shell splits them
 * (the terminal's lexer); curl's own complaints keep curl's words.
 */
import type { Message } from '../engine';
import { parseUrl } from '../terminal/url';
import { lex } from '../terminal/tokenize';

export type CurlParse = { to: string; connect?: string } | { error: Message };

/** Options that take a value and do not change where the request goes. */
const IGNORED_VALUE = new Set(['-m', '--max-time', '--connect-timeout', '-o', '--output', '-w', '--write-out', '-A', '--user-agent', '-X', '--request']);
const FLAG = /^-(s|S|v|i|I|L|k|f|sS|sv|vs|si|is|sI|Is|O)$|^--(silent|show-error|verbose|include|head|location|insecure|fail|remote-name)$/;

const curlSays = (text: string): CurlParse => ({ error: { key: 'request.curlError', params: { text } } });

export function isCurlLine(text: string): boolean {
  return /^\s*curl(\s|$)/.test(text);
}

export function parseCurlLine(line: string): CurlParse {
  const tokens = lex(line.trim());
  if ('error' in tokens) return { error: { key: 'request.curlError', params: { text: `bash: ${tokens.error}` } } };
  const words = tokens.filter((t) => !t.op).map((t) => t.text);
  if (words[0] !== 'curl') return { error: { key: 'request.curlNotCurl' } };
  let url: string | undefined;
  let hostHeader: string | undefined;
  let connect: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const value = () => words[++i];
    if (FLAG.test(w)) continue;
    if (IGNORED_VALUE.has(w) || w === '-H' || w === '--header' || w === '--connect-to' || w === '--resolve') {
      const v = value();
      if (v === undefined) return curlSays(`curl: option ${w}: requires parameter`);
      if (w === '-H' || w === '--header') {
        const m = /^host:\s*(\S+)\s*$/i.exec(v);
        if (m) hostHeader = m[1];
      } else if (w === '--connect-to') {
        // HOST1:PORT1:HOST2:PORT2: connect to HOST2:PORT2 instead (an empty part keeps the URL's).
        const parts = v.split(':');
        if (parts.length !== 4) return curlSays('curl: (49) Couldn\'t parse CURLOPT_CONNECT_TO entry');
        connect = parts[3] ? `${parts[2]}:${parts[3]}` : parts[2];
      } else if (w === '--resolve') {
        const parts = v.split(':');
        if (parts.length < 3) return curlSays('curl: (49) Couldn\'t parse CURLOPT_RESOLVE entry');
        connect = parts.slice(2).join(':');
      }
      continue;
    }
    if (w.startsWith('-') && w !== '-') return curlSays(`curl: option ${w}: is unknown`);
    url ??= w;
  }
  if (!url) return curlSays('curl: no URL specified!');
  const parsed = parseUrl(url);
  if (!parsed) return curlSays('curl: (3) URL using bad/illegal format or missing URL');
  const portPart = `:${parsed.port}`;
  if (hostHeader && /^\d{1,3}(\.\d{1,3}){3}$/.test(parsed.host) && !connect) {
    // `curl -H 'Host: a.example.com' http://IP/`: connect to the address, name the host.
    return { to: `http://${hostHeader.replace(/:\d+$/, '')}${portPart}${parsed.path}`, connect: `${parsed.host}${portPart}` };
  }
  return { to: `http://${parsed.host}${portPart}${parsed.path}`, ...(connect ? { connect } : {}) };
}

/** The request as the curl line that makes it (`--connect-to` when it connects elsewhere). */
export function toCurlLine(request: { to: string; connect?: string }): string {
  if (!request.connect) return request.to;
  const url = parseUrl(request.to);
  if (!url) return request.to;
  const [host, port = String(url.port)] = request.connect.split(':');
  return `curl --connect-to ${url.host}:${url.port}:${host}:${port} ${request.to}`;
}
