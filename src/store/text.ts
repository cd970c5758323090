/**
 * The YAML in the browser's storage. It is saved on every change where it fits (slots.ts), and
 * the editor says so when it does not fit anywhere. At start-up it is read from localStorage
 * at once; a text kept in IndexedDB (too large for localStorage) fills in once read, while
 * the app starts on the last text that built.
 */
import type { ReplaceReason } from './history';
import { takeSupersededReason } from './historySlice';
import { readBigSlot, readSlot, writeSlot, type SlotStatus } from './slots';
import type { AppState } from './store';

export function saveText(text: string, report: (status: SlotStatus) => void): SlotStatus {
  return writeSlot('yaml', text, { onStatus: report });
}

export function saveLastGood(text: string): void {
  writeSlot('lastGood', text);
}

/** The last text that built, when it can be read without waiting. */
export const lastGoodNow = (): string | null => readSlot('lastGood').text;

export interface StartText {
  text: string;
  /** The saved text is in IndexedDB: `text` stands in for it until fillIn reads it. */
  loading?: { size: number };
}

export function startText(fallback: string): StartText {
  const saved = readSlot('yaml');
  if (saved.text !== null) return { text: saved.text };
  if (saved.bigLength !== undefined) return { text: lastGoodNow() ?? fallback, loading: { size: saved.bigLength } };
  return { text: fallback };
}

let loaded: Promise<void> = Promise.resolve();

/** Resolves once the text saved in IndexedDB (if any) is on screen: a link opened at start-up waits for it, so it is kept in the history. */
export const whenTextLoaded = (): Promise<void> => loaded;

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

/** Reads the YAML kept in IndexedDB and puts it in place of its stand-in (or keeps it in the history if the stand-in was replaced meanwhile). */
export function fillIn(get: Get, set: Set): Promise<void> {
  const request = get().request;
  loaded = readBigSlot('yaml').then((text) => {
    const s = get();
    if (text === undefined) {
      // The browser dropped it (site data cleared in another tab): say so, keep the stand-in.
      if (s.textLoading) set({ textLoading: undefined, notice: { key: 'store.notice.bigGone', tone: 'error' } });
      return;
    }
    if (s.textLoading) {
      set({ text, textLoading: undefined, textVersion: s.textVersion + 1 });
      get().rebuild();
      return;
    }
    const why: ReplaceReason = takeSupersededReason() ?? { kind: 'loading' };
    s.keepDocument({ yaml: text, request }, why);
  });
  return loaded;
}
