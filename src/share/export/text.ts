/** Text in hand-made SVG: escaping, and cutting a line to a width (SVG cannot measure or ellipsize). */

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An estimate of a line's width, close enough to cut lines the way the page's CSS ellipsis
 * would: CJK characters take a full em, monospace ones 0.6 em, proportional ones about half.
 */
export function textWidth(text: string, size: number, mono = false): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x2e80) w += size;
    else if (mono) w += size * 0.6;
    else if (/[A-Z0-9]/.test(ch)) w += size * 0.64;
    else if (/[iljtf.,:;'|!()[\] ]/.test(ch)) w += size * 0.31;
    else w += size * 0.55;
  }
  return w;
}

/** The text, cut with an ellipsis so that it fits in `max`. */
export function fit(text: string, max: number, size: number, mono = false): string {
  if (textWidth(text, size, mono) <= max) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, size, mono) > max) chars.pop();
  return `${chars.join('')}…`;
}
