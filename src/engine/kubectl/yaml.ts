/**
 * `kubectl get -o yaml`: sigs.k8s.io/yaml turns the JSON into YAML with go-yaml v2, whose
 * emitter decides every quote and line break. Reproduced here for JSON-shaped data:
 * - keys sorted go-yaml's way (digits compared as numbers, non-letters before letters);
 * - a string is quoted when it would read back as another type (`"True"`, `"80"`, `""`,
 *   timestamps: double quotes), or when plain YAML cannot hold it (`': '`, a leading `*`:
 *   single quotes);
 * - sequences under a key are not indented; long scalars fold at the first space past
 *   column 80, continuing two spaces deeper.
 * Sources: go-yaml v2 encode.go (stringv), resolve.go, emitterc.go
 * (yaml_emitter_analyze_scalar, yaml_emitter_write_plain_scalar and friends).
 */

const BEST_WIDTH = 80;

const NOT_STRINGS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
  '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT = /^[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|[0-9]+)$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** go-yaml's resolve(): would this text, unquoted, read back as a string? */
function readsAsString(s: string): boolean {
  if (s === '' || NOT_STRINGS.has(s)) return false;
  const c = s[0];
  if (c === '.') return !FLOAT.test(s.replaceAll('_', ''));
  if (!/[-+0-9]/.test(c)) return true;
  const plain = s.replaceAll('_', '');
  if (TIMESTAMP.test(s) || INT.test(plain) || FLOAT.test(plain)) return false;
  return !BASE60.test(s);
}

/**
 * go-yaml's is_printable (yamlprivateh.go), by code point: a newline, printable ASCII, and the
 * rest of the Basic Multilingual Plane but the C1 controls, the surrogates and U+FFFE/U+FFFF.
 * Everything past U+FFFF (emoji) is not, so kubectl double-quotes and escapes it.
 */
function printable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
}

