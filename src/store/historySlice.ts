/**
 * The history slice: every document replaced from outside the editor is kept (history.ts),
 * the Earlier versions dialog lists them, and restoring one puts it back and keeps what it
 * replaced in turn. The notice's Undo and the lesson's "Restore my YAML" are restores of the
 * entry their replacement made.
 */
import { addEntry, countLines, fingerprintOf, HISTORY_INLINE_MAX, loadIndex, newId, saveIndex, textSlot, type HistoryEntry, type ReplaceReason } from './history';
import { isReadOnly, load, save } from './persist';
import type { DocumentState, Notice } from './share';
import { clearSlot, readBigSlot, readSlot, writeSlot, type SlotStatus } from './slots';
import type { AppState } from './store';

export interface HistorySlice {
  /** Newest first. */
  history: HistoryEntry[];
  historyOpen: boolean;
  setHistoryOpen: (open: boolean) => void;
  /** Keeps a document about to be replaced; its entry's id, or undefined when nothing was kept (embed mode). */
  keepDocument: (doc: DocumentState, why: ReplaceReason) => string | undefined;
  /**
   * Puts an entry back (at once when its text is in localStorage, after reading IndexedDB
   * otherwise). False when the entry or its text is gone.
   */
  restoreVersion: (id: string, notice?: Notice) => Promise<boolean>;
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

/**
 * Texts of entries whose slot write is under way or failed: restorable until the page closes.
 * Dropped once written, so the megabytes do not stay in memory.
 */
const unsaved = new Map<string, string>();

/** Reasons a document loading at start-up was replaced, for when it arrives (see text.ts). */
let supersededBy: ReplaceReason | undefined;
export const takeSupersededReason = (): ReplaceReason | undefined => {
  const why = supersededBy;
  supersededBy = undefined;
  return why;
};

export function historySlice(set: Set, get: Get): HistorySlice {
  const forget = (ids: string[]) => {
    for (const id of ids) {
      unsaved.delete(id);
      clearSlot(textSlot(id));
    }
    forgetDraft(ids);
  };
  const forgetDraft = (ids: string[]) => {
    const draft = get().draft;
    if (!draft || !ids.includes(draft.id)) return;
    save('draft', 'null');
    set({ draft: undefined });
  };
  const drop = (id: string) => {
    const history = get().history.filter((e) => e.id !== id);
    saveIndex(history);
    forget([id]);
    set({ history });
  };
  return {
    history: startHistory(),
    historyOpen: false,
    setHistoryOpen: (historyOpen) => set({ historyOpen }),

    keepDocument: (doc, why) => {
      if (isReadOnly()) return undefined;
      if (get().textLoading) {
        // The text on screen is a stand-in for the one still loading: that one is what gets kept, once it arrives.
        supersededBy = why;
        set({ textLoading: undefined });
        return undefined;
      }
      const entry: HistoryEntry = {
        id: newId(Date.now()),
        at: Date.now(),
        why,
        size: doc.yaml.length,
        lines: countLines(doc.yaml),
        fingerprint: fingerprintOf(doc.yaml, doc.request),
        request: doc.request,
        ...(doc.hop ? { hop: doc.hop } : {}),
        ...(doc.lesson ? { lesson: doc.lesson } : {}),
      };
      const { list, dropped, id } = addEntry(get().history, entry);
      const done = (status: SlotStatus) => {
        if (status.state === 'saved') unsaved.delete(id);
        if (status.state === 'failed') set({ history: get().history.map((e) => (e.id === id ? { ...e, unsaved: true } : e)) });
      };
      let status: SlotStatus | undefined;
      if (id === entry.id) {
        unsaved.set(id, doc.yaml);
        status = writeSlot(textSlot(id), doc.yaml, { inlineMax: HISTORY_INLINE_MAX, onStatus: done });
      }
      saveIndex(list);
      forget(dropped);
      set({ history: list });
      if (status) done(status);
      return id;
    },

    restoreVersion: async (id, notice) => {
      const entry = get().history.find((e) => e.id === id);
      if (!entry) return false;
      let text = unsaved.get(id) ?? readSlot(textSlot(id)).text ?? undefined;
      if (text === undefined) {
        text = await readBigSlot(textSlot(id));
        if (!get().history.includes(entry)) return false;
      }
      if (text === undefined) {
        drop(id);
        get().showNotice({ key: 'history.gone', tone: 'error' });
        return false;
      }
      // Out of the list first: it is the document on screen now, not an earlier one.
      drop(id);
      get().replaceDocument(
        { yaml: text, request: entry.request, hop: entry.hop, lesson: entry.lesson },
        { why: { kind: 'restore' }, notice: notice ?? { key: 'history.restored', tone: 'info', action: 'undo' } },
      );
      set({ historyOpen: false });
      return true;
    },
  };
}

/** The saved history, without entries whose text never made it into storage (the page closed first). */
function startHistory(): HistoryEntry[] {
  const list = loadIndex().filter((e) => {
    const slot = readSlot(textSlot(e.id));
    return slot.text !== null || slot.bigLength !== undefined;
  });
  return takeOverOldDraft(list);
}

/** Podpath before the history kept a lesson draft's text in the draft itself: it becomes an entry. */
function takeOverOldDraft(list: HistoryEntry[]): HistoryEntry[] {
  if (isReadOnly()) return list;
  let old: { text?: unknown; request?: { from?: unknown; to?: unknown }; lesson?: unknown } | null;
  try {
    old = JSON.parse(load('draft') ?? 'null') as typeof old;
  } catch {
    return list;
  }
  if (!old || typeof old.text !== 'string' || typeof old.request?.to !== 'string' || typeof old.request.from !== 'string' || !old.lesson) return list;
  const request = old.request as HistoryEntry['request'];
  const entry: HistoryEntry = { id: newId(Date.now()), at: Date.now(), why: { kind: 'lesson' }, size: old.text.length, lines: countLines(old.text), fingerprint: fingerprintOf(old.text, request), request };
  const { list: next, dropped, id } = addEntry(list, entry);
  if (id === entry.id && writeSlot(textSlot(id), old.text, { inlineMax: HISTORY_INLINE_MAX }).state === 'failed') return list;
  for (const gone of dropped) clearSlot(textSlot(gone));
  saveIndex(next);
  save('draft', JSON.stringify({ id, lesson: old.lesson }));
  return next;
}
