/**
 * `podpath ipvsadm --node N`: the node's IPVS table as `ipvsadm -Ln` prints it there. In
 * iptables mode the table is empty (ipvsadm, run as root, loads ip_vs and lists nothing).
 */
import { renderIpvsadm } from '../../engine/kubeproxy/ipvsadm';
import { required, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const IPVSADM_OPTIONS = {
  node: { type: 'string' },
} as const;

export async function ipvsadm(args: Parsed, io: Io): Promise<number> {
  const nodeName = required(args.values, 'node');
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const dataplane = loaded.cluster.nodeDataplanes.find((d) => d.node === nodeName);
  if (!dataplane) {
    io.stderr(`Error from server (NotFound): nodes "${nodeName}" not found\n`);
    return 1;
  }
  io.stdout(renderIpvsadm(dataplane.ipvs?.virtualServers ?? []));
  return 0;
}
