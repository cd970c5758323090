/**
 * Field errors as the API server words them (k8s.io/apimachinery v0.28
 * pkg/util/validation/field/{path,errors}.go), and the line each one points at.
 *
 * A field is named twice: as the API prints it (`spec.containers[0].ports[1].name`, field.Path)
 * and as the parse keys its source ranges (`spec.containers.0.ports.1.name`).
 */

/** A field's place in an object: the API's spelling and the parse's key for its line. */
export interface FieldPath {
  api: string;
  source: string;
}

export const root = (name: string): FieldPath => ({ api: name, source: name });

export function child(p: FieldPath, name: string): FieldPath {
  return { api: p.api ? `${p.api}.${name}` : name, source: p.source ? `${p.source}.${name}` : name };
}

export function index(p: FieldPath, i: number): FieldPath {
  return { api: `${p.api}[${i}]`, source: `${p.source}.${i}` };
}

/** One field error: the field, and what field.Error.ErrorBody() prints after it. */
export interface FieldError {
  field: FieldPath;
  body: string;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };

/** Go's `%q` of a string (strconv.Quote): what the API server prints around a bad value. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch]) out += SHORT_ESCAPES[ch];
    else if (PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd'; // a lone surrogate is not UTF-8: Go sees U+FFFD
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** How ErrorBody prints a bad value: strings quoted, numbers and booleans plain. */
function goValue(value: string | number | boolean): string {
  return typeof value === 'string' ? goQuote(value) : String(value);
}

const withDetail = (s: string, detail: string) => (detail ? `${s}: ${detail}` : s);

export const invalid = (field: FieldPath, value: string | number | boolean, detail: string): FieldError => ({ field, body: withDetail(`Invalid value: ${goValue(value)}`, detail) });
export const required = (field: FieldPath, detail = ''): FieldError => ({ field, body: withDetail('Required value', detail) });
export const duplicate = (field: FieldPath, value: string | number): FieldError => ({ field, body: `Duplicate value: ${goValue(value)}` });
export const forbidden = (field: FieldPath, detail: string): FieldError => ({ field, body: withDetail('Forbidden', detail) });
export const tooLong = (field: FieldPath, max: number): FieldError => ({ field, body: `Too long: must have at most ${max} bytes` });

/** field.NotSupported: the supported values quoted, in the order the caller gives (sets.List() sorts them). */
export function notSupported(field: FieldPath, value: string, supported: readonly string[]): FieldError {
  return { field, body: `Unsupported value: ${goQuote(value)}: supported values: ${supported.map(goQuote).join(', ')}` };
}

/** One error per message, all on the same field and value (`for _, msg := range …`). */
export function eachInvalid(field: FieldPath, value: string | number, msgs: string[]): FieldError[] {
  return msgs.map((m) => invalid(field, value, m));
}
