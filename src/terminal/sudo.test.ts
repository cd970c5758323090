/**
 * The way to root on the outside host (issue 13): iptables as `user` is refused with iptables'
 * own words and Podpath's hint after them; `sudo COMMAND` runs it as root, `sudo -i` / `sudo -s`
 * open a root shell that `exit` leaves; a node's shell is root's already.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import { nodePortLesson } from '../lessons/nodeport';
import { complete } from './complete';
import { promptOf } from './places';
import { runCommand } from './shell';
import type { CommandResult, Shell, TerminalState } from './types';

const BASE: TerminalState = { yaml: nodePortLesson.yaml, cluster: buildCluster(nodePortLesson.yaml), shell: { kind: 'external' } };
const DENIED = 'iptables-save v1.8.7 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n';

function session(lines: string[], shell: Shell = { kind: 'external' }): { state: TerminalState; results: CommandResult[] } {
  let state: TerminalState = { ...BASE, shell };
  const results: CommandResult[] = [];
  for (const line of lines) {
    const r = runCommand(state, line);
    results.push(r);
    state = { ...state, ...(r.prompt ? { shell: r.prompt } : {}), ...(r.files ? { files: r.files } : {}), status: r.exitCode };
  }
  return { state, results };
}
const prompt = (s: TerminalState) => promptOf(s.cluster, s.shell);

describe('root on the outside host', () => {
  it('iptables-save as user: iptables\' own refusal, then the hint as a notice (not shell output)', () => {
    const r = runCommand(BASE, 'iptables-save -t nat');
    expect([r.output, r.exitCode]).toEqual([DENIED, 1]);
    expect(r.notices).toEqual([{ key: 'terminal.notice.needRoot', params: { command: 'iptables-save -t nat' } }]);
    const l = runCommand(BASE, 'iptables -L');
    expect(l.exitCode).toBe(4);
    expect(l.notices).toEqual([{ key: 'terminal.notice.needRoot', params: { command: 'iptables -L' } }]);
  });

  it('sudo iptables: the host\'s own tables (empty built-in chains; no kube-proxy rules), and where the rules are', () => {
    const save = runCommand(BASE, 'sudo iptables-save');
    expect([save.output, save.exitCode]).toEqual(['', 0]);
    expect(save.notices).toEqual([{ key: 'terminal.notice.notANode', params: { host: 'client' } }]);
    const list = runCommand(BASE, 'sudo iptables -L -n');
    expect([list.output, list.exitCode]).toEqual([
      'Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain FORWARD (policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain OUTPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n',
      0,
    ]);
    expect(runCommand(BASE, 'sudo iptables-save -t nat').output).toBe("iptables-save v1.8.7 (nf_tables): table 'nat' does not exist\n");
  });

  it('sudo -i: root\'s login shell in /root; exit says logout and returns to user', () => {
    const { state, results } = session(['sudo -i', 'pwd', 'iptables-save']);
    expect(results[0]).toMatchObject({ output: '', exitCode: 0, prompt: { kind: 'external', sudo: 'login', parent: { kind: 'external' } } });
    expect(prompt(state)).toBe('root@client:~# ');
    expect(results[1].output).toBe('/root\n');
    expect(results[2].exitCode).toBe(0);
    const out = session(['sudo -i', 'exit']);
    expect(out.results[1].output).toBe('logout\n');
    expect(prompt(out.state)).toBe('user@client:~$ ');
  });

  it('sudo -s, sudo su, sudo su -, sudo bash', () => {
    for (const [line, shell, shown] of [
      ['sudo -s', 'shell', 'root@client:/home/user# '],
      ['sudo su', 'shell', 'root@client:/home/user# '],
      ['sudo bash', 'shell', 'root@client:/home/user# '],
      ['sudo su -', 'login', 'root@client:~# '],
    ] as const) {
      const { state } = session([line]);
      expect(state.shell, line).toEqual({ kind: 'external', sudo: shell, parent: { kind: 'external' } });
      expect(prompt(state), line).toBe(shown);
    }
    const back = session(['sudo -s', 'exit']);
    expect(back.results[1].output).toBe('exit\n');
    expect(back.state.shell).toEqual({ kind: 'external' });
  });

  it('sudo\'s own errors, in sudo 1.9.9\'s words', () => {
    expect(runCommand(BASE, 'sudo nosuch').output).toBe('sudo: nosuch: command not found\n');
    expect(runCommand(BASE, 'sudo cd /').output).toBe('sudo: cd: command not found\n');
    const bare = runCommand(BASE, 'sudo');
    expect(bare.exitCode).toBe(1);
    expect(bare.output.startsWith('usage: sudo -h | -K | -k | -V\n')).toBe(true);
    expect(runCommand(BASE, 'sudo -Z ls').output.startsWith("sudo: invalid option -- 'Z'\nusage: sudo -h")).toBe(true);
  });

  it('a node\'s shell is root\'s: iptables-save works there without sudo, and with it', () => {
    const node: Shell = { kind: 'node', name: 'node01', parent: { kind: 'external' } };
    const plain = session(['iptables-save -t nat | head -2'], node).results[0];
    const sudo = session(['sudo iptables-save -t nat | head -2'], node).results[0];
    expect(plain.output).toMatch(/^# Generated by iptables-save v1\.8\.7 on .*\n\*nat\n$/);
    expect(sudo.output).toBe(plain.output);
    expect(plain.notices).toBeUndefined();
  });

  it('there is no sudo in a pod\'s image', () => {
    const pod: Shell = { kind: 'pod', namespace: 'default', name: 'my-nginx-deploment-55f596c87c-bzw22', parent: { kind: 'external' } };
    expect(session(['sudo -i'], pod).results[0]).toMatchObject({ output: 'bash: sudo: command not found\n', exitCode: 127 });
  });

  it('Tab after sudo completes a command name', () => {
    expect(complete({ ...BASE }, 'sudo iptables-s').line).toBe('sudo iptables-save ');
  });
});
