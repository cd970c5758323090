/**
 * Sharing, files and export, as command records (commands/registry.ts): the header's buttons,
 * the export menu and the Ctrl/⌘ shortcuts all run these.
 */
import type { Command } from '../commands/registry';
import { loadLessons } from '../lessons/load';
import type { AppState } from '../store';
import { currentNode } from './export/node';
import { videoLength, webmType } from './export/videoSpec';
import { chooseFile, saveYaml } from './files';

/**
 * The exports (SVG, PNG, handouts, video) are a chunk of their own, loaded when one is asked
 * for: none of them is needed to show the first screen. They name their files after the
 * lesson a session is, so the lessons come too.
 */
const actions = () => Promise.all([import('./export/actions'), loadLessons()]).then(([a]) => a);
type Actions = Awaited<ReturnType<typeof actions>>;
/** Runs an export once its code is here; a chunk that cannot load (offline, an old build) says so. */
const exporting = (s: AppState, f: (a: Actions) => unknown) =>
  actions()
    .then(f)
    .catch((e: unknown) => s.showNotice({ key: 'share.notice.exportFailed', params: { reason: e instanceof Error ? e.message : String(e) }, tone: 'error' }));
/** A video is being recorded (until its export settles): the menu entry is off meanwhile. */
let recording = false;

function exportVideo(s: AppState): void {
  if (recording) return;
  recording = true;
  void exporting(s, (a) => a.exportVideo()).finally(() => {
    recording = false;
  });
}

/** Stops the video being recorded, if any (the notice's Cancel). */
export function cancelRecording(): void {
  if (recording) void actions().then((a) => a.cancelRecording());
}

export const shareCommands: Command[] = [
  {
    id: 'share', group: 'share',
    label: () => 'share.cmd.share',
    icon: () => 'share',
    keys: ['Mod+Shift+l'],
    enabled: () => true,
    perform: (s) => s.setShareOpen(true),
  },
  {
    id: 'open', group: 'share',
    label: () => 'share.cmd.open',
    title: 'share.cmd.openTitle',
    icon: () => 'open',
    keys: ['Mod+o'],
    enabled: (s) => !s.embed,
    perform: () => chooseFile(),
  },
  {
    id: 'save', group: 'share',
    label: () => 'share.cmd.save',
    title: 'share.cmd.saveTitle',
    icon: () => 'save',
    keys: ['Mod+s'],
    enabled: (s) => !s.embed,
    perform: () => saveYaml(),
  },
];

/**
 * The documents links, lessons, files and resets replaced (src/app/HistoryDialog.tsx). Its button
 * sits on the editor's title row, beside the saved indicator, rather than in the header, which
 * has no width left at 1024 pixels.
 */
export const historyCommand: Command = {
  id: 'history', group: 'share',
  label: () => 'history.cmd',
  title: 'history.cmdTitle',
  icon: () => 'history',
  keys: ['h'],
  enabled: (s) => !s.embed,
  perform: (s) => s.setHistoryOpen(true),
};

const hasTrace = (s: Parameters<Command['enabled']>[0]) => s.trace.hops.length > 0;

export const exportCommands: Command[] = [
  { id: 'export.png', group: 'export', label: () => 'share.cmd.png', icon: () => 'image', keys: [], enabled: () => true, perform: (s) => void exporting(s, (a) => a.exportPng(1)) },
  { id: 'export.png2x', group: 'export', label: () => 'share.cmd.png2x', icon: () => 'image', keys: [], enabled: () => true, perform: (s) => void exporting(s, (a) => a.exportPng(2)) },
  { id: 'export.svg', group: 'export', label: () => 'share.cmd.svg', icon: () => 'image', keys: [], enabled: () => true, perform: (s) => void exporting(s, (a) => a.exportSvg()) },
  { id: 'export.handoutMd', group: 'export', label: () => 'share.cmd.handoutMd', icon: () => 'doc', keys: [], enabled: hasTrace, perform: (s) => void exporting(s, (a) => a.exportHandout('md')) },
  { id: 'export.handoutHtml', group: 'export', label: () => 'share.cmd.handoutHtml', icon: () => 'doc', keys: [], enabled: hasTrace, perform: (s) => void exporting(s, (a) => a.exportHandout('html')) },
  {
    id: 'export.iptables', group: 'export',
    label: () => 'share.cmd.iptables',
    params: (s) => ({ node: currentNode(s) ?? '' }),
    icon: () => 'terminal',
    keys: [],
    enabled: (s) => s.cluster.nodes.length > 0,
    perform: (s) => void exporting(s, (a) => a.exportIptables()),
  },
  {
    id: 'export.video', group: 'export',
    label: () => 'share.cmd.video',
    params: (s) => ({ seconds: Math.round(videoLength(s.trace.hops.length, s.player.speed) / 1000) }),
    icon: () => 'video',
    keys: [],
    enabled: (s) => hasTrace(s) && webmType() !== undefined && !recording,
    perform: (s) => exportVideo(s),
  },
];

