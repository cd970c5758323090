/**
 * The editor pane for a document larger than the editor opens (editor/limits.ts): what it is,
 * that the cluster is built and drawn from it all the same, its first lines, and the ways on
 * (Undo the paste or file, Save it to edit elsewhere, or open it in the editor anyway).
 */
import { useEffect } from 'react';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { CommandButton } from '../commands/CommandButton';
import { EDITOR_MAX_TEXT } from '../editor/limits';
import { formatSize } from './size';
import { reachStage } from './firstFrame';
import { editorIn } from '../editor/ready';

const SHOWN_LINES = 200;

export function LargeText({ text, onOpenAnyway }: { text: string; onOpenAnyway: () => void }) {
  const t = useT();
  const lang = useStore((s) => s.lang);
  useEffect(() => {
    // The pane is ready: the same measuring point as the editor's (the benchmarks read it).
    const out = editorIn();
    reachStage(3);
    return out;
  }, []);
  let end = 0;
  for (let i = 0; i < SHOWN_LINES && end !== -1; i++) end = text.indexOf('\n', end + 1);
  const head = end === -1 ? text : text.slice(0, end);
  return (
    <div className="large-text" data-testid="large-text">
      <p role="status">{t('editor.largeText', { size: formatSize(text.length, lang), max: formatSize(EDITOR_MAX_TEXT, lang) })}</p>
      <div className="large-text-actions">
        <CommandButton command="save" className="btn btn-small" showLabel />
        <button type="button" className="btn btn-small" data-testid="large-open-anyway" onClick={onOpenAnyway}>{t('editor.largeOpenAnyway')}</button>
      </div>
      <p className="muted">{t('editor.largeHead', { lines: SHOWN_LINES })}</p>
      <pre className="large-text-head" tabIndex={0} aria-label={t('editor.largeHead', { lines: SHOWN_LINES })}>{head}</pre>
    </div>
  );
}
