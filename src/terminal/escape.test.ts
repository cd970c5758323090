/**
 * The terminal panel writes into xterm.js, which acts on escape sequences: what a command
 * prints, the prompt and the completion list show names from the YAML escaped as kubectl
 * escapes them, never raw.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine/build';
import type { Cluster } from '../engine/model';
import { nodePortLesson } from '../lessons/nodeport';
import { complete } from './complete';
import { promptOf } from './places';
import { runCommand } from './shell';
import type { TerminalState } from './types';

/** Sets the window title, then clears the screen with CSI in its one-character C1 form. */
const HOSTILE = 'x\x1b]0;pwned\x07\x9b2J';
const SHOWN = 'x^[]0;pwned^G\\u009b2J';

/** An annotation value may hold anything: the API server takes this pod as it is. */
const ANNOTATED = `${nodePortLesson.yaml}---
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    note: "x\\e]0;pwned\\a\\x9b2J"
spec:
  nodeName: node01
  containers:
  - name: web
    image: nginx
`;

const state = (yaml: string, cluster: Cluster = buildCluster(yaml)): TerminalState => ({ yaml, cluster, shell: { kind: 'external' } });

describe('the terminal escapes what reaches xterm.js', () => {
  it('kubectl describe: an annotation holding escape sequences', () => {
    const s = state(ANNOTATED);
    expect(s.cluster.diagnostics).toEqual([]);
    const { output } = runCommand(s, 'kubectl describe pod web');
    expect(output).toContain(`\nAnnotations:      note: ${SHOWN}\n`);
    expect(['\x1b', '\x07', '\x9b'].filter((c) => output.includes(c))).toEqual([]);
  });

  it('a file holding them keeps its bytes, and cat shows them escaped; curl -I\'s CRLF line ends stay', () => {
    const s = state(ANNOTATED);
    expect(runCommand(s, `echo '${HOSTILE}'`).output).toBe(`${SHOWN}\n`);
    const { files } = runCommand(s, `echo '${HOSTILE}' > note.txt`);
    expect(Object.values(files ?? {}).map((f) => f['/home/user/note.txt'])).toEqual([`${HOSTILE}\n`]);
    expect(runCommand({ ...s, files }, 'cat note.txt').output).toBe(`${SHOWN}\n`);
    expect(runCommand(s, 'curl -sI http://192.168.255.102:31101/').output).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.26\.\d+\r\n/);
  });

  it('the prompt and the completion list: node and pod names from the YAML', () => {
    const base = buildCluster(nodePortLesson.yaml);
    const cluster: Cluster = { ...base, nodes: base.nodes.map((n) => (n.name === 'node01' ? { ...n, name: HOSTILE } : n)) };
    expect(promptOf(cluster, { kind: 'node', name: HOSTILE })).toBe(`root@${SHOWN}:~# `);
    const c = complete(state(nodePortLesson.yaml, cluster), 'ssh ');
    expect(c.candidates).toEqual(['master01', 'node02', SHOWN]);
  });
});
