/** The building blocks of kubectl's output: ages, the tabwriter, the JSON and YAML encoders. */
import { describe, expect, it } from 'vitest';
import { humanDuration } from './duration';
import { toKubectlJson } from './json';
import { tabulate } from './tabwriter';
import { toKubectlYaml, yamlKeyLess } from './yaml';

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-2, '<invalid>'], [-1, '0s'], [0, '0s'], [119, '119s'], [120, '2m'], [150, '2m30s'], [599, '9m59s'], [600, '10m'],
    [179 * 60, '179m'], [3 * 3600, '3h'], [7 * 3600 + 59 * 60, '7h59m'], [8 * 3600 + 59 * 60, '8h'], [47 * 3600, '47h'],
    [48 * 3600, '2d'], [7 * 86400 + 23 * 3600, '7d23h'], [8 * 86400 + 5 * 3600, '8d'], [730 * 86400, '2y'],
    [731 * 86400, '2y1d'], [8 * 365 * 86400, '8y'],
  ])('%i s is %s', (seconds, text) => {
    expect(humanDuration(seconds * 1000)).toBe(text);
  });
});

describe('tabulate (kubectl tabwriter: minwidth 6, padding 3)', () => {
  it('pads every column but the last to its widest cell plus three, at least six', () => {
    expect(tabulate([['NAME', 'IP', 'AGE'], ['a', '10.0.0.1', '5m']])).toBe('NAME   IP         AGE\na      10.0.0.1   5m\n');
  });
});

describe('toKubectlJson (json.MarshalIndent, four spaces)', () => {
  it('sorts keys, keeps empty collections inline and escapes HTML characters as Go does', () => {
    expect(toKubectlJson({ b: 1, a: '<&>', d: {}, c: [], e: [true, null] })).toBe(`{
    "a": "\\u003c\\u0026\\u003e",
    "b": 1,
    "c": [],
    "d": {},
    "e": [
        true,
        null
    ]
}
`);
  });
});

describe('toKubectlYaml (sigs.k8s.io/yaml over go-yaml v2)', () => {
  it('quotes what would read back as another type with double quotes, and what plain YAML cannot hold with single quotes', () => {
    expect(toKubectlYaml({
      bool: 'True', empty: '', number: '80', time: '2026-01-08T12:00:00Z', colon: 'unready status: [nginx]',
      star: '*', dash: '- x', apostrophe: "didn't", ip: '10.244.1.2', tab: 'a\tb', version: '1.26', nil: null,
    })).toBe(`apostrophe: didn't
bool: "True"
colon: 'unready status: [nginx]'
dash: '- x'
empty: ""
ip: 10.244.1.2
nil: null
number: "80"
star: '*'
tab: "a\\tb"
time: "2026-01-08T12:00:00Z"
version: "1.26"
`);
  });

  it('does not indent sequences under a key, puts a mapping item on the dash line, and writes empty collections inline', () => {
    expect(toKubectlYaml({ items: [{ name: 'a', ports: [{ port: 80 }] }, 'b'], labels: {}, list: [] })).toBe(`items:
- name: a
  ports:
  - port: 80
- b
labels: {}
list: []
`);
  });

  it('folds a long scalar at the first space past column 80, two spaces deeper', () => {
    const message = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(toKubectlYaml({ conditions: [{ message, type: 'PodScheduled' }] })).toBe(`conditions:
- message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:
    }, 2 node(s) didn''t match Pod''s node affinity/selector. preemption: 0/3 nodes
    are available: 3 Preemption is not helpful for scheduling.'
  type: PodScheduled
`);
  });

  it('writes text with newlines as a literal block', () => {
    expect(toKubectlYaml({ script: 'echo a\necho b\n', last: 'x\ny' })).toBe('last: |-\n  x\n  y\nscript: |\n  echo a\n  echo b\n');
  });

  it('orders keys as go-yaml does: non-letters first, numbers by value', () => {
    expect(['b', 'a10', 'x.y', 'a', 'A', 'a9', 'x-y', '_x'].sort(yamlKeyLess)).toEqual(['_x', 'A', 'a', 'a9', 'a10', 'b', 'x-y', 'x.y']);
  });
});
