/**
 * What every program gets: where it runs, its input, and where its output goes. Programs write
 * stdout and stderr in order (the terminal shows them interleaved, a redirection splits them)
 * and record what they changed in `effects`.
 */
import { clusterApi, DEFAULT_CLOCK, type ApiObjects } from '../engine/api/index';
import { parseManifests, type ParsedObject } from '../engine/parse';
import type { Place } from './places';
import type { CommandResult, TerminalState } from './types';

export interface Chunk {
  fd: 1 | 2;
  text: string;
}

export class Io {
  readonly chunks: Chunk[] = [];
  out(text: string): void {
    if (text) this.chunks.push({ fd: 1, text });
  }
  err(text: string): void {
    if (text) this.chunks.push({ fd: 2, text });
  }
  get stdout(): string {
    return this.chunks.filter((c) => c.fd === 1).map((c) => c.text).join('');
  }
}

export type Effects = Omit<CommandResult, 'output' | 'exitCode'> & {
  /** `exit` ran: the rest of the line is not run. */
  exitShell?: boolean;
};

export interface Ctx {
  state: TerminalState;
  place: Place;
  stdin: string;
  io: Io;
  effects: Effects;
  now: Date;
  /** The API objects of the current cluster, made on first use. */
  api(): ApiObjects;
  /** The user's objects as parsed from the YAML. */
  objects(): ParsedObject[];
}

/** A program: writes to ctx.io, returns its exit status. */
export type Program = (ctx: Ctx, args: string[]) => number;

const apiCache = new WeakMap<TerminalState['cluster'], { objects: ParsedObject[]; api: Map<number, ApiObjects> }>();

export function makeCtx(state: TerminalState, place: Place, stdin: string, io: Io, effects: Effects): Ctx {
  const now = state.now ?? DEFAULT_CLOCK.now;
  const cached = () => {
    let entry = apiCache.get(state.cluster);
    if (!entry) apiCache.set(state.cluster, (entry = { objects: parseManifests(state.yaml).objects, api: new Map() }));
    return entry;
  };
  return {
    state, place, stdin, io, effects, now,
    objects: () => cached().objects,
    api: () => {
      const entry = cached();
      let api = entry.api.get(now.getTime());
      if (!api) entry.api.set(now.getTime(), (api = clusterApi(state.cluster, entry.objects, { now })));
      return api;
    },
  };
}

/** The files of the place the program runs in. */
export function filesHere(ctx: Ctx): Record<string, string> {
  return (ctx.effects.files ?? ctx.state.files ?? {})[ctx.place.key] ?? {};
}

export function writeFile(ctx: Ctx, path: string, text: string, append = false): void {
  const all = { ...(ctx.effects.files ?? ctx.state.files ?? {}) };
  const mine = { ...(all[ctx.place.key] ?? {}) };
  mine[path] = append ? (mine[path] ?? '') + text : text;
  all[ctx.place.key] = mine;
  ctx.effects.files = all;
}

/** The working directory a relative path is read against (`~` for users, `/` in containers). */
export function normalizePath(ctx: Ctx, path: string): string {
  const place = ctx.place;
  // The working directory; `~` is the user's home (root's, /root, once sudo made the shell root's).
  const cwd = place.kind === 'external' ? (place.sudo === 'login' ? '/root' : '/home/user') : place.kind === 'node' ? '/root' : '/';
  const home = place.kind === 'external' ? (place.root ? '/root' : '/home/user') : cwd;
  const full = path.startsWith('/') ? path : path === '~' ? home : path.startsWith('~/') ? `${home}/${path.slice(2)}` : `${cwd === '/' ? '' : cwd}/${path}`;
  return full.replace(/\/\.\//g, '/').replace(/\/+/g, '/');
}
