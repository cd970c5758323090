/**
 * Every user command is one record: buttons, keyboard shortcuts and menus all read this list
 * (the pattern of excalidraw's actions). Adding a command here makes it reachable everywhere.
 */
import type { IconName } from '../app/Icon';
import type { AppState } from '../store';
import { exportCommands, shareCommands } from '../share/commands';
import { currentStep, stepCount } from '../store/lesson';

export interface Command {
  id: string;
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
  perform: (s: AppState) => void;
}

const hasHops = (s: AppState) => s.trace.hops.length > 0;

export const playerCommands: Command[] = [
  {
    id: 'reset',
    label: () => 'player.reset',
    icon: () => 'reset',
    keys: ['Home'],
    enabled: (s) => hasHops(s) && (s.player.step > 0 || s.player.status !== 'idle'),
    perform: (s) => s.dispatch({ type: 'reset' }),
  },
  {
    id: 'stepBack',
    label: () => 'player.stepBack',
    icon: () => 'back',
    keys: ['ArrowLeft'],
    enabled: (s) => hasHops(s) && s.player.step > 0,
    perform: (s) => s.dispatch({ type: 'stepBack' }),
  },
  {
    id: 'toggle',
    label: (s) => (s.player.status === 'playing' ? 'player.pause' : 'player.play'),
    icon: (s) => (s.player.status === 'playing' ? 'pause' : 'play'),
    keys: [' '],
    enabled: hasHops,
    perform: (s) => s.dispatch({ type: 'toggle' }),
  },
  {
    id: 'stepForward',
    label: () => 'player.stepForward',
    icon: () => 'forward',
    keys: ['ArrowRight'],
    enabled: (s) => hasHops(s) && s.player.step < s.player.total - 1,
    perform: (s) => s.dispatch({ type: 'stepForward' }),
  },
  {
    id: 'end',
    label: () => 'player.end',
    icon: () => 'end',
    keys: ['End'],
    enabled: (s) => hasHops(s) && s.player.step < s.player.total - 1,
    perform: (s) => s.dispatch({ type: 'end' }),
  },
];

/**
 * Lessons. PageDown and PageUp are what a presenter's clicker sends, so a teacher can walk the
 * steps from the back of the room.
 */
export const lessonCommands: Command[] = [
  {
    id: 'lessonPicker',
    label: () => 'lesson.pick',
    icon: () => 'lessons',
    keys: ['l'],
    enabled: () => true,
    perform: (s) => s.setPickerOpen(true),
  },
  {
    id: 'lessonPrev',
    label: () => 'lesson.prev',
    icon: () => 'prev',
    keys: ['PageUp'],
    enabled: (s) => s.lesson.step > 0,
    perform: (s) => s.goToStep(s.lesson.step - 1),
  },
  {
    id: 'lessonNext',
    label: () => 'lesson.next',
    icon: () => 'next',
    keys: ['PageDown'],
    enabled: (s) => s.lesson.step < stepCount(s) - 1,
    perform: (s) => s.goToStep(s.lesson.step + 1),
  },
  {
    id: 'lessonAnswer',
    label: () => 'lesson.showAnswer',
    icon: () => 'answer',
    keys: ['a'],
    enabled: (s) => !!currentStep(s)?.challenge && !s.lesson.answerShown,
    perform: (s) => s.showAnswer(),
  },
  {
    id: 'lessonResetStep',
    label: () => 'lesson.resetStep',
    icon: () => 'reset',
    keys: [],
    enabled: () => true,
    perform: (s) => s.resetStep(),
  },
  {
    id: 'lessonRestoreDraft',
    label: () => 'lesson.restoreDraft',
    icon: () => 'restore',
    keys: [],
    enabled: (s) => !!s.draft,
    perform: (s) => s.restoreDraft(),
  },
  {
    id: 'lessonDismissDraft',
    label: () => 'lesson.dismissDraft',
    icon: () => 'close',
    keys: [],
    enabled: (s) => !!s.draft,
    perform: (s) => s.dismissDraft(),
  },
];

/** The command bound to a key, if any. */
export function commandForKey(key: string): Command | undefined {
  return [...playerCommands, ...lessonCommands].find((c) => c.keys.includes(key));
}

/** A command by its id. */
export function command(id: string): Command {
  const found = [...playerCommands, ...lessonCommands].find((c) => c.id === id);
  if (!found) throw new Error(`no command ${id}`);
  return found;
}

/** Every command, for menus and shortcuts: the player's, then sharing, files and export. */
export const allCommands: Command[] = [...playerCommands, ...shareCommands, ...exportCommands];

/** The command bound to a Ctrl/⌘ chord, which works even while typing in the editor. */
export function commandForChord(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): Command | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const chord = `Mod+${e.shiftKey ? 'Shift+' : ''}${e.key.toLowerCase()}`;
  return allCommands.find((c) => c.keys.includes(chord));
}
