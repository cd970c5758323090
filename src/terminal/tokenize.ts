/**
 * The little of the shell grammar a terminal session needs: words with quotes and backslashes
 * (bash(1) QUOTING), pipelines with `|`, lists with `;` and `&&`, redirections (`>`, `>>`,
 * `2>`, `2>&1`, `<`) and here-documents (`<<EOF` … `EOF`). No expansion: `$X` stays as typed.
 */

export interface Redirect {
  fd: 1 | 2;
  /** A file path, or `&1` for `2>&1`. */
  to: string;
  append: boolean;
}

export interface SimpleCommand {
  argv: string[];
  redirects: Redirect[];
  /** `< file`. */
  input?: string;
  /** A here-document's text, or the lines pasted after the command. */
  stdin?: string;
}

export interface Pipeline {
  commands: SimpleCommand[];
  /** How this pipeline is joined to the previous one. */
  join: ';' | '&&' | '||';
}

export type Parsed = { pipelines: Pipeline[] } | { error: string };

interface Token {
  text: string;
  /** An operator (`|`, `>`…) rather than a word; a quoted `|` is a word. */
  op?: boolean;
}

const OPERATORS = ['&&', '||', '>>', '2>&1', '2>>', '2>', '<<-', '<<', '|', ';', '>', '<'];

/** Splits one line into words and operators. */
export function lex(line: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const flush = () => {
    if (inWord) tokens.push({ text: word });
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        word += line[j];
      }
      if (j >= line.length) return { error: 'unexpected EOF while looking for matching `"\'' };
      inWord = true;
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      flush();
      i++;
    } else if (ch === '#' && !inWord) {
      break; // a comment runs to the end of the line
    } else {
      const op = OPERATORS.find((o) => line.startsWith(o, i) && (o[0] !== '2' || !inWord));
      if (op) {
        flush();
        tokens.push({ text: op, op: true });
        i += op.length;
      } else {
        word += ch;
        inWord = true;
        i++;
      }
    }
  }
  flush();
  return tokens;
}

/** The here-document delimiters a line asks for, in order (`<<EOF`, `<<'EOF'`, `<<-EOF`). */
function heredocs(tokens: Token[]): { delimiter: string; strip: boolean }[] {
  const out: { delimiter: string; strip: boolean }[] = [];
  tokens.forEach((t, i) => {
    if (t.op && (t.text === '<<' || t.text === '<<-') && tokens[i + 1] && !tokens[i + 1].op) out.push({ delimiter: tokens[i + 1].text, strip: t.text === '<<-' });
  });
  return out;
}

/**
 * Parses what was typed or pasted. Lines after the first belong to its here-documents; any
 * left over are the input of a command reading stdin (`kubectl apply -f -`), as when a
 * manifest is pasted after the command.
 */
export function parse(text: string): Parsed {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const tokens = lex(lines[0]);
  if ('error' in tokens) return tokens;
  const docs: string[] = [];
  let next = 1;
  for (const { delimiter, strip } of heredocs(tokens)) {
    const body: string[] = [];
    while (next < lines.length && (strip ? lines[next].replace(/^\t+/, '') : lines[next]) !== delimiter) {
      body.push(strip ? lines[next].replace(/^\t+/, '') : lines[next]);
      next++;
    }
    next++;
    docs.push(body.length > 0 ? `${body.join('\n')}\n` : '');
  }
  const rest = lines.slice(next).join('\n');
  const pipelines: Pipeline[] = [];
  let current: SimpleCommand = { argv: [], redirects: [] };
  let pipeline: Pipeline = { commands: [], join: ';' };
  const endCommand = () => {
    if (current.argv.length > 0 || current.redirects.length > 0 || current.stdin !== undefined) pipeline.commands.push(current);
    current = { argv: [], redirects: [] };
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.op) {
      current.argv.push(t.text);
      continue;
    }
    const target = tokens[i + 1];
    switch (t.text) {
      case '|':
        if (current.argv.length === 0) return { error: "syntax error near unexpected token `|'" };
        endCommand();
        break;
      case ';':
      case '&&':
      case '||':
        if (current.argv.length === 0 && pipeline.commands.length === 0) return { error: `syntax error near unexpected token \`${t.text}'` };
        endCommand();
        pipelines.push(pipeline);
        pipeline = { commands: [], join: t.text };
        break;
      case '2>&1':
        current.redirects.push({ fd: 2, to: '&1', append: false });
        break;
      case '<<':
      case '<<-':
        i++;
        current.stdin = docs.shift() ?? '';
        break;
      default: {
        if (!target || target.op) return { error: `syntax error near unexpected token \`${target?.text ?? 'newline'}'` };
        i++;
        if (t.text === '<') current.input = target.text;
        else current.redirects.push({ fd: t.text.startsWith('2') ? 2 : 1, to: target.text, append: t.text.endsWith('>>') });
      }
    }
  }
  endCommand();
  if (pipeline.commands.length > 0) pipelines.push(pipeline);
  else if (pipeline.join !== ';') return { error: 'syntax error: unexpected end of file' };
  // Pasted lines after a command that reads stdin are its input.
  if (rest.trim() !== '') {
    const first = pipelines[0]?.commands[0];
    if (first && first.stdin === undefined) first.stdin = rest.endsWith('\n') ? rest : `${rest}\n`;
  }
  return { pipelines };
}
