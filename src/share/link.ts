/**
 * A share link carries the whole session in its fragment: `…/#s=1.<data>`, where data is the
 * session as JSON, compressed with raw DEFLATE (the browser's own CompressionStream, no
 * library) and written in base64url. The fragment never leaves the browser: the server that
 * hosts Podpath never sees the manifests, and no length limit of a server applies (Chromium
 * takes URLs of up to 2 MB). Runs unchanged in Node 20 (the benchmark measures with it).
 */
import type { TraceRequest } from '../engine';

/** The version written in front of the data; a newer app may read older links, never the reverse. */
export const LINK_VERSION = 1;

/** The fragment parameter that holds a session. */
export const LINK_PARAM = 's';

/** Past this many bytes once inflated, a link is refused (a hostile link could inflate without end). */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

/** What a link restores: the lesson and its step are plain fields, read by whoever owns lessons. */
export interface SharedSession {
  yaml: string;
  /** The traced request first; more may follow (a lesson's other requests). */
  requests: TraceRequest[];
  lesson?: { id: string; step: number };
  /** The hop the player shows. */
  hop?: number;
}

export type LinkProblem = 'format' | 'version' | 'content' | 'tooLarge';

/** Why a link could not be read; `problem` picks the message shown. */
export class LinkError extends Error {
  constructor(readonly problem: LinkProblem) {
    super(`share link: ${problem}`);
  }
}

/** The compact JSON: short keys, since every byte lands in the URL. */
interface Wire {
  y: string;
  r: TraceRequest[];
  l?: string;
  ls?: number;
  h?: number;
}

export async function encodeSession(session: SharedSession): Promise<string> {
  const wire: Wire = { y: session.yaml, r: session.requests };
  if (session.lesson) {
    wire.l = session.lesson.id;
    wire.ls = session.lesson.step;
  }
  if (session.hop !== undefined && session.hop > 0) wire.h = session.hop;
  const bytes = new TextEncoder().encode(JSON.stringify(wire));
  return `${LINK_VERSION}.${toBase64Url(await transform(bytes, new CompressionStream('deflate-raw')))}`;
}

export async function decodeSession(value: string): Promise<SharedSession> {
  const m = /^(\d+)\.([A-Za-z0-9_-]*)$/.exec(value.trim());
  if (!m) throw new LinkError('format');
  if (Number(m[1]) > LINK_VERSION) throw new LinkError('version');
  let bytes: Uint8Array;
  try {
    bytes = await transform(fromBase64Url(m[2]), new DecompressionStream('deflate-raw'), MAX_INFLATED_BYTES);
  } catch (e) {
    throw e instanceof LinkError ? e : new LinkError('format');
  }
  let wire: unknown;
  try {
    wire = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new LinkError('format');
  }
  return readWire(wire);
}

/** The session in the location's fragment, if it has one (`#s=…`, with or without other parameters). */
export function sessionParam(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(LINK_PARAM);
  return value ?? undefined;
}

/** The link to open `encoded` in the app found at `base` (its address without the fragment). */
export function linkFor(base: string, encoded: string, opts: { embed?: boolean } = {}): string {
  const url = new URL(base);
  url.hash = '';
  // The session is the whole state: a lesson named in the query would replace it on reload.
  url.searchParams.delete('lesson');
  url.searchParams.delete('step');
  if (opts.embed) url.searchParams.set('embed', '1');
  else url.searchParams.delete('embed');
  return `${url.toString().replace(/#$/, '')}#${LINK_PARAM}=${encoded}`;
}

const FROM = /^(external|pod\/[^/]+(\/[^/]+)?|node\/[^/]+)$/;

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined);

function readRequest(raw: unknown): TraceRequest {
  if (!raw || typeof raw !== 'object') throw new LinkError('content');
  const r = raw as Record<string, unknown>;
  if (typeof r.from !== 'string' || !FROM.test(r.from) || typeof r.to !== 'string') throw new LinkError('content');
  const out: TraceRequest = { from: r.from as TraceRequest['from'], to: r.to };
  if (typeof r.connect === 'string') out.connect = r.connect;
  if (Number.isInteger(r.seed)) out.seed = r.seed as number;
  if (Number.isInteger(r.pick) && (r.pick as number) > 0) out.pick = r.pick as number;
  // A UDP or SCTP probe (the reachability matrix, podpath trace --protocol); TCP is the default.
  if (r.protocol === 'udp' || r.protocol === 'sctp') out.protocol = r.protocol;
  const pf = r.portForward as Record<string, unknown> | undefined;
  if (pf && typeof pf.target === 'string' && typeof pf.ports === 'string') {
    out.portForward = { target: pf.target, ports: pf.ports, ...(typeof pf.namespace === 'string' ? { namespace: pf.namespace } : {}) };
  }
  // The port-forwards left running (issue 19): only well-formed ones; the engine skips any that listen nowhere.
  if (Array.isArray(r.forwards)) {
    const forwards = (r.forwards as unknown[]).flatMap((f) => {
      const x = (f && typeof f === 'object' ? f : {}) as Record<string, unknown>;
      const ports = strings(x.ports);
      if (typeof x.on !== 'string' || !/^(external|node\/[^/]+)$/.test(x.on) || typeof x.target !== 'string' || !ports?.length) return [];
      const addresses = strings(x.addresses);
      return [{
        on: x.on as 'external', target: x.target, ports,
        ...(typeof x.namespace === 'string' ? { namespace: x.namespace } : {}),
        ...(addresses ? { addresses } : {}),
        ...(typeof x.command === 'string' ? { command: x.command } : {}),
      }];
    });
    if (forwards.length > 0) out.forwards = forwards;
  }
  return out;
}

function readWire(raw: unknown): SharedSession {
  if (!raw || typeof raw !== 'object') throw new LinkError('content');
  const w = raw as Record<string, unknown>;
  if (typeof w.y !== 'string' || !Array.isArray(w.r) || w.r.length === 0) throw new LinkError('content');
  const session: SharedSession = { yaml: w.y, requests: w.r.map(readRequest) };
  if (typeof w.l === 'string' && w.l !== '') session.lesson = { id: w.l, step: Number.isInteger(w.ls) && (w.ls as number) >= 0 ? (w.ls as number) : 0 };
  if (Number.isInteger(w.h) && (w.h as number) >= 0) session.hop = w.h as number;
  return session;
}

/** Pipes bytes through a (de)compression stream, stopping past `limit` bytes of output. */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new LinkError('tooLarge');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new LinkError('format');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
