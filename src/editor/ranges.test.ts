import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../engine';
import { lineSpan, markerRange, toMarkers, type LineInfo } from './ranges';

function linesOf(text: string): LineInfo {
  const lines = text.split('\n');
  return {
    getLineCount: () => lines.length,
    getLineMaxColumn: (n) => lines[n - 1].length + 1,
    getLineFirstNonWhitespaceColumn: (n) => {
      const i = lines[n - 1].search(/\S/);
      return i < 0 ? 0 : i + 1;
    },
  };
}

const text = 'apiVersion: v1\nkind: Service\nspec:\n  selectr:\n    app: web\n';
const at = (line: number, column: number) => ({ line, column });

describe('markerRange', () => {
  it('keeps a proper range', () => {
    expect(markerRange({ start: at(2, 7), end: at(2, 14) }, linesOf(text))).toEqual({
      startLineNumber: 2,
      startColumn: 7,
      endLineNumber: 2,
      endColumn: 14,
    });
  });

  it('extends an empty range to the end of the line', () => {
    expect(markerRange({ start: at(4, 3), end: at(4, 3) }, linesOf(text))).toEqual({
      startLineNumber: 4,
      startColumn: 3,
      endLineNumber: 4,
      endColumn: 11,
    });
  });

  it('covers the line text when an empty range sits at the end of the line', () => {
    expect(markerRange({ start: at(4, 11), end: at(4, 11) }, linesOf(text))).toEqual({
      startLineNumber: 4,
      startColumn: 3,
      endLineNumber: 4,
      endColumn: 11,
    });
  });

  it('clamps ranges from an older, longer text', () => {
    expect(markerRange({ start: at(40, 9), end: at(42, 1) }, linesOf('a: 1\nbb: 2'))).toEqual({
      startLineNumber: 2,
      startColumn: 1,
      endLineNumber: 2,
      endColumn: 6,
    });
  });
});

describe('toMarkers', () => {
  it('maps severities and keeps the message', () => {
    const diagnostics: Diagnostic[] = [
      { severity: 'error', code: 'a', message: 'bad', range: { start: at(1, 1), end: at(1, 11) } },
      { severity: 'warning', code: 'b', message: 'meh', range: { start: at(2, 1), end: at(2, 1) } },
      { severity: 'info', code: 'c', message: 'fyi', range: { start: at(3, 1), end: at(3, 6) } },
    ];
    const markers = toMarkers(diagnostics, linesOf(text), { error: 8, warning: 4, info: 2 });
    expect(markers.map((m) => [m.severity, m.message, m.endColumn])).toEqual([
      [8, 'bad', 11],
      [4, 'meh', 14],
      [2, 'fyi', 6],
    ]);
  });
});

describe('lineSpan', () => {
  it('drops a trailing line the range only touches at column 1', () => {
    expect(lineSpan({ start: at(3, 1), end: at(6, 1) }, linesOf(text))).toEqual({ start: 3, end: 5 });
  });
  it('clamps to the text', () => {
    expect(lineSpan({ start: at(9, 1), end: at(12, 4) }, linesOf(text))).toEqual({ start: 6, end: 6 });
  });
});
