/**
 * `podpath ipvsadm --node N`: the node's IPVS table as `ipvsadm -Ln` prints it there. In
 * iptables mode the table is empty (ipvsadm, run as root, loads ip_vs and lists nothing).
 */
import { renderIpvsadm } from '../../engine/kubeproxy/ipvsadm';
import { required, type Parsed } from '../args';
import type { Io } from '../io';
import { loadNode } from '../load';

export const IPVSADM_OPTIONS = {
  node: { type: 'string' },
} as const;

export async function ipvsadm(args: Parsed, io: Io): Promise<number> {
  const nodeName = required(args.values, 'node');
  const found = await loadNode(args, io, nodeName);
  if (!found) return 1;
  const { dataplane } = found;
  io.stdout(renderIpvsadm(dataplane.ipvs?.virtualServers ?? []));
  return 0;
}
