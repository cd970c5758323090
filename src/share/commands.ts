/**
 * Sharing, files and export, as command records (commands/registry.ts): the header's buttons,
 * the export menu and the Ctrl/⌘ shortcuts all run these.
 */
import type { Command } from '../commands/registry';
import { cancelRecording, currentNode, exportHandout, exportIptables, exportPng, exportSvg, exportVideo, isRecording } from './export/actions';
import { videoLength, webmType } from './export/video';
import { chooseFile, saveYaml } from './files';

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
  { id: 'export.png', group: 'export', label: () => 'share.cmd.png', icon: () => 'image', keys: [], enabled: () => true, perform: () => void exportPng(1) },
  { id: 'export.png2x', group: 'export', label: () => 'share.cmd.png2x', icon: () => 'image', keys: [], enabled: () => true, perform: () => void exportPng(2) },
  { id: 'export.svg', group: 'export', label: () => 'share.cmd.svg', icon: () => 'image', keys: [], enabled: () => true, perform: () => exportSvg() },
  { id: 'export.handoutMd', group: 'export', label: () => 'share.cmd.handoutMd', icon: () => 'doc', keys: [], enabled: hasTrace, perform: () => exportHandout('md') },
  { id: 'export.handoutHtml', group: 'export', label: () => 'share.cmd.handoutHtml', icon: () => 'doc', keys: [], enabled: hasTrace, perform: () => exportHandout('html') },
  {
    id: 'export.iptables', group: 'export',
    label: () => 'share.cmd.iptables',
    params: (s) => ({ node: currentNode(s) ?? '' }),
    icon: () => 'terminal',
    keys: [],
    enabled: (s) => s.cluster.nodes.length > 0,
    perform: () => exportIptables(),
  },
  {
    id: 'export.video', group: 'export',
    label: () => 'share.cmd.video',
    params: (s) => ({ seconds: Math.round(videoLength(s.trace.hops.length, s.player.speed) / 1000) }),
    icon: () => 'video',
    keys: [],
    enabled: (s) => hasTrace(s) && webmType() !== undefined && !isRecording(),
    perform: () => void exportVideo(),
  },
];

export { cancelRecording };
