/**
 * kubectl v1.28 against the simulated cluster: the verbs a student meets, each with its flags
 * and its errors as kubectl prints them. Verbs kubectl has but Podpath does not simulate get a
 * note saying so, not a made-up answer.
 */
import { kubectlGet } from '../../engine/kubectl/get';
import { resourceType } from '../../engine/kubectl/resources';
import { obj } from '../../engine/fields';
import type { Ctx, Program } from '../io';
import { DESCRIBERS } from './describe';
import { exec } from './exec';
import { portForwardCommand } from '../forwards';
import { expose } from './expose';
import { bool, FlagError, parseFlags, str, type FlagSpec, type Parsed } from './flags';
import { apply, deleteCommand, scale } from './mutate';

interface Verb {
  flags: FlagSpec[];
  run(ctx: Ctx, p: Parsed): number;
}

const output: FlagSpec = { name: 'output', short: 'o', type: 'string' };
const filename: FlagSpec = { name: 'filename', short: 'f', type: 'strings' };
const dryRun: FlagSpec = { name: 'dry-run', type: 'string', optional: 'unchanged' };

export const VERBS: Record<string, Verb> = {
  get: {
    flags: [output, { name: 'all-namespaces', short: 'A', type: 'bool' }, { name: 'watch', short: 'w', type: 'bool' }, { name: 'show-labels', type: 'bool' }],
    run: get,
  },
  describe: { flags: [{ name: 'all-namespaces', short: 'A', type: 'bool' }, { name: 'show-events', type: 'bool' }], run: describe },
  apply: { flags: [filename, dryRun, output], run: apply },
  delete: { flags: [filename, { name: 'now', type: 'bool' }, { name: 'force', type: 'bool' }, { name: 'grace-period', type: 'int' }], run: deleteCommand },
  scale: { flags: [{ name: 'replicas', type: 'string' }, filename], run: scale },
  expose: {
    flags: [
      { name: 'port', type: 'string' }, { name: 'target-port', type: 'string' }, { name: 'type', type: 'string' }, { name: 'name', type: 'string' },
      { name: 'protocol', type: 'string' }, dryRun, output,
    ],
    run: expose,
  },
  exec: { flags: [{ name: 'stdin', short: 'i', type: 'bool' }, { name: 'tty', short: 't', type: 'bool' }, { name: 'container', short: 'c', type: 'string' }], run: exec },
  'port-forward': { flags: [{ name: 'address', type: 'strings' }, { name: 'pod-running-timeout', type: 'string' }], run: portForwardCommand },
};

/** Every kubectl v1.28 command, for "Did you mean this?" and for the note on the ones not simulated. */
export const ALL_COMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info', 'completion', 'config', 'cordon',
  'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events', 'exec', 'explain', 'expose', 'get', 'kustomize', 'label', 'logs',
  'options', 'patch', 'plugin', 'port-forward', 'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

/** cobra's levenshteinDistance, case-insensitive. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** cobra's SuggestionsFor: distance at most 2, or a prefix. */
export function suggestions(typed: string): string[] {
  const t = typed.toLowerCase();
  return ALL_COMMANDS.filter((c) => distance(t, c) <= 2 || c.startsWith(t));
}

export const kubectl: Program = (ctx, args) => {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '--help' || verb === '-h') {
    ctx.io.out('kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n' +
      `Commands simulated here:\n${Object.keys(VERBS).map((v) => `  ${v}\n`).join('')}\nUsage:\n  kubectl [flags] [options]\n`);
    return 0;
  }
  const command = VERBS[verb];
  if (!command) {
    if (ALL_COMMANDS.includes(verb)) {
      ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.notSimulated', params: { command: `kubectl ${verb}` } }];
      return 1;
    }
    const near = suggestions(verb);
    ctx.io.err(`error: unknown command "${verb}" for "kubectl"${near.length > 0 ? `\n\nDid you mean this?\n${near.map((s) => `\t${s}\n`).join('')}` : '\n'}`);
    return 1;
  }
  let parsed: Parsed;
  try {
    parsed = parseFlags(rest, command.flags);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    ctx.io.err(`error: ${e.message}\nSee 'kubectl ${verb} --help' for usage.\n`);
    return 1;
  }
  if (bool(parsed, 'help')) {
    ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.noHelp', params: { command: `kubectl ${verb}` } }];
    return 0;
  }
  return command.run(ctx, parsed);
};

/** `TYPE NAME`, `TYPE/NAME…` or `TYPE1,TYPE2`: the resource words and names kubectl get takes. */
function resourceArgs(args: string[]): { resource: string; names: string[] } | undefined {
  if (args.length === 0) return undefined;
  if (args.every((a) => a.includes('/'))) {
    const types = [...new Set(args.map((a) => a.split('/')[0]))];
    return { resource: types.join(','), names: args.map((a) => a.split('/')[1]) };
  }
  return { resource: args[0], names: args.slice(1) };
}

function get(ctx: Ctx, p: Parsed): number {
  const r = resourceArgs(p.args);
  if (!r) {
    ctx.io.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
    return 1;
  }
  const out = kubectlGet(
    { resource: r.resource, names: r.names, namespace: str(p, 'namespace'), allNamespaces: bool(p, 'all-namespaces'), output: str(p, 'output') ?? '' },
    ctx.api(),
    ctx.now,
  );
  ctx.io.out(out.stdout);
  ctx.io.err(out.stderr);
  return out.exitCode;
}

function describe(ctx: Ctx, p: Parsed): number {
  const r = resourceArgs(p.args);
  if (!r) {
    ctx.io.err('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl describe -h\' for help and examples\n');
    return 1;
  }
  const type = resourceType(r.resource);
  const describer = type && DESCRIBERS[type.key];
  if (!type || !describer) {
    ctx.io.err(`error: the server doesn't have a resource type "${r.resource}"\n`);
    return 1;
  }
  const all = bool(p, 'all-namespaces');
  const namespace = str(p, 'namespace') ?? 'default';
  const api = ctx.api();
  const inScope = api[type.key].filter((o) => !type.namespaced || all || obj(o.metadata)?.namespace === namespace);
  const picked = [];
  let status = 0;
  if (r.names.length === 0) picked.push(...inScope);
  for (const name of r.names) {
    const exact = inScope.filter((o) => obj(o.metadata)?.name === name);
    // describe falls back to every object whose name starts with the one given.
    const found = exact.length > 0 ? exact : inScope.filter((o) => String(obj(o.metadata)?.name).startsWith(name));
    if (found.length === 0) {
      ctx.io.err(`Error from server (NotFound): ${type.resource} "${name}" not found\n`);
      status = 1;
    }
    picked.push(...found);
  }
  if (picked.length === 0 && r.names.length === 0) {
    ctx.io.err(type.namespaced && !all ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
    return 0;
  }
  ctx.io.out(picked.map((o) => describer(o, api, ctx.now)).join('\n\n'));
  return status;
}
