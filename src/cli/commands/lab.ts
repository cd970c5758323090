/**
 * `podpath lab -f F > lab.sh`: the script that builds the simulated cluster in real network
 * namespaces (src/engine/lab/script.ts), for a Linux box where the kernel can referee.
 */
import { labScript } from '../../engine/lab/script';
import { UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const LAB_OPTIONS = {
  prefix: { type: 'string' },
} as const;

export const DEFAULT_PREFIX = 'podpath';

export async function lab(args: Parsed, io: Io): Promise<number> {
  const prefix = (args.values.prefix as string | undefined) ?? DEFAULT_PREFIX;
  // The prefix starts every namespace name and sits unquoted in the script's shell patterns;
  // without a dash in it, no lab's `down` can match another lab's namespaces.
  if (!/^[A-Za-z0-9]{1,20}$/.test(prefix)) {
    throw new UsageError(`error: --prefix "${prefix}": use 1 to 20 letters and digits (it starts the name of every namespace the lab makes)`);
  }
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  io.stdout(labScript(loaded.cluster, { prefix }));
  return 0;
}
