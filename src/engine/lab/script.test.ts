/**
 * The lab script with hostile names, without root: its text, and the script run by sh and bash
 * with `ip` and `bridge` replaced by a stub that records each call's words. Whatever a name
 * holds, it must reach `ip` as one word, exactly, and nothing in it may run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCluster } from '../build';
import type { Cluster } from '../model';
import { CLIENT, SERVER } from './programs';
import { labNames, labScript } from './script';
import { command, heredoc, word } from './shell';
import { hostileCluster, hostileNames, newlinePortCluster, TAME } from './testdata';

describe('shell words', () => {
  it('leaves plain words bare and single-quotes the rest, a quote written as \'\\\'\'', () => {
    expect(command('ip', '-n', 'pp-node-node01', 'addr', 'add', '10.244.1.1/24', 'dev', 'cbr0')).toBe('ip -n pp-node-node01 addr add 10.244.1.1/24 dev cbr0');
    expect(word('sport = :80')).toBe("'sport = :80'");
    expect(word(`a'b"$(c)\`d\`;*)\ne`)).toBe(`'a'\\''b"$(c)\`d\`;*)\ne'`);
    expect(word('')).toBe("''");
    expect(word(8080)).toBe('8080');
  });

  it('gives a here-document a delimiter no line of its body is', () => {
    expect(heredoc('RULES', '*filter\nCOMMIT')).toBe("<<'RULES'\n*filter\nCOMMIT\nRULES");
    expect(heredoc('RULES', 'a\nRULES\nRULES_1\n RULES')).toBe("<<'RULES_2'\na\nRULES\nRULES_1\n RULES\nRULES_2");
  });
});

describe('lab namespace names', () => {
  it('keep a plain name, and hash one a namespace name cannot or should not hold', () => {
    const names = labNames('pp');
    expect(names.pod({ namespace: 'default', name: 'web-0' })).toBe('pp-pod-default.web-0');
    expect(names.node('node01')).toBe('pp-node-node01');
    expect(names.node('a/b')).toMatch(/^pp-node-x[a-z2-7]{16}$/);
    expect(names.pod({ namespace: 'default', name: '$(x) *' })).toMatch(/^pp-pod-default\.x[a-z2-7]{16}$/);
    expect(names.external('-rf')).toMatch(/^pp-ext-x[a-z2-7]{16}$/);
  });
});

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podpath-lab-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The words of every call to `ip`/`bridge` the script made, and what it fed iptables-restore. */
interface Run {
  status: number | null;
  stderr: string;
  calls: string[][];
  rules: string;
}

/**
 * Runs `lab.sh ARGS` under `shell` with stubs for `ip` and `bridge` first on PATH: each records
 * its words (separated by \x1f, calls by \x1e, so newlines survive), prints a line for `ss` so
 * `up` sees its servers listening, and keeps what iptables-restore would have read.
 */
function runLab(cluster: Cluster, shell: string, ...args: string[]): Run {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  // A server's call is recorded in the background: \`ss\` answers once it is, as a server listens.
  // Each call is one write (one printf of the whole record): the background servers' calls land
  // at the same time, and a record written piece by piece interleaves with theirs under load.
  const stub = `#!/bin/sh
rec=$(printf '%s\\037' "$@")
printf '%s\\036' "$rec" >> "$LAB_LOG"
case " $* " in *" iptables-restore "*) cat >> "$LAB_LOG.rules" ;; esac
case " $* " in *" node -e "*) touch "$LAB_LOG.up.$3" ;; esac
case " $* " in *" ss "*) until [ -e "$LAB_LOG.up.$3" ]; do sleep 0.01; done; echo LISTEN ;; esac
exit 0
`;
  for (const tool of ['ip', 'bridge']) {
    writeFileSync(join(bin, tool), stub);
    chmodSync(join(bin, tool), 0o755);
  }
  const script = join(dir, 'lab.sh');
  writeFileSync(script, labScript(cluster, { prefix: 'pp' }));
  const log = join(dir, 'calls');
  writeFileSync(log, '');
  writeFileSync(`${log}.rules`, '');
  const r = spawnSync(shell, [script, ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LAB_LOG: log } });
  const calls = readFileSync(log, 'utf8').split('\x1e').filter(Boolean).map((c) => c.split('\x1f').slice(0, -1));
  return { status: r.status, stderr: r.stderr, calls, rules: readFileSync(`${log}.rules`, 'utf8') };
}

const SHELLS = ['sh', 'bash'];

