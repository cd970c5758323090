/**
 * Creates the Monaco editor for the cluster YAML and returns a handle that owns everything it
 * made (editor, model, decorations, listeners). The React component only owns its lifetime.
 */
import type { Diagnostic, SourceRange } from '../engine';
import { monaco, monacoYaml, yamlOptions } from './monacoSetup';
import { lineSpan, toMarkers } from './ranges';
import { EDITOR_MAX_TEXT, LARGE_EDITOR_TEXT } from './limits';
import type { HandoverState, TextSelection } from './handover';

/** The model URI matches the schema's fileMatch (`**\/*.yaml`); an `inmemory:` URI gets no schema. */
export const MODEL_URI = 'file:///manifests/cluster.yaml';
export const MARKER_OWNER = 'podpath';
export const HIGHLIGHT_CLASS = 'podpath-highlight-line';
export const FOCUS_CLASS = 'podpath-focus-line';

export type EditorTheme = 'light' | 'dark';

export interface YamlEditorOptions {
  value: string;
  ariaLabel: string;
  theme: EditorTheme;
  /** Called on every content change, including external replacements made by `setValue`. */
  onChange: (text: string) => void;
  /** The line the cursor is on while the editor has focus; null when it loses it. */
  onCursor?: (line: number | null) => void;
  /**
   * A paste that would make the text longer than EDITOR_MAX_TEXT: the editor does not take it
   * (Monaco's paste of 10 MB stops the page for seconds); this gets the text it would have made.
   */
  onLargeText?: (text: string) => void;
}

export interface YamlEditorHandle extends monaco.IDisposable {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  readonly model: monaco.editor.ITextModel;
  /**
   * Syncs with a `value` prop. Echoes of text this editor reported through onChange (even stale
   * ones, when React renders after further typing) are ignored; any other text that differs from
   * the model replaces it as one undoable edit.
   */
  setValue(text: string): void;
  setDiagnostics(diagnostics: readonly Diagnostic[]): void;
  /** Whole-line highlights; reveals the first range in the center when it is off screen. */
  setHighlight(ranges: readonly SourceRange[]): void;
  /** A second kind of highlight: the object a rule or a canvas element came from; revealed. */
  setFocusHighlight(ranges: readonly SourceRange[]): void;
  setTheme(theme: EditorTheme): void;
  setAriaLabel(label: string): void;
  /**
   * Takes over from the plain editor (PlainEditor.tsx): its text, each of its edits as an undo
   * step (undo puts the caret back where it was), its selection, scroll and focus. Reports no
   * change: the store has had every one of these edits from the plain editor already.
   * `redecorate` is called once the text is in, before the view is put back: markers and
   * highlights set on the text Monaco was made with are set again there.
   */
  restore(state: HandoverState, redecorate: () => void): void;
}

const SEVERITY: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

/** How many reported-but-not-yet-echoed texts to remember. */
const MAX_PENDING_ECHOES = 64;

export const monacoTheme = (theme: EditorTheme) => (theme === 'dark' ? 'vs-dark' : 'vs');

