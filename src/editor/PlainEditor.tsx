/**
 * The editor of the first frame: a plain text area laid out as Monaco lays out its text (same
 * font, line height, gutter), over the place Monaco takes. The text can be read and typed in at
 * once; edits go to the store as Monaco's do. Monaco (3.5 MB, about half a second of this
 * machine's page thread) loads after the picture; when it is in, it takes this editor's state
 * (handover.ts) and this one goes. No Monaco import here: this is in the page's first script.
 */
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { PlainHistory, lineCount, positionAt, type HandoverState, type TextSelection } from './handover';
import { EDITOR_MAX_TEXT } from './limits';
import { editorIn } from './ready';
import './PlainEditor.css';

export interface PlainEditorHandle {
  /** It has given its state away (handOver): it takes no more input. */
  readonly given: boolean;
  /**
   * Gives `take` the editor's state once no IME composition is under way (a composition is the
   * user's, half typed: it is never cut). From then on this editor takes no input.
   */
  handOver(take: (state: HandoverState) => void): void;
}

export interface PlainEditorProps {
  value: string;
  onChange: (text: string) => void;
  onCursor?: (line: number | null) => void;
  onLargeText?: (text: string) => void;
  ariaLabel: string;
  theme: 'light' | 'dark';
  ref?: Ref<PlainEditorHandle>;
}

/** Monaco's YAML indentation (createYamlEditor.ts: tabSize 2, insertSpaces). */
const INDENT = '  ';

function selectionOf(area: HTMLTextAreaElement): TextSelection {
  return { start: area.selectionStart, end: area.selectionEnd, backward: area.selectionDirection === 'backward' };
}

export function PlainEditor({ value, onChange, onCursor, onLargeText, ariaLabel, theme, ref }: PlainEditorProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const gutterRef = useRef<HTMLPreElement>(null);
  const [history] = useState(() => new PlainHistory(value));
  const [lines, setLines] = useState(() => lineCount(value));
  // The selection just before an edit (beforeinput comes before every input, a paste, a drop or
  // a composition's included).
  const before = useRef<TextSelection>({ start: 0, end: 0 });
  const composing = useRef(false);
  const waiting = useRef<((state: HandoverState) => void) | null>(null);
  const given = useRef(false);
  const cursorLine = useRef<number | null>(null);
  const touched = useRef(false);
  const latest = useRef({ onChange, onCursor });
  useEffect(() => {
    latest.current = { onChange, onCursor };
  });

  useEffect(() => editorIn(), []);

  const give = () => {
    const area = areaRef.current;
    const take = waiting.current;
    if (!area || !take || composing.current) return;
    waiting.current = null;
    given.current = true;
    area.readOnly = true;
    const state: HandoverState = {
      base: history.base,
      steps: history.steps.slice(),
      text: history.current,
      selection: selectionOf(area),
      scrollTop: area.scrollTop,
      scrollLeft: area.scrollLeft,
      focused: document.activeElement === area,
      touched: touched.current || history.steps.length > 0,
    };
    // Hidden at once, not at React's next render: a key pressed in between must reach Monaco.
    if (rootRef.current) rootRef.current.style.visibility = 'hidden';
    take(state);
  };

  useImperativeHandle(ref, () => ({
    get given() {
      return given.current;
    },
    handOver(take) {
      waiting.current = take;
      give();
    },
  }));

  // beforeinput is native only: React's onBeforeInput is the old textInput event, which misses deletions.
  useEffect(() => {
    const area = areaRef.current;
    if (!area) return;
    const onBeforeInput = () => {
      before.current = selectionOf(area);
    };
    area.addEventListener('beforeinput', onBeforeInput);
    return () => area.removeEventListener('beforeinput', onBeforeInput);
  }, []);

  // Text replaced from outside (a what-if, an undo in the history dialog): an undo step as well.
  useEffect(() => {
    const area = areaRef.current;
    if (!area || given.current || value === area.value) return;
    history.record(value, selectionOf(area));
    area.value = value;
    setLines(lineCount(value));
  }, [value, history]);

  const reportCursor = () => {
    const area = areaRef.current;
    if (!area || document.activeElement !== area) return;
    const { line } = positionAt(area.value, area.selectionStart);
    if (line === cursorLine.current) return;
    cursorLine.current = line;
    latest.current.onCursor?.(line);
  };

  const numbers = useMemo(() => Array.from({ length: lines }, (_, i) => i + 1).join('\n'), [lines]);

  return (
    <div ref={rootRef} className={`plain-editor plain-editor-${theme}`} data-testid="plain-editor">
      <div className="plain-editor-gutter" aria-hidden="true">
        <pre ref={gutterRef}>{numbers}</pre>
      </div>
      <textarea
        ref={areaRef}
        defaultValue={value}
        aria-label={ariaLabel}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        wrap="off"
        onInput={(e) => {
          const text = e.currentTarget.value;
          const newLines = lineCount(text);
          history.record(text, before.current);
          if (newLines !== lines) setLines(newLines);
          latest.current.onChange(text);
          reportCursor();
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
          // As in Monaco: Tab indents (YAML has no tab characters); it does not leave the editor.
          e.preventDefault();
          document.execCommand('insertText', false, INDENT);
        }}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData('text/plain');
          const area = e.currentTarget;
          if (!onLargeText || pasted.length + area.value.length <= EDITOR_MAX_TEXT) return;
          const next = area.value.slice(0, area.selectionStart) + pasted + area.value.slice(area.selectionEnd);
          if (next.length <= EDITOR_MAX_TEXT) return;
          e.preventDefault();
          onLargeText(next);
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
          // The composition's last input event can come after its end: hand over after it.
          setTimeout(give, 0);
        }}
        onScroll={(e) => {
          touched.current = true;
          if (gutterRef.current) gutterRef.current.style.transform = `translateY(${-e.currentTarget.scrollTop}px)`;
        }}
        onKeyUp={reportCursor}
        onMouseUp={reportCursor}
        onFocus={() => {
          touched.current = true;
          reportCursor();
        }}
        onBlur={() => {
          cursorLine.current = null;
          latest.current.onCursor?.(null);
        }}
      />
    </div>
  );
}
