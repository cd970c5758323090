/**
 * The measuring points of the editor pane (the benchmarks and the e2e tests read them):
 * - `data-editor-ready` and the `podpath:editor-ready` mark: the text can be read and typed in.
 *   The plain editor sets them at the first frame, Monaco after it, the large-text notice for a
 *   document past the editor's limit. While one of them is mounted the attribute stays.
 * - `data-monaco-ready` and `podpath:monaco-ready`: Monaco is in, with whatever was typed before.
 * A module of its own, so the page's first script reads it without Monaco.
 */
let mounted = 0;

/** An editor is mounted; returns the call for when it is gone. */
export function editorIn(): () => void {
  if (mounted++ === 0) {
    performance.mark('podpath:editor-ready');
    document.documentElement.dataset.editorReady = 'true';
  }
  let out = false;
  return () => {
    if (out) return;
    out = true;
    if (--mounted === 0) delete document.documentElement.dataset.editorReady;
  };
}

/** Monaco has the text; returns the call for when it is gone. */
export function monacoIn(): () => void {
  performance.mark('podpath:monaco-ready');
  document.documentElement.dataset.monacoReady = 'true';
  return () => {
    delete document.documentElement.dataset.monacoReady;
  };
}
