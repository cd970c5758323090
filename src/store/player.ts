/**
 * The player's slice of the store: the requests kept side by side (the active one is the
 * store's `request` and `trace`), the YAML object in focus (from the editor's cursor, a rule,
 * a canvas element), the canvas element whose actions are open, and the view: presenter
 * mode, following the packet, the command list, the editor hidden.
 */
import type { SourceRange, TraceRequest } from '../engine';
import { objectAtLine } from '../player/links';
import { addEntry, removeEntry, restoreList, withActive, type RequestEntry, type RequestList } from '../player/requests';
import { load, save } from './persist';
import type { AppState } from './store';

export interface Focus {
  /** `Kind/namespace/name`, as provenance names objects. */
  object: string;
  /** The lines to show in the editor (the rule's own, or the whole object). */
  range?: SourceRange;
  /** Who set it: the editor's cursor does not scroll the editor. */
  source: 'editor' | 'rule' | 'canvas' | 'hop';
}

export interface PlayerSlice {
  requests: RequestEntry[];
  activeRequest: number;
  focus: Focus | null;
  selectedElement: string | null;
  presenter: boolean;
  follow: boolean;
  paletteOpen: boolean;
  editorHidden: boolean;

  /** Keeps a new request beside the others (a copy of the current one by default) and shows it. */
  addRequest: (request?: TraceRequest) => void;
  selectRequest: (index: number) => void;
  removeRequest: (index: number) => void;
  setFocus: (focus: Focus | null) => void;
  /** The editor's cursor moved to a line (null: the editor lost it). */
  setCursorLine: (line: number | null) => void;
  selectElement: (id: string | null) => void;
  setPresenter: (on: boolean) => void;
  setFollow: (on: boolean) => void;
  setPaletteOpen: (open: boolean) => void;
  setEditorHidden: (hidden: boolean) => void;
  /** A what-if: the new YAML goes to the editor (one undoable edit) and the cluster is rebuilt now. */
  applyYaml: (text: string) => void;
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

const list = (s: AppState): RequestList => withActive({ entries: s.requests, active: s.activeRequest }, s.request);

function show(set: Set, get: Get, next: RequestList) {
  save('requests', JSON.stringify(next));
  set({ requests: next.entries, activeRequest: next.active });
  const r = next.entries[next.active].request;
  // Every field, so nothing of the previous request (a pin, --connect-to) carries over.
  get().setRequest({ from: r.from, to: r.to, connect: r.connect, seed: r.seed, pick: r.pick, portForward: r.portForward, forwards: r.forwards, protocol: r.protocol });
}

export function playerSlice(set: Set, get: Get): PlayerSlice {
  // Presenter mode follows the packet; leaving it gives back what was chosen before.
  let followBefore = false;
  const saved = restoreList(load('requests'), { from: 'external', to: '' });
  return {
    // The active entry's request is the store's `request`: it is written back on every switch.
    requests: saved.entries,
    activeRequest: saved.active,
    focus: null,
    selectedElement: null,
    presenter: false,
    follow: false,
    paletteOpen: false,
    editorHidden: initialEditorHidden(),

    addRequest: (request) => show(set, get, addEntry(list(get()), request ?? get().request)),
    selectRequest: (index) => {
      const s = get();
      if (!s.requests[index]) return;
      show(set, get, { ...list(s), active: index });
    },
    removeRequest: (index) => show(set, get, removeEntry(list(get()), index)),
    setFocus: (focus) => set({ focus }),
    setCursorLine: (line) => {
      const s = get();
      const at = line === null ? undefined : objectAtLine(s.cluster, line);
      if (!at) {
        if (s.focus?.source === 'editor') set({ focus: null });
        return;
      }
      if (s.focus?.source === 'editor' && s.focus.object === at.object) return;
      set({ focus: { object: at.object, range: at.range, source: 'editor' } });
    },
    selectElement: (id) => set({ selectedElement: id }),
    setPresenter: (on) => {
      if (on === get().presenter) return;
      if (on) followBefore = get().follow;
      set({ presenter: on, follow: on ? true : followBefore, selectedElement: null, paletteOpen: false });
    },
    setFollow: (on) => set({ follow: on }),
    setPaletteOpen: (open) => set({ paletteOpen: open }),
    setEditorHidden: (hidden) => {
      save('editorHidden', String(hidden));
      set({ editorHidden: hidden });
    },
    applyYaml: (text) => {
      if (text === get().text) return;
      get().setText(text);
      get().rebuild();
    },
  };
}

/**
 * Below 1500 px the editor is a drawer over the stage, closed until asked for (E), unless the
 * user chose before: the canvas keeps at least half of the window (issue 13). Decided before
 * the first render, so the first frame has the stage's final size.
 */
function initialEditorHidden(): boolean {
  const saved = load('editorHidden');
  if (saved !== null) return saved === 'true';
  return typeof window !== 'undefined' && window.innerWidth < 1500;
}
