import { describe, expect, it } from 'vitest';
import { MAX_UNDO_STEPS, PlainHistory, applyEdit, diffText, lineCount, positionAt, type TextSelection } from './handover';

const caret = (at: number): TextSelection => ({ start: at, end: at });

/** Types `keys` one by one at `at` into `history`, as a text area reports them. */
function type(history: PlainHistory, at: number, keys: string) {
  let text = history.current;
  for (const key of keys) {
    text = text.slice(0, at) + key + text.slice(at);
    history.record(text, caret(at));
    at += key.length;
  }
  return at;
}

function backspace(history: PlainHistory, at: number, times: number) {
  let text = history.current;
  for (let i = 0; i < times; i++) {
    text = text.slice(0, at - 1) + text.slice(at);
    history.record(text, caret(at));
    at--;
  }
  return at;
}

/** Replays the steps on the base, as Monaco's restore does; every prefix is a text undo gives. */
function undoTexts(history: PlainHistory) {
  const texts = [history.base];
  for (const step of history.steps) texts.push(applyEdit(texts[texts.length - 1], step));
  return texts;
}

describe('diffText', () => {
  it('is the one edit between two texts', () => {
    expect(diffText('replicas: 2', 'replicas: 3')).toEqual({ start: 10, end: 11, text: '3' });
    expect(diffText('nodePort: 31101', 'nodePort: 31102')).toEqual({ start: 14, end: 15, text: '2' });
    expect(diffText('abc', 'abc')).toBeNull();
    expect(diffText('', 'x')).toEqual({ start: 0, end: 0, text: 'x' });
    expect(diffText('x', '')).toEqual({ start: 0, end: 1, text: '' });
  });

  it('puts a repeated character where the caret was, not at the end of the run', () => {
    // "aa", caret after the first a, type "a": the insertion is at 1.
    expect(diffText('aa', 'aaa', 1)).toEqual({ start: 1, end: 1, text: 'a' });
    expect(diffText('aa', 'aaa')).toEqual({ start: 2, end: 2, text: 'a' });
    // Backspace at 2 in "aab" removes the second a.
    expect(diffText('aab', 'ab', 1)).toEqual({ start: 1, end: 2, text: '' });
  });

  it('turns the text before into the text after, whatever the caret says', () => {
    const cases: [string, string, number][] = [
      ['spec:\n  replicas: 2\n', 'spec:\n  replicas: 20\n', 18],
      ['a\nb\nc', 'a\nc', 2],
      ['xxxx', 'xx', 0],
      ['port: 80', 'port: 8080', 8],
      ['same', 'same but longer', 99],
    ];
    for (const [before, after, at] of cases) expect(applyEdit(before, diffText(before, after, at)!)).toBe(after);
  });
});

describe('PlainHistory', () => {
  it('makes a typing run one undo step, and a new line a step of its own', () => {
    const h = new PlainHistory('kind: Service\n');
    let at = type(h, 14, '# one');
    at = type(h, at, '\n');
    type(h, at, '# two');
    expect(h.current).toBe('kind: Service\n# one\n# two');
    expect(h.steps.map((s) => s.text)).toEqual(['# one', '\n', '# two']);
    expect(undoTexts(h)).toEqual(['kind: Service\n', 'kind: Service\n# one', 'kind: Service\n# one\n', 'kind: Service\n# one\n# two']);
    // Undo puts the caret back where each step began.
    expect(h.steps.map((s) => s.before)).toEqual([caret(14), caret(19), caret(20)]);
  });

  it('takes Backspace over what the run typed into the run, and drops a run typed and taken back', () => {
    const h = new PlainHistory('port: 80');
    let at = type(h, 8, '81');
    at = backspace(h, at, 1);
    expect(h.steps).toEqual([{ start: 8, end: 8, text: '8', before: caret(8) }]);
    backspace(h, at, 1);
    expect(h.steps).toEqual([]);
    expect(h.current).toBe('port: 80');
  });

  it('starts a new step when the caret moved between keys; Backspace and Delete pressed again are one step', () => {
    const h = new PlainHistory('replicas: 2');
    type(h, 11, '0');
    type(h, 0, '# ');
    expect(h.steps.map((s) => [s.start, s.text])).toEqual([[11, '0'], [0, '# ']]);
    backspace(h, 14, 3); // " 20" at the end: the caret moved there, so a step of its own
    expect(h.steps.length).toBe(3);
    expect(h.steps[2]).toEqual({ start: 11, end: 14, text: '', before: caret(14) });
    expect(h.current).toBe('# replicas:');
    // Delete at the start (a word, then a character twice): one step.
    h.record('replicas:', caret(0));
    h.record('eplicas:', caret(0));
    h.record('plicas:', caret(0));
    expect(h.steps.length).toBe(4);
    expect(h.steps[3]).toEqual({ start: 0, end: 4, text: '', before: caret(0) });
    expect(undoTexts(h)).toEqual(['replicas: 2', 'replicas: 20', '# replicas: 20', '# replicas:', 'plicas:']);
  });

  it('records a selection typed over, a paste and an outside replacement as steps that rebuild the text', () => {
    const h = new PlainHistory('nodePort: 31101\n');
    // Select "31101" (10..15) and type over it.
    h.record('nodePort: 3\n', { start: 10, end: 15 });
    type(h, 11, '1102');
    expect(h.steps[0]).toEqual({ start: 10, end: 15, text: '31102', before: { start: 10, end: 15 } });
    h.record('nodePort: 31102\n---\nkind: Pod\n', caret(16));
    expect(h.steps.length).toBe(2);
    expect(undoTexts(h).at(-1)).toBe(h.current);
  });

  it('folds the oldest steps into the base past MAX_UNDO_STEPS, and the text stays the same', () => {
    const h = new PlainHistory('');
    let at = 0;
    for (let i = 0; i < MAX_UNDO_STEPS + 20; i++) at = type(h, at, '\n');
    expect(h.steps.length).toBe(MAX_UNDO_STEPS);
    expect(h.base).toBe('\n'.repeat(20));
    expect(undoTexts(h).at(-1)).toBe('\n'.repeat(MAX_UNDO_STEPS + 20));
  });
});

describe('positions', () => {
  it('are 1-based lines and columns, as Monaco counts them', () => {
    const text = 'a: 1\nbb: 2\n\nccc';
    expect(positionAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt(text, 4)).toEqual({ line: 1, column: 5 });
    expect(positionAt(text, 5)).toEqual({ line: 2, column: 1 });
    expect(positionAt(text, 11)).toEqual({ line: 3, column: 1 });
    expect(positionAt(text, 99)).toEqual({ line: 4, column: 4 });
    expect(lineCount(text)).toBe(4);
    expect(lineCount('')).toBe(1);
    expect(lineCount('x\n')).toBe(2);
  });
});
