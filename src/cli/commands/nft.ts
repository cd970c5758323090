/**
 * `podpath nft --node N`: kube-proxy's nftables table on the node (KubeProxyConfiguration
 * `mode: nftables`), as `nft list ruleset` prints it there (`--format list`, the default), or
 * as the transaction kube-proxy hands `nft -f` (`--format transaction`: one `add` per object,
 * the text kube-proxy's own unit tests compare).
 */
import { renderList } from '../../engine/kubeproxy/nftables/listing';
import { renderTransaction } from '../../engine/kubeproxy/nftables/render';
import { required, UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { loadNode } from '../load';

export const NFT_OPTIONS = {
  node: { type: 'string' },
  format: { type: 'string' },
} as const;

export async function nft(args: Parsed, io: Io): Promise<number> {
  const nodeName = required(args.values, 'node');
  const format = (args.values.format as string | undefined) ?? 'list';
  if (format !== 'list' && format !== 'transaction') throw new UsageError(`error: --format must be list or transaction, not "${format}"`);
  const found = await loadNode(args, io, nodeName);
  if (!found) return 1;
  const { loaded, dataplane } = found;
  const table = dataplane.nftables;
  if (!table) {
    const mode = loaded.cluster.settings.proxy.mode;
    io.stderr(`error: kube-proxy runs in ${mode} mode: it writes no nftables table (a KubeProxyConfiguration with mode: nftables switches it); see podpath ${mode === 'ipvs' ? 'ipvsadm' : 'iptables-save'} --node ${nodeName}\n`);
    return 1;
  }
  io.stdout(format === 'list' ? renderList(table) : renderTransaction(table));
  return 0;
}
