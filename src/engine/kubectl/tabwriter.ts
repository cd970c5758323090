/**
 * kubectl's table layout: cells go through a tabwriter (cli-runtime printers.GetNewTabWriter:
 * minwidth 6, padding 3, pad with spaces). Each column is as wide as its longest cell plus
 * three spaces, and at least six; the last cell of a line is not padded.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export function tabulate(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? MIN_WIDTH, cell.length + PADDING);
    });
  }
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join('') + '\n').join('');
}
