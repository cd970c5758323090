/**
 * What the plain editor (PlainEditor.tsx) hands to Monaco when Monaco is in: the text it started
 * from, the user's edits as undo steps, the selection, the scroll and the focus. Monaco costs the
 * page about half a second on a 2-core machine (issue 14); the plain editor is typed in during
 * that time, and nothing typed there may be lost or left out of Monaco's undo.
 *
 * Pure: no DOM, no Monaco, so it is unit-tested on its own.
 */

/** A selection as text offsets; `backward` when the caret is at `start`. */
export interface TextSelection {
  start: number;
  end: number;
  backward?: boolean;
}

/** Replace [start, end) of the text before the edit by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** One undo step: an edit and the selection before it (where undo puts the caret back). */
export interface UndoStep extends TextEdit {
  before: TextSelection;
}

export interface HandoverState {
  /** The text the plain editor was given, before any edit below. */
  base: string;
  /** The user's edits in order, each applying to the text the ones before it made. */
  steps: UndoStep[];
  /** The text now: `base` with every step applied. */
  text: string;
  selection: TextSelection;
  scrollTop: number;
  scrollLeft: number;
  focused: boolean;
  /** The user has focused or scrolled the plain editor: its selection and scroll are theirs. */
  touched: boolean;
}

/** Past this many steps the oldest are folded into the base: they can no longer be undone. */
export const MAX_UNDO_STEPS = 500;

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/**
 * The one edit that turns `before` into `after`. The caret before the edit (`at`) places it
 * where the user made it: typing "a" after the first "a" of "aa" inserts at 1, not at 2.
 * Null when the texts are equal.
 */
export function diffText(before: string, after: string, at?: number): TextEdit | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (at !== undefined && at >= 0) prefix = Math.min(prefix, at);
  let suffix = 0;
  const room = shorter - prefix;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/**
 * The plain editor's undo history. Runs merge into one step, as in Monaco: characters typed one
 * after the other, Backspace over what the run just typed, and Backspace or Delete pressed
 * again. A new line, a paste, a selection typed over or a caret moved between keys starts a
 * new step.
 */
export class PlainHistory {
  base: string;
  readonly steps: UndoStep[] = [];
  /** The text after the last step (the history's own copy, so a record never needs the caller's). */
  private text: string;

  constructor(base: string) {
    this.base = base;
    this.text = base;
  }

  get current(): string {
    return this.text;
  }

  /** Records the change to `after`; `before` is the selection just before it. */
  record(after: string, before: TextSelection): void {
    const edit = diffText(this.text, after, before.start);
    if (!edit) return;
    this.text = after;
    const last = this.steps[this.steps.length - 1];
    if (last && !edit.text.includes('\n')) {
      const runEnd = last.start + last.text.length;
      const lastIsTyping = !last.text.includes('\n');
      // Typed right after the run, with the caret where the run left it.
      if (lastIsTyping && edit.start === runEnd && edit.end === runEnd && edit.text.length > 0 && before.start === runEnd && before.end === runEnd) {
        last.text += edit.text;
        return;
      }
      // Backspace or Delete again, next to what the last step deleted.
      const lastIsDeletion = last.text === '' && last.end > last.start;
      if (lastIsDeletion && edit.text === '' && before.start === before.end) {
        if (edit.end === last.start && before.start === last.start) {
          last.start = edit.start;
          return;
        }
        if (edit.start === last.start && before.start === last.start) {
          last.end += edit.end - edit.start;
          return;
        }
      }
      // Backspace inside what the run typed.
      if (lastIsTyping && edit.text === '' && edit.end === runEnd && edit.start >= last.start && before.start === before.end && before.start === runEnd) {
        last.text = last.text.slice(0, edit.start - last.start);
        // Typed and then all taken back: no step at all.
        if (last.text === '' && last.start === last.end) this.steps.pop();
        return;
      }
    }
    this.steps.push({ ...edit, before });
    if (this.steps.length > MAX_UNDO_STEPS) {
      const oldest = this.steps.shift()!;
      this.base = applyEdit(this.base, oldest);
    }
  }
}

/** The 1-based line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < clamped; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: clamped - lineStart + 1 };
}

/** How many lines `text` has (an empty text has one). */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
