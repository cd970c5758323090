/**
 * One zustand store in slices: document (text, diagnostics), cluster (the last good build),
 * trace (request, hops), player and ui. The engine runs here, outside React, and only when its
 * inputs change.
 */
import { create } from 'zustand';
import type { Cluster, Diagnostic, Trace, TraceRequest } from '../engine';
import type { Lang } from '../i18n';
import { defaultLesson } from '../lessons/load';
import { initialPlayer, transition, type PlayerEvent, type PlayerState } from '../player/machine';
import { load, save } from './persist';
import { createLessonSlice, type LessonSlice } from './lesson';
import { createShareSlice, type Notice, type ShareSlice } from './share';
import { historySlice, type HistorySlice } from './historySlice';
import { emptyCluster, emptyTrace } from './safe';
import { engineClient, startEngine } from '../worker/browser';
import { whenStage } from '../app/firstFrame';
import type { BuiltReply, TablesReply } from '../worker/protocol';
import { hasTables, receiveTables, unpackCluster } from '../worker/pack';
import type { SlotStatus } from './slots';
import { FIRST_PICTURE_ID, firstPictureFor } from '../worker/firstPictureKey';
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
  /** Builds the text in the worker; `seek` moves the player once it answers (0: a lesson step starts at its first hop). */
  rebuild: (opts?: { seek?: number; ifChanged?: boolean }) => void;
  /** True from a rebuild until the worker answers it. */
  building: boolean;
  /** True until the worker answers the first build (the stage waits for it; the shell is already there). */
  booting: boolean;
  /** Increments when a node's tables come: what shows the tables' facts (rule counts, links, the inspector) reads them again. */
  tablesVersion: number;
  /** The traces of the request tabs other than the active one, on `cluster` (traced by the worker, traceOthers). */
  otherTraces: { cluster: Cluster | null; byRequest: ReadonlyMap<string, Trace> };
  /** Traces a new request on the picture; `then` runs once its trace is on screen (the engine answers later). */
  setRequest: (request: Partial<TraceRequest>, then?: () => void) => void;
  dispatch: (event: PlayerEvent) => void;
  setLang: (lang: Lang) => void;
  setTheme: (theme: Theme) => void;
}

