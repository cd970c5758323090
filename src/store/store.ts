/**
 * One zustand store in slices: document (text, diagnostics), cluster (the last good build),
 * trace (request, hops), player and ui. The engine runs here, outside React, and only when its
 * inputs change.
 */
import { create } from 'zustand';
import type { Cluster, Diagnostic, Trace, TraceRequest } from '../engine';
import type { Lang } from '../i18n';
import { defaultLesson } from '../lessons';
import { initialPlayer, transition, type PlayerEvent, type PlayerState } from '../player/machine';
import { load, save } from './persist';
import { createLessonSlice, type LessonSlice } from './lesson';
import { createShareSlice, type Notice, type ShareSlice } from './share';
import { historySlice, type HistorySlice } from './historySlice';
import { firstThatBuilds, tryBuild, tryTrace } from './safe';
import type { SlotStatus } from './slots';
import { fillIn, lastGoodNow, saveLastGood, saveText, startText } from './text';
import { terminalSlice, type TerminalSlice } from './terminal';
import { playerSlice, type PlayerSlice } from './player';

export type Theme = 'light' | 'dark';

export interface AppState extends TerminalSlice, LessonSlice, ShareSlice, PlayerSlice, HistorySlice {
  text: string;
  /** Whether the text is kept in the browser, and if not, why (the editor shows it). */
  saveStatus: SlotStatus;
  /** The saved text is large and still being read (IndexedDB): the editor waits, the picture is the last good one. */
  textLoading?: { size: number };
  diagnostics: Diagnostic[];
  /** True when the text has syntax errors (or the engine failed on it) and the picture shows the last text that built. */
  stale: boolean;
  cluster: Cluster;
  request: TraceRequest;
  trace: Trace;
  player: PlayerState;
  lang: Lang;
  theme: Theme;
  /** Increments when the text is replaced from outside the editor (reset), so it reloads. */
  textVersion: number;

  setText: (text: string) => void;
  rebuild: () => void;
  setRequest: (request: Partial<TraceRequest>) => void;
  dispatch: (event: PlayerEvent) => void;
  setLang: (lang: Lang) => void;
  setTheme: (theme: Theme) => void;
}

function initialLang(): Lang {
  const saved = load('lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';
}

function hasSyntaxErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.code === 'yaml-syntax' && d.severity === 'error');
}

function savedRequest(): TraceRequest {
  try {
    const raw = load('request');
    if (raw) {
      const r = JSON.parse(raw) as TraceRequest;
      if (r && typeof r.from === 'string' && /^(external|pod\/.+|node\/.+)$/.test(r.from) && typeof r.to === 'string') return r;
    }
  } catch {
    // a corrupt saved request falls back to the lesson's
  }
  return defaultLesson.request;
}

const start = startText(defaultLesson.yaml);
// The last text the API server accepted whole is what the cluster ran before this page was
// closed: objects the saved text's edits made invalid keep running as it had them (apply).
const accepted = lastGoodNow();
const startBuild = tryBuild(start.text, { previous: accepted !== null && accepted !== start.text ? tryBuild(accepted).cluster : undefined });
const startRequest = savedRequest();
// If the saved text is broken, or the engine fails on it, the first picture is the last text
// that built (or the lesson's), the errors still show, and the text stays as it was.
const startCluster = startBuild.cluster && !hasSyntaxErrors(startBuild.cluster.diagnostics) ? startBuild.cluster : firstThatBuilds([lastGoodNow(), defaultLesson.yaml, '']);
const startDiagnostics = startBuild.cluster ? startBuild.cluster.diagnostics : startBuild.diagnostics;
const startNotice: Notice | undefined = startBuild.crash ? { key: 'store.notice.startCrashed', tone: 'error' } : undefined;
const startTrace = tryTrace(startCluster, startRequest);

/** The textVersion of the text last built: a change of it means a new document. */
let builtVersion = 0;

export const useStore = create<AppState>((set, get, api) => ({
  // In this order: the share slice decides embed mode (nothing written), then the history takes
  // over a lesson draft saved by an older Podpath, then the lesson slice reads the draft.
  ...createShareSlice(set, get),
  ...historySlice(set, get),
  ...createLessonSlice(set, get, api),
  notice: startNotice,
  text: start.text,
  saveStatus: { state: 'saved' },
  textLoading: start.loading,
  diagnostics: startDiagnostics,
  stale: startCluster !== startBuild.cluster,
  cluster: startCluster,
  request: startRequest,
  trace: startTrace,
  player: transition(initialPlayer, { type: 'load', total: startTrace.hops.length }),
  lang: initialLang(),
  theme: load('theme') === 'dark' ? 'dark' : 'light',
  textVersion: 0,
  ...terminalSlice(set, get),
  ...playerSlice(set, get),

  setText: (text) => {
    // Nothing can be typed over a text still loading (the editor waits for it).
    if (get().textLoading) return;
    set({ text, saveStatus: saveText(text, (saveStatus) => set({ saveStatus })) });
  },
  rebuild: () => {
    const { text, request, textVersion, cluster: before } = get();
    // Edits of one document (typing, the terminal, what-ifs) are applied over the cluster it
    // built: an object the API server refuses now keeps the version it accepted before. A
    // document replaced from outside (a link, a lesson, a file) is a new cluster.
    const previous = textVersion === builtVersion ? before : undefined;
    builtVersion = textVersion;
    const built = tryBuild(text, { previous });
    if (!built.cluster) {
      // The engine failed: the picture stays the last that built, and says why.
      set({ diagnostics: built.diagnostics, stale: true });
      return;
    }
    const cluster = built.cluster;
    if (hasSyntaxErrors(cluster.diagnostics)) {
      // Keep the last good picture; show the errors.
      set({ diagnostics: cluster.diagnostics, stale: true });
      return;
    }
    // The fallback picture, and the versions a reload applies over: a text with no refusal.
    if (!cluster.diagnostics.some((d) => d.severity === 'error')) saveLastGood(text);
    retrace(set, get, cluster, request, { diagnostics: cluster.diagnostics, stale: false });
  },
  setRequest: (partial) => {
    const request = { ...get().request, ...partial };
    if (partial.pick === undefined && 'pick' in partial) delete request.pick;
    save('request', JSON.stringify(request));
    retrace(set, get, get().cluster, request, {});
  },
  dispatch: (event) => set({ player: transition(get().player, event) }),
  setLang: (lang) => {
    save('lang', lang);
    set({ lang });
  },
  setTheme: (theme) => {
    save('theme', theme);
    set({ theme });
  },
}));

if (start.loading) void fillIn(useStore.getState, useStore.setState);

type Setter = (partial: Partial<AppState>) => void;

/** Re-runs the trace on a cluster; the player starts over when the path changed. */
function retrace(set: Setter, get: () => AppState, cluster: Cluster, request: TraceRequest, extra: Partial<AppState>) {
  const trace = tryTrace(cluster, request);
  const before = get().trace;
  const same = before.hops.length === trace.hops.length && before.hops.every((h, i) => h.element === trace.hops[i].element && h.title.key === trace.hops[i].title.key);
  const player = same ? { ...get().player, total: trace.hops.length } : transition(get().player, { type: 'load', total: trace.hops.length });
  set({ ...extra, cluster, request, trace, player });
}
