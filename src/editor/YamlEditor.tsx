/**
 * The YAML editor (Monaco + monaco-yaml with the Podpath Kubernetes schema). Default export, so
 * the app loads it with `React.lazy(() => import('./editor/YamlEditor'))`; nothing outside
 * src/editor may import Monaco, to keep it out of the main chunk.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Diagnostic, SourceRange } from '../engine';
import { createYamlEditor, type YamlEditorHandle } from './createYamlEditor';
import { reachStage } from '../app/firstFrame';
import type { PlainEditorHandle } from './PlainEditor';
import { editorIn, monacoIn } from './ready';
import './YamlEditor.css';

const NO_RANGES: SourceRange[] = [];

export interface YamlEditorProps {
  /** Initial text, and external replacements (applied as one undoable edit). */
  value: string;
  /** Every edit, with the whole text. */
  onChange: (text: string) => void;
  /** Shown as model markers (owner `podpath`). */
  diagnostics: Diagnostic[];
  /** Whole lines to highlight; the first range is scrolled into view. */
  highlight: SourceRange[];
  /** The object in focus (from a rule or the canvas): highlighted apart, scrolled into view. */
  focus?: SourceRange[];
  /** The cursor's line while the editor has focus, null when it leaves. */
  onCursor?: (line: number | null) => void;
  /** A paste too large for the editor (createYamlEditor.ts EDITOR_MAX_TEXT): the text it would have made. */
  onLargeText?: (text: string) => void;
  ariaLabel: string;
  theme: 'light' | 'dark';
  /** The plain editor to take over from when Monaco is in (read once, at mount). */
  takeOver?: RefObject<PlainEditorHandle | null>;
  /** Monaco is in, with the plain editor's state if there was one. */
  onIn?: () => void;
}

export default function YamlEditor({ value, onChange, diagnostics, highlight, focus = NO_RANGES, onCursor, onLargeText, ariaLabel, theme, takeOver, onIn }: YamlEditorProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handleRef = useRef<YamlEditorHandle | null>(null);
  // Latest committed props, for the mount effect and the change listener, without re-creating
  // the editor. Updated in a layout effect (not during render), before the effects below run.
  const latest = useRef({ value, onChange, onCursor, onLargeText, diagnostics, highlight, focus, ariaLabel, theme, takeOver, onIn });
  useLayoutEffect(() => {
    latest.current = { value, onChange, onCursor, onLargeText, diagnostics, highlight, focus, ariaLabel, theme, takeOver, onIn };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const props = latest.current;
    const handle = createYamlEditor(container, {
      value: props.value,
      ariaLabel: props.ariaLabel,
      theme: props.theme,
      onChange: (text) => latest.current.onChange(text),
      onCursor: (line) => latest.current.onCursor?.(line),
      onLargeText: (text) => latest.current.onLargeText?.(text),
    });
    handle.setDiagnostics(props.diagnostics);
    handle.setHighlight(props.highlight);
    handleRef.current = handle;
    const out = editorIn();
    let gone = false;
    let monacoOut: (() => void) | undefined;
    const finish = () => {
      monacoOut = monacoIn();
      reachStage(3);
      latest.current.onIn?.();
    };
    const plain = props.takeOver?.current;
    if (plain) {
      plain.handOver((state) => {
        if (gone) return;
        handle.restore(state, () => {
          handle.setDiagnostics(latest.current.diagnostics);
          handle.setHighlight(latest.current.highlight);
          handle.setFocusHighlight(latest.current.focus);
        });
        finish();
      });
    } else finish();
    return () => {
      gone = true;
      handleRef.current = null;
      monacoOut?.();
      out();
      handle.dispose();
    };
  }, []);

  useEffect(() => {
    handleRef.current?.setValue(value);
  }, [value]);

  useEffect(() => {
    handleRef.current?.setDiagnostics(diagnostics);
  }, [diagnostics]);

  // Keyed on content, so a parent that rebuilds an equal array each render does not re-scroll.
  const highlightKey = JSON.stringify(highlight);
  useEffect(() => {
    handleRef.current?.setHighlight(latest.current.highlight);
  }, [highlightKey]);

  const focusKey = JSON.stringify(focus);
  useEffect(() => {
    handleRef.current?.setFocusHighlight(latest.current.focus);
  }, [focusKey]);

  useEffect(() => {
    handleRef.current?.setTheme(theme);
  }, [theme]);

  useEffect(() => {
    handleRef.current?.setAriaLabel(ariaLabel);
  }, [ariaLabel]);

  return <div ref={containerRef} className="podpath-yaml-editor" data-testid="yaml-editor" />;
}
