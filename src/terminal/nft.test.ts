/**
 * `nft list …` in the terminal: kube-proxy's table as nft 1.0.6 lists it, one object at a time,
 * and nft's own errors, each text as the real nft printed it for the same command in a network
 * namespace holding the same transaction (see nft.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { renderList } from '../engine/kubeproxy/nftables/listing';
import { nodePortLesson } from '../lessons/nodeport';
import { complete } from './complete';
import { runCommand } from './shell';
import type { Shell, TerminalState } from './types';

const YAML = `${nodePortLesson.yaml}---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n`;
const NFT: TerminalState = { yaml: YAML, cluster: buildCluster(YAML), shell: { kind: 'node', name: 'node01' } };
const IPT: TerminalState = { yaml: nodePortLesson.yaml, cluster: buildCluster(nodePortLesson.yaml), shell: { kind: 'node', name: 'node01' } };

const run = (line: string, state: TerminalState = NFT, shell?: Shell) => {
  const r = runCommand(shell ? { ...state, shell } : state, line);
  return { out: r.output, code: r.exitCode, notices: (r.notices ?? []).map((n) => n.key) };
};

describe('nft list on a node in kube-proxy\'s nftables mode', () => {
  it('list ruleset and list table: the whole table, as nft lists it', () => {
    const table = renderList(NFT.cluster.nodeDataplanes.find((d) => d.node === 'node01')!.nftables!);
    expect(run('nft list ruleset').out).toBe(table);
    expect(run('nft list table ip kube-proxy')).toEqual({ out: table, code: 0, notices: [] });
    expect(run('nft list table kube-proxy').out).toBe(table);
    expect(run('nft list ruleset ip').out).toBe(table);
    expect(run('nft list ruleset inet')).toEqual({ out: '', code: 0, notices: ['terminal.notice.nftIptablesLeftOut'] });
    // The iptables-nft tables nft would list beside it are said to be left out.
    expect(run('nft list ruleset').notices).toEqual(['terminal.notice.nftIptablesLeftOut']);
  });

  it('list chain, set and map: the one object inside its table\'s braces', () => {
    expect(run('nft list chain ip kube-proxy services')).toEqual({ out: `table ip kube-proxy {
	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
		ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
	}
}
`, code: 0, notices: [] });
    expect(run('nft list chain kube-proxy filter-input').out).toBe(`table ip kube-proxy {
	chain filter-input {
		type filter hook input priority filter; policy accept;
		ct state new jump nodeport-endpoints-check
		ct state new jump service-endpoints-check
	}
}
`);
    expect(run('nft list set ip kube-proxy cluster-ips').out).toBe(`table ip kube-proxy {
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.0.10,
			     10.108.229.67 }
	}
}
`);
    expect(run('nft list map ip kube-proxy service-nodeports').out).toBe(`table ip kube-proxy {
	map service-nodeports {
		type inet_proto . inet_service : verdict
		comment "NodePort traffic"
		elements = { tcp . 31101 : goto external-HGDPUAUO-default/my-nginx-deploment/tcp/ }
	}
}
`);
    expect(run('nft list map ip kube-proxy no-endpoint-services').out).toBe(`table ip kube-proxy {
	map no-endpoint-services {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to services with no endpoints"
	}
}
`);
  });

  it('what does not exist: No such file or directory, the caret under the first missing name', () => {
    expect(run('nft list table ip nope')).toEqual({ out: 'Error: No such file or directory\nlist table ip nope\n              ^^^^\n', code: 1, notices: [] });
    expect(run('nft list table nope').out).toBe('Error: No such file or directory\nlist table nope\n           ^^^^\n');
    expect(run('nft list table inet kube-proxy').out).toBe('Error: No such file or directory\nlist table inet kube-proxy\n                ^^^^^^^^^^\n');
    expect(run('nft list chain ip kube-proxy foo').out).toBe('Error: No such file or directory\nlist chain ip kube-proxy foo\n                         ^^^\n');
    expect(run('nft list chain ip nope foo').out).toBe('Error: No such file or directory\nlist chain ip nope foo\n              ^^^^\n');
    // A map is not a set, nor a set a map.
    expect(run('nft list set ip kube-proxy service-ips').out).toBe('Error: No such file or directory\nlist set ip kube-proxy service-ips\n                       ^^^^^^^^^^^\n');
    expect(run('nft list map ip kube-proxy cluster-ips').out).toBe('Error: No such file or directory\nlist map ip kube-proxy cluster-ips\n                       ^^^^^^^^^^^\n');
  });

  it('a word too few or too many: the parser\'s syntax errors', () => {
    expect(run('nft')).toEqual({ out: 'nft: no command specified\n', code: 1, notices: [] });
    expect(run('nft list').out).toBe('Error: syntax error, unexpected newline\nlist\n    ^\n');
    expect(run('nft list foo').out).toBe('Error: syntax error, unexpected string\nlist foo\n     ^^^\n');
    expect(run('nft list table').out).toBe('Error: syntax error, unexpected newline, expecting string\nlist table\n          ^\n');
    expect(run('nft list table ip').out).toBe('Error: syntax error, unexpected newline, expecting string\nlist table ip\n             ^\n');
    expect(run('nft list chain ip kube-proxy').out).toBe('Error: syntax error, unexpected newline, expecting string\nlist chain ip kube-proxy\n                        ^\n');
    expect(run('nft list ruleset extra').out).toBe('Error: syntax error, unexpected string, expecting end of file or newline or semicolon\nlist ruleset extra\n             ^^^^^\n');
    expect(run('nft list chain ip kube-proxy services extra').out).toBe('Error: syntax error, unexpected string, expecting end of file or newline or semicolon\nlist chain ip kube-proxy services extra\n                                  ^^^^^\n');
    expect(run('nft -x list ruleset')).toEqual({ out: "nft: invalid option -- 'x'\n", code: 1, notices: [] });
    expect(run('nft -v').out).toBe('nftables v1.0.6 (Lester Gooch #5)\n');
  });

  it('as a user, root is needed; changes are the YAML\'s; what nft has but Podpath does not answer is said so', () => {
    expect(run('nft list ruleset', NFT, { kind: 'external' })).toEqual({
      out: 'Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n', code: 1, notices: ['terminal.notice.nftNeedRoot'],
    });
    // The outside host, as root: no ruleset; its rules are on the nodes.
    expect(run('sudo nft list ruleset', NFT, { kind: 'external' })).toEqual({ out: '', code: 0, notices: ['terminal.notice.notANode'] });
    expect(run('nft flush ruleset')).toEqual({ out: '', code: 1, notices: ['terminal.notice.nftReadOnly'] });
    expect(run('nft list tables')).toEqual({ out: '', code: 1, notices: ['terminal.notice.nftNotSimulated'] });
    expect(run('nft -a list ruleset').notices).toEqual(['terminal.notice.nftNotSimulated']);
  });
});

describe('nft on a node in iptables mode', () => {
  it('has no kube-proxy table; the iptables-nft tables are named, not translated', () => {
    expect(run('nft list ruleset', IPT)).toEqual({ out: '', code: 0, notices: ['terminal.notice.nftIptablesLeftOut'] });
    expect(run('nft list table ip kube-proxy', IPT).out).toBe('Error: No such file or directory\nlist table ip kube-proxy\n              ^^^^^^^^^^\n');
    expect(run('nft list table ip nat', IPT)).toEqual({ out: '', code: 0, notices: ['terminal.notice.nftIptablesTable'] });
  });
});

describe('nft\'s tab completion', () => {
  const done = (line: string, state: TerminalState = NFT) => complete(state, line);
  it('completes nft, list, the object kinds, the family and the table', () => {
    expect(done('nf').line).toBe('nft ');
    expect(done('nft l').line).toBe('nft list ');
    expect(done('nft list ').candidates).toEqual(['chain', 'map', 'ruleset', 'set', 'table']);
    expect(done('nft list ta').line).toBe('nft list table ');
    expect(done('nft list table ').candidates).toEqual(['ip', 'kube-proxy']);
    expect(done('nft list table ip k').line).toBe('nft list table ip kube-proxy ');
    expect(done('nft list table ', IPT).line).toBe('nft list table ip ');
  });
  it('completes the chains, sets and maps of the node\'s table', () => {
    expect(done('nft list chain ip kube-proxy filter-').candidates).toEqual(['filter-forward', 'filter-input', 'filter-output', 'filter-output-pre-dnat', 'filter-prerouting-pre-dnat']);
    expect(done('nft list map ip kube-proxy service-').candidates).toEqual(['service-ips', 'service-nodeports']);
    expect(done('nft list set kube-proxy c').line).toBe('nft list set kube-proxy cluster-ips ');
    expect(done('sudo nft list chain ip kube-proxy ext').line).toBe('sudo nft list chain ip kube-proxy external-HGDPUAUO-default/my-nginx-deploment/tcp/ ');
  });
});
