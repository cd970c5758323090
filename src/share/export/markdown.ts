/**
 * Markdown from values Podpath did not write: names, hosts, paths and the YAML itself come from
 * whoever wrote the cluster (a shared link, a lesson file), and a handout is rendered by
 * Markdown viewers that also render raw HTML. Each value is escaped for where it sits, so that
 * it reads as the text it is and never becomes a tag, a link, emphasis, a table cell or the end
 * of a code block. CommonMark's rules (spec 0.31: backslash escapes, entity references, code
 * spans, fenced code blocks), with GFM's tables.
 */

/**
 * Inline text (a paragraph, a list item, a heading, a table cell). `&`, `<` and `>` become
 * entities, so no HTML tag, comment or autolink can open; the punctuation that makes emphasis,
 * code, links, images, strikethrough and table cells is escaped with a backslash; a line break
 * (no name holds one) becomes a space, so the value cannot start a block of its own; and what
 * would open a block at the start of a line (`# `, `- `, `1. `, `===`) is escaped too.
 */
export function mdText(value: string): string {
  const text = value
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~!]/g, '\\$&');
  // Each of these opens a block only with a space or the end after it.
  return text
    .replace(/^(#{1,6})(?=[ \t]|$)/, '\\$1')
    .replace(/^([+-])(?=[ \t]|$)/, '\\$1')
    .replace(/^([=-]+[ \t]*)$/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
}

/**
 * A code span: the text as it is (entities and backslashes mean nothing inside one), between
 * runs of backticks longer than any run inside it, with a space inside each end when the text
 * starts or ends with a backtick or a space. Line breaks become spaces, as the span would show
 * them anyway, so the value cannot end the paragraph; `|` is escaped, as GFM reads it as a cell
 * border even inside a span in a table.
 */
export function mdCode(value: string, inTable = false): string {
  const text = value.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${ticks}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${ticks}`;
}

/**
 * A fenced code block holding `body` as it is: the fence is longer than any run of backticks in
 * the body, so no line of it can close the block early (a closing fence needs at least as many).
 */
export function mdFence(body: string, info = ''): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