/** The escapes of yaml_emitter_write_double_quoted_scalar (emitterc.go), `\x`, `\u` or `\U` with hex digits for the rest. */
const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escaped(c: number): string {
  if (ESCAPES[c] !== undefined) return `\\${ESCAPES[c]}`;
  const [letter, digits] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${letter}${c.toString(16).toUpperCase().padStart(digits as number, '0')}`;
}

/** yaml_emitter_analyze_scalar, for the block context: may the text go unquoted, or in single quotes? */
function analyze(s: string): { plain: boolean; single: boolean } {
  let indicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let precededByBlank = true;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const followedByBlank = i + 1 >= s.length || s[i + 1] === ' ' || s[i + 1] === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) indicators = true;
    } else if ((ch === ':' && followedByBlank) || (ch === '#' && precededByBlank)) indicators = true;
    // is_printable: tabs, other control characters and characters past U+FFFF force double quotes.
    const code = s.codePointAt(i)!;
    if (!printable(code) || code === 0xfeff) special = true;
    if (code > 0xffff) i++;
    precededByBlank = ch === ' ' || ch === '\t' || ch === '\n';
  }
  const edgeSpace = s.startsWith(' ') || s.endsWith(' ');
  return { plain: !indicators && !special && !edgeSpace, single: !special };
}

/** Orders map keys as go-yaml's keyList.Less does. */
export function yamlKeyLess(a: string, b: string): number {
  const isLetter = (ch: string) => /\p{L}/u.test(ch);
  const isDigit = (ch: string) => ch >= '0' && ch <= '9';
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i] ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    let ai = i;
    let bi = i;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i] < br[i] ? -1 : 1;
  }
  return ar.length - br.length;
}

class Emitter {
  out = '';
  column = 0;

  put(s: string): void {
    this.out += s;
    this.column += s.length;
  }

  line(indent: number): void {
    if (this.out !== '') this.out += '\n';
    this.out += ' '.repeat(indent);
    this.column = indent;
  }

  /** Plain or single-quoted text, folded at a space once past the best width. */
  folded(s: string, indent: number, breaks: boolean, quoted: boolean): void {
    let spaces = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === ' ') {
        const inside = !quoted || (i > 0 && i < s.length - 1);
        if (breaks && !spaces && this.column > BEST_WIDTH && inside && s[i + 1] !== ' ') this.line(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(quoted && ch === "'" ? "''" : ch);
        spaces = false;
      }
    }
  }

  double(s: string, indent: number, breaks: boolean): void {
    this.put('"');
    let spaces = false;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === ' ') {
        if (breaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== s.length - 1) {
          this.line(indent);
          if (s[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
        continue;
      }
      spaces = false;
      // Whatever is not printable, a line break, a BOM, a quote or a backslash is escaped.
      const c = s.codePointAt(i)!;
      if (c > 0xffff) i++;
      const lineBreak = c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
      if (!printable(c) || lineBreak || c === 0xfeff || ch === '"' || ch === '\\') this.put(escaped(c));
      else this.put(ch);
    }
    this.put('"');
  }

  literal(s: string, indent: number): void {
    const chomp = !s.endsWith('\n') ? '-' : s.endsWith('\n\n') || s === '\n' ? '+' : '';
    const hint = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
    this.put(`|${hint}${chomp}`);
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    for (const text of body.split('\n')) {
      this.out += '\n' + (text ? ' '.repeat(indent) + text : '');
      this.column = text ? indent + text.length : 0;
    }
  }

  /** A string in the style go-yaml picks; `breaks` is false for keys (a simple key stays on one line). */
  string(s: string, indent: number, breaks: boolean): void {
    if (s.includes('\n') && breaks && analyze(s.replaceAll('\n', 'x')).single) return this.literal(s, indent);
    if (!readsAsString(s) || s.includes('\n')) return this.double(s, indent, breaks);
    const { plain, single } = analyze(s);
    if (plain) return this.folded(s, indent, breaks, false);
    if (!single) return this.double(s, indent, breaks);
    this.put("'");
    this.folded(s, indent, breaks, true);
    this.put("'");
  }

  scalar(value: unknown, indent: number): void {
    if (value === null || value === undefined) this.put('null');
    else if (typeof value === 'string') this.string(value, indent, true);
    else this.put(String(value));
  }

  /** After `key:` or `-`: the value on this line, or the collection below. */
  value(value: unknown, indent: number, inSequence: boolean): void {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.put(' []');
      if (inSequence) {
        this.put(' ');
        return this.sequence(value, indent + 2, true);
      }
      return this.sequence(value, indent, false);
    }
    if (value !== null && typeof value === 'object') {
      const map = value as Record<string, unknown>;
      if (Object.keys(map).length === 0) return this.put(' {}');
      if (inSequence) {
        this.put(' ');
        return this.mapping(map, indent + 2, true);
      }
      return this.mapping(map, indent + 2, false);
    }
    this.put(' ');
    this.scalar(value, indent + 2);
  }

  mapping(map: Record<string, unknown>, indent: number, inline: boolean): void {
    const keys = Object.keys(map).filter((k) => map[k] !== undefined).sort(yamlKeyLess);
    keys.forEach((key, i) => {
      if (!(inline && i === 0)) this.line(indent);
      this.string(key, indent, false);
      this.put(':');
      this.value(map[key], indent, false);
    });
  }

  sequence(items: unknown[], indent: number, inline: boolean): void {
    items.forEach((item, i) => {
      if (!(inline && i === 0)) this.line(indent);
      this.put('-');
      this.value(item, indent, true);
    });
  }
}

/** One object as `kubectl get -o yaml` prints it, newline included. */
export function toKubectlYaml(value: unknown): string {
  const e = new Emitter();
  if (Array.isArray(value)) e.sequence(value, 0, true);
  else if (value !== null && typeof value === 'object') e.mapping(value as Record<string, unknown>, 0, true);
  else e.scalar(value, 0);
  return `${e.out}\n`;
}
