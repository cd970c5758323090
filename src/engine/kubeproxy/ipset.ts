/**
 * kube-proxy's ipsets as `ipset restore` reads them: what kube-proxy hands ipset each sync
 * (pkg/proxy/ipvs/ipset.go and pkg/util/ipset: hash sets are `family inet hashsize 1024
 * maxelem 65536`, port bitmaps `range 0-65535`).
 */
import type { IpSet } from '../model';

/** The `create` and `add` lines that make the sets, members in `ipset list` syntax. */
export function ipsetRestore(ipsets: IpSet[]): string {
  const lines: string[] = [];
  for (const set of ipsets) {
    const options = set.type === 'bitmap:port' ? 'range 0-65535' : 'family inet hashsize 1024 maxelem 65536';
    lines.push(`create ${set.name} ${set.type} ${options}`);
    for (const entry of set.entries) lines.push(`add ${set.name} ${entry}`);
  }
  return lines.join('\n') + '\n';
}
