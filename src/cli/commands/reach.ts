/**
 * `podpath reach`: the NetworkPolicy reachability matrix, one probe per ordered pair of pods,
 * port and protocol (engine/netpol/reach.ts), as a table or as JSON. Names from the YAML reach
 * the terminal through run()'s escaping, like every command's output.
 */
import { tabulate } from '../../engine/kubectl/tabwriter';
import { reachability } from '../../engine/netpol/reach';
import type { Protocol } from '../../engine/netpol/types';
import { UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const REACH_OPTIONS = {
  ports: { type: 'string' },
  protocols: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** `--ports 80,81`: port numbers 1 to 65535, comma separated, each once. */
export function parsePorts(value: unknown): number[] {
  if (value === undefined) return [80];
  const text = String(value);
  const ports = text.split(',').map((p) => (/^\d{1,5}$/.test(p.trim()) ? Number(p.trim()) : NaN));
  if (ports.some((p) => !(p >= 1 && p <= 65535))) throw new UsageError(`error: invalid --ports "${text}": give port numbers from 1 to 65535, comma separated`);
  return [...new Set(ports)];
}

/** `--protocols TCP,UDP`: any of TCP, UDP and SCTP, in any case. */
export function parseProtocols(value: unknown): Protocol[] {
  if (value === undefined) return ['TCP'];
  const text = String(value);
  const protocols = text.split(',').map((p) => PROTOCOLS.find((q) => q === p.trim().toUpperCase()));
  if (protocols.some((p) => p === undefined)) throw new UsageError(`error: invalid --protocols "${text}": give TCP, UDP or SCTP, comma separated`);
  return [...new Set(protocols as Protocol[])];
}

export async function reach(args: Parsed, io: Io): Promise<number> {
  const ports = parsePorts(args.values.ports);
  const protocols = parseProtocols(args.values.protocols);
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const matrix = reachability(loaded.cluster, ports, protocols);
  if (args.values.json) {
    io.stdout(`${JSON.stringify(matrix, null, 2)}\n`);
    return 0;
  }
  io.stdout(matrix.enforced
    ? `CNI: ${matrix.cni}, which enforces NetworkPolicy\n`
    : `CNI: ${matrix.cni}, which enforces no NetworkPolicy: every connection goes through\n`);
  if (matrix.probes.length === 0) {
    io.stdout('No pairs of pods to probe (hostNetwork pods and pods without an IP are left out).\n');
    return 0;
  }
  const rows = [['FROM', 'TO', 'PORT', 'PROTOCOL', 'ALLOWED', 'REASON']];
  for (const p of matrix.probes) rows.push([p.from, p.to, String(p.port), p.protocol, p.allowed ? 'yes' : 'no', p.reason]);
  io.stdout(tabulate(rows));
  return 0;
}
