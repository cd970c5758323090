import { Component, lazy, Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/useT';
import { selectFocusRanges, selectHighlight, useStore } from '../store';
import { CommandButton } from '../commands/CommandButton';
import type { YamlEditorProps } from '../editor/YamlEditor';
import { isCrashDiagnostic } from '../store/safe';
import { lastBuildCost } from '../store/store';
import { Diagnostics } from './Diagnostics';
import { SaveState } from './SaveState';
import { rebuildDelay } from './rebuildDelay';
import { useStage } from './firstFrame';
import './SaveState.css';
import { formatSize } from './size';
import { LargeText } from './LargeText';
import { EDITOR_MAX_TEXT, LARGE_EDITOR_TEXT } from '../editor/limits';
import { PlainEditor, type PlainEditorHandle } from '../editor/PlainEditor';
import { loadMonacoMessages } from '../editor/monacoMessages';

// Monaco is large: it loads after the first paint, in its own chunk, after its own words in the
// page's language (a chunk that fails leaves Monaco in English).
const YamlEditor = lazy(async () => {
  await loadMonacoMessages(useStore.getState().lang).catch(() => {});
  return import('../editor/YamlEditor');
});

/** The longest the editor waits for the worker's first picture before it loads anyway. */
const EDITOR_WAIT_MS = 3000;

/** When the text last changed (performance.now()), for rebuildDelay. */
let lastChange = -Infinity;

/** The YAML editor, its problems list, and the debounced rebuild on every edit. */
export function EditorPane() {
  const t = useT();
  const text = useStore((s) => s.text);
  const textVersion = useStore((s) => s.textVersion);
  const raw = useStore((s) => s.diagnostics);
  // Podpath's own messages are translated; real components' texts stay as they print them.
  // An engine failure is no line's fault: it is listed below, not marked in the text.
  const diagnostics = useMemo(() => raw.filter((d) => !isCrashDiagnostic(d)).map((d) => (d.key ? { ...d, message: t(d.key, d.params) } : d)), [raw, t]);
  const loading = useStore((s) => s.textLoading);
  // The first frame has the plain editor: the text, readable and typed in at once. Monaco
  // (3.5 MB) is fetched and run once the first picture and the rest of the page are drawn
  // (app/firstFrame.ts): run beside them, it held both back. It then takes over the plain
  // editor's text, undo steps, selection and scroll (editor/handover.ts), and keeps the pane.
  // A worker that never answers must not keep Monaco away: after EDITOR_WAIT_MS it comes anyway.
  const booting = useStore((s) => s.booting);
  const drawn = useStage() >= 2;
  const [waited, setWaited] = useState(false);
  const [monacoShown, setMonacoShown] = useState(false);
  const [monacoFailed, setMonacoFailed] = useState(false);
  const [plainKey, setPlainKey] = useState(0);
  // Decided per document, by its size when it came: a text area lays out all of its text at
  // once, so a large document waits for Monaco (which draws only the lines in view). Typing or
  // pasting past the size in the plain editor keeps it.
  const [fits, setFits] = useState({ version: textVersion, plain: text.length < LARGE_EDITOR_TEXT });
  if (fits.version !== textVersion) setFits({ version: textVersion, plain: text.length < LARGE_EDITOR_TEXT });
  const plain = useRef<PlainEditorHandle>(null);
  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), EDITOR_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  const lang = useStore((s) => s.lang);
  const setCursorLine = useStore((s) => s.setCursorLine);
  const theme = useStore((s) => s.theme);
  const setText = useStore((s) => s.setText);
  const rebuild = useStore((s) => s.rebuild);
  // A document past the editor's limit is shown as LargeText, unless opened anyway (until the next document).
  const [openAnyway, setOpenAnyway] = useState<number>();
  const tooLarge = text.length > EDITOR_MAX_TEXT && openAnyway !== textVersion;
  const onLargeText = (large: string) => {
    const s = useStore.getState();
    s.replaceDocument({ yaml: large, request: s.request }, {
      why: { kind: 'paste' },
      notice: { key: 'editor.largePasted', params: { size: formatSize(large.length, s.lang) }, tone: 'info', action: 'undo' },
    });
  };
  useEffect(() => {
    const now = performance.now();
    const delay = rebuildDelay(lastBuildCost(), now - lastChange);
    lastChange = now;
    const timer = setTimeout(() => rebuild({ ifChanged: true }), delay);
    return () => clearTimeout(timer);
  }, [text, rebuild]);
  // What the plain editor and Monaco both take.
  const editorProps = { value: text, onChange: setText, onCursor: setCursorLine, onLargeText, ariaLabel: t('editor.aria'), theme };
  return (
    <section className="panel editor-pane" aria-label={t('editor.title')}>
      <div className="editor-head">
        <h2 className="panel-title">{t('editor.title')} <SaveState /></h2>
        <CommandButton command="history" className="btn btn-small" showLabel />
      </div>
      {/* nokey: React Flow must not take keys typed in the editor (Monaco 0.57 uses EditContext, not a textarea). */}
      <div className="editor-box nokey">
        {loading ? (
          // A large saved text is still being read: nothing may be typed over its stand-in.
          <div className="editor-loading" data-testid="editor-loading-saved">{t('editor.loadingSaved', { size: formatSize(loading.size, lang) })}</div>
        ) : tooLarge ? (
          <LargeText text={text} onOpenAnyway={() => setOpenAnyway(textVersion)} />
        ) : (
          <>
            {!monacoShown && !fits.plain && <div className="editor-loading editor-cover">{t('editor.loading')}</div>}
            {!monacoShown && fits.plain && <PlainEditor key={`${textVersion}/${plainKey}`} ref={plain} {...editorProps} />}
            {!monacoFailed && (waited || !(booting || !drawn)) && (
              <KeepPlainOnFailure
                onFailed={() => {
                  setMonacoFailed(true);
                  setMonacoShown(false);
                  // A plain editor that has handed over takes no input: a new one, with the text.
                  if (plain.current?.given) setPlainKey((k) => k + 1);
                }}
              >
                <Suspense fallback={null}>
                  <HighlightedEditor key={textVersion} {...editorProps} diagnostics={diagnostics} takeOver={monacoShown ? undefined : plain} onIn={() => setMonacoShown(true)} />
                </Suspense>
              </KeepPlainOnFailure>
            )}
          </>
        )}
      </div>
      <Diagnostics />
    </section>
  );
}

/**
 * Monaco's chunk can fail to load (the server went away, an offline copy not yet made): the
 * plain editor then stays, and the text can still be edited and built.
 */
class KeepPlainOnFailure extends Component<{ onFailed: () => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch() {
    this.props.onFailed();
  }

  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** The editor with the current hop's lines and the focus's: apart, so a step re-renders it, not the whole pane. */
function HighlightedEditor(props: Omit<YamlEditorProps, 'highlight' | 'focus'>) {
  const highlight = useStore(selectHighlight);
  const focus = useStore(selectFocusRanges);
  return <YamlEditor {...props} highlight={highlight} focus={focus} />;
}
