/** English messages of the trace through kube-proxy's nftables table (the main catalogue spreads them in, see en.ts). */
export const enNft = {
  'match.nftSet.held': '{ip} {negated, select, 1 {is not} other {is}} in the set @{set}',
  'match.nftSet.failed': '{ip} {negated, select, 1 {is} other {is not}} in the set @{set}',
  'match.nftVmap.held': '{key} is in the verdict map @{map}: {verdict}',
  'match.nftVmap.failed': '{key} is not in the verdict map @{map}: the rule does nothing',
  'match.nftNumgen.held': 'numgen random mod {mod} drew {index}: {verdict}',
  'match.nftMarkZero.held': 'mark {got} does not have {want}: not to be masqueraded, return',
  'match.nftMarkZero.failed': 'mark {got} has {want}: masquerade',

  // The node's box on the canvas and the Service band, by kube-proxy's mode.
  'canvas.netfilterNft': 'kube-proxy, nftables mode',
  'canvas.nftChains': '{count} nft chains',
  'canvas.nftElements': '{count} set/map elements',
  'canvas.nftCountsTitle': 'kube-proxy\'s table ip kube-proxy: {chains} chains, {elements} elements of its sets and maps',
  'canvas.nftCountsPending': 'nft chains: counted when this node is opened (large cluster)',
  'canvas.netfilterUserspace': 'kube-proxy, userspace proxy (removed in v1.26)',
  'canvas.serviceVirtualNft': 'virtual: an nftables map element on every node',
  'canvas.serviceVirtualUserspace': 'virtual: redirected to kube-proxy on every node',

  // The inspector: the set and map elements a rule found.
  'inspector.nftMapElement': 'element of the map @{set}:',
  'inspector.nftSetElement': 'element of the set @{set}:',

  // The terminal's nft: Podpath's own words beside nft's output.
  'terminal.notice.nftNeedRoot': 'nft needs root. Run it with sudo: sudo {command}. A node\'s shell (“Shell on” › nodes) is root\'s already.',
  'terminal.notice.nftIptablesLeftOut': 'On a real node nft also lists the iptables-nft tables (ip mangle, ip filter, ip nat) that hold the node\'s iptables rules, translated into nft syntax. Podpath does not translate them: iptables-save shows them.',
  'terminal.notice.nftIptablesTable': 'table ip {table} is an iptables-nft table: it holds the node\'s iptables rules. Podpath does not print it in nft syntax: iptables-save -t {table} shows them.',
  'terminal.notice.nftNotSimulated': 'Podpath\'s nft answers nft list ruleset, nft list table, nft list chain, nft list set and nft list map; {command} is a real nft command that this simulation does not answer.',
  'terminal.notice.nftReadOnly': 'The ruleset is kube-proxy\'s, generated from the YAML: change the YAML (a Service, its endpoints, the KubeProxyConfiguration) to change it.',
};
