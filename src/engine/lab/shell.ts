/**
 * Writing shell text from values the lab did not choose. Every name and address in a lab script
 * comes from YAML a stranger may have written, and the script runs as root: each value is one
 * shell word whatever it holds, and no line of an embedded document can end that document.
 */

/** Characters that never mean anything to sh or bash inside a word (Python's shlex.quote keeps the same set bare). */
const BARE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/**
 * One shell word holding exactly `value`: bare when it is plainly safe, otherwise in single
 * quotes, inside which sh and bash expand nothing; a quote in the value closes them, is written
 * escaped, and opens them again (`'it'\''s'`). Newlines are kept as they are: inside single
 * quotes they are part of the word.
 */
export function word(value: string | number): string {
  const text = String(value);
  return BARE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed: `command('ip', 'netns', 'add', ns)`. */
export function command(...words: (string | number)[]): string {
  return words.map(word).join(' ');
}

/**
 * `<<'DELIM'`, the body, and the closing line, for a here-document the shell passes on
 * untouched (the quoted delimiter turns expansion off). The delimiter is `base` unless a line of
 * the body is exactly that, in which case it grows a number until no line is: a body can never
 * end its own document early and have its remaining lines run as commands.
 */
export function heredoc(base: string, body: string): string {
  const lines = new Set(body.split('\n'));
  let delimiter = base;
  for (let n = 1; lines.has(delimiter); n++) delimiter = `${base}_${n}`;
  return `<<'${delimiter}'\n${body}\n${delimiter}`;
}

/** A message on stderr. printf, not echo: dash's echo would read backslashes in it as escapes. */
export function sayError(message: string): string {
  return `printf '%s\\n' ${word(message)} >&2`;
}
