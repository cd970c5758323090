/**
 * The readline part of the terminal, as plain state and pure steps: the line being typed and
 * its cursor, history with ↑ and ↓, and continuation lines for a here-document (`<<EOF` … `EOF`)
 * or for `kubectl apply -f -` reading a pasted manifest until Ctrl-D. The panel feeds it keys
 * and draws what it returns.
 */
export interface LineState {
  text: string;
  cursor: number;
  /** Position in history while browsing with ↑/↓ (history.length: the line being typed). */
  browse: number;
  /** The line kept while browsing history. */
  draft: string;
  /** Lines gathered so far for a command that reads more than one line. */
  pending: string[];
}

export const emptyLine: LineState = { text: '', cursor: 0, browse: -1, draft: '', pending: [] };

export function insert(s: LineState, chars: string): LineState {
  return { ...s, text: s.text.slice(0, s.cursor) + chars + s.text.slice(s.cursor), cursor: s.cursor + chars.length };
}

export function backspace(s: LineState): LineState {
  if (s.cursor === 0) return s;
  return { ...s, text: s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), cursor: s.cursor - 1 };
}

export function move(s: LineState, delta: number): LineState {
  return { ...s, cursor: Math.max(0, Math.min(s.text.length, s.cursor + delta)) };
}

export function historyStep(s: LineState, history: string[], delta: -1 | 1): LineState {
  const at = s.browse < 0 ? history.length : s.browse;
  const next = Math.max(0, Math.min(history.length, at + delta));
  if (next === at) return s;
  const draft = s.browse < 0 ? s.text : s.draft;
  const text = next === history.length ? draft : history[next];
  return { ...s, text, cursor: text.length, browse: next, draft };
}

/** The here-document delimiters a first line opens (`<<EOF`, `<< 'EOF'`, `<<-EOF`). */
function delimiters(first: string): string[] {
  return [...first.matchAll(/<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/g)].map((m) => m[2]);
}

/**
 * What Enter does with the typed line: run the whole block, or wait for more lines (a
 * here-document not yet closed, or `-f -` without one, which reads until Ctrl-D).
 */
export function enter(s: LineState): { state: LineState; run?: string; more?: 'heredoc' | 'stdin' } {
  const lines = [...s.pending, s.text];
  const first = lines[0];
  const docs = delimiters(first);
  if (docs.length > 0) {
    const closed = docs.every((d) => lines.slice(1).some((l) => l.replace(/^\t+/, '') === d));
    if (!closed) return { state: { ...emptyLine, pending: lines }, more: 'heredoc' };
    return { state: emptyLine, run: lines.join('\n') };
  }
  if (s.pending.length === 0 && /(^|\s)-f\s+-(\s|$)/.test(first) && /\bkubectl\b/.test(first)) return { state: { ...emptyLine, pending: lines }, more: 'stdin' };
  if (s.pending.length > 0 && !docs.length) return { state: { ...emptyLine, pending: lines }, more: 'stdin' };
  return { state: emptyLine, run: first };
}

/** Ctrl-D on an empty line ends what `-f -` reads. */
export function endOfInput(s: LineState): string | undefined {
  if (s.pending.length === 0 || s.text !== '') return undefined;
  return s.pending.join('\n');
}
