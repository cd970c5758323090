/**
 * The first picture a fresh page shows: the engine's answer to the start of the default
 * lesson, computed when the app is built (firstPicture.ts, written into index.html by
 * vite.config.ts). The page draws it at once instead of waiting for the worker to load and
 * build the same text; the key says which start it answers, and anything else (a saved
 * document, another request) waits for the worker as before. This file is what the page needs
 * of it: the engine stays out of the entry chunk.
 */
import type { BuiltReply, StartMessage } from './protocol';

/** The element of index.html that holds the first picture (JSON). */
export const FIRST_PICTURE_ID = 'podpath-first-picture';

/** What a start message is answered for: its text, the accepted text under it, and the request. */
export type StartArgs = Pick<StartMessage, 'text' | 'accepted' | 'request'>;

export interface FirstPicture {
  /** startKey of the start it answers. */
  key: string;
  reply: BuiltReply;
}

/**
 * A start's key: FNV-1a (32 bits) of its text, accepted text and request, with the text's
 * length. Not a defence (index.html is the app's own); it tells a first picture built from
 * another lesson or request apart.
 */
export function startKey(args: StartArgs): string {
  // An accepted text equal to the text is none (handler.ts builds no `previous` for it).
  const accepted = args.accepted === args.text ? null : (args.accepted ?? null);
  const input = JSON.stringify([args.text, accepted, args.request]);
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${args.text.length}-${(h >>> 0).toString(16)}`;
}

/**
 * The first picture's answer if it is for this start: `json` is the element's text (absent: no
 * first picture in this page, as in the dev server). Anything unreadable is no picture.
 */
export function firstPictureFor(json: string | null | undefined, args: StartArgs): BuiltReply | undefined {
  if (!json) return undefined;
  try {
    const first = JSON.parse(json) as Partial<FirstPicture>;
    if (first?.key !== startKey(args) || first.reply?.type !== 'built' || !first.reply.cluster) return undefined;
    return first.reply;
  } catch {
    return undefined;
  }
}
