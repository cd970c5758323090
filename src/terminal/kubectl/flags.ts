/**
 * Flags the way kubectl's cobra/pflag read them: `--name=value`, `--name value`, `-n value`,
 * `-nvalue`, grouped booleans (`-it`), `--` ending the flags; and pflag's error texts
 * (spf13/pflag flag.go: failf "unknown flag: --%s", "unknown shorthand flag: %q in -%s",
 * "flag needs an argument: %s"), which kubectl prints as `error: …` followed by
 * `See 'kubectl VERB --help' for usage.` (cobra's flag error func in kubectl's cmd.go).
 */

export interface FlagSpec {
  name: string;
  short?: string;
  /** A boolean takes no value (`--dry-run` alone is `--dry-run=unchanged`: see `optional`). */
  type: 'string' | 'bool' | 'int' | 'strings';
  /** The value when the flag is given without `=value` (pflag NoOptDefVal). */
  optional?: string;
}

/** The flags every kubectl command accepts (cli-runtime's ConfigFlags), the ones a student meets. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
];

export interface Parsed {
  flags: Record<string, string | boolean | string[]>;
  args: string[];
  /** What follows `--`. */
  after?: string[];
}

export class FlagError extends Error {}

export function parseFlags(argv: string[], specs: FlagSpec[]): Parsed {
  const all = [...specs, ...GLOBAL_FLAGS];
  const flags: Parsed['flags'] = {};
  const args: string[] = [];
  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.type === 'strings') flags[spec.name] = [...((flags[spec.name] as string[]) ?? []), String(value)];
    else if (spec.type === 'int' && typeof value === 'string' && !/^-?\d+$/.test(value)) {
      throw new FlagError(`invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
    } else flags[spec.name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { flags, args, after: argv.slice(i + 1) };
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = all.find((s) => s.name === name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, spec.type === 'bool' ? a.slice(eq + 1) !== 'false' : a.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, true);
      else if (spec.optional !== undefined) set(spec, spec.optional);
      else if (i + 1 < argv.length) set(spec, argv[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const spec = all.find((s) => s.short === c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (spec.type === 'bool') {
          set(spec, true);
          continue;
        }
        const rest = a.slice(j + 1).replace(/^=/, '');
        if (rest !== '') set(spec, rest);
        else if (i + 1 < argv.length) set(spec, argv[++i]);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
    } else args.push(a);
  }
  return { flags, args };
}

export const str = (p: Parsed, name: string): string | undefined => (typeof p.flags[name] === 'string' ? (p.flags[name] as string) : undefined);
export const bool = (p: Parsed, name: string): boolean => p.flags[name] === true;
