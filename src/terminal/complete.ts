/**
 * Tab completion as bash-completion and kubectl's own completion script offer it: command
 * names first, then kubectl verbs, resource types and the names of objects in the cluster
 * (pods, services, nodes, deployments), and the pods a `kubectl exec` can enter; `nft list`'s
 * objects and, on a node in kube-proxy's nftables mode, its table's chains, sets and maps.
 */
import { escapeTerminal } from '../engine/kubectl/escape';
import { placeOf } from './places';
import { programNames } from './programs';
import { VERBS } from './kubectl/index';
import type { TerminalState } from './types';
import { nftLines } from '../worker/pack';

export interface Completion {
  /** The line with the word under the cursor completed as far as the candidates agree. */
  line: string;
  /**
   * Every candidate, when more than one fits (the terminal lists them, as bash does on a second
   * Tab), escaped for the screen: they are names from the YAML.
   */
  candidates: string[];
}

const TYPES = ['pods', 'services', 'endpoints', 'endpointslices', 'ingresses', 'networkpolicies', 'nodes', 'deployments'];

function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

function namesFor(state: TerminalState, type: string): string[] {
  const c = state.cluster;
  const t = type.replace(/\/.*$/, '');
  if (['po', 'pod', 'pods'].includes(t)) return c.pods.filter((p) => p.namespace === 'default').map((p) => p.name);
  if (['svc', 'service', 'services', 'ep', 'endpoints'].includes(t)) return c.services.filter((s) => s.namespace === 'default').map((s) => s.name);
  if (['no', 'node', 'nodes'].includes(t)) return c.nodes.map((n) => n.name);
  if (['deploy', 'deployment', 'deployments'].includes(t)) return c.workloads.filter((w) => w.kind === 'Deployment' && w.namespace === 'default').map((w) => w.name);
  if (['ing', 'ingress', 'ingresses'].includes(t)) return c.ingresses.filter((i) => i.namespace === 'default').map((i) => i.name);
  return [];
}

/**
 * The names of one kind of object in the node's kube-proxy table: from the listing the worker
 * sent (the page holds no table), or from the table itself where the engine ran here (tests).
 */
function nftNames(state: TerminalState, kind: string): string[] {
  const place = placeOf(state.cluster, state.shell);
  const dp = place.kind === 'node' ? state.cluster.nodeDataplanes.find((d) => d.node === place.hostname) : undefined;
  if (!dp) return [];
  const lines = nftLines(dp);
  if (lines) return [...new Set(lines.filter((l) => l.block?.kind === kind).map((l) => l.block!.name))];
  const table = dp.nftables;
  if (!table) return [];
  return kind === 'chain' ? [...table.chains.keys()] : [...table.sets.values()].filter((s) => s.kind === kind).map((s) => s.name);
}

/** `nft list …`: what may come next. */
function nftWords(state: TerminalState, args: string[]): string[] {
  if (args.length === 0) return ['list'];
  if (args[0] !== 'list') return [];
  const [, what, ...rest] = args;
  if (what === undefined) return ['chain', 'map', 'ruleset', 'set', 'table'];
  const names = rest[0] === 'ip' ? rest.slice(1) : rest;
  if (what === 'ruleset') return rest.length === 0 ? ['ip'] : [];
  const kube = state.cluster.settings.proxy.mode === 'nftables' ? ['kube-proxy'] : [];
  if (names.length === 0) return rest.length === 0 ? ['ip', ...kube] : kube;
  if (what === 'table' || names.length > 1 || names[0] !== 'kube-proxy') return [];
  return nftNames(state, what);
}

/** Candidates for the last word of `line` (the cursor is at its end). */
export function complete(state: TerminalState, line: string): Completion {
  const place = placeOf(state.cluster, state.shell);
  const segment = line.split(/\|\||&&|[|;]/).at(-1)!;
  // After sudo (and its options), the command is completed as at the start of a line.
  const all = segment.trimStart().split(/\s+/);
  const sudo = all[0] === 'sudo' ? all.slice(1).findIndex((w) => !w.startsWith('-')) + 1 : 0;
  const words = sudo > 0 ? all.slice(sudo) : all;
  const word = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let pool: string[];
  if (before.length === 0) pool = programNames(place);
  else if (before[0] === 'kubectl') {
    const args = before.slice(1).filter((w) => !w.startsWith('-'));
    const verb = args[0];
    if (!verb) pool = Object.keys(VERBS);
    else if (verb === 'exec' || verb === 'port-forward') pool = args.length === 1 ? namesFor(state, 'pods') : [];
    else if (verb === 'scale' || verb === 'expose') pool = args.length === 1 ? ['deployment'] : args.length === 2 ? namesFor(state, args[1]) : [];
    else if (args.length === 1) pool = word.includes('/') ? namesFor(state, word).map((n) => `${word.split('/')[0]}/${n}`) : TYPES;
    else pool = namesFor(state, args[1]);
  } else if (before[0] === 'nft') pool = nftWords(state, before.slice(1).filter((w) => !w.startsWith('-')));
  else if (before[0] === 'ssh') pool = state.cluster.nodes.map((n) => n.name);
  else pool = [];
  const candidates = pool.filter((p) => p.startsWith(word)).sort();
  if (candidates.length === 0) return { line, candidates: [] };
  const prefix = candidates.length === 1 ? `${candidates[0]} ` : commonPrefix(candidates);
  const completed = line.slice(0, line.length - word.length) + (prefix.length >= word.length ? prefix : word);
  return { line: completed, candidates: candidates.length > 1 ? candidates.map(escapeTerminal) : [] };
}
