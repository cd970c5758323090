/**
 * One zustand store in slices: document (text, diagnostics), cluster (the last good build),
 * trace (request, hops), player and ui. The engine runs here, outside React, and only when its
 * inputs change.
 */
import { create } from 'zustand';
import { buildCluster, traceRequest, type Cluster, type Diagnostic, type Trace, type TraceRequest } from '../engine';
import type { Lang } from '../i18n';
import { defaultLesson } from '../lessons';
import { initialPlayer, transition, type PlayerEvent, type PlayerState } from '../player/machine';
import { load, save } from './persist';
import { createLessonSlice, type LessonSlice } from './lesson';
import { createShareSlice, type ShareSlice } from './share';
import { terminalSlice, type TerminalSlice } from './terminal';
import { playerSlice, type PlayerSlice } from './player';

export type Theme = 'light' | 'dark';

export interface AppState extends TerminalSlice, LessonSlice, ShareSlice, PlayerSlice {
  text: string;
  diagnostics: Diagnostic[];
  /** True when the text has syntax errors and the picture shows the last text that built. */
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

const startText = load('yaml') ?? defaultLesson.yaml;
const startBuild = buildCluster(startText);
const startRequest = savedRequest();
// If the saved text is broken, the first picture is the last text that built (or the lesson's),
// and the errors still show.
const startCluster = hasSyntaxErrors(startBuild.diagnostics) ? buildCluster(load('lastGood') ?? defaultLesson.yaml) : startBuild;
const startTrace = traceRequest(startCluster, startRequest);

export const useStore = create<AppState>((set, get, api) => ({
  ...createLessonSlice(set, get, api),
  ...createShareSlice(set, get),
  text: startText,
  diagnostics: startBuild.diagnostics,
  stale: startCluster !== startBuild,
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
    save('yaml', text);
    set({ text });
  },
  rebuild: () => {
    const { text, request } = get();
    const cluster = buildCluster(text);
    if (hasSyntaxErrors(cluster.diagnostics)) {
      // Keep the last good picture; show the errors.
      set({ diagnostics: cluster.diagnostics, stale: true });
      return;
    }
    save('lastGood', text);
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

type Setter = (partial: Partial<AppState>) => void;

/** Re-runs the trace on a cluster; the player starts over when the path changed. */
function retrace(set: Setter, get: () => AppState, cluster: Cluster, request: TraceRequest, extra: Partial<AppState>) {
  const trace = traceRequest(cluster, request);
  const before = get().trace;
  const same = before.hops.length === trace.hops.length && before.hops.every((h, i) => h.element === trace.hops[i].element && h.title.key === trace.hops[i].title.key);
  const player = same ? { ...get().player, total: trace.hops.length } : transition(get().player, { type: 'load', total: trace.hops.length });
  set({ ...extra, cluster, request, trace, player });
}
