/**
 * The share slice: embed mode, the lesson a session comes from, the notice bar (link opened,
 * link broken, file opened, export running, update ready), the share dialog, the offline
 * status, and the one way a whole document is replaced from outside the editor (a link, a
 * file, a drop, a restore), which keeps what it replaced in the history (historySlice.ts);
 * the notice's Undo restores that entry.
 */
import type { TraceRequest } from '../engine';
import type { Params } from '../i18n';
import type { ReplaceReason } from './history';
import { save, setReadOnly } from './persist';
import type { AppState } from './store';
import { saveText } from './text';

/** The lesson and step a session comes from: plain fields, so a lesson slice can take them over. */
export interface LessonRef {
  id: string;
  step: number;
}

/** One line above the workspace: what just happened, and what can be done about it. */
export interface Notice {
  key: string;
  params?: Params;
  tone: 'info' | 'error' | 'progress';
  action?: 'undo' | 'reload' | 'cancel';
  /** 0..1 for a running job. */
  progress?: number;
}

/** Whether the app can work without the network: `ready` once every file is cached. */
export type OfflineStatus = 'unsupported' | 'file' | 'installing' | 'ready' | 'update' | 'failed';

/** A whole document: what a link carries and what Undo puts back. */
export interface DocumentState {
  yaml: string;
  request: TraceRequest;
  hop?: number;
  lesson?: LessonRef;
}

export interface ShareSlice {
  /** Read-only player for an iframe: no editor, nothing saved. */
  embed: boolean;
  notice?: Notice;
  /** The history entry of what the last replaceDocument replaced, while its notice offers Undo. */
  replaced?: string;
  /** True while a link given at start-up is being read. */
  linkPending: boolean;
  offline: OfflineStatus;
  shareOpen: boolean;
  /** The name of the file last opened, for Save. */
  fileName?: string;

  /** Replaces the document; what it replaces (if anything differs) is kept in the history, for `why`. */
  replaceDocument: (doc: DocumentState, opts: { why: ReplaceReason; notice?: Notice; fileName?: string }) => void;
  undoReplace: () => void;
  showNotice: (notice?: Notice) => void;
  setOffline: (status: OfflineStatus) => void;
  setShareOpen: (open: boolean) => void;
  setLinkPending: (pending: boolean) => void;
}

/** `?embed=1` (or `#embed`): the iframe player of a course page. */
export function embedRequested(loc: { search: string; hash: string } | undefined = globalThis.location): boolean {
  if (!loc) return false;
  const query = new URLSearchParams(loc.search).get('embed');
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ''));
  return (query !== null && query !== '0' && query !== 'false') || fragment.has('embed');
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

export function createShareSlice(set: Set, get: Get): ShareSlice {
  const embed = embedRequested();
  if (embed) setReadOnly();
  return {
    embed,
    linkPending: false,
    offline: 'unsupported',
    shareOpen: false,

    replaceDocument: (doc, opts) => {
      const s = get();
      // The lesson on screen is the lesson slice's; a document that names one moves it there.
      const before: DocumentState = { yaml: s.text, request: s.request, hop: s.player.step, lesson: { id: s.lesson.id, step: s.lesson.step } };
      // Only what differs is worth keeping (and offering Undo for).
      const same = before.yaml === doc.yaml && JSON.stringify(before.request) === JSON.stringify(doc.request);
      const kept = same ? undefined : s.keepDocument(before, opts.why);
      save('request', JSON.stringify(doc.request));
      if (doc.lesson) save('lesson', JSON.stringify(doc.lesson));
      set({
        text: doc.yaml,
        saveStatus: saveText(doc.yaml, (saveStatus) => set({ saveStatus })),
        request: doc.request,
        ...(doc.lesson ? { lesson: { ...doc.lesson, answerShown: false } } : {}),
        textVersion: s.textVersion + 1,
        replaced: opts.notice?.action === 'undo' ? kept : undefined,
        notice: opts.notice,
        ...(opts.fileName !== undefined ? { fileName: opts.fileName } : {}),
      });
      get().rebuild(doc.hop ? { seek: doc.hop } : {});
    },
    undoReplace: () => {
      const id = get().replaced;
      if (!id) return;
      set({ replaced: undefined });
      void get().restoreVersion(id, { key: 'share.notice.undone', tone: 'info' });
    },
    showNotice: (notice) => set({ notice, ...(notice?.action === 'undo' ? {} : { replaced: undefined }) }),
    setOffline: (offline) => set({ offline }),
    setShareOpen: (shareOpen) => set({ shareOpen }),
    setLinkPending: (linkPending) => set({ linkPending }),
  };
}
