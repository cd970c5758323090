/**
 * The keyboard side of the registry: listeners on the window run the command bound to a key.
 * Ctrl/⌘ chords work from anywhere, the editor included; other keys typed into the editor, the
 * terminal or a field stay theirs; Space and Enter on a focused control keep their native
 * meaning (press that control).
 */
import { useEffect } from 'react';
import { useStore } from '../store';
import { commandForChord, commandForKey } from './registry';

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
      // Keys typed into the editor, the terminal or a field stay theirs.
      if (target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, .xterm')) return;
      if ((e.key === ' ' || e.key === 'Enter') && target?.closest('button, summary, a, [role="button"], [role="option"], .react-flow__node')) return;
      const s = useStore.getState();
      if (command.enabled(s)) {
        e.preventDefault();
        command.perform(s);
      }
    };
    window.addEventListener('keydown', onChord, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onChord, true);
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}
