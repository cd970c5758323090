/**
 * The longest text (characters) the editor opens. Past it Monaco's own work (the paste, the
 * text buffer, its line index) blocks the page for seconds; the engine still builds and draws
 * such a document, and the editor pane shows it as a plain notice with its first lines
 * (app/LargeText.tsx). The 2,000-pod cluster of the benchmarks is 1.8 MB. A module of its own,
 * so the page's first script reads it without Monaco.
 */
export const EDITOR_MAX_TEXT = 4_000_000;

/**
 * From this size (characters) the editor works as for a large file (createYamlEditor.ts
 * fitToSize), and the first frame has no plain editor (PlainEditor.tsx): a text area lays out
 * all of its text at once, and on the 2,000-pod cluster (1.8 MB) that was a task of a second
 * beside Monaco's own. A lesson is under 10 KB.
 */
export const LARGE_EDITOR_TEXT = 100_000;