describe('a lab script for hostile names', () => {
  it('is one bash and sh can parse', () => {
    const script = labScript(hostileCluster(hostileNames('/nonexistent')), { prefix: 'pp' });
    for (const shell of SHELLS) {
      const r = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
      expect([shell, r.status, r.stderr]).toEqual([shell, 0, '']);
    }
  });

  it('writes each name as one quoted word: the server\'s arguments, exec\'s case patterns', () => {
    const m = '/m';
    const names = hostileNames(m);
    const script = labScript(hostileCluster(names), { prefix: 'pp' });
    const pod = labNames('pp').pod({ namespace: 'default', name: names.pod });
    expect(pod).toMatch(/^pp-pod-default\.x[a-z2-7]{16}$/);
    const node02 = labNames('pp').node(names.node);
    expect(script).toContain(
      `\n  ip netns exec ${pod} node -e "$SERVER" -- 'web"'\\''$(touch /m/pod)\`touch /m/pod-bt\`;*)\nRULES\nJS\ntouch /m/pod-nl' default 'node02'\\''$(touch /m/node)"' 80 >/dev/null 2>&1 &\n`,
    );
    expect(script).toContain(`\n    'pod/default/$(touch /m/hostnet)*)'|'pod/$(touch /m/hostnet)*)') ns=pp-node-node01 ;;\n`);
    expect(script).toContain(`\n    'node/node02'\\''$(touch /m/node)"') ns=${node02} ;;\n`);
    expect(script).toContain(`\n    'external') ns=${labNames('pp').external(names.external)} ;;\n`.replace("'external'", 'external'));
  });

  it.each(SHELLS)('%s: up, exec into every target, request and down run nothing from a name, and hand each name over whole', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const names = hostileNames(marker);
    const cluster = hostileCluster(names);
    const lab = labNames('pp');
    const up = runLab(cluster, shell, 'up');
    expect([up.status, up.stderr]).toEqual([0, '']);
    // The pod's server gets its name, namespace and node as three words, exactly.
    expect(up.calls).toContainEqual(['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'node', '-e', SERVER, '--', names.pod, 'default', names.node, '80']);
    expect(up.calls).toContainEqual(['netns', 'exec', lab.node('node01'), 'node', '-e', SERVER, '--', names.hostNetworkPod, 'default', 'node01', '8080']);
    expect(up.calls).toContainEqual(['netns', 'exec', lab.external(names.external), 'node', '-e', SERVER, '--', names.external, '-', '-', '80']);
    // iptables-restore read the comments as iptables-save writes them.
    expect(up.rules).toContain(`-m comment --comment "default/${names.service.replace(/(["\\'])/g, '\\$1')}:${names.port.replace(/(["\\'])/g, '\\$1')}"`);
    // Probe two of issue 15: a hostNetwork pod's name in exec's case patterns.
    for (const target of ['node/node01', `node/${names.node}`, 'external', `pod/default/${names.pod}`, `pod/${names.pod}`, `pod/default/${names.hostNetworkPod}`, `pod/${names.hostNetworkPod}`]) {
      const r = runLab(cluster, shell, 'exec', target, 'true');
      expect([target, r.status, r.stderr, r.calls.at(-1)?.slice(0, 2), r.calls.at(-1)?.slice(3)]).toEqual([target, 0, '', ['netns', 'exec'], ['true']]);
    }
    expect(runLab(cluster, shell, 'exec', `pod/default/${names.pod}`, 'true').calls).toEqual([['netns', 'exec', lab.pod({ namespace: 'default', name: names.pod }), 'true']]);
    expect(runLab(cluster, shell, 'exec', 'pod/default/nothing', 'true')).toMatchObject({ status: 2, stderr: 'podpath lab: unknown target pod/default/nothing: use external, node/NAME or pod/[NS/]NAME\n', calls: [] });
    const request = runLab(cluster, shell, 'request', 'external', '192.168.255.102', '30080', `h$(touch ${marker}/host) *`);
    expect(request.calls).toEqual([['netns', 'exec', lab.external(names.external), 'node', '-e', CLIENT, '--', '192.168.255.102', '30080', `h$(touch ${marker}/host) *`]]);
    expect(runLab(cluster, shell, 'down').status).toBe(0);
    expect(readdirSync(marker)).toEqual([]);
  }, 60_000);

  it.each(SHELLS)('%s: probe one of issue 15, a port name that ends the RULES here-document, stops up with a message and runs nothing', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const script = labScript(newlinePortCluster(marker), { prefix: 'pp' });
    expect(script.split('\n')).not.toContain(`touch ${marker}/port-nl #`);
    const up = runLab(newlinePortCluster(marker), shell, 'up');
    expect(readdirSync(marker)).toEqual([]);
    expect(up.status).toBe(1);
    expect(up.stderr).toBe(
      'podpath lab: a rule on node master01 holds a control character, which iptables-restore cannot read; the API server would have refused the name or address behind it\n',
    );
    expect(up.rules).toBe('');
  }, 30_000);

  it.each(SHELLS)('%s: probe two of issue 15, a hostNetwork pod named $(touch …), runs nothing on exec node/node01', (shell) => {
    const marker = join(dir, 'marker');
    mkdirSync(marker);
    const cluster = hostileCluster({ ...hostileNames(marker), hostNetworkPod: `$(touch ${marker}/hostnet)` });
    const r = runLab(cluster, shell, 'exec', 'node/node01', 'true');
    expect([r.status, r.stderr, readdirSync(marker)]).toEqual([0, '', []]);
    expect(r.calls).toEqual([['netns', 'exec', 'pp-node-node01', 'true']]);
  });

  it('the tame cluster loads every node\'s rules', () => {
    const up = runLab(buildCluster(TAME), 'sh', 'up');
    expect(up.status).toBe(0);
    expect(up.rules.match(/^\*nat$/gm)).toHaveLength(3);
  }, 30_000);
});
