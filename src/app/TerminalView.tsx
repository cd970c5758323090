/**
 * The xterm.js screen: prompt, line editing, history, Tab completion, paste; each line goes to
 * the store's runLine, whose output is printed back. Output is printed as the tools print it
 * (escaped as kubectl escapes, by src/terminal); Podpath's own notices are set apart in italics
 * and translated.
 */
import { useEffect, useRef } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { escapeTerminal } from '../engine/kubectl/escape';
import { complete, promptOf } from '../terminal';
import { translate } from '../i18n';
import type { Message } from '../engine';
import type { CommandResult } from '../terminal/types';
import { useStore } from '../store';
import { backspace, emptyLine, endOfInput, enter, historyStep, insert, move, type LineState } from './lineEditor';

const THEMES = {
  light: { background: '#fbfcfe', foreground: '#172033', cursor: '#2563eb', selectionBackground: '#bfdbfe' },
  dark: { background: '#0b1019', foreground: '#e6e9f2', cursor: '#60a5fa', selectionBackground: '#1e3a8a' },
};

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');

declare global {
  interface Window {
    /** For the end-to-end tests: the whole buffer as text, and a way to type a line. */
    __podpathTerminal?: { text(): string };
  }
}

export function TerminalView({ large, clearSignal }: { large: boolean; clearSignal: number }) {
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const fitRef = useRef<FitAddon | null>(null);
  const theme = useStore((s) => s.theme);
  const shell = useStore((s) => s.terminal.shell);
  const redrawRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const term = new Terminal({ fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", fontSize: 14, cursorBlink: true, scrollback: 5000, theme: THEMES[useStore.getState().theme], convertEol: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box.current!);
    term.textarea?.setAttribute('aria-label', translate(useStore.getState().lang, 'terminal.input'));
    // No keyboard trap: Escape and Shift+Tab leave the terminal for its Show/Hide button (just
    // before it in the tab order); Tab stays the shell's completion.
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !(e.key === 'Escape' || (e.key === 'Tab' && e.shiftKey))) return true;
      e.preventDefault();
      box.current?.closest('.terminal-panel')?.querySelector<HTMLElement>('[data-testid="terminal-toggle"]')?.focus();
      return false;
    });
    termRef.current = term;
    fitRef.current = fit;
    let line: LineState = emptyLine;
    let lastTab = '';
    const prompt = () => (line.pending.length > 0 ? '> ' : promptOf(useStore.getState().cluster, useStore.getState().terminal.shell));
    // Lines run in the engine's worker: their output comes later. Until the last one has
    // answered, what is typed is kept but not drawn, and the echo of a pasted line waits its
    // turn, so the screen reads as a shell's: line, output, prompt.
    let queue: Promise<void> = Promise.resolve();
    let running = 0;
    let closed = false;
    const later = (fn: () => void) => {
      if (running === 0) fn();
      else queue = queue.then(fn);
    };
    const redraw = () => {
      if (running > 0) return;
      // A completed name from the YAML is in the line: shown escaped, the cursor placed by what is shown.
      const shown = escapeTerminal(line.text);
      term.write(`\r\x1b[K${prompt()}${shown}`);
      const back = shown.length - escapeTerminal(line.text.slice(0, line.cursor)).length;
      if (back > 0) term.write(`\x1b[${back}D`);
    };
    redrawRef.current = redraw;
    const print = (s: string) => term.write(crlf(s));
    const run = (text: string) => {
      running++;
      queue = queue
        .then(() => useStore.getState().runLine(text))
        .then(({ result, notices }) => {
          if (!closed) show(result, notices);
        })
        .catch(() => undefined)
        .then(() => {
          running--;
          if (!closed) redraw();
        });
    };
    const show = (result: CommandResult, notices: Message[]) => {
      if (result.clear) term.clear();
      print(result.output);
      if (result.output && !result.output.endsWith('\n')) print('\n');
      const lang = useStore.getState().lang;
      for (const n of notices) print(`\x1b[3;36m# podpath: ${escapeTerminal(translate(lang, n.key, n.params))}\x1b[0m\n`);
    };
    const onEnter = () => {
      later(() => print('\n'));
      const step = enter(line);
      line = step.state;
      if (step.run !== undefined) run(step.run);
      redraw();
    };
    const data = term.onData((d) => {
      if (d === '\r') return onEnter();
      if (d.includes('\r') || d.includes('\n')) {
        // A pasted block: every line as if typed, so a manifest after `kubectl apply -f -` is its input.
        const lines = d.replace(/\r\n?/g, '\n').split('\n');
        lines.forEach((l, i) => {
          line = insert(line, l);
          if (i < lines.length - 1) {
            later(() => term.write(escapeTerminal(l)));
            onEnter();
          }
        });
        redraw();
        return;
      }
      if (d === '\x7f' || d === '\b') line = backspace(line);
      else if (d === '\x1b[D') line = move(line, -1);
      else if (d === '\x1b[C') line = move(line, 1);
      else if (d === '\x1b[H' || d === '\x01') line = move(line, -line.cursor);
      else if (d === '\x1b[F' || d === '\x05') line = move(line, line.text.length);
      else if (d === '\x1b[A' || d === '\x1b[B') {
        if (line.pending.length > 0) return;
        line = historyStep(line, useStore.getState().terminal.history, d === '\x1b[A' ? -1 : 1);
      } else if (d === '\x03') {
        print(`${line.text.slice(line.cursor)}^C\n`);
        line = emptyLine;
      } else if (d === '\x04') {
        const block = endOfInput(line);
        if (block === undefined) return;
        later(() => print('\n'));
        line = emptyLine;
        run(block);
      } else if (d === '\x0c') {
        term.clear();
      } else if (d === '\t') {
        const head = line.text.slice(0, line.cursor);
        const st = useStore.getState();
        const c = complete({ yaml: st.text, cluster: st.cluster, shell: st.terminal.shell }, head);
        if (c.candidates.length > 0 && lastTab === head) {
          print(`\n${c.candidates.join('  ')}\n`);
        }
        lastTab = c.line === head ? head : '';
        line = { ...line, text: c.line + line.text.slice(line.cursor), cursor: c.line.length };
      } else if (d >= ' ' && !d.startsWith('\x1b')) line = insert(line, d);
      else return;
      if (d !== '\t') lastTab = '';
      redraw();
    });
    // The hint (what to try) is the panel's, above the screen: it follows the language.
    redraw();
    const observer = new ResizeObserver(() => {
      try {
        fit.fit();
      } catch {
        // hidden panel: nothing to measure
      }
    });
    observer.observe(box.current!);
    window.__podpathTerminal = {
      text: () => {
        const buf = term.buffer.active;
        const out: string[] = [];
        for (let i = 0; i < buf.length; i++) {
          const row = buf.getLine(i);
          // Trailing blanks are not visible (nor kept): a row continued by a wrapped one keeps its own.
          const text = row?.translateToString(!buf.getLine(i + 1)?.isWrapped) ?? '';
          // A row the terminal wrapped continues the line before it.
          if (row?.isWrapped && out.length > 0) out[out.length - 1] += text;
          else out.push(text);
        }
        return out.join('\n').replace(/\n+$/, '');
      },
    };
    return () => {
      closed = true;
      observer.disconnect();
      data.dispose();
      delete window.__podpathTerminal;
      term.dispose();
    };
  }, []);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = THEMES[theme];
  }, [theme]);

  const lang = useStore((s) => s.lang);
  useEffect(() => {
    termRef.current?.textarea?.setAttribute('aria-label', translate(lang, 'terminal.input'));
  }, [lang]);

  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.fontSize = large ? 22 : 14;
    try {
      fitRef.current?.fit();
    } catch {
      // not laid out yet
    }
  }, [large]);

  useEffect(() => {
    if (clearSignal > 0) {
      termRef.current?.clear();
      redrawRef.current();
    }
  }, [clearSignal]);

  // The place picker moved the shell: show the new prompt.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    redrawRef.current();
  }, [shell]);

  return <div ref={box} className="terminal-screen" data-testid="terminal" />;
}
