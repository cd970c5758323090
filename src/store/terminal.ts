/**
 * The terminal's slice of the store: where the shell runs, what it remembers (history, files
 * written, conntrack flows, port-forwards), and the lines on screen. `runLine` hands a line to
 * the interpreter and applies what it changed: new YAML goes through setText and an immediate
 * rebuild (so the editor gets it as one undoable edit and the picture follows), a request goes
 * to the trace and starts playing.
 */
import type { CommandResult, Files, Forward, Shell, TrackedFlow } from '../terminal/types';
import type { Message } from '../engine';
import { load, save } from './persist';
import { engineClient } from '../worker/browser';
import { shownBuildSeq, type AppState } from './store';

export interface TerminalSlice {
  terminal: {
    open: boolean;
    shell: Shell;
    /** Lines typed, oldest first. */
    history: string[];
    files: Files;
    conntrack: Record<string, TrackedFlow[]>;
    forwards: Forward[];
    status: number;
  };
  setTerminalOpen: (open: boolean) => void;
  /** Moves the shell (the place picker): the outside host, a node, or a pod's shell. */
  setShell: (shell: Shell) => void;
  /** Runs a line (in the engine's worker); resolves with what to print (the notices are Podpath's, to be translated). */
  runLine: (line: string) => Promise<{ result: CommandResult; notices: Message[] }>;
}

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

export function terminalSlice(set: Set, get: Get): TerminalSlice {
  return {
    // Closed until asked for: the canvas is the lesson; the choice is remembered.
    terminal: { open: load('terminalOpen') === 'true', shell: { kind: 'external' }, history: [], files: {}, conntrack: {}, forwards: [], status: 0 },
    setTerminalOpen: (open) => {
      save('terminalOpen', String(open));
      set({ terminal: { ...get().terminal, open } });
    },
    setShell: (shell) => set({ terminal: { ...get().terminal, shell } }),
    runLine: (line) =>
      new Promise((resolve) => {
        const s = get();
        const t = s.terminal;
        const history = line.trim() === '' ? t.history : [...t.history, line.split('\n')[0]];
        // The line runs in the engine's worker, on the build on screen (its tables never cross
        // to the page), or on the editor's text when the picture is stale (a syntax error).
        const state = { yaml: s.text, shell: t.shell, files: t.files, conntrack: t.conntrack, forwards: t.forwards, history, status: t.status };
        engineClient().exec({ build: shownBuildSeq(), stale: s.stale, line, state }, ({ result }) => {
          const now = get().terminal;
          set({
            terminal: {
              ...now,
              history,
              shell: result.prompt ?? now.shell,
              files: result.files ?? now.files,
              conntrack: result.conntrack ?? now.conntrack,
              forwards: result.forwards ?? now.forwards,
              status: result.exitCode,
            },
          });
          if (result.yaml !== undefined && result.yaml !== get().text) {
            get().setText(result.yaml);
            get().rebuild();
          }
          if (result.trace) {
            const r = result.trace;
            // The kubectl port-forwards still running go with it (undefined when none: a lesson's are dropped).
            // It plays once its trace is on screen: the engine's worker answers after this returns,
            // and a new path loads the player afresh (ready, not playing).
            get().setRequest({ from: r.from, to: r.to, portForward: r.portForward, forwards: r.forwards, connect: undefined, pick: undefined }, () => get().dispatch({ type: 'play' }));
          }
          resolve({ result, notices: result.notices ?? [] });
        });
      }),
  };
}
