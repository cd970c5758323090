/**
 * Every user command is one record: buttons, keyboard shortcuts, the canvas's action bar and
 * the command list all read these records (the pattern of excalidraw's actions). Adding a
 * command here makes it reachable everywhere. What-if commands are records too, made from the
 * cluster (one per object they act on): see whatifCommands.ts.
 */
import type { IconName } from '../app/Icon';
import { SPEEDS } from '../player/machine';
import { MAX_REQUESTS } from '../player/requests';
import type { AppState } from '../store';
import { exportCommands, historyCommand, shareCommands } from '../share/commands';
import { currentStep, stepCount } from '../store/lesson';
import { whatIfCommands } from './whatifCommands';

export type CommandGroup = 'player' | 'requests' | 'view' | 'whatif' | 'lesson' | 'share' | 'export';

export interface Command {
  id: string;
  group: CommandGroup;
  /** Message key of the label (also the accessible name). */
  label: (s: AppState) => string;
  /** Parameters of the label's message, when it has any. */
  params?: (s: AppState) => Record<string, string | number>;
  /** Message key of a longer description (the tooltip). */
  title?: string;
  icon: (s: AppState) => IconName;
  /** `KeyboardEvent.key` values that run the command; `Mod+k` is Ctrl+k (⌘k on a Mac). */
  keys: string[];
  enabled: (s: AppState) => boolean;
  /** Runs it; a what-if's edit returns once its code has loaded and the text is edited. */
  perform: (s: AppState) => void | Promise<void>;
  /** For toggles: whether it is on now (aria-pressed). */
  pressed?: (s: AppState) => boolean;
  /** Canvas elements whose action bar offers the command. */
  elements?: string[];
}

const hasHops = (s: AppState) => s.trace.hops.length > 0;
const notLast = (s: AppState) => hasHops(s) && s.player.step < s.player.total - 1;
const speedIndex = (s: AppState) => SPEEDS.indexOf(s.player.speed as (typeof SPEEDS)[number]);

export const playerCommands: Command[] = [
  { id: 'reset', group: 'player', label: () => 'player.reset', icon: () => 'reset', keys: ['Home'], enabled: (s) => hasHops(s) && (s.player.step > 0 || s.player.status !== 'idle'), perform: (s) => s.dispatch({ type: 'reset' }) },
  { id: 'stepBack', group: 'player', label: () => 'player.stepBack', icon: () => 'back', keys: ['ArrowLeft'], enabled: (s) => hasHops(s) && s.player.step > 0, perform: (s) => s.dispatch({ type: 'stepBack' }) },
  {
    id: 'toggle', group: 'player',
    label: (s) => (s.player.status === 'playing' ? 'player.pause' : 'player.play'),
    icon: (s) => (s.player.status === 'playing' ? 'pause' : 'play'),
    keys: [' '], enabled: hasHops, perform: (s) => s.dispatch({ type: 'toggle' }),
  },
  { id: 'stepForward', group: 'player', label: () => 'player.stepForward', icon: () => 'forward', keys: ['ArrowRight'], enabled: notLast, perform: (s) => s.dispatch({ type: 'stepForward' }) },
  { id: 'end', group: 'player', label: () => 'player.end', icon: () => 'end', keys: ['End'], enabled: notLast, perform: (s) => s.dispatch({ type: 'end' }) },
];

/**
 * Lessons. PageDown and PageUp are what a presenter's clicker sends, so a teacher can walk the
 * steps from the back of the room.
 */
export const lessonCommands: Command[] = [
  {
    group: 'lesson',
    id: 'lessonPicker',
    label: () => 'lesson.pick',
    icon: () => 'lessons',
    keys: ['l'],
    enabled: () => true,
    perform: (s) => s.setPickerOpen(true),
  },
  {
    group: 'lesson',
    id: 'lessonPrev',
    label: () => 'lesson.prev',
    icon: () => 'prev',
    keys: ['PageUp'],
    enabled: (s) => s.lesson.step > 0,
    perform: (s) => s.goToStep(s.lesson.step - 1),
  },
  {
    group: 'lesson',
    id: 'lessonNext',
    label: () => 'lesson.next',
    icon: () => 'next',
    keys: ['PageDown'],
    enabled: (s) => s.lesson.step < stepCount(s) - 1,
    perform: (s) => s.goToStep(s.lesson.step + 1),
  },
  {
    group: 'lesson',
    id: 'lessonAnswer',
    label: () => 'lesson.showAnswer',
    icon: () => 'answer',
    keys: ['a'],
    enabled: (s) => !!currentStep(s)?.challenge && !s.lesson.answerShown,
    perform: (s) => s.showAnswer(),
  },
  {
    group: 'lesson',
    id: 'lessonResetStep',
    label: () => 'lesson.resetStep',
    icon: () => 'reset',
    keys: [],
    enabled: () => true,
    perform: (s) => s.resetStep(),
  },
  {
    group: 'lesson',
    id: 'lessonRestoreDraft',
    label: () => 'lesson.restoreDraft',
    icon: () => 'restore',
    keys: [],
    enabled: (s) => !!s.draft,
    perform: (s) => s.restoreDraft(),
  },
  {
    group: 'lesson',
    id: 'lessonDismissDraft',
    label: () => 'lesson.dismissDraft',
    icon: () => 'close',
    keys: [],
    enabled: (s) => !!s.draft,
    perform: (s) => s.dismissDraft(),
  },
];

