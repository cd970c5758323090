/**
 * The longest text (characters) the editor opens. Past it Monaco's own work (the paste, the
 * text buffer, its line index) blocks the page for seconds; the engine still builds and draws
 * such a document, and the editor pane shows it as a plain notice with its first lines
 * (app/LargeText.tsx). The 2,000-pod cluster of the benchmarks is 1.8 MB. A module of its own,
 * so the page's first script reads it without Monaco.
 */
export const EDITOR_MAX_TEXT = 4_000_000;
