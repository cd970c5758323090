/**
 * What podpath prints lands in a terminal: control characters from the YAML or the command
 * line come out as kubectl's EscapeTerminal writes them (ESC as `^[`, and so on), never raw.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { memoryIo } from './io';
import { run } from './run';
import { corefileConfigMap } from '../engine/testdata/corefile';

/** Sets the terminal's title to "pwned", then CSI in its one-character C1 form. */
const HOSTILE = 'evil\x1b]0;pwned\x07\x9b2J';
const SHOWN = 'evil^[]0;pwned^G\\u009b2J';

/** kubeadm's Corefile with a hosts block naming a machine outside the cluster. */
const COREFILE = corefileConfigMap(`.:53 {
    hosts {
       192.168.255.50 ${HOSTILE}
       fallthrough
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa
    forward . /etc/resolv.conf
}
`);

async function podpath(argv: string[], files: Record<string, string> = {}) {
  const io = memoryIo({ 'lesson.yaml': nodePortLesson.yaml, ...files });
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('control characters from the input', () => {
  it('podpath dns: a name from the Corefile\'s hosts block, in the answer', async () => {
    const r = await podpath(['dns', '--from', 'pod/my-nginx-deploment-55f596c87c-bzw22', '--name', HOSTILE, '-f', 'lesson.yaml', '-f', 'hosts.yaml'], { 'hosts.yaml': COREFILE });
    expect(r.code).toBe(0);
    // Names are case-insensitive: the answer carries it lowercased.
    expect(r.out).toContain(`\n;; ANSWER SECTION:\n${SHOWN.replace(/J$/, 'j')}.\t3600\tIN\tA\t192.168.255.50\n`);
    expect(['\x1b', '\x07', '\x9b'].filter((c) => r.out.includes(c))).toEqual([]);
  });

  it('podpath build: a diagnostic quoting a kind from the YAML', async () => {
    const r = await podpath(['build', '-f', 'odd.yaml'], { 'odd.yaml': `apiVersion: v1\nkind: "${HOSTILE.replace('\x1b', '\\e').replace('\x07', '\\a').replace('\x9b', '\\x9b')}"\nmetadata:\n  name: x\n` });
    expect(r.err).toBe(`odd.yaml:1:1: warning: kind ${SHOWN} is not simulated yet; it is ignored [unsupported-kind]\n`);
  });

  it.each([
    ['get NAME', ['get', 'pods', HOSTILE, '-f', 'lesson.yaml'], `Error from server (NotFound): pods "${SHOWN}" not found\n`],
    ['get TYPE', ['get', HOSTILE, '-f', 'lesson.yaml'], `error: the server doesn't have a resource type "${SHOWN}"\n`],
    ['port-forward', ['port-forward', `pod/${HOSTILE}`, '8080:80', '-f', 'lesson.yaml'], `Error from server (NotFound): pods "${SHOWN}" not found\n`],
    ['trace --to', ['trace', '--from', 'external', '--to', `http://${HOSTILE}/`, '-f', 'lesson.yaml'], `error: cannot read --to "http://${SHOWN}/": give a URL (http://HOST[:PORT][/PATH]), IP:PORT or NAME:PORT\n`],
    ['iptables-save --node', ['iptables-save', '--node', HOSTILE, '-f', 'lesson.yaml'], `Error from server (NotFound): nodes "${SHOWN}" not found\n`],
    ['the command', [HOSTILE], `error: unknown command "${SHOWN}" for "podpath"\nRun 'podpath --help' for usage.\n`],
  ])('%s: an argument echoed in an error', async (_name, argv, err) => {
    expect(await podpath(argv)).toEqual({ code: 1, out: '', err });
  });

  it('an unknown command named like one of Object\'s own properties is unknown, not a crash', async () => {
    expect(await podpath(['constructor'])).toEqual({ code: 1, out: '', err: 'error: unknown command "constructor" for "podpath"\nRun \'podpath --help\' for usage.\n' });
    expect((await podpath(['help', 'toString'])).out).toMatch(/^podpath: /);
  });
});
