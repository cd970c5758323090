/**
 * Names holding terminal escapes (a window title, clear screen, a CSI in its one-character C1
 * form) as kubectl's printers show them. The API server refuses such names; these are written
 * into the API objects past it, as a missed validation would let them through.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { nodePortLesson } from '../../lessons/nodeport';
import { clusterApi, DEFAULT_CLOCK } from '../api/index';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { escapeTerminal } from './escape';
import { kubectlGet } from './get';
import { toKubectlJson } from './json';
import { toKubectlYaml } from './yaml';

const TITLE = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';

describe('escapeTerminal', () => {
  it('writes ESC as ^[ and CR as \\r, as kubectl does', () => {
    expect(escapeTerminal(`a${TITLE}b${CLEAR}\rc`)).toBe('a^[]0;pwned^Gb^[[2J\\rc');
  });

  it('keeps tabs, newlines and any printable text, and writes the other C0 controls in caret notation', () => {
    expect(escapeTerminal('a\tb\nc 中文 😀')).toBe('a\tb\nc 中文 😀');
    expect(escapeTerminal('\x00\x07\x08\x0b\x0e\x1f')).toBe('^@^G^H^K^N^_');
  });

  it('writes DEL and the C1 controls xterm.js acts on (CSI U+009B, OSC U+009D) as \\u00XX', () => {
    expect(escapeTerminal('a\x7fb\x9b2Jc\x9d0;t\x07')).toBe('a\\u007fb\\u009b2Jc\\u009d0;t^G');
  });
});

describe('kubectl get with hostile names', () => {
  const yaml = nodePortLesson.yaml;
  const api = clusterApi(buildCluster(yaml), parseManifests(yaml).objects);
  const hostile = `web${TITLE}${CLEAR}\x9b2J`;
  const pod = api.pods.find((p) => (p.metadata as { name: string }).name === 'my-nginx-deploment-55f596c87c-bzw22')!;
  const renamed = { ...api, pods: [{ ...pod, metadata: { ...(pod.metadata as object), name: hostile } }] };

  it('escapes each cell before lining the table up', () => {
    expect(kubectlGet({ resource: 'pods' }, renamed, DEFAULT_CLOCK.now).stdout).toBe(
      'NAME                           READY   STATUS    RESTARTS   AGE\n' +
        'web^[]0;pwned^G^[[2J\\u009b2J   1/1     Running   0          5m\n',
    );
  });

  it('-o json and -o yaml: the encoders escape the C0 controls; DEL and C1, left raw as kubectl leaves them, come back the same through escapeTerminal', () => {
    const json = kubectlGet({ resource: 'pods', names: [hostile], output: 'json' }, renamed, DEFAULT_CLOCK.now).stdout;
    expect(json).toContain('"name": "web\\u001b]0;pwned\\u0007\\u001b[2J\x9b2J",');
    expect(JSON.parse(escapeTerminal(json)).metadata.name).toBe(hostile);
    const yamlOut = kubectlGet({ resource: 'pods', names: [hostile], output: 'yaml' }, renamed, DEFAULT_CLOCK.now).stdout;
    expect(yamlOut).toContain('  name: "web\\e]0;pwned\\a\\e[2J\\x9B2J"\n');
    expect(escapeTerminal(yamlOut)).toBe(yamlOut);
    expect(parseYaml(yamlOut).metadata.name).toBe(hostile);
  });

  it('go-yaml\'s double-quoted escapes: \\e, \\r, \\x7F, \\N, and \\U past U+FFFF', () => {
    expect(toKubectlYaml({ a: `x\x1by\rz\x7f\x85`, b: 'smile 😀' })).toBe('a: "x\\ey\\rz\\x7F\\N"\nb: "smile \\U0001F600"\n');
    const value = { name: `a\x1b\x7f\x9b\x85b` };
    expect(JSON.parse(escapeTerminal(toKubectlJson(value)))).toEqual(value);
  });
});
