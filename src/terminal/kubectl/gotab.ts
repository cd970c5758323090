/**
 * Go's text/tabwriter as `kubectl describe` sets it up (describe.go tabbedString:
 * tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)). Cells end at a tab; a column is aligned over a
 * run of consecutive lines that all have a cell in it, as wide as its widest cell plus two; a
 * line without that cell ends the run. The last cell of a line is never padded. `flush` marks
 * where kubectl flushes the writer (before the Events table), which starts alignment afresh.
 * Algorithm: tabwriter.go (Writer.format, writeLines).
 */
const PADDING = 2;

type Line = string[];

function format(lines: Line[], widths: number[], line0: number, line1: number, out: string[]): void {
  const column = widths.length;
  for (let i = line0; i < line1; i++) {
    if (column >= lines[i].length - 1) continue;
    writeLines(lines, widths, line0, i, out);
    line0 = i;
    let width = 0;
    for (; i < line1; i++) {
      if (column >= lines[i].length - 1) break;
      width = Math.max(width, lines[i][column].length + PADDING);
    }
    format(lines, [...widths, width], line0, i, out);
    line0 = i;
    i--;
  }
  writeLines(lines, widths, line0, line1, out);
}

function writeLines(lines: Line[], widths: number[], from: number, to: number, out: string[]): void {
  for (let i = from; i < to; i++) {
    const cells = lines[i];
    out.push(cells.map((c, j) => (j < widths.length && j < cells.length - 1 ? c.padEnd(widths[j]) : c)).join(''));
  }
}

/** Aligns text whose cells are separated by tabs; `\f` (form feed) flushes, as Writer.Flush does. */
export function tabbed(text: string): string {
  const parts = text.split('\f');
  return parts
    .map((part) => {
      const trailing = part.endsWith('\n');
      const body = trailing ? part.slice(0, -1) : part;
      if (body === '' && trailing) return '\n';
      if (body === '') return '';
      const lines = body.split('\n').map((l) => l.split('\t'));
      const out: string[] = [];
      format(lines, [], 0, lines.length, out);
      return out.join('\n') + (trailing ? '\n' : '');
    })
    .join('');
}
