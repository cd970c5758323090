/** English messages of the trace through kube-proxy's nftables table (the main catalogue spreads them in, see en.ts). */
export const enNft = {
  'match.nftSet.held': '{ip} {negated, select, 1 {is not} other {is}} in the set @{set}',
  'match.nftSet.failed': '{ip} {negated, select, 1 {is} other {is not}} in the set @{set}',
  'match.nftVmap.held': '{key} is in the verdict map @{map}: {verdict}',
  'match.nftVmap.failed': '{key} is not in the verdict map @{map}: the rule does nothing',
  'match.nftNumgen.held': 'numgen random mod {mod} drew {index}: {verdict}',
  'match.nftMarkZero.held': 'mark {got} does not have {want}: not to be masqueraded, return',
  'match.nftMarkZero.failed': 'mark {got} has {want}: masquerade',
};
