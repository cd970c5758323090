/**
 * Flag parsing with Node's util.parseArgs, and errors in the words kubectl (cobra) uses:
 * `error: unknown flag: --foo`, `error: flag needs an argument: --node`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_CLOCK } from '../engine/api/clock';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes. */
export const COMMON: Options = {
  filename: { type: 'string', short: 'f', multiple: true },
  now: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export class UsageError extends Error {}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

function flagError(e: { code?: string; message: string }, command: string): UsageError {
  const see = `\nSee 'podpath ${command} --help' for usage.`;
  const unknown = /Unknown option '(-{1,2})([^']+)'/.exec(e.message);
  if (unknown) {
    const [, dashes, name] = unknown;
    return new UsageError(dashes === '--' ? `error: unknown flag: --${name}${see}` : `error: unknown shorthand flag: '${name[0]}' in -${name}${see}`);
  }
  const missing = /Option '(?:-(\w), )?--([\w-]+)/.exec(e.message);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missing) return new UsageError(`error: flag needs an argument: --${missing[2]}${see}`);
  return new UsageError(`error: ${e.message}${see}`);
}

export function parse(argv: string[], options: Options, command: string): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw flagError(e as { code?: string; message: string }, command);
  }
  // pflag reads `-f=x` as x; parseArgs keeps the `=`.
  const values: Parsed['values'] = {};
  for (const [k, v] of Object.entries(parsed.values)) {
    values[k] = typeof v === 'string' ? v.replace(/^=/, '') : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.replace(/^=/, '') : String(x))) : v;
  }
  return { values, positionals: parsed.positionals };
}

/** `--now`: the simulated moment; RFC 3339. */
export function nowOf(value: unknown): Date {
  if (value === undefined) return DEFAULT_CLOCK.now;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) throw new UsageError(`error: invalid --now "${String(value)}": give a time like 2026-01-08T12:05:00Z`);
  return new Date(t);
}

export function required(values: Parsed['values'], flag: string): string {
  const v = values[flag];
  if (typeof v !== 'string' || v === '') throw new UsageError(`error: required flag(s) "${flag}" not set`);
  return v;
}
