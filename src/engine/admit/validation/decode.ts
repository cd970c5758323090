/**
 * The API server's JSON decoding, for the field types alone: a string where an int32 belongs
 * (`containerPort: "80"`, `replicas: two`), a number where a string belongs (a label value
 * `1`), a list where a map belongs. Decoding fails before any validation runs, so the whole
 * object is refused with the decoder's one error.
 *
 * The texts are encoding/json's UnmarshalTypeError (as forked in sigs.k8s.io/json, which the
 * API server decodes with): `json: cannot unmarshal string into Go struct field
 * ContainerPort.spec.template.spec.containers.ports.containerPort of type int32`. The field is
 * the path of JSON keys from the root, without list indices or map keys; the struct is the
 * innermost struct type. The decoder keeps going after an error but reports the first one, and
 * kubectl sends the object with every map's keys sorted (Go's json.Marshal of the map it read
 * the YAML into), so "first" is in sorted key order, not in the order of the YAML.
 */
import { goTypeName, type GoType } from './gotypes';

export interface DecodeError {
  /** encoding/json's message. */
  message: string;
  /** Where the bad value is, as the parse keys source ranges (`spec.ports.0.nodePort`). */
  source: string;
}

interface Context {
  struct: string;
  fields: string[];
  source: string;
}

/** What json says the value is: "string", "number 1.5" (for a number that is not the int asked for), "bool"… */
function jsonKind(value: unknown): 'string' | 'number' | 'bool' | 'object' | 'array' {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? 'array' : 'object';
}

/** The number as Go's json.Marshal writes a float64 (1e+21), which is what the decoder echoes. */
const goNumber = (n: number) => String(n);

function fail(ctx: Context, value: string, type: GoType): DecodeError {
  return { message: `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goTypeName(type)}`, source: ctx.source };
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INT64 = { min: -(2 ** 63), max: 2 ** 63 - 1 };

function check(value: unknown, type: GoType, ctx: Context): DecodeError | undefined {
  // null decodes to the zero value; a field of unknown type is not checked.
  if (value === null || value === undefined || type.k === 'any') return undefined;
  const kind = jsonKind(value);
  switch (type.k) {
    case 'string':
      return kind === 'string' ? undefined : fail(ctx, kind, type);
    case 'bool':
      return kind === 'bool' ? undefined : fail(ctx, kind, type);
    case 'intstr':
      // IntOrString.UnmarshalJSON: a JSON string is the name; anything else must be an int32.
      if (kind === 'string') return undefined;
      return checkInt(value, kind, INT32, type, ctx);
    case 'int32':
      return checkInt(value, kind, INT32, type, ctx);
    case 'int64':
      return checkInt(value, kind, INT64, type, ctx);
    case 'slice': {
      if (kind !== 'array') return fail(ctx, kind, type);
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const problem = check(items[i], type.of, { ...ctx, source: `${ctx.source}.${i}` });
        if (problem) return problem;
      }
      return undefined;
    }
    case 'map': {
      if (kind !== 'object') return fail(ctx, kind, type);
      const entries = value as Record<string, unknown>;
      for (const key of Object.keys(entries).sort()) {
        const problem = check(entries[key], type.of, { ...ctx, source: `${ctx.source}.${key}` });
        if (problem) return problem;
      }
      return undefined;
    }
    case 'struct': {
      if (kind !== 'object') return fail(ctx, kind, type);
      const fields = value as Record<string, unknown>;
      for (const key of Object.keys(fields).sort()) {
        const field = type.fields[key];
        if (!field) continue;
        const problem = check(fields[key], field, { struct: type.name, fields: [...ctx.fields, key], source: ctx.source ? `${ctx.source}.${key}` : key });
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

function checkInt(value: unknown, kind: ReturnType<typeof jsonKind>, range: { min: number; max: number }, type: GoType, ctx: Context): DecodeError | undefined {
  if (kind !== 'number') return fail(ctx, kind, type);
  const n = value as number;
  if (!Number.isInteger(n) || n < range.min || n > range.max) return fail(ctx, `number ${goNumber(n)}`, type);
  return undefined;
}

/** The decoder's first type error in an object of this type, if any. */
export function decodeError(body: Record<string, unknown>, type: GoType): DecodeError | undefined {
  if (type.k !== 'struct') return undefined;
  return check(body, type, { struct: type.name, fields: [], source: '' });
}
