/**
 * `podpath lab -f F > lab.sh`: the script that builds the simulated cluster in real network
 * namespaces (src/engine/lab/script.ts), for a Linux box where the kernel can referee: flannel's
 * bridge and routes, or Calico's routed veths, tunnels and felix's chains.
 */
import { LAB_PREFIX, labScript } from '../../engine/lab/script';
import { UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, printDiagnostics } from '../load';
import { USERSPACE_REFUSAL } from '../../engine/lab/up';

export const LAB_OPTIONS = {
  prefix: { type: 'string' },
} as const;

export const DEFAULT_PREFIX = 'podpath';

export async function lab(args: Parsed, io: Io): Promise<number> {
  const prefix = (args.values.prefix as string | undefined) ?? DEFAULT_PREFIX;
  // The prefix starts every namespace name and sits bare in the script's shell patterns;
  // without a dash in it, no lab's `down` can match another lab's namespaces.
  if (!LAB_PREFIX.test(prefix)) {
    throw new UsageError(`error: --prefix "${prefix}": use 1 to 20 letters and digits (it starts the name of every namespace the lab makes)`);
  }
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  // The script runs as root: it is written only for a cluster the API server would have taken
  // whole. Other commands answer about what was stored; this one refuses, as `build` shows why.
  const errors = loaded.cluster.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    printDiagnostics(loaded, io, errors);
    io.stderr(`error: the lab is built only from YAML the API server accepts whole (${errors.length === 1 ? '1 error' : `${errors.length} errors`})\n`);
    return 1;
  }
  // The script's own `up` refuses too; saying it here spares writing a script that can only refuse.
  if (loaded.cluster.settings.proxy.mode === 'userspace') {
    io.stderr(`${USERSPACE_REFUSAL}\n`);
    return 1;
  }
  io.stdout(labScript(loaded.cluster, { prefix }));
  return 0;
}