const speedCommands: Command[] = [
  { id: 'slower', group: 'player', label: () => 'player.slower', icon: () => 'minus', keys: ['-'], enabled: (s) => speedIndex(s) > 0, perform: (s) => s.dispatch({ type: 'speed', speed: SPEEDS[speedIndex(s) - 1] }) },
  { id: 'faster', group: 'player', label: () => 'player.faster', icon: () => 'plus', keys: ['+', '='], enabled: (s) => speedIndex(s) < SPEEDS.length - 1, perform: (s) => s.dispatch({ type: 'speed', speed: SPEEDS[speedIndex(s) + 1] }) },
];

const requestCommands: Command[] = [
  ...Array.from({ length: MAX_REQUESTS }, (_, i): Command => ({
    id: `request${i + 1}`, group: 'requests',
    label: () => 'requests.select',
    params: () => ({ n: i + 1 }),
    icon: () => 'target',
    keys: [String(i + 1)],
    enabled: (s) => i < s.requests.length,
    pressed: (s) => s.activeRequest === i,
    perform: (s) => s.selectRequest(i),
  })),
  { id: 'addRequest', group: 'requests', label: () => 'requests.add', icon: () => 'plus', keys: ['n'], enabled: (s) => s.requests.length < MAX_REQUESTS, perform: (s) => s.addRequest() },
  { id: 'removeRequest', group: 'requests', label: () => 'requests.remove', icon: () => 'close', keys: [], enabled: (s) => s.requests.length > 1, perform: (s) => s.removeRequest(s.activeRequest) },
];

export const viewCommands: Command[] = [
  { id: 'presenter', group: 'view', label: (s) => (s.presenter ? 'view.presenterLeave' : 'view.presenter'), icon: () => 'screen', keys: ['p'], enabled: () => true, pressed: (s) => s.presenter, perform: (s) => s.setPresenter(!s.presenter) },
  { id: 'leavePresenter', group: 'view', label: () => 'view.presenterLeave', icon: () => 'close', keys: ['Escape'], enabled: (s) => s.presenter, perform: (s) => s.setPresenter(false) },
  { id: 'follow', group: 'view', label: () => 'view.follow', icon: () => 'target', keys: ['f'], enabled: () => true, pressed: (s) => s.follow, perform: (s) => s.setFollow(!s.follow) },
  { id: 'editor', group: 'view', label: (s) => (s.editorHidden ? 'view.editorShow' : 'view.editorHide'), icon: () => 'panel', keys: ['e'], enabled: (s) => !s.presenter, pressed: (s) => s.editorHidden, perform: (s) => s.setEditorHidden(!s.editorHidden) },
  { id: 'commands', group: 'view', label: () => 'view.commands', icon: () => 'list', keys: ['Mod+k', '?'], enabled: () => true, perform: (s) => s.setPaletteOpen(!s.paletteOpen) },
];

/** The commands that exist whatever the cluster holds. */
export const staticCommands: Command[] = [...playerCommands, ...speedCommands, ...requestCommands, ...viewCommands, ...lessonCommands, ...shareCommands, historyCommand, ...exportCommands];

/** Every command for the current state: the fixed ones, then the what-ifs the cluster allows. */
export function commandsFor(s: AppState): Command[] {
  return [...staticCommands, ...whatIfCommands(s)];
}

/** A fixed command by its id. */
export function command(id: string): Command {
  const found = staticCommands.find((c) => c.id === id);
  if (!found) throw new Error(`no command ${id}`);
  return found;
}

/** The command bound to a plain key (no Ctrl, ⌘ or Alt), if any. */
export function commandForKey(key: string): Command | undefined {
  return staticCommands.find((c) => c.keys.some((k) => k === key || (k.length === 1 && key.length === 1 && key.toLowerCase() === k)));
}

/** The command bound to a Ctrl/⌘ chord (`Mod+k`), which works even while typing in the editor. */
export function commandForChord(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): Command | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const chord = `Mod+${e.shiftKey ? 'Shift+' : ''}${e.key.toLowerCase()}`;
  return staticCommands.find((c) => c.keys.includes(chord));
}

/** How a command's keys read on a button's tooltip and in the command list. */
export function keyLabel(key: string): string {
  if (key === ' ') return 'Space';
  if (key === 'ArrowLeft') return '←';
  if (key === 'ArrowRight') return '→';
  return key.replace(/^Mod\+(Shift\+)?(.)$/, (_, shift: string | undefined, k: string) => `Ctrl+${shift ?? ''}${k.toUpperCase()}`);
}
