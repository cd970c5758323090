/**
 * `podpath iptables-save --node N`: the node's tables as `iptables-save` prints them there, or
 * (`--format restore`) the text kube-proxy feeds to `iptables-restore`. The header's date is
 * the simulated now.
 */
import { renderRestore, renderSave } from '../../engine/netfilter/render';
import { nowOf, required, UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { loadNode } from '../load';

export const IPTABLES_OPTIONS = {
  node: { type: 'string' },
  table: { type: 'string', short: 't' },
  format: { type: 'string' },
} as const;

export async function iptablesSave(args: Parsed, io: Io): Promise<number> {
  const nodeName = required(args.values, 'node');
  const format = (args.values.format as string | undefined) ?? 'save';
  if (format !== 'save' && format !== 'restore') throw new UsageError(`error: --format must be save or restore, not "${format}"`);
  const table = args.values.table as string | undefined;
  if (table !== undefined && table !== 'nat' && table !== 'filter' && table !== 'mangle') {
    throw new UsageError(`error: table "${table}" is not simulated: the tables are mangle, filter and nat`);
  }
  const now = nowOf(args.values.now);
  const found = await loadNode(args, io, nodeName);
  if (!found) return 1;
  const { loaded, dataplane } = found;
  if (format === 'save') {
    io.stdout(renderSave(dataplane.tables.filter((t) => table === undefined || t.name === table), { date: now }));
    return 0;
  }
  if (loaded.cluster.settings.proxy.mode === 'userspace') {
    // The userspace proxier never calls iptables-restore: it ensures each rule with its own
    // `iptables -A`/`-I` (pkg/proxy/userspace/proxier.go, EnsureRule in iptablesInit and openPortal).
    io.stderr(`error: kube-proxy runs in userspace mode: it writes its rules one iptables command at a time, never through iptables-restore; see podpath iptables-save --node ${nodeName}\n`);
    return 1;
  }
  // kube-proxy restores filter then nat in iptables mode, nat then filter in IPVS mode, and
  // never touches mangle.
  const order = loaded.cluster.settings.proxy.mode === 'ipvs' ? ['nat', 'filter'] : ['filter', 'nat'];
  const own = order.filter((name) => table === undefined || name === table).map((name) => dataplane.tables.find((t) => t.name === name)!);
  io.stdout(own.map(renderRestore).join(''));
  return 0;
}
