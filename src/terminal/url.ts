/** A URL as curl and wget read it: scheme, host, port and path (the request builder reads it too, without the rest of the terminal). */
export interface Url {
  host: string;
  port: number;
  path: string;
  scheme: 'http' | 'https';
  /** As typed, for messages. */
  text: string;
}

export function parseUrl(text: string): Url | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#\s]+)(?::(\d+))?([/?#]\S*)?$/i.exec(text);
  if (!m) return undefined;
  const scheme = (m[1]?.toLowerCase() ?? 'http') as Url['scheme'];
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return undefined;
  return { scheme, host: m[2].toLowerCase(), port, path: m[4] && m[4].startsWith('/') ? m[4] : `/${m[4] ?? ''}`, text };
}
