/**
 * Documents parsed one by one and remembered (parse.ts): the same objects, ranges and
 * diagnostics as the stream parsed whole, for every lesson and for edits that move documents.
 */
import { describe, expect, it } from 'vitest';
import { lessons } from '../lessons';
import { parseManifests, parseStream } from './parse';

describe('parsing document by document', () => {
  it('gives what the whole stream gives, for every lesson', () => {
    for (const lesson of lessons) expect(parseManifests(lesson.yaml), lesson.id).toEqual(parseStream(lesson.yaml));
  });

  it('moves a remembered document’s ranges with it when lines are added above, and keeps its body its own', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';
    const first = parseManifests(`# one\n---\n${svc}`);
    const second = parseManifests(`# one\n# two\n# three\n---\n${svc}`);
    expect(first.objects[0].paths['spec.ports.0.port'].start.line).toBe(9);
    expect(second.objects[0].paths['spec.ports.0.port'].start.line).toBe(11);
    expect(second).toEqual(parseStream(`# one\n# two\n# three\n---\n${svc}`));
    (second.objects[0].body.spec as { ports: unknown[] }).ports.push('changed by the engine');
    expect(parseManifests(`# one\n---\n${svc}`)).toEqual(first);
  });

  it('reports syntax errors where they are, and parses tied documents (directives, ...) whole', () => {
    const broken = 'kind: A\n---\nkind: [unclosed\n---\nkind: B\n';
    expect(parseManifests(broken)).toEqual(parseStream(broken));
    expect(parseManifests(broken).diagnostics.filter((d) => d.code === 'yaml-syntax').map((d) => d.range.start.line)).toEqual([4]); // where the parser finds the flow unclosed: the next document's marker
    const tied = '%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n...\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n';
    expect(parseManifests(tied)).toEqual(parseStream(tied));
    const crlf = 'apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: a\r\n---\r\napiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: b\r\n';
    expect(parseManifests(crlf)).toEqual(parseStream(crlf));
  });

  it('keeps a text’s documents when another text is parsed between two of its parses (the terminal, a file)', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n';
    const text = `${svc}---\n${svc.replace('web', 'api')}`;
    const first = parseManifests(text);
    parseManifests('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n');
    const again = parseManifests(text);
    expect(again).toEqual(first);
    // The same remembered parse: the paths' ranges are the very objects kept (shifted copies only where moved).
    expect(again.objects[0].paths['spec.ports.0.port']).toBe(first.objects[0].paths['spec.ports.0.port']);
  });
});
