/**
 * The keyboard side of the registry: one listener on the window runs the command bound to a
 * key. Keys typed into the editor, the terminal or a field stay theirs; Space and Enter on a
 * focused control keep their native meaning (press that control).
 */
import { useEffect } from 'react';
import { useStore } from '../store';
import { commandForChord, commandForKey } from './registry';

export function useCommandKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      const typing = !!target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, .xterm');
      // A Ctrl/⌘ chord (Ctrl+K, the command list) works from anywhere, the editor included.
      const chord = commandForChord(e);
      const command = chord ?? (e.ctrlKey || e.metaKey || e.altKey ? undefined : commandForKey(e.key));
      if (!command) return;
      if (typing && !chord) return;
      if ((e.key === ' ' || e.key === 'Enter') && target?.closest('button, summary, a, [role="button"], [role="option"], .react-flow__node')) return;
      const s = useStore.getState();
      if (command.enabled(s)) {
        e.preventDefault();
        command.perform(s);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
