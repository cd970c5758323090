/** Reading the YAML and building the cluster, shared by every command. */
import { buildCluster } from '../engine/build';
import type { Cluster, NodeDataplane } from '../engine/model';
import type { Parsed } from './args';
import { expandLists } from '../engine/import';
import { parseManifests, type ParsedObject } from '../engine/parse';
import type { Diagnostic } from '../engine/types';
import { readInput, locate, type Input } from './input';
import type { Io } from './io';

export interface Loaded {
  input: Input;
  cluster: Cluster;
  objects: ParsedObject[];
}

export async function load(paths: string[], io: Io): Promise<Loaded> {
  const input = await readInput(paths, io);
  // A `kubectl get -o yaml` List is read as its items, as the build reads it.
  return { input, cluster: buildCluster(input.text), objects: expandLists(parseManifests(input.text).objects, []) };
}

/** `file:line:column` of a diagnostic, or '' for the cluster's own objects (not in any file). */
export function where(loaded: Loaded, d: Diagnostic): string {
  const at = locate(loaded.input, d.range.start.line);
  return at ? `${at.file}:${at.line}:${d.range.start.column}` : '';
}

/** Each diagnostic on stderr, `file:line:column: severity: message [code]`, as `podpath build` prints them. */
export function printDiagnostics(loaded: Loaded, io: Io, diagnostics: Diagnostic[] = loaded.cluster.diagnostics): void {
  for (const d of diagnostics) {
    const at = where(loaded, d);
    io.stderr(`${at ? `${at}: ` : ''}${d.severity}: ${d.message} [${d.code}]\n`);
  }
}

/**
 * Commands other than `build` still answer when some objects were refused, as kubectl would
 * about what the API server did store; one line on stderr says so.
 */
export function warnRejected(loaded: Loaded, io: Io, paths: string[]): void {
  const errors = loaded.cluster.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors === 0) return;
  const files = paths.map((p) => `-f ${p}`).join(' ');
  io.stderr(`Warning: the YAML has ${errors === 1 ? '1 error' : `${errors} errors`}, shown by podpath build ${files}\n`);
}

/**
 * The files of `-f` loaded (rejections warned) and the dataplane of `--node` (iptables-save,
 * ipvsadm, nft); undefined after printing kubectl's NotFound when there is no such node.
 */
export async function loadNode(args: Parsed, io: Io, nodeName: string): Promise<{ loaded: Loaded; dataplane: NodeDataplane } | undefined> {
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const dataplane = loaded.cluster.nodeDataplanes.find((d) => d.node === nodeName);
  if (dataplane) return { loaded, dataplane };
  io.stderr(`Error from server (NotFound): nodes "${nodeName}" not found\n`);
  return undefined;
}
