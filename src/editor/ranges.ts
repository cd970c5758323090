/**
 * Pure conversions from engine ranges (1-based, possibly stale against the current text) to
 * Monaco ranges. No runtime import of Monaco, so this runs in unit tests under Node.
 */
import type { Diagnostic, SourceRange } from '../engine';

/** The few text-model queries needed; Monaco's ITextModel satisfies it. */
export interface LineInfo {
  getLineCount(): number;
  /** One past the last character of the line (1-based), as Monaco defines it. */
  getLineMaxColumn(lineNumber: number): number;
  /** 0 when the line is empty or only whitespace. */
  getLineFirstNonWhitespaceColumn(lineNumber: number): number;
}

export interface MonacoRange {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(Number.isFinite(n) ? Math.trunc(n) : lo, lo), hi);

/**
 * A marker range for a diagnostic. Positions are clamped to the current text (diagnostics may
 * come from an older version of it). An empty range (end equals start) extends to the end of the
 * line; if the start is already at the end of the line, the whole line's text is covered.
 */
export function markerRange(range: SourceRange, lines: LineInfo): MonacoRange {
  const lineCount = Math.max(1, lines.getLineCount());
  const startLineNumber = clamp(range.start.line, 1, lineCount);
  let startColumn = clamp(range.start.column, 1, lines.getLineMaxColumn(startLineNumber));
  const endLineNumber = clamp(range.end.line, startLineNumber, lineCount);
  let endColumn = clamp(range.end.column, 1, lines.getLineMaxColumn(endLineNumber));
  if (endLineNumber === startLineNumber && endColumn <= startColumn) {
    endColumn = lines.getLineMaxColumn(startLineNumber);
    if (endColumn <= startColumn) startColumn = Math.max(1, lines.getLineFirstNonWhitespaceColumn(startLineNumber));
  }
  return { startLineNumber, startColumn, endLineNumber, endColumn };
}

export interface MarkerLike<S> extends MonacoRange {
  severity: S;
  message: string;
}

/** Marker data for `monaco.editor.setModelMarkers`; `severity` maps engine severities to Monaco's. */
export function toMarkers<S>(
  diagnostics: readonly Diagnostic[],
  lines: LineInfo,
  severity: Record<Diagnostic['severity'], S>,
): MarkerLike<S>[] {
  return diagnostics.map((d) => ({
    ...markerRange(d.range, lines),
    severity: severity[d.severity] ?? severity.error,
    message: d.message,
  }));
}

/**
 * Whole-line spans (first and last line) for highlight decorations, clamped to the text. A range
 * ending at column 1 (YAML block nodes end at the start of the next line) does not take that line.
 */
export function lineSpan(range: SourceRange, lines: Pick<LineInfo, 'getLineCount'>): { start: number; end: number } {
  const lineCount = Math.max(1, lines.getLineCount());
  const start = clamp(range.start.line, 1, lineCount);
  const endLine = range.end.column <= 1 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  const end = clamp(endLine, start, lineCount);
  return { start, end };
}