export function createYamlEditor(container: HTMLElement, options: YamlEditorOptions): YamlEditorHandle {
  const uri = monaco.Uri.parse(MODEL_URI);
  // Single editor per page: a model left behind (e.g. by a hot reload) would make createModel throw.
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(options.value, 'yaml', uri);
  model.updateOptions({ tabSize: 2, insertSpaces: true });

  monaco.editor.setTheme(monacoTheme(options.theme));
  const editor = monaco.editor.create(container, {
    model,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    insertSpaces: true,
    detectIndentation: false,
    ariaLabel: options.ariaLabel,
    renderLineHighlightOnlyWhenFocus: true,
    fixedOverflowWidgets: true,
    disableLayerHinting: true,
    // monaco-yaml's property completions commit on ':' and insert their own "key: ", so typing
    // `nodePort: 31102` by hand would come out as `nodePort:31102`, a plain scalar. Completion
    // stays available with Enter and Tab.
    acceptSuggestionOnCommitCharacter: false,
  });
  // A large document drops the features that redo their work for the whole text at every
  // keystroke on the page's thread or flood it with results: folding and sticky scroll (every
  // region and symbol of 10,000 lines, re-decorated per edit) and monaco-yaml's schema checks
  // (a worker competing with the engine's for the CPU; the API server's own checks still run).
  let large: boolean | undefined;
  const fitToSize = () => {
    const now = model.getValueLength() >= LARGE_EDITOR_TEXT;
    if (now === large) return;
    large = now;
    editor.updateOptions({ folding: !now, stickyScroll: { enabled: !now }, occurrencesHighlight: now ? 'off' : 'singleFile', matchBrackets: now ? 'never' : 'always' });
    void monacoYaml.update({ ...yamlOptions, validate: !now });
  };
  fitToSize();
  // Before Monaco sees it (capture phase, on its container): a paste that would make the text
  // too large for the editor goes to the app instead, as a document of its own.
  const onPaste = (e: ClipboardEvent) => {
    const pasted = e.clipboardData?.getData('text/plain') ?? '';
    const selection = editor.getSelection();
    if (!options.onLargeText || !selection || pasted.length + model.getValueLength() <= EDITOR_MAX_TEXT) return;
    const start = model.getOffsetAt(selection.getStartPosition());
    const end = model.getOffsetAt(selection.getEndPosition());
    const next = model.getValue().slice(0, start) + pasted + model.getValue().slice(end);
    if (next.length <= EDITOR_MAX_TEXT) return;
    e.preventDefault();
    e.stopPropagation();
    options.onLargeText(next);
  };
  container.addEventListener('paste', onPaste, true);
  const highlights = editor.createDecorationsCollection();
  const focusHighlights = editor.createDecorationsCollection();
  const cursorListener = editor.onDidChangeCursorPosition((e) => {
    if (editor.hasTextFocus()) options.onCursor?.(e.position.lineNumber);
  });
  const blurListener = editor.onDidBlurEditorText(() => options.onCursor?.(null));
  const focusListener = editor.onDidFocusEditorText(() => options.onCursor?.(editor.getPosition()?.lineNumber ?? null));

  /** Texts reported through onChange that the `value` prop has not echoed back yet, oldest first. */
  let pending: string[] = [];
  let applyingExternal = false;

  /** Set while restore() replays edits the store has seen already. */
  let quiet = false;

  const contentListener = model.onDidChangeContent(() => {
    if (quiet) return;
    fitToSize();
    const text = model.getValue();
    if (!applyingExternal) {
      pending.push(text);
      if (pending.length > MAX_PENDING_ECHOES) pending = pending.slice(-MAX_PENDING_ECHOES);
    }
    options.onChange(text);
  });

  let disposed = false;

  return {
    editor,
    model,

    setValue(text) {
      const echo = pending.lastIndexOf(text);
      if (echo >= 0) {
        pending = pending.slice(echo + 1);
        return;
      }
      if (text === model.getValue()) return;
      pending = [];
      applyingExternal = true;
      try {
        model.pushStackElement();
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
        model.pushStackElement();
      } finally {
        applyingExternal = false;
      }
    },

    setDiagnostics(diagnostics) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(diagnostics, model, SEVERITY));
    },

    setHighlight(ranges) {
      const spans = ranges.map((r) => lineSpan(r, model));
      highlights.set(
        spans.map(({ start, end }) => ({
          range: new monaco.Range(start, 1, end, model.getLineMaxColumn(end)),
          options: {
            isWholeLine: true,
            className: HIGHLIGHT_CLASS,
            linesDecorationsClassName: 'podpath-highlight-bar',
            stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
            overviewRuler: { color: 'rgba(245, 158, 11, 0.8)', position: monaco.editor.OverviewRulerLane.Full },
          },
        })),
      );
      if (spans.length > 0) {
        // Immediate, not smooth: a scrolling editor repaints for many frames while the packet
        // glides, and every repaint costs the whole page's layering on a large canvas.
        editor.revealLinesInCenterIfOutsideViewport(spans[0].start, spans[0].end, monaco.editor.ScrollType.Immediate);
      }
    },

    setFocusHighlight(ranges) {
      const spans = ranges.map((r) => lineSpan(r, model));
      focusHighlights.set(
        spans.map(({ start, end }) => ({
          range: new monaco.Range(start, 1, end, model.getLineMaxColumn(end)),
          options: { isWholeLine: true, className: FOCUS_CLASS, linesDecorationsClassName: 'podpath-focus-bar', stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges },
        })),
      );
      if (spans.length > 0) editor.revealLinesInCenterIfOutsideViewport(spans[0].start, spans[0].end, monaco.editor.ScrollType.Immediate);
    },

    setTheme(theme) {
      monaco.editor.setTheme(monacoTheme(theme));
    },

    setAriaLabel(label) {
      editor.updateOptions({ ariaLabel: label });
    },

    restore(state, redecorate) {
      const selectionAt = ({ start, end, backward }: TextSelection) => {
        const from = model.getPositionAt(start);
        const to = model.getPositionAt(end);
        return backward
          ? new monaco.Selection(to.lineNumber, to.column, from.lineNumber, from.column)
          : new monaco.Selection(from.lineNumber, from.column, to.lineNumber, to.column);
      };
      quiet = true;
      try {
        // A fresh model has no undo history: only a different text needs setting again.
        if (state.steps.length > 0 || model.getValue() !== state.base) model.setValue(state.base);
        for (const step of state.steps) {
          const range = monaco.Range.fromPositions(model.getPositionAt(step.start), model.getPositionAt(step.end));
          model.pushStackElement();
          model.pushEditOperations([selectionAt(step.before)], [{ range, text: step.text }], () => null);
        }
        model.pushStackElement();
        // Cannot differ unless the history has a fault; the text the user sees wins over undo.
        if (model.getValue() !== state.text) model.setValue(state.text);
      } finally {
        quiet = false;
      }
      pending = [];
      fitToSize();
      redecorate();
      // Untouched, the plain editor's view is the top of the text: the hop's lines, revealed
      // by the highlight just set, are more use.
      if (!state.touched) return;
      editor.setSelection(selectionAt(state.selection));
      editor.setScrollTop(state.scrollTop, monaco.editor.ScrollType.Immediate);
      editor.setScrollLeft(state.scrollLeft, monaco.editor.ScrollType.Immediate);
      if (state.focused) editor.focus();
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      container.removeEventListener('paste', onPaste, true);
      contentListener.dispose();
      cursorListener.dispose();
      blurListener.dispose();
      focusListener.dispose();
      highlights.clear();
      focusHighlights.clear();
      monaco.editor.removeAllMarkers(MARKER_OWNER);
      editor.dispose();
      model.dispose();
    },
  };
}
