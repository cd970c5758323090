/**
 * Which programs each place has (places.ts says what its image or OS ships) and the code that
 * runs them. The shell's builtins are everywhere a shell is.
 */
import * as b from './builtins';
import { dig, nslookup } from './dnstools';
import { curl, wget } from './http';
import { jobs, kill } from './forwards';
import type { Program } from './io';
import { iptables, iptablesSave } from './iptables';
import { kubectl } from './kubectl/index';
import { bridge, conntrack, ip, ipvsadm } from './nettools';
import { nft } from './nft';
import type { Place } from './places';
import { sudo } from './sudo';

interface Entry {
  run: Program;
  installed(place: Place): boolean;
}

const always = () => true;
const node = (p: Place) => p.kind === 'node';

export const PROGRAMS: Record<string, Entry> = {
  exit: { run: b.exit, installed: always },
  logout: { run: b.exit, installed: (p) => p.program === 'bash' && p.kind !== 'pod' },
  clear: { run: b.clear, installed: always },
  history: { run: b.history, installed: (p) => p.program === 'bash' },
  echo: { run: b.echo, installed: always },
  true: { run: b.trueProgram, installed: always },
  false: { run: b.falseProgram, installed: always },
  pwd: { run: b.pwd, installed: always },
  hostname: { run: b.hostname, installed: always },
  cat: { run: b.cat, installed: always },
  grep: { run: b.grep, installed: always },
  head: { run: b.head, installed: always },
  tail: { run: b.tail, installed: always },
  wc: { run: b.wc, installed: always },
  ls: { run: b.ls, installed: always },
  // bash's job control: the kubectl port-forward jobs it started (forwards.ts).
  jobs: { run: jobs, installed: (p) => p.program === 'bash' },
  kill: { run: kill, installed: (p) => p.program === 'bash' },
  sudo: { run: sudo, installed: (p) => p.tools.sudo === true },
  kubectl: { run: kubectl, installed: (p) => p.tools.kubectl === true },
  curl: { run: curl, installed: (p) => p.tools.curl !== undefined },
  wget: { run: wget, installed: (p) => p.tools.wget !== undefined },
  nslookup: { run: nslookup, installed: (p) => p.tools.nslookup !== undefined },
  dig: { run: dig, installed: (p) => p.tools.dig === true },
  iptables: { run: iptables, installed: (p) => node(p) || p.kind === 'external' },
  'iptables-save': { run: iptablesSave, installed: (p) => node(p) || p.kind === 'external' },
  ip: { run: ip, installed: (p) => node(p) || p.kind === 'external' || p.tools.ip === true },
  bridge: { run: bridge, installed: node },
  conntrack: { run: conntrack, installed: node },
  ipvsadm: { run: ipvsadm, installed: node },
  // nftables (nft) as on the nodes, where kube-proxy's nftables mode needs it; the outside host has it too.
  nft: { run: nft, installed: (p) => node(p) || p.kind === 'external' },
};

/** The command names a place knows, for completion. */
export function programNames(place: Place): string[] {
  return Object.keys(PROGRAMS).filter((n) => PROGRAMS[n].installed(place)).sort();
}