function initialLang(): Lang {
  const saved = load('lang');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';
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
const startRequest = savedRequest();

/** From this size (characters) a build takes seconds: the user is told what happens (store.notice.large). */
export const LARGE_TEXT = 2_000_000;

/** The sequence number of the build the picture shows (the worker keeps it, for apply and traces). */
let shownBuild: number | undefined;
/** The textVersion of the text last sent to be built: a change of it means a new document. */
let builtVersion = 0;
/** What to do with the player once the build asked for answers (a lesson step starts at its first hop). */
let afterBuild: { seek?: number } = {};
/** The text of the build running (it becomes the last good text if accepted whole). */
let sent: { seq: number; text: string } | undefined;
/** What the last build cost in the worker (ms): the editor's debounce follows it. */
let lastBuildMs = 0;
export const lastBuildCost = (): number => lastBuildMs;
/** The build on screen, for what asks the worker about it (the NetworkPolicy matrix, reach.ts). */
export const shownBuildSeq = (): number | undefined => shownBuild;
/** Callers waiting for the picture to catch up with the text (whenBuilt). */
const waiters: (() => void)[] = [];
/** Callers waiting for a node's tables of the build on screen (whenNodeTables), by node. */
const tableWaiters = new Map<string, (() => void)[]>();
/** Tables asked of the worker, by build and node: each is asked once. */
const tablesAsked = new Set<string>();

/**
 * Runs `fn` once the node's netfilter tables of the build on screen are on the page: now, or
 * when the worker has sent them (a large build sends only the trace's nodes by itself; any
 * other is asked for here). An export and the inspector read them; the terminal runs in the
 * worker and needs none.
 */
export function whenNodeTables(node: string, fn: () => void): void {
  const { cluster } = useStore.getState();
  if (shownBuild === undefined || hasTables(cluster, node) || !cluster.nodeDataplanes.some((d) => d.node === node)) return fn();
  tableWaiters.set(node, [...(tableWaiters.get(node) ?? []), fn]);
  const key = `${shownBuild} ${node}`;
  if (!tablesAsked.has(key)) {
    tablesAsked.add(key);
    engineClient().tables(shownBuild, node);
  }
}

/** A new picture: those who waited for the old picture's tables go on with the new one's (asked again where they are not in). */
function newPictureTables() {
  tablesAsked.clear();
  queueMicrotask(() => {
    for (const [node, fns] of [...tableWaiters]) {
      tableWaiters.delete(node);
      for (const fn of fns) whenNodeTables(node, fn);
    }
  });
}

/**
 * Runs `fn` once the picture shows the text on screen and its trace: now if nothing is being
 * built, else when the newest build answers. What reads the built cluster after changing the
 * text (a file's request, a remembered hop) waits for it here: the engine answers later.
 */
export function whenBuilt(fn: () => void): void {
  if (!useStore.getState().building) fn();
  else waiters.push(fn);
}

function caughtUp(get: () => AppState) {
  if (get().building || engineClient().busy()) return;
  for (const fn of waiters.splice(0)) fn();
}

export const useStore = create<AppState>((set, get, api) => ({
  // In this order: the share slice decides embed mode (nothing written), then the history takes
  // over a lesson draft saved by an older Podpath, then the lesson slice reads the draft.
  ...createShareSlice(set, get),
  ...historySlice(set, get),
  ...createLessonSlice(set, get, api),
  text: start.text,
  saveStatus: { state: 'saved' },
  textLoading: start.loading,
  // Until the worker answers, the shell is painted with an empty picture (no engine runs here).
  diagnostics: [],
  stale: false,
  cluster: emptyCluster(),
  request: startRequest,
  trace: emptyTrace(startRequest),
  player: transition(initialPlayer, { type: 'load', total: 0 }),
  building: true,
  booting: true,
  tablesVersion: 0,
  otherTraces: { cluster: null, byRequest: new Map() },
  lang: initialLang(),
  theme: load('theme') === 'dark' ? 'dark' : 'light',
  textVersion: 0,
  ...terminalSlice(set, get),
  ...playerSlice(set, get),

  setText: (text) => {
    // Nothing can be typed over a text still loading (the editor waits for it).
    if (get().textLoading) return;
    const before = get().text.length;
    set({ text, saveStatus: saveText(text, (saveStatus) => set({ saveStatus })) });
    // Said once, when the text becomes that large (a paste, a file), not at every keystroke.
    if (text.length >= LARGE_TEXT && before < LARGE_TEXT) get().showNotice({ key: 'store.notice.large', params: { size: `${(text.length / 1e6).toFixed(1)} MB` }, tone: 'info' });
  },
  rebuild: (opts = {}) => {
    // The editor's debounce asks after every change of the text, also those already built (a lesson, a what-if).
    if (opts.ifChanged && sent?.text === get().text && builtVersion === get().textVersion) return;
    if (opts.seek !== undefined) afterBuild = { seek: opts.seek };
    set({ building: true });
    engineClient().build(
      (seq) => {
        // Decided when the build is sent: the store may have moved on while another ran.
        const { text, request, textVersion } = get();
        sent = { seq, text };
        const applyOverShown = textVersion === builtVersion;
        builtVersion = textVersion;
        return { text, request, shown: shownBuild, applyOverShown };
      },
      (reply) => accept(set, get, reply),
    );
  },
  setRequest: (partial, then) => {
    const request = { ...get().request, ...partial };
    if (partial.pick === undefined && 'pick' in partial) delete request.pick;
    save('request', JSON.stringify(request));
    set({ request });
    retrace(set, get, then, get().player.step);
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

/** The longest the worker waits for the page to be drawn when the first picture came with it. */
const ENGINE_AT_THE_LATEST_MS = 3000;

/** The JSON of the first picture index.html carries (firstPictureKey.ts), read once: the element goes, its text is large. */
function firstPictureJson(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const element = document.getElementById(FIRST_PICTURE_ID);
  element?.remove();
  return element?.textContent ?? undefined;
}

/**
 * The first build: the saved text over the last text accepted whole, or the first fallback that
 * builds. A fresh page on the default lesson draws the answer index.html carries at once.
 */
function startUp(set: Setter, get: () => AppState) {
  // The last text the API server accepted whole is what the cluster ran before this page was
  // closed: objects the saved text's edits made invalid keep running as it had them (apply).
  const fallbacks = [lastGoodNow(), defaultLesson.yaml, ''];
  const args = { text: start.text, accepted: lastGoodNow(), fallbacks, request: get().request };
  const known = firstPictureFor(firstPictureJson(), args);
  // With the picture in hand, the worker waits for the page to be drawn (app/firstFrame.ts).
  startEngine(known ? Promise.race([whenStage(2), new Promise((r) => setTimeout(r, ENGINE_AT_THE_LATEST_MS))]) : undefined);
  const seq = engineClient().start(args, (reply) => {
    shownBuild = reply.seq;
    lastBuildMs = reply.ms;
    const cluster = reply.cluster ? unpackCluster(reply.cluster) : emptyCluster();
    set({
      cluster,
      diagnostics: reply.diagnostics,
      stale: reply.stale,
      building: false,
      booting: false,
      ...(reply.crash !== undefined ? { notice: { key: 'store.notice.startCrashed', tone: 'error' } satisfies Notice } : {}),
    });
    if (sameRequest(reply, get().request)) {
      showTrace(set, get, reply.trace!);
      caughtUp(get);
    } else retrace(set, get, () => caughtUp(get));
  }, known);
  sent ??= { seq, text: start.text };
}

const sameRequest = (reply: BuiltReply, request: TraceRequest) => !!reply.trace && JSON.stringify(reply.trace.request) === JSON.stringify(request);

/** A build answered: the new picture, or (syntax errors, engine failure) the errors over the last good one. */
function accept(set: Setter, get: () => AppState, reply: BuiltReply) {
  lastBuildMs = reply.ms;
  const seek = afterBuild.seek;
  afterBuild = {};
  const moveTo = () => {
    if (seek !== undefined) get().dispatch(seek === 0 ? { type: 'load', total: get().trace.hops.length } : { type: 'seek', step: seek });
    caughtUp(get);
  };
  // A build sent before the first one answered replaces it (the client drops the older answer):
  // it ends the boot as well.
  if (!reply.cluster) {
    set({ diagnostics: reply.diagnostics, stale: true, building: false, booting: false });
    moveTo();
  } else {
    shownBuild = reply.seq;
    // The fallback picture, and the versions a reload applies over: a text with no refusal.
    if (reply.acceptedWhole && sent?.seq === reply.seq) saveLastGood(sent.text);
    const cluster = unpackCluster(reply.cluster);
    set({ diagnostics: reply.diagnostics, stale: false, cluster, building: false, booting: false });
    newPictureTables();
    if (sameRequest(reply, get().request)) {
      showTrace(set, get, reply.trace!);
      moveTo();
    } else retrace(set, get, moveTo);
  }
}

/**
 * Traces the store's request on the build the picture shows. `stepAtSwitch`: the player's step
 * when the request was switched; steps taken while the engine answers carry over to the new
 * path (a lecturer who switches and presses → three times lands on the third hop).
 */
function retrace(set: Setter, get: () => AppState, then?: () => void, stepAtSwitch?: number) {
  const build = shownBuild;
  if (build === undefined) return then?.();
  const request = get().request;
  engineClient().trace(build, request, (reply) => {
    // Only if it is still the picture and the request on screen.
    if (reply.build === shownBuild && get().request === request) showTrace(set, get, reply.trace, stepAtSwitch);
    then?.();
  });
}

/** Shows a trace; the player starts over when the path changed (keeping the steps taken since a switch, stepAtSwitch). */
function showTrace(set: Setter, get: () => AppState, trace: Trace, stepAtSwitch?: number) {
  const before = get().trace;
  const same = before.hops.length === trace.hops.length && before.hops.every((h, i) => h.element === trace.hops[i].element && h.title.key === trace.hops[i].title.key);
  if (same) return set({ trace, player: { ...get().player, total: trace.hops.length } });
  let player = transition(get().player, { type: 'load', total: trace.hops.length });
  const moved = stepAtSwitch === undefined ? 0 : get().player.step - stepAtSwitch;
  if (moved > 0) player = transition(player, { type: 'seek', step: Math.min(moved, trace.hops.length - 1) });
  set({ trace, player });
}

/** A large build's tables of a node, sent after it or asked for: kept if they are for the build on screen. */
function takeTables(set: Setter, get: () => AppState, reply: TablesReply) {
  if (reply.build !== shownBuild || !receiveTables(get().cluster, reply.node, reply)) return;
  set({ tablesVersion: get().tablesVersion + 1 });
  const fns = tableWaiters.get(reply.node) ?? [];
  tableWaiters.delete(reply.node);
  for (const fn of fns) fn();
}

engineClient().onTables((reply) => takeTables(useStore.setState, useStore.getState, reply));

/**
 * The request tabs other than the active one are traced by the worker on the build on screen,
 * each once (the canvas shows their packets side by side): on the page's thread each was a
 * whole trace, per tab and per build.
 */
function traceOthers(get: () => AppState, set: Setter) {
  const s = get();
  const build = shownBuild;
  if (build === undefined || s.booting) return;
  const cluster = s.cluster;
  const known = s.otherTraces.cluster === cluster ? s.otherTraces.byRequest : new Map<string, Trace>();
  // With one tab there is nothing to trace: no update (each wakes every subscriber on a large build).
  if (s.requests.length < 2 && s.otherTraces.byRequest.size === 0) return;
  if (known !== s.otherTraces.byRequest) {
    asked.clear();
    set({ otherTraces: { cluster, byRequest: known } });
  }
  s.requests.forEach((entry, i) => {
    if (i === s.activeRequest) return;
    const key = JSON.stringify(entry.request);
    if (known.has(key) || asked.has(`${build} ${key}`)) return;
    asked.add(`${build} ${key}`);
    engineClient().trace(build, entry.request, (reply) => {
      const now = get();
      if (reply.build !== shownBuild || now.cluster !== cluster) return;
      const byRequest = new Map(now.otherTraces.cluster === cluster ? now.otherTraces.byRequest : []);
      byRequest.set(key, reply.trace);
      set({ otherTraces: { cluster, byRequest } });
    });
  });
}
/** Traces asked for, by build and request: each is asked once. */
const asked = new Set<string>();

useStore.subscribe((s, before) => {
  if (s.cluster !== before.cluster || s.requests !== before.requests || s.activeRequest !== before.activeRequest || s.booting !== before.booting) traceOthers(useStore.getState, useStore.setState);
});
startUp(useStore.setState, useStore.getState);
if (start.loading) void fillIn(useStore.getState, useStore.setState);
