/**
 * The keyboard side of the registry: listeners on the window run the command bound to a key.
 * Ctrl/⌘ chords work from anywhere, the editor included; other keys typed into the editor, the
 * terminal or a field stay theirs; Space and the arrows drive the player wherever else focus is
 * (a focused button or checkbox is not pressed by Space), and Enter presses the focused control.
 */
import { useEffect } from 'react';
import { useStore } from '../store';
import { commandForChord, commandForKey } from './registry';

/** Where typed keys belong to the element: text fields, lists, the editor, the terminal. */
const FIELD = 'input:not([type="checkbox"]):not([type="radio"]):not([type="range"]):not([type="button"]):not([type="submit"]), textarea, select, [contenteditable="true"], .monaco-editor, .xterm';
/** Controls that Space would press or tick. */
const PRESSABLE = 'button, summary, a, input, label, [role="button"], [role="option"], .react-flow__node';

/** Space's keyup is where a button clicks and a checkbox ticks: this one is the player's. */
function swallowKeyUp() {
  const onUp = (e: KeyboardEvent) => {
    if (e.key !== ' ') return;
    e.preventDefault();
    window.removeEventListener('keyup', onUp, true);
  };
  window.addEventListener('keyup', onUp, true);
}

export function useCommandKeys() {
  useEffect(() => {
    // Chords are caught on the way down, before the editor sees them: Monaco binds some of them
    // itself (Ctrl+Shift+L selects all occurrences, Ctrl+K starts its own chords).
    const onChord = (e: KeyboardEvent) => {
      const command = commandForChord(e);
      const s = useStore.getState();
      if (!command || !command.enabled(s)) return;
      e.preventDefault();
      e.stopPropagation();
      command.perform(s);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      const command = commandForKey(e.key);
      if (!command) return;
      // Keys typed into the editor, the terminal or a field stay theirs; a checkbox, the scrubber
      // or a button is no field: there Space and the arrows drive the player (issue 13).
      if (target?.closest(FIELD)) return;
      // Inside a dialog (the lesson picker, the share dialog), Space and Enter press what has focus.
      if ((e.key === ' ' || e.key === 'Enter') && target?.closest('dialog, [role="dialog"], [aria-modal="true"]')) return;
      if (e.key === 'Enter' && target?.closest('button, summary, a, [role="button"], [role="option"], input, .react-flow__node')) return;
      const s = useStore.getState();
      // Never the control's own action too: a focused button or checkbox acts on Space's keyup.
      if (e.key === ' ' && target?.closest(PRESSABLE)) swallowKeyUp();
      if (command.enabled(s)) {
        e.preventDefault();
        command.perform(s);
      } else if (e.key === ' ' && target?.closest(PRESSABLE)) e.preventDefault();
    };
    window.addEventListener('keydown', onChord, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onChord, true);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
