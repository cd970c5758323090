/** Text in hand-made SVG: escaping, measuring and cutting a line to a width (SVG does neither). */

/**
 * Text for an SVG element or attribute: markup characters as entities, and each character XML
 * 1.0 cannot hold at all (the C0 controls but tab, newline and carriage return; a lone
 * surrogate; U+FFFE and U+FFFF) as U+FFFD, since one of them makes the whole file unreadable.
 */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd');
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  mono?: boolean;
}

/** A line's width in pixels. */
export type Measure = (text: string, style: TextStyle) => number;

/**
 * A measure without a browser (tests, Node): an estimate for DejaVu Sans, the widest of the
 * usual fonts, so a cut line still fits where narrower fonts are used. CJK characters take a
 * full em, monospace ones 0.6 em.
 */
export const estimate: Measure = (text, { size, bold, mono }) => {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x2e80) w += size;
    else if (mono) w += size * 0.602;
    else if (/[A-Z0-9]/.test(ch)) w += size * 0.68;
    else if (/[iljtf.,:;'|!()[\] ]/.test(ch)) w += size * 0.34;
    else w += size * 0.6;
  }
  return bold && !mono ? w * 1.08 : w;
};

/** The page's own measure: the fonts the browser has, as the PNG and video frames will use them. */
export function canvasMeasure(sans: string, mono: string): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return estimate;
  return (text, style) => {
    ctx.font = `${style.bold ? 650 : 400} ${style.size}px ${style.mono ? mono : sans}`;
    return ctx.measureText(text).width;
  };
}

/** The text, cut with an ellipsis so that it fits in `max`. */
export function fit(text: string, max: number, style: TextStyle, measure: Measure = estimate): string {
  if (measure(text, style) <= max) return text;
  const chars = [...text];
  // Binary search on the length: a long route line costs a few measures, not one per character.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`, style) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}
